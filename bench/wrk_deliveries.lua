-- wrk script for bench/wrk.py: POSTs pre-signed webhook deliveries, each with its own webhook-id.
--
--   wrk -t T -c C -d D -s bench/wrk_deliveries.lua http://127.0.0.1:PORT/ -- FILE T
--
-- FILE holds one delivery a line: webhook-id, webhook-timestamp, webhook-signature and the JSON
-- body, tab-separated (a compact JSON body holds no tab or newline). Each of the T threads takes
-- every T-th line, formats its requests once in init(), and sends them in turn; when it has sent
-- them all it starts again, and counts that in `wraps` (a repeated id is a dedup hit for the
-- receivers that deduplicate: done() reports it, and bench/wrk.py refuses a run that wrapped).
-- done() prints one line, "WRK_RESULT {json}", for bench/wrk.py to read.

local threads = {}
local next_index = 0

function setup(thread)
  thread:set("index", next_index)
  next_index = next_index + 1
  table.insert(threads, thread)
end

local requests = {}
local position = 0
wraps = 0

function init(args)
  local count = tonumber(args[2])
  local line_number = 0
  for line in io.lines(args[1]) do
    if line_number % count == index then
      local id, timestamp, signature, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      local headers = {
        ["Content-Type"] = "application/json",
        ["webhook-id"] = id,
        ["webhook-timestamp"] = timestamp,
        ["webhook-signature"] = signature,
      }
      table.insert(requests, wrk.format("POST", "/", headers, body))
    end
    line_number = line_number + 1
  end
  if #requests == 0 then
    error("no deliveries for thread " .. index .. " in " .. args[1])
  end
end

function request()
  position = position + 1
  if position > #requests then
    position = 1
    wraps = wraps + 1
  end
  return requests[position]
end

function done(summary, latency, requests)
  local wrapped = 0
  for _, thread in ipairs(threads) do
    wrapped = wrapped + (tonumber(thread:get("wraps")) or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "duration_us": %d, "connect_errors": %d, "read_errors": %d,'
      .. ' "write_errors": %d, "status_errors": %d, "timeouts": %d, "wraps": %d,'
      .. ' "latency_p50_us": %d, "latency_p99_us": %d}\n',
    summary.requests, summary.duration, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout, wrapped, latency:percentile(50), latency:percentile(99)
  ))
end
