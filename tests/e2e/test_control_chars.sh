#!/usr/bin/env bash
# Output that cannot be forged: control characters (C0, DEL, C1) and
# ill-formed UTF-8 from passages, titles, IDs, file names and queries reach
# stdout and stderr only in their visible form (common/escape.h); the only
# escape sequences in text output are Quarry's colours; TREC refuses IDs
# that hold them; JSON repairs what is not UTF-8 and goes on.
source "$(dirname "$0")/lib.sh"
ESC=$'\033'

# raw_controls FILE: bytes a terminal would act on: C0 but newline, DEL,
# C1 encoded as UTF-8 (U+0080-U+009F) or as single bytes.
raw_controls() {
    local c0 c1
    c0=$(tr -d '\n' <"$1" | LC_ALL=C tr -dc '\000-\037\177' | wc -c)
    c1=$(LC_ALL=C grep -c $'\xc2[\x80-\x9f]' "$1")
    echo $((c0 + c1))
}
# utf8_ok FILE: "yes" when FILE is well-formed UTF-8
utf8_ok() { iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 && echo yes || echo no; }

# A native file whose name, question, titles and body hold each class.
C="$TMP/c"
mkdir -p "$C"
evil_name=$'evil\033[2J\nname'
printf 'Evil \033]0;pwned\007 question\n\nWhat about \033[2J clearing?\n\nTitle with \033[31mred\033[0m and \302\233 csi\n\nbody \033[2J text bell\007 bs\010 cr\r del\177 csi\302\233 zap.\n' \
    >"$C/$evil_name.txt"
run "$INDEX" -v -d "$TMP/n" "$C"
printf '%s' "$ERR" >"$TMP/index.err"
check_eq "native: indexed" 0 "$RC"
check_eq "quarry-index -v: no raw control on stderr" 0 "$(raw_controls "$TMP/index.err")"
check_contains "quarry-index -v: the file name, escaped" 'quarry-index: '"$C"'/evil\x1b[2J\nname.txt' "$ERR"

"$QUERY" -d "$TMP/n" --color=never zap >"$TMP/n.out" 2>"$TMP/n.err"
check_eq "text: no raw control on stdout" 0 "$(raw_controls "$TMP/n.out")"
check_eq "text: exact lines" \
    '1. evil\x1b[2J\nname#1  (score 0.154)
   Title with \x1b[31mred\x1b[0m and \u009b csi
   Q: Evil \x1b]0;pwned\x07 question
   body \x1b[2J text bell\x07 bs\x08 cr del\x7f csi\u009b zap.' "$(cat "$TMP/n.out")"
check_eq "text: one result, 5 lines (a newline in an ID forges none)" 5 "$(wc -l <"$TMP/n.out")"

# With colour: every ESC is one of Quarry's own colour codes.
"$QUERY" -d "$TMP/n" --color=always zap >"$TMP/c.out"
colours=$(grep -o "$ESC\[[0-9;]*m" "$TMP/c.out" | sort -u | tr '\n' ' ')
check_eq "colour: only Quarry's codes" "${ESC}[0m ${ESC}[1;31m ${ESC}[1m ${ESC}[35m " "$colours"
sed "s/$ESC\[\(0\|1\|35\|1;31\)m//g" "$TMP/c.out" >"$TMP/c.stripped"
check_eq "colour: no other raw control" 0 "$(raw_controls "$TMP/c.stripped")"
check_eq "colour: the match is marked" 1 "$(grep -c "${ESC}\[1;31mzap${ESC}\[0m\." "$TMP/c.out")"

# TREC refuses the ID as it refuses whitespace; JSON carries it escaped.
run "$QUERY" -d "$TMP/n" --format trec zap
check_eq "trec: control characters in an ID refused (exit 2)" "2:" "$RC:$OUT"
check_contains "trec: says why, escaped" "passage ID 'evil\\x1b[2J\\nname#1' holds whitespace or control characters" "$ERR"
run "$QUERY" -d "$TMP/n" --format json zap
check_eq "json: ID escaped by JSON" '"evil\u001b[2J\nname#1"' "$(jq -c .id <<<"$OUT")"
check_eq "json: answer title exact" '"Title with \u001b[31mred\u001b[0m and \u009b csi"' "$(jq -ac .answer_title <<<"$OUT")"

# BEIR: _id, title and text carry \u001b, \n, \u0007, \u009b, OSC 8.
printf '%s\n' '{"_id":"b1\u001b[31m\nforged 1. line","title":"t\u0007itle zap","text":"beir \u009b text\nwith zap \u001b]8;;http://x\u0007link"}' \
    >"$TMP/corpus.jsonl"
"$INDEX" -q -d "$TMP/b" "$TMP/corpus.jsonl"
"$QUERY" -d "$TMP/b" zap >"$TMP/b.out"
check_eq "beir: no raw control on stdout" 0 "$(raw_controls "$TMP/b.out")"
check_eq "beir: exact lines" \
    '1. b1\x1b[31m\nforged 1. line  (score 0.261)
   t\x07itle zap
   beir \u009b text with zap \x1b]8;;http://x\x07link' "$(cat "$TMP/b.out")"

# Queries: IDs and echoed text, in the batch header and in errors.
printf '%s\n' '{"_id":"q\u001b[2J1","text":"zap"}' '{"_id":"q\u009b2","text":"zap AND \u001b]0;x\u0007"}' \
    '{"_id":"q3","text":"zap AND"}' >"$TMP/q.jsonl"
"$QUERY" -d "$TMP/b" --queries "$TMP/q.jsonl" >"$TMP/q.out" 2>"$TMP/q.err"
check_eq "batch: no raw control on stdout" 0 "$(raw_controls "$TMP/q.out")"
check_eq "batch: no raw control on stderr" 0 "$(raw_controls "$TMP/q.err")"
check_eq "batch: header with the qid escaped" 1 "$(grep -cxF '== query q\x1b[2J1: 1 passage ==' "$TMP/q.out")"
check_contains "batch: a malformed query echoed escaped" "query q3: malformed query 'zap AND'" "$(cat "$TMP/q.err")"
run "$QUERY" -d "$TMP/b" --queries "$TMP/q.jsonl" --format trec
check_contains "trec: a qid with control characters refused" "the query ID 'q\\x1b[2J1' holds whitespace or control characters" "$ERR"

# An echoed query and option value on stderr.
"$QUERY" -d "$TMP/b" $'zap \033[2J AND' 2>"$TMP/e1" >/dev/null
"$QUERY" -d "$TMP/b" --limit $'1\0332J' zap 2>"$TMP/e2" >/dev/null
"$QUERY" -d "$TMP/missing"$'\033[2J' zap 2>"$TMP/e3" >/dev/null
"$QUERY" -d "$TMP/b" --run-tag $'a\033b' zap 2>"$TMP/e4" >/dev/null
"$INDEX" -d "$TMP/x" $'--bogus\033[2J' 2>"$TMP/e5" >/dev/null
"$INDEX" -d "$TMP/x" $'/nonexistent/\033[2J' 2>"$TMP/e6" >/dev/null
for e in e1 e2 e3 e4 e5 e6; do
    check_eq "stderr $e: no raw control ($(head -c 60 "$TMP/$e" | tr -d '\n\033'))" 0 "$(raw_controls "$TMP/$e")"
done
check_contains "stderr: the malformed query, escaped" "malformed query 'zap \\x1b[2J AND'" "$(cat "$TMP/e1")"
check_contains "stderr: the bad --limit value, escaped" "invalid value '1\\x1b2J' for --limit" "$(cat "$TMP/e2")"
check_contains "stderr: the index path, escaped" 'missing\x1b[2J' "$(cat "$TMP/e3")"
check_contains "stderr: the bad run tag, escaped" "invalid value 'a\\x1bb' for --run-tag" "$(cat "$TMP/e4")"
check_contains "stderr: the unknown option, escaped" "unknown option '--bogus\\x1b[2J'" "$(cat "$TMP/e5")"
check_contains "stderr: the unreadable root, escaped" '/nonexistent/\x1b[2J' "$(cat "$TMP/e6")"

# quarry-eval: file names and query IDs in its messages.
printf 'q\0331 0 d1 1\n' >"$TMP/qrels"
printf 'q\0331 Q0 d1 1 1.0 t\nq\0331 Q0 d1 2 0.5 t\n' >"$TMP/run"
"$EVAL" "$TMP/qrels" "$TMP/run" 2>"$TMP/e7" >/dev/null
"$EVAL" "$TMP/none"$'\033[2J' "$TMP/run" 2>"$TMP/e8" >/dev/null
check_eq "quarry-eval: no raw control on stderr" 0 "$(($(raw_controls "$TMP/e7") + $(raw_controls "$TMP/e8")))"
check_contains "quarry-eval: the query ID, escaped" "(query 'q\x1b1' is one)" "$(cat "$TMP/e7")"
check_contains "quarry-eval: the file name, escaped" 'none\x1b[2J: error: cannot open' "$(cat "$TMP/e8")"

# Ill-formed UTF-8 in a file name: shown as \xHH in text, repaired in JSON,
# and a batch with a non-UTF-8 qid goes on.
mkdir -p "$TMP/c2"
printf 'Q zap\n\nbody\n\nA\n\nzap answer\n' >"$TMP/c2/bad"$'\xff'"name.txt"
"$INDEX" -q -d "$TMP/u" "$TMP/c2"
"$QUERY" -d "$TMP/u" zap >"$TMP/u.out"
check_eq "text: an ill-formed byte shown as \\xff" 1 "$(grep -c '^1\. bad\\xffname#1 ' "$TMP/u.out")"
check_eq "text: stdout is UTF-8" yes "$(utf8_ok "$TMP/u.out")"
printf 'q\xff1\tzap\nq2\tzap\n' >"$TMP/q.tsv"
run "$QUERY" -d "$TMP/u" --format json --queries "$TMP/q.tsv"
printf '%s\n' "$OUT" >"$TMP/u.json"
check_eq "json: non-UTF-8 ID and qid repaired, the batch goes on (exit 0)" \
    "0:q"$'\xef\xbf\xbd'"1 bad"$'\xef\xbf\xbd'"name#1,q2 bad"$'\xef\xbf\xbd'"name#1" \
    "$RC:$(jq -r '.qid + " " + .id' "$TMP/u.json" | paste -sd,)"
check_eq "json: stdout is UTF-8" yes "$(utf8_ok "$TMP/u.json")"
check_eq "json: no stale errno" "" "$ERR"
exit $FAILED
