#!/usr/bin/env bash
# run_bench.sh BUILD - `make bench`: speed and memory of Quarry beside raw
# Xapian (bench/raw_xapian.cc, the same documents and queries through the C++
# API directly) on the 310k-passage corpus of ../shared/datasets.
#
# Sections: indexing (time, rate, peak RSS, index size before and after
# xapian-compact); query latency over the 525 cranfield + scifact queries;
# Quarry's growth over synthetic 1x/2x/4x corpora; incremental update; the
# wrapper overhead; StackExchange dumps (bench/se_dump_bench.sh: the
# reader's MB/s and 1x/20x peak RSS, the import rate); scale-out
# (bench/scale_out_bench.sh: 1, 2, 4, 8 shards, local and over
# xapian-tcpsrv); the targets; the service (bench/serve_bench.sh: wrk
# against quarry-serve).  Targets are printed, never asserted.
#
# Environment:
#   QUARRY_BENCH_CORPUS     BEIR corpus.jsonl[.gz] (default: scale-mixed-310k)
#   QUARRY_BENCH_MULTIPLES  corpus multiples to index (default "1 2 4")
#   QUARRY_BENCH_TIME       GNU time (default /usr/bin/time); when it is not
#                           executable, bench/peak_rss.c is built and used
#
#   QUARRY_BENCH_SERVE_SECONDS  wrk's time per row of the service section
#                           (bench/serve_bench.sh; default 10)
#
# Work files (generated corpora, indexes, logs) go to BUILD/bench-work/;
# generated corpora are kept and reused.
set -euo pipefail
shopt -s inherit_errexit # failures inside $(...) stop the script too

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ ! -d "$1" ] || { [ $# -eq 2 ] && [ "$2" != serve ]; }; then
    echo "usage: $0 BUILD [serve]   (BUILD: the build directory, e.g. build; serve: only" \
        "the service section)" >&2
    exit 2
fi
BUILD=$(cd "$1" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

DATA=$(cd "$ROOT/.." && pwd)/shared/datasets
CORPUS=${QUARRY_BENCH_CORPUS:-$DATA/scale-mixed-310k/corpus.jsonl.gz}
read -ra MULTIPLES <<< "${QUARRY_BENCH_MULTIPLES:-1 2 4}"
GNU_TIME=${QUARRY_BENCH_TIME:-/usr/bin/time}
QUERY_SETS=("$DATA/cranfield/queries.jsonl" "$DATA/scifact/queries.jsonl")

for f in "$CORPUS" "${QUERY_SETS[@]}"; do
    if [ ! -f "$f" ]; then
        echo "bench: skipped: $f is absent (the benchmark needs ../shared/datasets)"
        exit 0
    fi
done

QINDEX=$BUILD/bin/quarry-index
QQUERY=$BUILD/bin/quarry-query
TOOLS=$BUILD/bench
WORK=$BUILD/bench-work
LOGS=$WORK/logs
mkdir -p "$TOOLS" "$WORK" "$LOGS"

say() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source bench/lib.sh

# calc PRINTF-FORMAT EXPRESSION: floating-point arithmetic through awk.
calc() { awk "BEGIN { printf \"$1\", ($2) }"; }

# ---- Tools ----------------------------------------------------------------

# stale OUT SRC...: true when OUT is missing or older than a source.
stale() {
    local out=$1 src
    shift
    [ -e "$out" ] || return 0
    for src; do [ "$src" -nt "$out" ] && return 0; done
    return 1
}

if [ ! -x "$QINDEX" ] || [ ! -x "$QQUERY" ] || [ ! -f "$BUILD/libquarry.a" ]; then
    die "Quarry is not built in $BUILD (run make first)"
fi
XAPIAN_CFLAGS=$(pkg-config --cflags xapian-core)
XAPIAN_LIBS=$(pkg-config --libs xapian-core)
C_FLAGS=(-std=c11 -O2 -Wall -Wextra -I. -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE)

RAW=$TOOLS/raw_xapian
if stale "$RAW" bench/raw_xapian.cc common/stopwords.c common/stopword_lists.c \
        common/stopwords.h; then
    say "building $RAW"
    # raw_xapian shares only the stopword lists with Quarry, compiled as C.
    cc "${C_FLAGS[@]}" -c -o "$TOOLS/stopwords.o" common/stopwords.c
    cc "${C_FLAGS[@]}" -c -o "$TOOLS/stopword_lists.o" common/stopword_lists.c
    # shellcheck disable=SC2086 # pkg-config output is a word list
    g++ -O2 -std=c++11 -Wall -Wextra -I. $XAPIAN_CFLAGS -o "$RAW" bench/raw_xapian.cc \
        "$TOOLS/stopwords.o" "$TOOLS/stopword_lists.o" $XAPIAN_LIBS -lstemmer -ljansson -lz
fi

LATENCY=$TOOLS/query_latency
if stale "$LATENCY" bench/query_latency.c "$BUILD/libquarry.a" query/*.h common/*.h \
        xapian-c/xapian_c.h; then
    say "building $LATENCY"
    cc "${C_FLAGS[@]}" -c -o "$TOOLS/query_latency.o" bench/query_latency.c
    # Linked by the C++ driver: libquarry.a holds the Xapian wrapper.
    # shellcheck disable=SC2086
    g++ -o "$LATENCY" "$TOOLS/query_latency.o" "$BUILD/libquarry.a" $XAPIAN_LIBS \
        -lstemmer -ljansson -lz -lpthread -lm
fi

if [ ! -x "$GNU_TIME" ]; then
    PEAK_RSS=$TOOLS/peak_rss
    if stale "$PEAK_RSS" bench/peak_rss.c; then
        say "no $GNU_TIME: building $PEAK_RSS"
        cc -std=c11 -O2 -Wall -Wextra -o "$PEAK_RSS" bench/peak_rss.c
    fi
fi

# measure OUT COMMAND...: runs COMMAND; writes "SECONDS PEAK_RSS_KB" to OUT.
measure() {
    local out=$1
    shift
    if [ -x "$GNU_TIME" ]; then
        "$GNU_TIME" -o "$out" -f '%e %M' "$@"
    else
        "$PEAK_RSS" "$out" "$@"
    fi
}

# seconds_of / rss_mb_of OUT: the figures measure wrote (the last line: GNU
# time puts a "Command exited..." line first when the command fails).
seconds_of() { tail -n 1 "$1" | awk '{ print $1 }'; }
rss_mb_of() { tail -n 1 "$1" | awk '{ printf "%.0f", $2 * 1024 / 1e6 }'; }

# percentiles FILE: "p50 p95 p99 total_s" of column 2 (ms), nearest rank.
percentiles() {
    sort -g -k2,2 "$1" | awk '
        function at(p,   i) { i = int(p * NR); if (i < p * NR) i++; return v[i < 1 ? 1 : i] }
        { v[NR] = $2; sum += $2 }
        END { printf "%.2f %.2f %.2f %.3f\n", at(0.50), at(0.95), at(0.99), sum / 1000 }'
}

# timed TAG COMMAND...: runs a per-query timer, its lines into WORK/lat-TAG.
timed() {
    local tag=$1
    shift
    "$@" > "$WORK/lat-$tag" 2> "$LOGS/lat-$tag.log" || die "$1 failed: see $LOGS/lat-$tag.log"
}

# mb PATH: size of a file or directory tree in MB (10^6 bytes).
mb() { du -sb "$1" | awk '{ printf "%.0f", $1 / 1e6 }'; }

# delve_stat INDEX NAME: one line of xapian-delve's database summary.
delve_stat() { xapian-delve "$1" | awk -F' = ' -v k="$2" '$1 == k { print $2 }'; }

INDEX_HELP=$("$QINDEX" --help)
has_option() { grep -q -- "$1" <<< "$INDEX_HELP"; }

# Quarry's serial build: the like-for-like run against raw Xapian, which is
# serial too.  With --jobs, quarry-index defaults to one job per core.
SERIAL=()
SERIAL_LABEL=Quarry
if has_option --jobs; then
    SERIAL=(--jobs 1)
    SERIAL_LABEL="Quarry -j 1"
fi

# ---- The corpus -----------------------------------------------------------

NAME=$(basename "$CORPUS")
say "reading $CORPUS"
read -r PASSAGES BYTES < <(gzip -dcf "$CORPUS" | wc -lc)
CORPUS_MB=$(calc %.1f "$BYTES / 1e6")
QUERIES=$WORK/queries.jsonl
bench_queries "$QUERIES"
NQUERIES=$(grep -c . "$QUERIES")

echo "Quarry bench: $CORPUS"
echo "  $PASSAGES passages, $CORPUS_MB MB uncompressed; $NQUERIES queries" \
     "(cranfield + scifact); Xapian $(pkg-config --modversion xapian-core); $(nproc) CPUs"
echo "  MB = 10^6 bytes; peak RSS of the whole process"
echo

# ---- Indexing ---------------------------------------------------------------

# index_quarry TAG INDEX CORPUS [OPTION]...: a fresh Quarry index, measured.
index_quarry() {
    local tag=$1 index=$2 corpus=$3
    shift 3
    rm -rf "$index"
    measure "$WORK/$tag.time" "$QINDEX" -q "$@" -d "$index" "$corpus" \
        > "$LOGS/$tag.log" 2>&1 || die "quarry-index failed: see $LOGS/$tag.log"
}

# compact TAG INDEX: compacts INDEX into a scratch copy; sets COMPACT_MB and
# COMPACT_S, "n/a" without xapian-compact.
compact() {
    COMPACT_MB=n/a COMPACT_S=n/a
    command -v xapian-compact > /dev/null || return 0
    rm -rf "$2.compact"
    measure "$WORK/$1-compact.time" xapian-compact "$2" "$2.compact" \
        > "$LOGS/$1-compact.log" 2>&1 || die "xapian-compact failed: see $LOGS/$1-compact.log"
    COMPACT_MB=$(mb "$2.compact")
    COMPACT_S=$(seconds_of "$WORK/$1-compact.time")
    rm -rf "$2.compact"
}

QIDX=$WORK/idx-quarry
RIDX=$WORK/idx-raw
INDEX_ROWS=()
# index_row LABEL TAG INDEX: one line of the indexing table.
index_row() {
    local s rss
    s=$(seconds_of "$WORK/$2.time")
    rss=$(rss_mb_of "$WORK/$2.time")
    compact "$2" "$3"
    INDEX_ROWS+=("$(printf '%-14s %8.1f %11.0f %7.2f %8s MB %8s MB %8s MB %9s' \
        "$1" "$s" "$(calc %.3f "$PASSAGES / $s")" "$(calc %.3f "$BYTES / 1e6 / $s")" \
        "$rss" "$(mb "$3")" "$COMPACT_MB" "$COMPACT_S")")
}

# ---- The service alone (bench/run_bench.sh BUILD serve) ------------------

if [ "${2:-}" = serve ]; then
    # shellcheck source=bench/serve_bench.sh
    source bench/serve_bench.sh
    exit 0
fi

say "indexing with $SERIAL_LABEL (about a minute for 310k passages)"
index_quarry quarry "$QIDX" "$CORPUS" "${SERIAL[@]}"
QUARRY_INDEX_S=$(seconds_of "$WORK/quarry.time")
index_row "$SERIAL_LABEL" quarry "$QIDX"

say "indexing with raw Xapian"
rm -rf "$RIDX"
measure "$WORK/raw.time" "$RAW" index "$RIDX" "$CORPUS" --settings-from "$QIDX" \
    > "$LOGS/raw.log" 2>&1 ||
    die "raw_xapian index failed: see $LOGS/raw.log"
RAW_INDEX_S=$(seconds_of "$WORK/raw.time")
index_row "raw Xapian" raw "$RIDX"

JOBS_RESULT="n/a: -j not implemented"
JOBS_MET=""
if has_option --jobs; then
    say "indexing with Quarry -j 2"
    index_quarry quarry-j2 "$WORK/idx-quarry-j2" "$CORPUS" --jobs 2
    index_row "Quarry -j 2" quarry-j2 "$WORK/idx-quarry-j2"
    J2_S=$(seconds_of "$WORK/quarry-j2.time")
    rm -rf "$WORK/idx-quarry-j2"
    JOBS_RESULT="$(calc %.2f "$QUARRY_INDEX_S / $J2_S")x serial"
    JOBS_MET=$(calc %s "($QUARRY_INDEX_S / $J2_S >= 1.6) ? \"yes\" : \"no\"")
fi

# Both indexes must hold the same documents, or the comparison is unfair.
Q_DOCS=$(delve_stat "$QIDX" "number of documents")
R_DOCS=$(delve_stat "$RIDX" "number of documents")
Q_AVG=$(delve_stat "$QIDX" "average document length")
R_AVG=$(delve_stat "$RIDX" "average document length")

echo "Indexing $PASSAGES passages ($NAME)"
printf '%-14s %8s %11s %7s %11s %11s %11s %9s\n' system seconds passages/s MB/s \
    "peak RSS" "index" "compacted" "compact s"
printf '%s\n' "${INDEX_ROWS[@]}"
printf '%-14s %8s %11s %7s %11s\n' "ref: raw 1.4" 85 "" "" "128 MB" "ref: Lucene" 11 "" "" "520-700 MB" \
    "ref: FTS5" 8.6 "" "" "21 MB"
echo "  (ref: the issue's figures for the 310k corpus, on another machine)"
echo "  same documents: Quarry $Q_DOCS docs, avg length $Q_AVG; raw $R_DOCS docs, avg length $R_AVG"
echo

# ---- Query latency ----------------------------------------------------------

# agree A B: how many queries got the same hit count and estimate in both.
agree() { paste -d' ' "$1" "$2" | awk '$3 == $7 && $4 == $8 { n++ } END { print n + 0 }'; }

declare -A P50 TOTAL
LAT_ROWS=()
# latency_row KEY LABEL DEPTH FILE
latency_row() {
    local p50 p95 p99 total
    read -r p50 p95 p99 total < <(percentiles "$4")
    P50[$1]=$p50
    TOTAL[$1]=$total
    LAT_ROWS+=("$(printf '%-46s %5s %8s %8s %8s %9s' "$2" "$3" "$p50" "$p95" "$p99" "$total")")
}

BATCH_ROWS=()
# batch_row LABEL DEPTH TAG: one line of the batch table.
batch_row() {
    BATCH_ROWS+=("$(printf '%-46s %5s %9s %8s MB' "$1" "$2" \
        "$(seconds_of "$WORK/$3.time")" "$(rss_mb_of "$WORK/$3.time")")")
}

AGREE=()
for depth in 10 1000; do
    # Quarry's default configuration, then the same work as each raw run.
    say "queries at depth $depth: Quarry in-process"
    timed "q-default-$depth" "$LATENCY" "$QIDX" "$QUERIES" "$depth"
    timed "q-data-$depth" "$LATENCY" "$QIDX" "$QUERIES" "$depth" --snippets 0
    timed "q-plain-$depth" "$LATENCY" "$QIDX" "$QUERIES" "$depth" --snippets 0 --no-stopwords
    timed "q-ids-$depth" "$LATENCY" "$QIDX" "$QUERIES" "$depth" --ids-only
    say "queries at depth $depth: raw Xapian"
    timed "r-data-$depth" "$RAW" search "$RIDX" "$QUERIES" "$depth" --stopwords
    timed "r-plain-$depth" "$RAW" search "$RIDX" "$QUERIES" "$depth"
    timed "r-ids-$depth" "$RAW" search "$RIDX" "$QUERIES" "$depth" --stopwords --ids-only
    latency_row "q-default-$depth" "Quarry default: stopwords, passages, snippets" "$depth" "$WORK/lat-q-default-$depth"
    latency_row "q-data-$depth" "Quarry stopwords, passages, no snippets" "$depth" "$WORK/lat-q-data-$depth"
    latency_row "q-plain-$depth" "Quarry plain BM25: passages, no snippets" "$depth" "$WORK/lat-q-plain-$depth"
    latency_row "q-ids-$depth" "Quarry stopwords, IDs only (a TREC run)" "$depth" "$WORK/lat-q-ids-$depth"
    latency_row "r-data-$depth" "raw Xapian stopwords, stored data" "$depth" "$WORK/lat-r-data-$depth"
    latency_row "r-plain-$depth" "raw Xapian no stopwords, stored data" "$depth" "$WORK/lat-r-plain-$depth"
    latency_row "r-ids-$depth" "raw Xapian stopwords, IDs only" "$depth" "$WORK/lat-r-ids-$depth"
    AGREE+=("depth $depth: $(agree "$WORK/lat-q-data-$depth" "$WORK/lat-r-data-$depth")/$NQUERIES with stopwords, $(agree "$WORK/lat-q-plain-$depth" "$WORK/lat-r-plain-$depth")/$NQUERIES without")

    say "queries at depth $depth: one batch process each"
    measure "$WORK/batch-q-$depth.time" "$QQUERY" -d "$QIDX" --queries "$QUERIES" \
        --format trec -n "$depth" > /dev/null 2> "$LOGS/batch-q-$depth.log" ||
        die "quarry-query failed: see $LOGS/batch-q-$depth.log"
    measure "$WORK/batch-r-$depth.time" "$RAW" search "$RIDX" "$QUERIES" "$depth" --stopwords --ids-only \
        > /dev/null 2> "$LOGS/batch-r-$depth.log" || die "raw_xapian failed: see $LOGS/batch-r-$depth.log"
    batch_row "quarry-query --format trec" "$depth" "batch-q-$depth"
    batch_row "raw_xapian search --stopwords --ids-only" "$depth" "batch-r-$depth"
done

echo "Query latency, $NQUERIES queries, each timed in-process (ms)"
printf '%-46s %5s %8s %8s %8s %9s\n' configuration depth p50 p95 p99 "total s"
printf '%s\n' "${LAT_ROWS[@]}"
echo "  same hit count and match estimate as raw Xapian: ${AGREE[0]}; ${AGREE[1]}"
echo
echo "Query batch, one process for all $NQUERIES queries (start-up and output included)"
printf '%-46s %5s %9s %11s\n' command depth seconds "peak RSS"
printf '%s\n' "${BATCH_ROWS[@]}"
printf '%-46s %5s %9s %11s\n' "ref: raw Xapian 1.4" 1000 12.0 ""
printf '%-46s %5s %9s %11s\n' "ref: Lucene" 1000 7.8 ""
printf '%-46s %5s %9s %11s\n' "ref: FTS5" 1000 228 ""
echo

# ---- Growth over corpus multiples -------------------------------------------

GROWTH_ROWS=()
RSS_MIN="" RSS_MAX=""
for k in "${MULTIPLES[@]}"; do
    [[ $k =~ ^[1-9][0-9]*$ ]] || die "QUARRY_BENCH_MULTIPLES: '$k' is not a whole number"
    if [ "$k" = 1 ]; then
        tag=quarry # the 1x run is the indexing run above
    else
        tag=quarry-x$k
        corpus=$(multiple_corpus "$CORPUS" "$k")
        say "indexing the ${k}x corpus with $SERIAL_LABEL ($((k * PASSAGES)) passages)"
        index_quarry "$tag" "$WORK/idx-$tag" "$corpus" "${SERIAL[@]}"
        rm -rf "$WORK/idx-$tag"
    fi
    s=$(seconds_of "$WORK/$tag.time")
    rss=$(rss_mb_of "$WORK/$tag.time")
    if [ -z "$RSS_MIN" ] || [ "$rss" -lt "$RSS_MIN" ]; then RSS_MIN=$rss; fi
    if [ -z "$RSS_MAX" ] || [ "$rss" -gt "$RSS_MAX" ]; then RSS_MAX=$rss; fi
    GROWTH_ROWS+=("$(printf '%8s %10s %8.1f %11.0f %8s MB' "${k}x" "$((k * PASSAGES))" "$s" \
        "$(calc %.3f "$k * $PASSAGES / $s")" "$rss")")
done
if [ "${#MULTIPLES[@]}" -gt 1 ]; then
    RSS_GROWTH=$(calc %.1f "($RSS_MAX - $RSS_MIN) * 100 / $RSS_MIN")
    RSS_RESULT="+$RSS_GROWTH % (min $RSS_MIN, max $RSS_MAX MB)"
    RSS_MET=$(calc %s "($RSS_GROWTH <= 10) ? \"yes\" : \"no\"")
else
    RSS_RESULT="n/a: one multiple (${MULTIPLES[*]}x)"
    RSS_MET=""
fi

echo "Growth: $SERIAL_LABEL over multiples of the corpus (1x is the indexing run above)"
printf '%8s %10s %8s %11s %11s\n' multiple passages seconds passages/s "peak RSS"
printf '%s\n' "${GROWTH_ROWS[@]}"
echo "  peak RSS spread: $RSS_RESULT"
echo

# ---- Incremental update -----------------------------------------------------

INCR_RESULT="n/a: --rebuild not implemented"
INCR_MET=""
if has_option --rebuild; then
    # The corpus as 100 files (the issue's "1 % of files"): the rebuild reads
    # them all, the update reads only the one that changed.
    parts=$WORK/incr/parts
    if [ ! -f "$parts/.done" ]; then
        rm -rf "$parts" && mkdir -p "$parts"
        say "incremental: splitting the corpus into 100 files"
        gzip -dcf "$CORPUS" | awk -v dir="$parts" -v total="$PASSAGES" '
            { f = sprintf("%s/part-%03d.jsonl", dir, int((NR - 1) * 100 / total)); print > f }'
        touch "$parts/.done"
    fi
    say "incremental: rebuilding 100 files with --rebuild (default jobs)"
    index_quarry incr-rebuild "$WORK/idx-incr" "$parts" --rebuild --include '*.jsonl'
    say "incremental: rewriting the text of every passage of one file (1 %), updating"
    awk '{ sub(/"text": *"/, "&revised in place " NR ": ") } { print }' "$parts/part-042.jsonl" \
        > "$parts/part-042.tmp" && mv "$parts/part-042.tmp" "$parts/part-042.jsonl"
    measure "$WORK/incr-update.time" "$QINDEX" -q -d "$WORK/idx-incr" --include '*.jsonl' "$parts" \
        > "$LOGS/incr-update.log" 2>&1 || die "quarry-index update failed: see $LOGS/incr-update.log"
    rm -f "$parts/.done" # part-042 differs from the corpus now
    say "incremental: an update with nothing changed"
    measure "$WORK/incr-noop.time" "$QINDEX" -q -d "$WORK/idx-incr" --include '*.jsonl' "$parts" \
        > "$LOGS/incr-noop.log" 2>&1 || die "quarry-index update failed: see $LOGS/incr-noop.log"

    # The other case: one big file in which 1 % of the passages changed (the
    # file is read again; only the changed passages are written).
    incr=$WORK/incr/$NAME
    cp "$CORPUS" "$incr"
    say "incremental: one big file: rebuild, then 1 % of its passages changed"
    index_quarry incr-rebuild1 "$WORK/idx-incr1" "$incr" --rebuild
    gzip -dcf "$CORPUS" | awk 'NR % 100 == 0 { sub(/"text": *"/, "&revised in place " NR ": ") } { print }' |
        gzip -1 > "$incr.tmp"
    mv "$incr.tmp" "$incr"
    measure "$WORK/incr-update1.time" "$QINDEX" -q -d "$WORK/idx-incr1" "$incr" \
        > "$LOGS/incr-update1.log" 2>&1 || die "quarry-index update failed: see $LOGS/incr-update1.log"
    rebuild_s=$(seconds_of "$WORK/incr-rebuild.time")
    update_s=$(seconds_of "$WORK/incr-update.time")
    rm -rf "$WORK/idx-incr" "$WORK/idx-incr1" "$incr"
    echo "Incremental update"
    printf '%-52s %8s %11s\n' step seconds "peak RSS"
    for row in "rebuild of 100 files (--rebuild, default jobs)|incr-rebuild" \
               "update: 1 of the 100 files changed (1 %)|incr-update" \
               "update: nothing changed|incr-noop" \
               "rebuild of one big file|incr-rebuild1" \
               "update: 1 % of the big file's passages changed|incr-update1"; do
        printf '%-52s %8.1f %8s MB\n' "${row%%|*}" "$(seconds_of "$WORK/${row#*|}.time")" \
            "$(rss_mb_of "$WORK/${row#*|}.time")"
    done
    echo
    INCR_PCT=$(calc %.1f "$update_s * 100 / $rebuild_s")
    INCR_RESULT="$INCR_PCT % of rebuild (1 file of 100)"
    INCR_MET=$(calc %s "($INCR_PCT <= 5) ? \"yes\" : \"no\"")
fi

# ---- Wrapper overhead -------------------------------------------------------

# ratio_row LABEL QUARRY RAW: one line of the overhead table; sets RATIO.
ratio_row() {
    RATIO=$(calc %.3f "$2 / $3")
    printf '%-50s %9s %9s %7s %+8.1f %%\n' "$1" "$2" "$3" "$RATIO" "$(calc %.3f "($RATIO - 1) * 100")"
}

echo "Wrapper overhead: Quarry / raw Xapian, this run (seconds)"
printf '%-50s %9s %9s %7s %10s\n' measure Quarry raw ratio overhead
ratio_row "indexing, wall time" "$QUARRY_INDEX_S" "$RAW_INDEX_S"
INDEX_RATIO=$RATIO
QUERY_RATIO=0 QUERY_WORST=""
for depth in 10 1000; do
    for pair in "data:stopwords, stored passages" "plain:no stopwords, stored passages" \
            "ids:stopwords, IDs only"; do
        ratio_row "queries depth $depth, ${pair#*:}" \
            "${TOTAL[q-${pair%%:*}-$depth]}" "${TOTAL[r-${pair%%:*}-$depth]}"
        if [ "$(calc %d "$RATIO > $QUERY_RATIO")" = 1 ]; then
            QUERY_RATIO=$RATIO QUERY_WORST="depth $depth, ${pair#*:}"
        fi
    done
    ratio_row "queries depth $depth, batch process, IDs only" \
        "$(seconds_of "$WORK/batch-q-$depth.time")" "$(seconds_of "$WORK/batch-r-$depth.time")"
done
echo "  (queries: sums of the per-query times above, no snippets on either side;"
echo "   batch rows: process wall time.  With stored passages Quarry also decodes"
echo "   each hit's JSON, where raw only reads the bytes: IDs only is like for like)"
echo

# ---- StackExchange dumps ------------------------------------------------------

# The dump reader's rate and memory bound (bench/se_dump_bench.sh).
"$ROOT/bench/se_dump_bench.sh" "$BUILD"
IFS='|' read -r SE_RSS_RESULT SE_RSS_MET < "$WORK/se_dump.target"

# ---- Scale-out ----------------------------------------------------------------

# The corpus as 1, 2, 4, 8 shards, local and over xapian-tcpsrv
# (bench/scale_out_bench.sh).
"$ROOT/bench/scale_out_bench.sh" "$BUILD"

# ---- Targets ----------------------------------------------------------------

# met VALUE OP LIMIT: yes or no.
met() { calc %s "($1 $2 $3) ? \"yes\" : \"no\""; }
pct_over() { calc %+.1f "($1 - 1) * 100"; }

echo "Targets (printed, not asserted)"
printf '%-44s %-14s %-50s %s\n' target goal "this run" met
printf '%-44s %-14s %-50s %s\n' "wrapper overhead, indexing" "<= 5 %" \
    "$(pct_over "$INDEX_RATIO") %" "$(met "$INDEX_RATIO" "<=" 1.05)"
printf '%-44s %-14s %-50s %s\n' "wrapper overhead, queries (worst case)" "<= 5 %" \
    "$(pct_over "$QUERY_RATIO") %: $QUERY_WORST" "$(met "$QUERY_RATIO" "<=" 1.05)"
printf '%-44s %-14s %-50s %s\n' "-j 2 passages/s vs serial" ">= 1.6x" "$JOBS_RESULT" "$JOBS_MET"
printf '%-44s %-14s %-50s %s\n' "peak RSS across ${MULTIPLES[*]/%/x}" "within 10 %" "$RSS_RESULT" "$RSS_MET"
printf '%-44s %-14s %-50s %s\n' "incremental update of 1 % vs rebuild" "<= 5 %" "$INCR_RESULT" "$INCR_MET"
printf '%-44s %-14s %-50s %s\n' "dump reader peak RSS, 1x vs 20x" "within 10 %" "$SE_RSS_RESULT" "$SE_RSS_MET"
printf '%-44s %-14s %-50s %s\n' "query p50, depth 10, default configuration" "<= 3 ms" \
    "${P50[q-default-10]} ms" "$(met "${P50[q-default-10]}" "<=" 3)"
echo

# ---- The service --------------------------------------------------------------

# shellcheck source=bench/serve_bench.sh
source bench/serve_bench.sh
