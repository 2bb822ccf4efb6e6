#!/usr/bin/env bash
# tests/fuzz/run.sh MODE [SECONDS] - runs the libFuzzer targets of
# build-fuzz/fuzz/ (make SANITIZE=fuzz fuzz-build).
#
#   fuzz SECONDS  each target for SECONDS, one after the other, niced; new
#                 inputs kept in build-fuzz/corpus/TARGET, findings in
#                 build-fuzz/findings/TARGET; ends with a table per
#                 target: executions, coverage (libFuzzer's cov: and ft: of
#                 the corpus the run left), corpus size, findings.  Exit 1
#                 if anything was found.
#   smoke         what `make check` runs: every kept regression input
#                 (tests/fuzz/regress/TARGET/*) replayed, then each target
#                 for a few seconds from its seeds; TAP lines, then
#                 "N passed, N failed".
#
# Seeds are made at run time from ../shared (corpus-se files, the heads of
# the BEIR corpora, queries and qrels), beside the small hand-made ones of
# tests/fuzz/seeds/TARGET; none of ../shared is copied into the repository.
# FUZZ_TARGETS="fuzz_utf8 fuzz_run" limits a run to those targets;
# FUZZ_FORK=1 (fuzz mode) goes on after a finding (libFuzzer's -fork=1
# -ignore_crashes=1), so that a known bug does not end a long run.
set -u
mode=${1:-smoke}
seconds=${2:-180}
cd "$(dirname "$0")/../.." || exit 2
root=$PWD
bin=$root/build-fuzz/fuzz
shared=$root/../shared
targets=${FUZZ_TARGETS:-fuzz_native_reader fuzz_beir_plain fuzz_beir_gzip fuzz_utf8
fuzz_queries_file fuzz_qrels fuzz_run fuzz_query fuzz_cli fuzz_serve_params fuzz_se_dump}
# Leaks are findings; the one known libxapian leak is suppressed as in
# tests/check.sh.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

dict_of() {
    case $1 in
    fuzz_native_reader) echo native ;;
    fuzz_beir_plain | fuzz_beir_gzip | fuzz_queries_file) echo json ;;
    fuzz_qrels | fuzz_run) echo trec ;;
    fuzz_query) echo query ;;
    fuzz_cli) echo cli ;;
    fuzz_serve_params) echo serve ;;
    fuzz_se_dump) echo xml ;;
    fuzz_utf8) echo utf8 ;;
    esac
}

max_len_of() {
    case $1 in
    fuzz_query) echo 2052 ;; # 4 option bytes and a query (see fuzz_query.c)
    fuzz_cli | fuzz_serve_params) echo 1024 ;;
    *) echo 16384 ;;
    esac
}

# Writes the ../shared seeds of target $1 into directory $2 (none when
# ../shared is absent: the hand-made seeds remain).
make_seeds() {
    local t=$1 out=$2 n=0 f d
    mkdir -p "$out"
    [ -d "$shared" ] || return 0
    local corpora=() queries=() qrels=()
    for d in "$shared"/datasets/*/; do
        [ -f "$d/corpus.jsonl" ] && corpora+=("$d/corpus.jsonl")
        [ -f "$d/queries.jsonl" ] && queries+=("$d/queries.jsonl")
        [ -f "$d/qrels.tsv" ] && qrels+=("$d/qrels.tsv")
    done
    beir_heads() { # every corpus: its first 3 lines, then lines 4-8 one by one
        for f in "${corpora[@]}"; do
            head -n 3 "$f"
            for i in 4 5 6 7 8; do sed -n "${i}p" "$f"; done
        done
        for f in "$shared"/datasets/*/corpus.jsonl.gz; do
            [ -f "$f" ] && zcat "$f" 2>/dev/null | head -n 3
        done
    }
    case $t in
    fuzz_native_reader)
        cp corpus/*.txt "$out/"
        find "$shared/corpus-se" -type f -name '*.txt' -size -8k 2>/dev/null | sort | head -n 40 |
            while read -r f; do cp "$f" "$out/se_$((n++))_$(basename "$f")"; done ;;
    fuzz_beir_plain)
        beir_heads | while IFS= read -r l; do printf '%s\n' "$l" >"$out/line_$((n++))"; done
        for f in "${corpora[@]}"; do head -n 3 "$f" >"$out/head_$((n++))"; done ;;
    fuzz_beir_gzip)
        beir_heads | while IFS= read -r l; do
            { printf '\0'; printf '%s\n' "$l"; } >"$out/plain_$n"
            { printf '\1'; printf '%s\n' "$l" | gzip -c | tail -c +3; } >"$out/stream_$((n++))"
        done ;;
    fuzz_utf8)
        beir_heads | head -n 20 | while IFS= read -r l; do printf '%s' "$l" >"$out/line_$((n++))"; done
        find "$shared/corpus-se" -type f -name '*.txt' 2>/dev/null | sort | head -n 10 |
            while read -r f; do head -c 2048 "$f" >"$out/se_$((n++))"; done ;;
    fuzz_queries_file)
        for f in "${queries[@]}"; do
            head -n 5 "$f" >"$out/jsonl_$n"
            head -n 5 "$f" | jq -r '[._id, .text] | @tsv' >"$out/tsv_$n" 2>/dev/null
            n=$((n + 1))
        done ;;
    fuzz_qrels)
        for f in "${qrels[@]}"; do
            head -n 20 "$f" >"$out/beir_$n"
            head -n 20 "$f" | awk 'NR > 1 { print $1, 0, $2, $3 }' >"$out/trec_$n"
            n=$((n + 1))
        done ;;
    fuzz_run)
        for f in "${qrels[@]}"; do
            head -n 30 "$f" | awk 'NR > 1 { print $1, "Q0", $2, NR - 1, 100 - NR / 8, "seed" }' \
                >"$out/run_$n"
            n=$((n + 1))
        done ;;
    fuzz_query)
        for f in "${queries[@]}"; do
            head -n 8 "$f" | jq -r '.text' 2>/dev/null
        done | while IFS= read -r q; do
            # Options vary with n: model, AND, feedback, proximity, snippets.
            local o0 o1
            o0=$(printf '\\%03o' $((n % 7)))
            o1=$(printf '\\%03o' $(((n * 37) % 256)))
            { printf "$o0$o1\\050\\062"; printf '%s' "${q:0:2000}"; } >"$out/query_$((n++))"
        done ;;
    fuzz_cli | fuzz_serve_params | fuzz_se_dump) ;; # hand-made seeds only
    esac
}

# The last libFuzzer status line's field $2 ("cov:", "ft:", "corp:").
stat_field() { # LOG FIELD
    grep -E '^#[0-9]+' "$1" | tail -n 1 |
        sed -n "s/.* $2 \([0-9]*\).*/\1/p"
}
# Executions: the final stats, or (fork mode prints none) the last status line.
executions() {
    local n
    n=$(sed -n 's/^stat::number_of_executed_units: //p' "$1" | tail -n 1)
    [ -n "$n" ] || n=$(grep -E '^#[0-9]+' "$1" | tail -n 1 | sed 's/^#\([0-9]*\).*/\1/')
    echo "$n"
}

run_target() { # TARGET SECONDS WORKDIR RUNS-LIMIT (0: none)
    local t=$1 secs=$2 work=$3 runs=$4
    local extra=()
    [ "$runs" -gt 0 ] && extra+=(-runs="$runs")
    [ "${FUZZ_FORK:-0}" = 1 ] && [ "$runs" -eq 0 ] &&
        extra+=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
    local seeds=()
    [ -d "tests/fuzz/seeds/$t" ] && seeds+=("tests/fuzz/seeds/$t")
    [ -d "tests/fuzz/regress/$t" ] && seeds+=("tests/fuzz/regress/$t")
    mkdir -p "$work/corpus/$t" "$work/findings/$t"
    rm -rf "$work/seeds/$t"
    make_seeds "$t" "$work/seeds/$t"
    "${launcher[@]}" "$bin/$t" -max_total_time="$secs" "${extra[@]}" -print_final_stats=1 -close_fd_mask=3 \
        -detect_leaks=1 -timeout=10 -max_len="$(max_len_of "$t")" \
        -dict="tests/fuzz/$(dict_of "$t").dict" -artifact_prefix="$work/findings/$t/" \
        "$work/corpus/$t" "$work/seeds/$t" "${seeds[@]}" >"$work/$t.log" 2>&1
}

if [ ! -d "$bin" ] || ! command -v clang >/dev/null; then
    echo "not ok - fuzz: no fuzz build (clang and libclang-rt-14-dev missing? run ./setup.sh," \
         "then make SANITIZE=fuzz fuzz-build)"
    echo "0 passed, 1 failed"
    exit 1
fi

launcher=()
case $mode in
fuzz)
    # Long runs share the machine: lower priority.
    launcher=(nice -n 10)
    work=$root/build-fuzz
    report=$work/fuzz-report.txt
    printf '%-20s %7s %12s %6s %7s %7s %8s\n' target seconds executions cov ft corpus findings \
        >"$report"
    found=0
    for t in $targets; do
        before=$(find "$work/findings/$t" -type f 2>/dev/null | wc -l)
        start=$(date +%s)
        run_target "$t" "$seconds" "$work" 0
        took=$(($(date +%s) - start))
        after=$(find "$work/findings/$t" -type f 2>/dev/null | wc -l)
        new=$((after - before))
        found=$((found + new))
        # Coverage of the corpus the run left, measured by loading it once
        # (-runs=0): the same figure with or without FUZZ_FORK.
        "$bin/$t" -runs=0 -close_fd_mask=3 -max_len="$(max_len_of "$t")" "$work/corpus/$t" \
            >"$work/$t.cov.log" 2>&1
        printf '%-20s %7s %12s %6s %7s %7s %8s\n' "$t" "$took" "$(executions "$work/$t.log")" \
            "$(stat_field "$work/$t.cov.log" cov:)" "$(stat_field "$work/$t.cov.log" ft:)" \
            "$(find "$work/corpus/$t" -type f | wc -l)" "$new" >>"$report"
        if [ "$new" -gt 0 ]; then
            echo "== $t found something (log: $work/$t.log):"
            grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' "$work/$t.log" |
                head -n 5
        fi
    done
    cat "$report"
    [ "$found" -eq 0 ]
    ;;
smoke)
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    passed=0 failed=0
    result() { # OK? NAME LOG
        if [ "$1" -eq 0 ]; then
            echo "ok - $2"
            passed=$((passed + 1))
        else
            echo "not ok - $2"
            [ -n "${3:-}" ] && grep -vE '^(#|INFO|Running|Executed|MS:|\s*$)' "$3" |
                tail -n 30 | sed 's/^/    /'
            failed=$((failed + 1))
        fi
    }
    for t in $targets; do
        inputs=(tests/fuzz/regress/"$t"/*)
        if [ -e "${inputs[0]}" ]; then
            "$bin/$t" -close_fd_mask=3 -detect_leaks=1 -timeout=10 "${inputs[@]}" \
                >"$work/$t.replay.log" 2>&1
            result $? "fuzz $t: replays its ${#inputs[@]} regression input(s)" \
                "$work/$t.replay.log"
        fi
        run_target "$t" 4 "$work" 500000
        rc=$?
        result "$rc" "fuzz $t: 4 s smoke, $(executions "$work/$t.log") executions" \
            "$work/$t.log"
    done
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    ;;
*)
    echo "usage: tests/fuzz/run.sh fuzz SECONDS | smoke" >&2
    exit 2
    ;;
esac
