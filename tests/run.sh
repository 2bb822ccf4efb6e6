#!/usr/bin/env bash
# tests/run.sh BUILD - runs every test against the binaries of BUILD (build
# or build-asan): each cmocka unit test binary, then each end-to-end script.
# Every test case prints one TAP line ("ok ..." / "not ok ..."); this script
# counts them and ends with "N passed, N failed".  Exit 0 only if none failed
# and at least one ran.
set -u
build=${1:-build}
cd "$(dirname "$0")/.." || exit 2
export QUARRY_BIN="$PWD/$build/bin" QUARRY_TOOLS="$PWD/$build/tests/tools"
export CMOCKA_MESSAGE_OUTPUT=TAP
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
passed=0 failed=0

run_one() { # NAME COMMAND...
    local name=$1 out="$log/out"
    shift
    "$@" >"$out" 2>&1
    local rc=$?
    local p f
    # A skipped test ("# SKIP", e.g. data from ../shared absent) counts as
    # neither: its message says why it did not run.
    p=$(grep -E '^ok ' "$out" | grep -vc '# SKIP')
    f=$(grep -E '^not ok ' "$out" | grep -vc '# SKIP')
    grep -E '^(not )?ok .*# SKIP' "$out" | sed 's/^/    skipped: /'
    grep -E '^# skipped' "$out" | sed 's/^/    /' 
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # crashed or failed outside any test case
        echo "not ok - $name exited with status $rc"
    fi
    passed=$((passed + p)) failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        echo "FAIL $name ($p passed, $f failed):"
        sed 's/^/    /' "$out" | tail -n 60
    else
        echo "PASS $name ($p)"
    fi
}

for t in "$build"/tests/test_*; do
    [ -x "$t" ] && run_one "unit/$(basename "$t")" "$t"
done
for t in tests/e2e/test_*.sh; do
    run_one "e2e/$(basename "$t" .sh)" bash "$t"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
