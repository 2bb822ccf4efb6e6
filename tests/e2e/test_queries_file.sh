#!/usr/bin/env bash
# The queries reader end to end (quarry-query --queries, then quarry-eval):
# a byte-order mark is not part of the first ID, an empty ID is refused, a
# repeated ID is warned about and answered once, an over-long line is
# reported and skipped while the rest is answered, and a NUL stream or a
# read error is an error (exit 2), never the end of the file.
source "$(dirname "$0")/lib.sh"
printf '%s\n' '{"_id": "d1", "text": "lemon tart recipe"}' \
    '{"_id": "d2", "text": "apple pie recipe"}' >"$TMP/corpus.jsonl"
"$INDEX" -q -d "$TMP/idx" "$TMP/corpus.jsonl"
printf 'q1\td1\t1\nq2\td2\t1\n' >"$TMP/qrels.tsv"

# A BOM used to become part of q1's ID: q1 then scored 0.
printf '\xEF\xBB\xBFq1\tlemon\nq2\tapple\n' >"$TMP/bom.tsv"
run "$QUERY" -d "$TMP/idx" --format trec --queries "$TMP/bom.tsv"
check_eq "BOM: the first query's ID is q1" "q1 Q0 d1" "$(head -n 1 <<<"$OUT" | cut -d' ' -f1-3)"
printf '%s\n' "$OUT" >"$TMP/bom.run"
run "$EVAL" "$TMP/qrels.tsv" "$TMP/bom.run"
check_contains "BOM: quarry-eval scores both queries" "$(printf 'ndcg_cut_10\tall\t1.0000')" "$OUT"
printf '\xEF\xBB\xBF{"_id": "q1", "text": "lemon"}\n' >"$TMP/bom.jsonl"
run "$QUERY" -d "$TMP/idx" --format trec --queries "$TMP/bom.jsonl"
check_eq "BOM before JSON lines: skipped too" "q1 Q0 d1" "$(cut -d' ' -f1-3 <<<"$OUT")"

# An empty ID.
printf '%s\n' '{"_id":"","text":"k"}' >"$TMP/empty.jsonl"
run "$QUERY" -d "$TMP/idx" --queries "$TMP/empty.jsonl"
check_eq "empty ID: refused with FILE:LINE, exit 2" \
    "2 quarry-query: $TMP/empty.jsonl:1: empty query ID" "$RC $ERR"

# A repeated ID: warned, answered once, with the later text.
printf 'q1\tapple\nq2\tapple\nq1\tlemon\n' >"$TMP/dup.tsv"
run "$QUERY" -d "$TMP/idx" --format trec --queries "$TMP/dup.tsv"
check_eq "repeated ID: warned with both lines" \
    "quarry-query: $TMP/dup.tsv:3: warning: query ID 'q1' given again (first on line 1): this text replaces the earlier one" \
    "$ERR"
check_eq "repeated ID: answered once, the later text" "q1 Q0 d1|q2 Q0 d2" \
    "$(cut -d' ' -f1-3 <<<"$OUT" | tr '\n' '|' | sed 's/|$//')"
check_eq "repeated ID: exit 0" 0 "$RC"

# An over-long line (1 MiB + 1 byte), plain: skipped, the rest answered.
{
    printf 'q1\tlemon\n'
    printf 'big\t%s\n' "$(head -c $((1048577 - 4)) /dev/zero | tr '\0' 'a')"
    printf 'q2\tapple\n'
} >"$TMP/long.tsv"
run "$QUERY" -d "$TMP/idx" --format trec --queries "$TMP/long.tsv"
check_contains "over-long line: reported with FILE:LINE" \
    "quarry-query: $TMP/long.tsv:2: error: line longer than 1048576 bytes; skipped" "$ERR"
check_contains "over-long line: counted" "1 malformed query not answered" "$ERR"
check_eq "over-long line: the others answered, exit 2" "2 q1 q2" \
    "$RC $(cut -d' ' -f1 <<<"$OUT" | tr '\n' ' ' | sed 's/ $//')"

# Errors that used to pass for the end of the file.
run "$QUERY" -d "$TMP/idx" --queries /dev/zero
check_eq "/dev/zero: refused at once, exit 2" "2 quarry-query: /dev/zero:1: NUL byte in line" "$RC $ERR"
run "$QUERY" -d "$TMP/idx" --queries "$TMP"
check_eq "a directory: a read error, exit 2" "2 quarry-query: cannot read $TMP: Is a directory" \
    "$RC $ERR"
exit $FAILED
