#!/usr/bin/env bash
# Every write to standard output is checked: to /dev/full, --help, -V,
# --list-languages and the normal output of quarry-query and quarry-eval
# exit 2 with "write error: No space left on device" (they used to exit 0).
source "$(dirname "$0")/lib.sh"
[ -w /dev/full ] || skip_all "no /dev/full on this system"
printf '%s\n' '{"_id": "d1", "text": "lemon tart"}' >"$TMP/c.jsonl"
"$INDEX" -q -d "$TMP/idx" "$TMP/c.jsonl"
printf 'q1\tlemon\n' >"$TMP/q.tsv"
"$QUERY" -d "$TMP/idx" --format trec --queries "$TMP/q.tsv" >"$TMP/run"
printf 'q1\td1\t1\n' >"$TMP/qrels.tsv"

full() { # NAME PROGRAM ARGS...
    local name=$1 prog=$2
    shift 2
    "$prog" "$@" >/dev/full 2>"$TMP/.err"
    local rc=$?
    check_eq "$name >/dev/full: exit 2 and says why" \
        "2 $(basename "$prog"): write error: No space left on device" "$rc $(cat "$TMP/.err")"
}
for prog in "$INDEX" "$QUERY" "$EVAL"; do
    full "$(basename "$prog") --help" "$prog" --help
    full "$(basename "$prog") -V" "$prog" -V
done
full "quarry-index --list-languages" "$INDEX" --list-languages
full "quarry-query QUERY" "$QUERY" -d "$TMP/idx" lemon
full "quarry-query --format json" "$QUERY" -d "$TMP/idx" --format json lemon
full "quarry-query --queries" "$QUERY" -d "$TMP/idx" --format trec --queries "$TMP/q.tsv"
full "quarry-eval QRELS RUN" "$EVAL" "$TMP/qrels.tsv" "$TMP/run"

# A closed stdout that is never written to is no error.
"$QUERY" -d "$TMP/idx" nothingmatches >&- 2>"$TMP/.err"
rc=$?
check_eq "stdout closed, nothing written: the usual status" "1 " "$rc $(cat "$TMP/.err")"
exit $FAILED
