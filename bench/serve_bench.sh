# serve_bench.sh - the quarry-serve section of make bench, sourced by
# run_bench.sh (after its tools, corpus and queries are ready; alone with
# `bench/run_bench.sh BUILD serve`).
#
# wrk on loopback against /search with the cranfield + scifact queries
# rotated (bench/serve_rotate.lua), at 1, 4 and 16 connections for
# QUARRY_BENCH_SERVE_SECONDS each (default 10): requests/s, p50/p99,
# errors (socket errors and non-2xx answers), the server's peak RSS;
# beside query_latency running the same queries in one process (Quarry's
# default configuration, depth 10, as /search's defaults), so the HTTP
# overhead is a ratio of this run; then 4 connections during a --rebuild
# of the same index.
serve_section() {
    local serve=$BUILD/bin/quarry-serve seconds=${QUARRY_BENCH_SERVE_SECONDS:-10}
    if ! command -v wrk >/dev/null; then
        echo "Service (quarry-serve): skipped, wrk is not installed (Debian package wrk)"
        return 0
    fi
    [ -x "$serve" ] || die "quarry-serve is not built in $BUILD"
    if [ ! -f "$QIDX/XAPIANDB" ]; then
        say "service: indexing $CORPUS for the service section"
        index_quarry quarry "$QIDX" "$CORPUS"
    fi
    local paths=$WORK/serve-paths
    jq -r '"/search?q=" + (.text | @uri)' "$QUERIES" >"$paths"

    rm -f "$WORK/serve.port"
    "$serve" -d "$QIDX" --listen 127.0.0.1:0 --port-file "$WORK/serve.port" \
        2>"$LOGS/serve.log" &
    local spid=$!
    # shellcheck disable=SC2064 # the PID is fixed now
    trap "kill $spid 2>/dev/null" EXIT
    for _ in $(seq 100); do [ -s "$WORK/serve.port" ] && break; sleep 0.1; done
    local base
    base=http://127.0.0.1:$(cat "$WORK/serve.port")
    curl -sf -o /dev/null "$base/health" || die "quarry-serve did not start: see $LOGS/serve.log"
    local threads
    threads=$(sed -n 's/.*(\([0-9]*\) threads).*/\1/p' "$LOGS/serve.log")

    # load TAG CONNECTIONS SECONDS: wrk's RESULT line into WORK/wrk-TAG.
    load() {
        local t=$(($2 < 2 ? $2 : 2))
        wrk -t "$t" -c "$2" -d "${3}s" -s bench/serve_rotate.lua "$base" -- "$paths" \
            >"$LOGS/wrk-$1.log" 2>&1 || die "wrk failed: see $LOGS/wrk-$1.log"
        grep '^RESULT' "$LOGS/wrk-$1.log" | cut -d' ' -f2- >"$WORK/wrk-$1"
    }
    rss() { awk '/^VmHWM/ { printf "%.0f", $2 * 1024 / 1e6 }' "/proc/$spid/status"; }

    say "service: warming up (2 s)"
    load warm 1 2
    # In one process just before the HTTP rows, so both meet the same cache
    # and the same load of the machine.
    say "service: the same queries in one process (query_latency, depth 10)"
    timed serve-inproc "$LATENCY" "$QIDX" "$QUERIES" 10
    local ip50 ip95 ip99 itotal iqps
    read -r ip50 ip95 ip99 itotal < <(percentiles "$WORK/lat-serve-inproc")
    iqps=$(calc %.1f "$NQUERIES / $itotal")
    local rows=() c rps p50 p99 errors requests
    # HTTP alone: /health answers without a search.
    echo /health >"$WORK/serve-health"
    say "service: /health, 1 connection, ${seconds} s"
    wrk -t 1 -c 1 -d "${seconds}s" -s bench/serve_rotate.lua "$base" -- "$WORK/serve-health" \
        >"$LOGS/wrk-health.log" 2>&1 || die "wrk failed: see $LOGS/wrk-health.log"
    read -r rps p50 p99 errors requests < <(grep '^RESULT' "$LOGS/wrk-health.log" | cut -d' ' -f2-)
    rows+=("$(printf '%-40s %11s %8s %8s %8s %9s %8s MB' "wrk /health (no search), 1 connection" \
        "$rps" "$p50" "$p99" "$errors" "$requests" "$(rss)")")
    for c in 1 4 16; do
        say "service: $c connection(s), ${seconds} s"
        load "c$c" "$c" "$seconds"
        read -r rps p50 p99 errors requests <"$WORK/wrk-c$c"
        rows+=("$(printf '%-40s %11s %8s %8s %8s %9s %8s MB' "wrk, $c connection(s)" "$rps" \
            "$p50" "$p99" "$errors" "$requests" "$(rss)")")
        [ "$c" = 1 ] && RPS1=$rps P50_1=$p50
    done

    say "service: 4 connections during a --rebuild of the index (the whole rebuild)"
    local gen_before start
    gen_before=$(curl -s "$base/stats" | jq -r .generation)
    wrk -t 2 -c 4 -d 3600s -s bench/serve_rotate.lua "$base" -- "$paths" \
        >"$LOGS/wrk-rebuild.log" 2>&1 &
    local wpid=$!
    start=$(date +%s.%N)
    "$QINDEX" -q --rebuild -d "$QIDX" "$CORPUS" >"$LOGS/serve-rebuild.log" 2>&1 ||
        die "the rebuild failed: see $LOGS/serve-rebuild.log"
    local rebuild_s
    rebuild_s=$(calc %.1f "$(date +%s.%N) - $start")
    sleep 2 # queries on the new generation too
    kill -INT "$wpid"
    wait "$wpid" || true
    grep '^RESULT' "$LOGS/wrk-rebuild.log" | cut -d' ' -f2- >"$WORK/wrk-rebuild" ||
        die "wrk failed: see $LOGS/wrk-rebuild.log"
    read -r rps p50 p99 errors requests <"$WORK/wrk-rebuild"
    rows+=("$(printf '%-40s %11s %8s %8s %8s %9s %8s MB' "wrk, 4 connections, during --rebuild" \
        "$rps" "$p50" "$p99" "$errors" "$requests" "$(rss)")")
    local gen
    gen=$(curl -s "$base/stats" | jq -r .generation)

    kill "$spid"
    wait "$spid" 2>/dev/null || true
    trap - EXIT

    echo "Service: quarry-serve over HTTP on loopback, $NQUERIES queries rotated ($threads threads,"
    echo "  wrk ${seconds} s per row; Quarry's default configuration, 10 hits with snippets)"
    printf '%-40s %11s %8s %8s %8s %9s %11s\n' load "requests/s" "p50 ms" "p99 ms" errors \
        requests "server RSS"
    printf '%s\n' "${rows[@]}"
    printf '%-40s %11s %8s %8s %8s %9s\n' "in one process (query_latency)" "$iqps" "$ip50" \
        "$ip99" 0 "$NQUERIES"
    echo "  HTTP overhead at 1 connection: $(calc %.2f "$P50_1 / $ip50")x the in-process p50," \
        "$(calc %.2f "$RPS1 / $iqps")x its queries/s"
    echo "  the rebuild took ${rebuild_s} s, under load throughout (and 2 s after it);" \
        "generation $gen_before before it, $gen after"
    echo "  server RSS: peak (VmHWM) of the server process so far; errors: socket errors + non-2xx"
    echo
}
serve_section
