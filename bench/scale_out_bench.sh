#!/usr/bin/env bash
# scale_out_bench.sh BUILD - the scale-out section of `make bench` (run by
# run_bench.sh; runs on its own too, after `make`).
#
# The 310k corpus, and its 4x multiple, as 1 (the single index), 2, 4 and 8
# shards (quarry-index
# --shard K/N, each built alone with -j 1), searched locally (a stub of
# `auto` lines) and over xapian-tcpsrv on 127.0.0.1 (one server per shard,
# a stub of `remote` lines): build seconds per shard, index size, and the
# per-query latency (bench/query_latency: Quarry's searcher, in-process) at
# depth 10 (stored passages, as quarry-query shows them) and depth 1000 (IDs
# only, as --format trec) over the 525 cranfield + scifact queries.  Every
# ratio is against the single index of the same corpus in the same run.
#
# Environment: QUARRY_BENCH_CORPUS (default scale-mixed-310k),
# QUARRY_BENCH_SCALE_MULTIPLES (default "1 4": the corpus, and 4 copies of
# it with IDs suffixed -copyN), QUARRY_BENCH_SHARDS (default "1 2 4 8"; 1
# is the single index),
# QUARRY_BENCH_PORT (first port tried, default 47400).
set -euo pipefail
shopt -s inherit_errexit

BUILD=$(cd "$1" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
DATA=$(cd "$ROOT/.." && pwd)/shared/datasets
CORPUS=${QUARRY_BENCH_CORPUS:-$DATA/scale-mixed-310k/corpus.jsonl.gz}
read -ra LAYOUTS <<< "${QUARRY_BENCH_SHARDS:-1 2 4 8}"
read -ra SCALE_MULTIPLES <<< "${QUARRY_BENCH_SCALE_MULTIPLES:-1 4}"
PORT=${QUARRY_BENCH_PORT:-47400}
QUERY_SETS=("$DATA/cranfield/queries.jsonl" "$DATA/scifact/queries.jsonl")
WORK=$BUILD/bench-work/scale-out
LOGS=$WORK/logs
LATENCY=$BUILD/bench/query_latency
QINDEX=$BUILD/bin/quarry-index
mkdir -p "$WORK" "$LOGS" "$BUILD/bench"
say() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }
calc() { awk "BEGIN { printf \"$1\", ($2) }"; }
# shellcheck source=bench/lib.sh
source bench/lib.sh

for f in "$CORPUS" "${QUERY_SETS[@]}"; do
    if [ ! -f "$f" ]; then
        echo "Scale-out: skipped ($f is absent)"
        exit 0
    fi
done
command -v xapian-tcpsrv > /dev/null || { echo "Scale-out: skipped (no xapian-tcpsrv)"; exit 0; }
if [ ! -x "$LATENCY" ] || [ bench/query_latency.c -nt "$LATENCY" ] ||
        [ "$BUILD/libquarry.a" -nt "$LATENCY" ]; then
    say "building $LATENCY"
    cc -std=c11 -O2 -Wall -Wextra -I. -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
        -c -o "$WORK/query_latency.o" bench/query_latency.c
    # shellcheck disable=SC2046
    g++ -o "$LATENCY" "$WORK/query_latency.o" "$BUILD/libquarry.a" \
        $(pkg-config --libs xapian-core) -lstemmer -ljansson -lz -lpthread -lm
fi
QUERIES=$WORK/queries.jsonl
bench_queries "$QUERIES"
NQUERIES=$(grep -c . "$QUERIES")

# Servers started here, stopped by PID on any exit.  Each runs in its own
# session: xapian-tcpsrv answers SIGTERM by signalling its whole process
# group, which would otherwise be this script's.
SERVERS=()
stop_servers() {
    local pid
    for pid in "${SERVERS[@]}"; do kill "$pid" 2> /dev/null || true; done
    for pid in "${SERVERS[@]}"; do wait "$pid" 2> /dev/null || true; done
    SERVERS=()
}
trap stop_servers EXIT

# serve DB: starts xapian-tcpsrv for DB on a free loopback port; sets SERVED.
serve() {
    local tries
    for tries in $(seq 50); do
        PORT=$((PORT + 1))
        if ! (exec 3<> "/dev/tcp/127.0.0.1/$PORT") 2> /dev/null; then
            setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$PORT" "$1" \
                > "$LOGS/tcpsrv-$PORT.log" 2>&1 &
            SERVERS+=($!)
            local i
            for i in $(seq 100); do
                if (exec 3<> "/dev/tcp/127.0.0.1/$PORT") 2> /dev/null; then
                    SERVED=$PORT
                    return 0
                fi
                kill -0 "${SERVERS[-1]}" 2> /dev/null || break
                sleep 0.05
            done
        fi
    done
    die "no loopback port for xapian-tcpsrv"
}

percentiles() {
    sort -g -k2,2 "$1" | awk '
        function at(p,   i) { i = int(p * NR); if (i < p * NR) i++; return v[i < 1 ? 1 : i] }
        { v[NR] = $2; sum += $2 }
        END { printf "%.2f %.2f %.2f %.3f\n", at(0.50), at(0.95), at(0.99), sum / 1000 }'
}

declare -A P50 P99
# latency N WHERE STUB: the rows of one layout, local or remote.
latency() {
    local n=$1 where=$2 stub=$3 depth p50 p95 p99 total
    for depth in 10 1000; do
        local extra=() what="stored passages"
        [ "$depth" = 1000 ] && extra=(--ids-only) what="IDs only"
        "$LATENCY" "$stub" "$QUERIES" "$depth" "${extra[@]}" > "$WORK/lat-$n-$where-$depth" \
            2> "$LOGS/lat-$n-$where-$depth.log" ||
            die "query_latency failed: see $LOGS/lat-$n-$where-$depth.log"
        read -r p50 p95 p99 total < <(percentiles "$WORK/lat-$n-$where-$depth")
        P50[$n-$where-$depth]=$p50 P99[$n-$where-$depth]=$p99
        LAT_ROWS+=("$(printf '%6s %-7s %5s %-16s %8s %8s %8s %9s %8s %8s' "$n" "$where" \
            "$depth" "$what" "$p50" "$p95" "$p99" "$total" \
            "$(calc %.2f "$p50 / ${P50[1-local-$depth]}")" \
            "$(calc %.2f "$p99 / ${P99[1-local-$depth]}")")")
    done
}

mb() { du -sb "$1" | awk '{ printf "%.0f", $1 / 1e6 }'; }
# The Quarry index's live generation (what a server serves).
live() { echo "$1/$(sed -n 's/^auto //p' "$1/XAPIANDB")"; }

for m in "${SCALE_MULTIPLES[@]}"; do
    [[ $m =~ ^[1-9][0-9]*$ ]] || die "QUARRY_BENCH_SCALE_MULTIPLES: '$m' is not a whole number"
    corpus=$CORPUS
    [ "$m" = 1 ] || corpus=$(multiple_corpus "$CORPUS" "$m")
    BUILD_ROWS=() LAT_ROWS=()
    for n in "${LAYOUTS[@]}"; do
        dir=$WORK/x$m-shards-$n
        rm -rf "$dir"
        mkdir -p "$dir"
        : > "$dir/local.stub"
        total_s=0 max_s=0 size=0 docs=0
        for k in $(seq "$n"); do
            shard=()
            [ "$n" -gt 1 ] && shard=(--shard "$k/$n")
            say "building shard $k/$n"
            start=$(date +%s.%N)
            "$QINDEX" -q -j 1 "${shard[@]}" -d "$dir/s$k" "$corpus" > "$LOGS/build-x$m-$n-$k.log" 2>&1 ||
                die "quarry-index failed: see $LOGS/build-x$m-$n-$k.log"
            s=$(calc %.1f "$(date +%s.%N) - $start")
            total_s=$(calc %.1f "$total_s + $s")
            max_s=$(calc %.1f "($s > $max_s) ? $s : $max_s")
            size=$((size + $(mb "$dir/s$k")))
            docs=$((docs + $(xapian-delve "$(live "$dir/s$k")" | awk -F' = ' '$1 == "number of documents" { print $2 }')))
            echo "auto s$k" >> "$dir/local.stub"
        done
        BUILD_ROWS+=("$(printf '%6s %10s %14s %13s %12s %9s' "$n" "$docs" \
            "$(calc %.1f "$total_s / $n")" "$max_s" "$total_s" "$size")")
        say "timing $n shard(s), local"
        latency "$n" local "$dir/local.stub"
        : > "$dir/remote.stub"
        for k in $(seq "$n"); do
            serve "$(live "$dir/s$k")"
            echo "remote 127.0.0.1:$SERVED" >> "$dir/remote.stub"
        done
        say "timing $n shard(s), over xapian-tcpsrv"
        latency "$n" remote "$dir/remote.stub"
        stop_servers
        [ "$n" -gt 1 ] && rm -rf "$dir"/s*  # the single index is kept for the plan's figures
    done

    echo "Scale-out: $(basename "$CORPUS")$([ "$m" = 1 ] || echo " x$m") as shards (quarry-index --shard K/N -j 1, one at a time;"
    echo "  $(nproc) CPUs shared; each shard build reads the whole corpus and keeps its part)"
    printf '%6s %10s %14s %13s %12s %9s\n' shards passages "s per shard" "slowest s" "sum s" "MB total"
    printf '%s\n' "${BUILD_ROWS[@]}"
    echo "Query latency over the shards, $NQUERIES queries, in-process (ms; ratio: to 1 local)"
    printf '%6s %-7s %5s %-16s %8s %8s %8s %9s %8s %8s\n' shards where depth fetch p50 p95 p99 \
        "total s" "p50 x" "p99 x"
    printf '%s\n' "${LAT_ROWS[@]}"
    echo "  remote: one xapian-tcpsrv per shard on 127.0.0.1; IDs only come with the ranking"
    echo "  (Xapian's sort key), stored passages are a round trip per hit to its server"
    echo
done
