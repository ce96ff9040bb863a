-- wrk script: search (the JSON API or the HTML page, by GROVE_BENCH_SEARCH_PATH: "/api/v1/search"
-- or "/search") with the weighted query mix of queries.txt. Environment: GROVE_BENCH_LUA
-- (bench/web, for common.lua), GROVE_BENCH_SEARCH (this directory), GROVE_BENCH_SEARCH_PATH,
-- GROVE_BENCH_LABEL (the row name in the results).
package.path = os.getenv("GROVE_BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local path = os.getenv("GROVE_BENCH_SEARCH_PATH") or "/api/v1/search"
local label = os.getenv("GROVE_BENCH_LABEL") or "search"

local mix = {}
local total = 0
for line in io.lines(os.getenv("GROVE_BENCH_SEARCH") .. "/queries.txt") do
  local weight, _, query = line:match("^(%d+)\t([^\t]+)\t(.+)$")
  if weight then
    total = total + tonumber(weight)
    table.insert(mix, { tonumber(weight), query })
  end
end

function setup(thread) common.setup(thread) end
function init(args) common.init() end
function response(status, headers, body) common.response(status) end
function done(summary, latency, requests) common.done(label, summary, latency) end

function request()
  local r = math.random(total)
  for _, m in ipairs(mix) do
    r = r - m[1]
    if r <= 0 then
      local query = m[2]:gsub("%?", function() return tostring(math.random(2, 5)) end)
      return wrk.format("GET", path .. "?" .. query)
    end
  end
end
