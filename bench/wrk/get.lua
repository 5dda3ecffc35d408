-- One page again and again, as the command line names it.
dofile("report.lua")
