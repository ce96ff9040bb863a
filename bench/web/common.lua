-- Shared by directory.lua and profiles.lua (wrk runs one Lua state per thread plus one for
-- setup/done). Counts responses by status in each thread; done() prints the percentiles and
-- one machine-readable RESULT line that run.sh turns into a table row.
local M = {}

local threads = {}
local next_id = 0

function M.setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
  table.insert(threads, thread)
end

function M.init()
  -- Different but reproducible sequences per thread.
  math.randomseed(1000 + (thread_id or 0) * 7919)
  statuses = {}
end

function M.response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function M.done(label, summary, latency)
  local by_status = {}
  local non2xx = 0
  for _, t in ipairs(threads) do
    local s = t:get("statuses") or {}
    for code, n in pairs(s) do
      by_status[code] = (by_status[code] or 0) + n
      if code < 200 or code > 299 then non2xx = non2xx + n end
    end
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local secs = summary.duration / 1e6
  local ms = function(p) return latency:percentile(p) / 1000 end
  local codes = {}
  for code, n in pairs(by_status) do table.insert(codes, code .. ":" .. n) end
  table.sort(codes)
  io.write(string.format("  %-10s p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms  %.1f req/s  (%d requests in %.1f s)\n",
    label, ms(50), ms(90), ms(99), latency.max / 1000, summary.requests / secs, summary.requests, secs))
  io.write(string.format("  statuses %s  non-2xx %d  socket errors %d (connect %d, read %d, write %d, timeout %d)\n",
    table.concat(codes, " "), non2xx, socket_errors, e.connect, e.read, e.write, e.timeout))
  io.write(string.format("RESULT page=%s p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f rps=%.1f requests=%d non2xx=%d socket_errors=%d\n",
    label, ms(50), ms(90), ms(99), latency.max / 1000, summary.requests / secs, summary.requests, non2xx, socket_errors))
end

return M
