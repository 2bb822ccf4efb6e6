# tests/e2e/lib.sh - sourced by each end-to-end test script.
#
# Each check prints one TAP line: "ok - NAME" or "not ok - NAME" followed by
# what was expected and what came out.  Binaries come from $QUARRY_BIN (set
# by tests/run.sh); every script works in its own temporary directory.
set -u
: "${QUARRY_BIN:?run through tests/run.sh}"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
INDEX="$QUARRY_BIN/quarry-index"
QUERY="$QUARRY_BIN/quarry-query"
SERVE="$QUARRY_BIN/quarry-serve"
EVAL="$QUARRY_BIN/quarry-eval"
SHARED="$ROOT/../shared"
FAILED=0

ok() { echo "ok - $1"; }
not_ok() {
    echo "not ok - $1"
    shift
    printf '#   %s\n' "$@"
    FAILED=1
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
    if [ "$2" == "$3" ]; then ok "$1"; else not_ok "$1" "expected: $2" "actual:   $3"; fi
}

# check_contains NAME NEEDLE HAYSTACK
check_contains() {
    case "$3" in
    *"$2"*) ok "$1" ;;
    *) not_ok "$1" "expected to contain: $2" "actual: $3" ;;
    esac
}

# run CMD... : sets OUT, ERR and RC
run() {
    "$@" >"$TMP/.out" 2>"$TMP/.err"
    RC=$?
    OUT=$(cat "$TMP/.out")
    ERR=$(cat "$TMP/.err")
}

# ids: the passage IDs of a text result in OUT, space-separated, in order
ids() { printf '%s\n' "$OUT" | sed -n 's/^[0-9]*\. \([^ ]*\) .*/\1/p' | tr '\n' ' ' | sed 's/ $//'; }

# skip_all REASON: nothing to test here (prints the reason, counts nothing)
skip_all() { echo "# skipped: $1"; exit 0; }

# live_gen INDEX: the live generation directory the stub names
live_gen() { echo "$1/$(sed -n 's/^auto //p' "$1/XAPIANDB")"; }

# count_all INDEX TERM: passages matching TERM (0 when none)
count_all() { "$QUERY" -d "$1" --format trec -n 1000000 "$2" | wc -l; }

# native_doc FILE TOKEN N: a native document with N answers mentioning TOKEN
native_doc() {
    {
        printf 'Question about %s\n\nWhat is known about %s?\n' "$2" "$2"
        for i in $(seq "$3"); do
            printf '\nAnswer %d\n\nallpassages %s answer number %d.\n' "$i" "$2" "$i"
        done
    } >"$1"
}

# can_run_as_nobody: root, setpriv, and the binaries reachable by user nobody
# (a checkout under a private home directory is not), for the tests of
# permission errors, which root alone cannot see.
can_run_as_nobody() {
    [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
        setpriv --reuid=65534 --regid=65534 --clear-groups "$INDEX" --version >/dev/null 2>&1
}

# held_start OUT CMD...: runs CMD in the background (QPID) with its standard
# output in a pipe that is read only as far as its first line (into OUT).
# CMD then stops when the pipe is full, a few dozen KB on: a test acts between
# a batch's first answers and the rest, with no sleep and no race.
# held_finish: reads the rest into OUT, waits for CMD, and sets RC.
held_start() {
    HELD_OUT=$1
    shift
    rm -f "$TMP/held.fifo"
    mkfifo "$TMP/held.fifo"
    "$@" >"$TMP/held.fifo" &
    QPID=$!
    exec 7<"$TMP/held.fifo"
    local line=""
    IFS= read -r line <&7
    printf '%s\n' "$line" >"$HELD_OUT"
}
held_finish() {
    cat <&7 >>"$HELD_OUT"
    exec 7<&-
    wait "$QPID"
    RC=$?
}

# quarry-serve, started on a loopback port of its own choosing (tests that
# use it set: trap 'stop_server; rm -rf "$TMP"' EXIT).
SPID=""
# stop_server: SIGTERM, then: it exited 0 and no sanitizer spoke (under the
# ASan stage a leak or an error makes the exit status non-zero too).
stop_server() {
    if [ -n "$SPID" ]; then
        kill "$SPID" 2>/dev/null
        wait "$SPID" 2>/dev/null
        SRC=$?
        SPID=""
        check_eq "server on port $PORT: exit 0 on SIGTERM, no sanitizer report" "0 0" \
            "$SRC $(grep -cE 'Sanitizer|runtime error' "$TMP/serve.err")"
    fi
}

# start_server INDEX [OPTION...]: sets SPID, PORT and BASE once it accepts.
start_server() {
    local index=$1
    shift
    rm -f "$TMP/port"
    "$SERVE" -d "$index" --listen 127.0.0.1:0 --port-file "$TMP/port" "$@" 2>"$TMP/serve.err" &
    SPID=$!
    for _ in $(seq 200); do
        [ -s "$TMP/port" ] && break
        sleep 0.05
    done
    PORT=$(cat "$TMP/port" 2>/dev/null)
    BASE="http://127.0.0.1:$PORT"
    for _ in $(seq 100); do
        curl -s -o /dev/null "$BASE/health" && return 0
        sleep 0.05
    done
    not_ok "server started" "$(cat "$TMP/serve.err")"
}
