-- Comment POSTs to one story, each with a body of its own: the service refuses a second
-- comment with the same words from the same email.
--   wrk -s post.lua URL -- <path> <form fields, urlencoded> <origin> <run nonce>
dofile("report.lua")

local threads = {}
local counter = 0

function setup(thread)
  thread:set("thread_number", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  path, fields, origin, nonce = args[1], args[2], args[3], args[4]
  headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = origin,
  }
end

function request()
  counter = counter + 1
  local body = string.format("%s&body=Benchmark+comment+%s+%d+%d+about+the+finale.",
                             fields, nonce, thread_number, counter)
  return wrk.format("POST", path, headers, body)
end
