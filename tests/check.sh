#!/usr/bin/env bash
# tests/check.sh - the whole test suite, as `make check` runs it:
#   1. every test against the normal build (warnings are errors);
#   2. every test again against an AddressSanitizer/UBSan build;
#   3. the Xapian wrapper's unit tests and the demo under valgrind, which
#      sees what the sanitizers cannot across the C++ boundary;
#   4. the libFuzzer targets (clang): kept regression inputs replayed, and a
#      few seconds of fuzzing each (tests/fuzz/run.sh smoke).
# Ends with one line "N passed, N failed" over all stages.
set -u
cd "$(dirname "$0")/.." || exit 2
jobs=$(nproc 2>/dev/null || echo 2)
total_pass=0 total_fail=0

stage() { # NAME BUILD
    echo "== $1"
    local out
    out=$(tests/run.sh "$2" | tee /dev/stderr | tail -n 1)
    local p f
    p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$out")
    f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$out")
    total_pass=$((total_pass + ${p:-0}))
    total_fail=$((total_fail + ${f:-1}))
}

build_or_fail() { # MAKE-ARGS...
    if ! make -s -j"$jobs" "$@" all >/dev/null; then
        echo "not ok - build failed: make $*"
        echo "$total_pass passed, $((total_fail + 1)) failed"
        exit 1
    fi
}

build_or_fail
stage "plain build" build

build_or_fail SANITIZE=1
# Leaks are errors too; halt_on_error makes any report fail the test.
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    stage "AddressSanitizer + UBSan" build-asan

echo "== valgrind (C++ boundary)"
vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
vg_check() { # NAME COMMAND...
    local name=$1
    shift
    "${vg[@]}" "$@" >"$tmp/vg.out" 2>&1
    local rc=$?
    if [ "$rc" -eq 99 ] || grep -q '^==[0-9]*== ' "$tmp/vg.out"; then
        echo "not ok - valgrind: $name"
        sed 's/^/    /' "$tmp/vg.out" | tail -n 40
        total_fail=$((total_fail + 1))
    else
        echo "ok - valgrind: $name"
        total_pass=$((total_pass + 1))
    fi
}
if command -v valgrind >/dev/null; then
    for t in build/tests/test_xapian_c; do
        [ -x "$t" ] && vg_check "$(basename "$t")" "$t"
    done
    vg_check "quarry-index on the sample" build/bin/quarry-index -d "$tmp/idx" corpus
    vg_check "quarry-query text" build/bin/quarry-query -d "$tmp/idx" --color=always botox
    vg_check "quarry-query json" build/bin/quarry-query -d "$tmp/idx" --format json atrophied
    vg_check "quarry-query missing index" build/bin/quarry-query -d "$tmp/none" botox
    vg_check "quarry-index --check" build/bin/quarry-index --check -d "$tmp/idx"
    # quarry-serve under valgrind: a few requests over its worker threads
    # (each with its own searcher), then SIGTERM; loopback only.
    serve_vg() {
        rm -f "$tmp/port"
        "${vg[@]}" build/bin/quarry-serve -d "$tmp/idx" --listen 127.0.0.1:0 \
            --port-file "$tmp/port" --threads 2 >"$tmp/vg.out" 2>&1 &
        local pid=$! port p
        for _ in $(seq 300); do [ -s "$tmp/port" ] && break; sleep 0.1; done
        port=$(cat "$tmp/port" 2>/dev/null)
        for p in "/search?q=botox" "/?q=botox+calf" "/passage/000_14adfe264c4b3c6f%233" \
            /stats /health "/search?q=x&limit=0" /nothing; do
            curl -s -o /dev/null "http://127.0.0.1:$port$p"
        done
        kill "$pid"
        wait "$pid"
    }
    serve_vg
    rc=$?
    if [ "$rc" -ne 0 ] || grep -q '^==[0-9]*== ' "$tmp/vg.out"; then
        echo "not ok - valgrind: quarry-serve requests (exit $rc)"
        sed 's/^/    /' "$tmp/vg.out" | tail -n 40
        total_fail=$((total_fail + 1))
    else
        echo "ok - valgrind: quarry-serve requests"
        total_pass=$((total_pass + 1))
    fi
else
    echo "not ok - valgrind is not installed (run ./setup.sh)"
    total_fail=$((total_fail + 1))
fi

echo "== fuzz targets (regression inputs, smoke)"
# No clang or no fuzzer runtime is a failure, not a skip: run.sh says so.
if ! make -s -j"$jobs" SANITIZE=fuzz fuzz-build >"$tmp/fuzz-build.out" 2>&1; then
    sed 's/^/    /' "$tmp/fuzz-build.out" | tail -n 20
    echo "not ok - fuzz build failed: make SANITIZE=fuzz fuzz-build (clang and" \
         "libclang-rt-14-dev installed? see setup.sh)"
    total_fail=$((total_fail + 1))
else
    out=$(tests/fuzz/run.sh smoke | tee /dev/stderr | tail -n 1)
    p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$out")
    f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$out")
    total_pass=$((total_pass + ${p:-0}))
    total_fail=$((total_fail + ${f:-1}))
fi

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
