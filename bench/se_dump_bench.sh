#!/usr/bin/env bash
# se_dump_bench.sh BUILD - the StackExchange dump section of `make bench`
# (run by run_bench.sh; runs on its own too).
#
# Builds a synthetic dump of N copies (QUARRY_BENCH_SE_COPIES, default 20)
# of the largest shared site's Posts.xml (cardano, 3.1 MB), each copy's Id,
# ParentId and AcceptedAnswerId shifted by copy * 10^7 (so every question
# and answer is new, and answers still find their question), with the
# site's Users.xml beside it; then measures, at 1x (the same generator,
# one copy) and Nx:
#   - the reader alone (bench/se_read.c): seconds, MB/s of XML read, and
#     peak RSS, which must stay within 10 % between 1x and Nx (the bound of
#     indexer/se_reader.h: questions spill to a temporary SQLite store);
#   - quarry-index -j 1 on the Nx dump: the import rate (passages/s, MB/s).
# Prints its table on stdout and "RESULT|MET" for the targets row into
# BUILD/bench-work/se_dump.target.
set -euo pipefail
shopt -s inherit_errexit

BUILD=$(cd "$1" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SITE_DIR=$(cd "$ROOT/.." && pwd)/shared/datasets/stackexchange-dumps/cardano
COPIES=${QUARRY_BENCH_SE_COPIES:-20}
GNU_TIME=${QUARRY_BENCH_TIME:-/usr/bin/time}
WORK=$BUILD/bench-work
TOOLS=$BUILD/bench
LOGS=$WORK/logs
mkdir -p "$WORK" "$TOOLS" "$LOGS"
say() { echo "bench: $*" >&2; }
calc() { awk "BEGIN { printf \"$1\", ($2) }"; }

if [ ! -f "$SITE_DIR/Posts.xml" ]; then
    echo "StackExchange dumps: skipped ($SITE_DIR is absent)"
    echo "n/a|n/a" > "$WORK/se_dump.target"
    exit 0
fi

READER=$TOOLS/se_read
if [ ! -x "$READER" ] || [ bench/se_read.c -nt "$READER" ] || [ "$BUILD/libquarry.a" -nt "$READER" ]; then
    say "building $READER"
    # shellcheck disable=SC2046 # pkg-config output is a word list
    cc -std=c11 -O2 -Wall -Wextra -I. -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
        $(pkg-config --cflags libxml-2.0) -o "$TOOLS/se_read.o" -c bench/se_read.c
    # shellcheck disable=SC2046
    g++ -o "$READER" "$TOOLS/se_read.o" "$BUILD/libquarry.a" \
        $(pkg-config --libs xapian-core libxml-2.0 libarchive sqlite3) -lstemmer -ljansson -lz -lpthread -lm
fi
PEAK_RSS=$TOOLS/peak_rss
if [ ! -x "$GNU_TIME" ] && { [ ! -x "$PEAK_RSS" ] || [ bench/peak_rss.c -nt "$PEAK_RSS" ]; }; then
    cc -std=c11 -O2 -Wall -Wextra -o "$PEAK_RSS" bench/peak_rss.c
fi
measure() {
    local out=$1
    shift
    if [ -x "$GNU_TIME" ]; then "$GNU_TIME" -o "$out" -f '%e %M' "$@"; else "$PEAK_RSS" "$out" "$@"; fi
}
rss_mb_of() { tail -n 1 "$1" | awk '{ printf "%.1f", $2 * 1024 / 1e6 }'; }
seconds_of() { tail -n 1 "$1" | awk '{ print $1 }'; }

# synth COPIES DIR: the synthetic dump DIR/Posts.xml (kept and reused).
synth() {
    local copies=$1 dir=$2
    [ -f "$dir/Posts.xml" ] && [ "$dir/Posts.xml" -nt "$SITE_DIR/Posts.xml" ] && return 0
    say "generating a ${copies}x dump in $dir"
    mkdir -p "$dir"
    cp -f "$SITE_DIR/Users.xml" "$dir/Users.xml"
    awk -v copies="$copies" '
        function shift_attr(line, attr, off,    re, v, head) {
            re = " " attr "=\"[0-9]+\""
            if (!match(line, re)) return line
            head = length(attr) + 3
            v = substr(line, RSTART + head, RLENGTH - head - 1) + off
            return substr(line, 1, RSTART - 1) " " attr "=\"" v "\"" substr(line, RSTART + RLENGTH)
        }
        /^  <row / { rows[++n] = $0; next }
        /<\/posts>/ { tail = $0; next }
        { head[++h] = $0 }
        END {
            for (i = 1; i <= h; i++) print head[i]
            for (c = 0; c < copies; c++) {
                off = c * 10000000
                for (i = 1; i <= n; i++) {
                    r = shift_attr(rows[i], "Id", off)
                    r = shift_attr(r, "ParentId", off)
                    r = shift_attr(r, "AcceptedAnswerId", off)
                    print r
                }
            }
            printf "%s", tail
        }' "$SITE_DIR/Posts.xml" > "$dir/Posts.xml.tmp"
    mv "$dir/Posts.xml.tmp" "$dir/Posts.xml"
}

X1=$WORK/se-1x/cardano
XN=$WORK/se-${COPIES}x/cardano
synth 1 "$X1"
synth "$COPIES" "$XN"

declare -A RSS SECS N MBS
for tag in 1x "${COPIES}x"; do
    dir=$X1
    [ "$tag" = 1x ] || dir=$XN
    say "reading the $tag dump"
    measure "$WORK/se-read-$tag.time" "$READER" "$dir" > "$WORK/se-read-$tag.out" \
        2> "$LOGS/se-read-$tag.log" || { echo "se_read failed: see $LOGS/se-read-$tag.log" >&2; exit 1; }
    read -r N[$tag] bytes SECS[$tag] < "$WORK/se-read-$tag.out"
    MBS[$tag]=$(calc %.1f "$bytes / 1e6")
    RSS[$tag]=$(rss_mb_of "$WORK/se-read-$tag.time")
done

say "indexing the ${COPIES}x dump with quarry-index -j 1"
rm -rf "$WORK/se-idx"
measure "$WORK/se-index.time" "$BUILD/bin/quarry-index" -q -j 1 -d "$WORK/se-idx" "$XN" \
    > "$LOGS/se-index.log" 2>&1 || { echo "quarry-index failed: see $LOGS/se-index.log" >&2; exit 1; }
IDX_S=$(seconds_of "$WORK/se-index.time")

echo "StackExchange dumps: cardano's Posts.xml (2630 rows) x1 and x$COPIES, IDs renumbered"
printf '  %-22s %10s %9s %9s %9s %11s\n' run answers "XML MB" seconds "MB/s" "peak RSS"
for tag in 1x "${COPIES}x"; do
    printf '  %-22s %10s %9s %9.2f %9.1f %8s MB\n' "reader, $tag" "${N[$tag]}" "${MBS[$tag]}" \
        "${SECS[$tag]}" "$(calc %.3f "${MBS[$tag]} / ${SECS[$tag]}")" "${RSS[$tag]}"
done
printf '  %-22s %10s %9s %9.2f %9.1f %8s MB   (%s passages/s)\n' "quarry-index -j1, ${COPIES}x" \
    "${N[${COPIES}x]}" "${MBS[${COPIES}x]}" "$IDX_S" "$(calc %.3f "${MBS[${COPIES}x]} / $IDX_S")" \
    "$(rss_mb_of "$WORK/se-index.time")" "$(calc %.0f "${N[${COPIES}x]} / $IDX_S")"
SPREAD=$(calc %.1f "(${RSS[${COPIES}x]} / ${RSS[1x]} - 1) * 100")
echo "  reader peak RSS ${COPIES}x vs 1x: $SPREAD % (bound: within 10 %)"
echo
echo "reader RSS ${COPIES}x/1x ${SPREAD} %|$(calc %s "($SPREAD <= 10 && $SPREAD >= -10) ? \"yes\" : \"no\"")" \
    > "$WORK/se_dump.target"
