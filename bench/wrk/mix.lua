-- A round of reader pages, each thread stopping after its share of answered requests, so
-- the app's memory can be read after an exact number of them. wrk itself runs on until its
-- -d duration is up, so each thread says when it is done and bench/run.py then stops wrk.
--   wrk -s mix.lua URL -- <answers per thread> <path> [<path>...]
dofile("report.lua")

local position = 0
local answered = 0

function init(args)
  limit = tonumber(args[1])
  paths = {}
  for index = 2, #args do
    table.insert(paths, args[index])
  end
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  answered = answered + 1
  if answered == limit then
    io.write("THREAD DONE\n")
    io.stdout:flush()
    wrk.thread:stop()
  end
end
