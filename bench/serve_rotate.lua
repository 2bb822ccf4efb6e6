-- serve_rotate.lua - wrk script for the quarry-serve section of make bench:
-- each request is the next of the paths in the file given after "--"
-- (one /search?q=... per query), each thread starting at its own place.
local paths = {}
local at = 0
local thread_no = 0

function setup(thread)
    thread:set("start", thread_no)
    thread_no = thread_no + 1
end

function init(args)
    for line in io.lines(args[1]) do
        paths[#paths + 1] = line
    end
    at = ((start or 0) * 131) % #paths
end

function request()
    at = at % #paths + 1
    return wrk.format("GET", paths[at])
end

-- One line for run_bench.sh: requests/s, p50 ms, p99 ms, errors, requests.
function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("RESULT %.1f %.3f %.3f %d %d\n",
        summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        e.connect + e.read + e.write + e.status + e.timeout, summary.requests))
end
