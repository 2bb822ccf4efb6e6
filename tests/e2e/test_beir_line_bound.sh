#!/usr/bin/env bash
# A BEIR line has a bound (--max-line-size, default 8 MiB): a longer line is
# reported with FILE:LINE, read away without being held, and skipped; the
# other lines are indexed (exit 1: some input failed).  Plain and gzip.
source "$(dirname "$0")/lib.sh"
# big_line N: a BEIR line of exactly N bytes (ID "big"), without its LF.
big_line() {
    printf '{"_id": "big", "text": "'
    head -c $(($1 - 26)) /dev/zero | tr '\0' 'a'
    printf '"}'
}
make_corpus() { # FILE N
    {
        printf '%s\n' '{"_id": "d1", "text": "lemon before"}'
        big_line "$2"
        printf '\n%s\n' '{"_id": "d3", "text": "lemon after"}'
    } >"$1"
}
make_corpus "$TMP/big.jsonl" $((8 * 1048576 + 1))
check_eq "the generated line is 8 MiB + 1 bytes" $((8 * 1048576 + 1)) "$(sed -n 2p "$TMP/big.jsonl" | tr -d '\n' | wc -c)"
gzip -c "$TMP/big.jsonl" >"$TMP/biggz.jsonl.gz"
for f in big.jsonl biggz.jsonl.gz; do
    run "$INDEX" -d "$TMP/idx-$f" "$TMP/$f"
    check_eq "$f: exit 1" 1 "$RC"
    check_contains "$f: the line is named" \
        "quarry-index: $TMP/$f:2: error: line longer than 8388608 bytes; skipped" "$ERR"
    check_contains "$f: the other lines are indexed" "2 passages indexed, 1 error" "$ERR"
    run "$QUERY" -d "$TMP/idx-$f" lemon
    check_eq "$f: both neighbours are found" "d1 d3" "$(ids | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')"
done

# At the bound a line is read; --max-line-size moves the bound.
make_corpus "$TMP/at.jsonl" 1000
run "$INDEX" -d "$TMP/at" --max-line-size 1000 "$TMP/at.jsonl"
check_eq "a line of exactly --max-line-size bytes is indexed" "0" "$RC"
check_contains "... with its neighbours" "3 passages indexed, 0 errors" "$ERR"
run "$INDEX" -d "$TMP/below" --max-line-size 999 "$TMP/at.jsonl"
check_contains "one byte over --max-line-size: skipped" \
    "$TMP/at.jsonl:2: error: line longer than 999 bytes; skipped" "$ERR"
run "$INDEX" -d "$TMP/zero" --max-line-size 0 "$TMP/at.jsonl"
check_contains "--max-line-size 0 is refused" "invalid value '0' for --max-line-size" "$ERR"
exit $FAILED
