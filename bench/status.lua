-- wrk (4.x) script for the Verbind benchmarks: counts every response by HTTP
-- status, so a run that measured redirects (303 to the login page or the code
-- of ethics) or refusals (403) is recognised and thrown away instead of
-- published. At the end it prints one machine-readable line:
--
--   RESULT rps=<requests/s> p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. requests=..
--          errors=<socket errors> bytes=<bytes read> statuses=200:123,303:4
--
-- The same script is used for Verbind and for the static-file baseline, so
-- both pay the same client-side cost (a Lua call per response).

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   counts = {}
end

function response(status, headers, body)
   local k = tostring(status)
   counts[k] = (counts[k] or 0) + 1
end

function done(summary, latency, requests)
   local total = {}
   for _, t in ipairs(threads) do
      local c = t:get("counts")
      if c then
         for k, v in pairs(c) do
            total[k] = (total[k] or 0) + v
         end
      end
   end
   local keys = {}
   for k, _ in pairs(total) do table.insert(keys, k) end
   table.sort(keys)
   local parts = {}
   for _, k in ipairs(keys) do table.insert(parts, k .. ":" .. total[k]) end
   local e = summary.errors
   local errors = e.connect + e.read + e.write + e.timeout
   io.write(string.format(
      "RESULT rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d errors=%d timeouts=%d bytes=%d statuses=%s\n",
      summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000,
      latency:percentile(90) / 1000,
      latency:percentile(99) / 1000,
      latency.max / 1000,
      summary.requests, errors, e.timeout, summary.bytes,
      table.concat(parts, ",")))
end
