-- wrk script for `make load`: POSTs an image ($IMAGE) to the detect URL given on the command line,
-- counts responses per HTTP status across all threads, and prints one summary.
local image = assert(io.open(os.getenv("IMAGE"), "rb")):read("*a")
wrk.method = "POST"
wrk.body = image
wrk.headers["Content-Type"] = "image/jpeg"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("requests      %d in %.1f s\n", summary.requests, seconds))
  io.write(string.format("throughput    %.2f requests/s\n", summary.requests / seconds))
  io.write(string.format("latency       p50 %.1f ms   p90 %.1f ms   p99 %.1f ms   max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("socket errors connect %d, read %d, write %d, timeout %d\n", e.connect, e.read, e.write, e.timeout))
  local line = "statuses     "
  local keys = {}
  for status in pairs(total) do table.insert(keys, status) end
  table.sort(keys)
  for _, status in ipairs(keys) do line = line .. string.format(" %d×%d", status, total[status]) end
  io.write(line .. "\n")
  -- Machine-readable line for load-test.sh.
  local ok, unavailable, other = 0, 0, 0
  for status, n in pairs(total) do
    if status == 200 then ok = ok + n elseif status == 503 or status == 429 then unavailable = unavailable + n else other = other + n end
  end
  io.write(string.format("RESULT ok=%d unavailable=%d other=%d socket=%d\n", ok, unavailable, other,
    e.connect + e.read + e.write + e.timeout))
end
