-- wrk script: profile pages /people/{id} for uniformly random member ids.
-- Environment: GROVE_BENCH_LUA (this directory), GROVE_BENCH_MEMBERS (ids are 1..N).
package.path = os.getenv("GROVE_BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local members = tonumber(os.getenv("GROVE_BENCH_MEMBERS") or "100000")

function setup(thread) common.setup(thread) end
function init(args) common.init() end
function response(status, headers, body) common.response(status) end
function done(summary, latency, requests) common.done("profiles", summary, latency) end

function request()
  return wrk.format("GET", "/people/" .. math.random(1, members))
end
