-- wrk script of every HTTP scenario: each connection repeats its own list of requests, in order.
--
-- Run with as many threads as connections (wrk -tN -cN): wrk's Lua state is per thread, so one
-- connection per thread is what lets each connection hold its own user and its own position in
-- a cycle (complete as the child, then approve as the parent).
--
-- $BENCH_PLAN names a Lua file that returns one list of steps per connection, each step
-- {method=, path=, token=, content_type=, body=}; connection i takes list i (wrapping around).
-- Requests are formatted once in init(), so request() costs the generator nothing but a lookup.
-- done() prints one line, "BENCH {json}", that bench/wrk_run.py reads.
--
-- With $BENCH_INTERVAL_MS, each connection sends one request per interval, the connections
-- staggered over it, so that together they offer a fixed rate (delay(), which wrk asks before each
-- request and leaves out of the latency). A connection whose answer came late sends its next
-- request at once: it catches up with its schedule rather than lowering the rate.

local plan = dofile(os.getenv("BENCH_PLAN"))
local interval_ms = tonumber(os.getenv("BENCH_INTERVAL_MS") or "")
local threads_set_up = 0

function setup(thread)
  threads_set_up = threads_set_up + 1
  thread:set("slot", threads_set_up)
end

function init(args)
  local steps = plan[(slot - 1) % #plan + 1]
  prepared = {}
  for index, step in ipairs(steps) do
    local headers = {}
    if step.token then headers["Authorization"] = "Bearer " .. step.token end
    if step.content_type then headers["Content-Type"] = step.content_type end
    prepared[index] = wrk.format(step.method, step.path, headers, step.body)
  end
  -- Before the run wrk calls request() once on the first thread to check what it returns; that
  -- thread starts one step back so its first request sent is still step 1.
  position = slot == 1 and #prepared - 1 or 0
end

if interval_ms then
  local ffi = require("ffi")
  ffi.cdef([[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock_id, bench_timespec *tp);
  ]])
  local CLOCK_MONOTONIC = 1
  local now = ffi.new("bench_timespec")

  local function clock_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, now)
    return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
  end

  function delay()
    local t = clock_ms()
    due = due or t + interval_ms * (slot - 1) / #plan
    local wait = due - t
    due = due + interval_ms
    return wait > 0 and math.floor(wait) or 0
  end
end

function request()
  position = position % #prepared + 1
  return prepared[position]
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, '
      .. '"timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, errors.connect, errors.read, errors.write, errors.status,
    errors.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
