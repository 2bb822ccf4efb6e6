#!/usr/bin/env bash
# Correct output for every passage: titles shown as stored, with matches
# marked; a phrase's snippet is its window, the phrase marked; a short body
# is shown whole; a question: match shows the question; snippet lengths too
# short for a word are refused; a huge body costs no more than a small one.
source "$(dirname "$0")/lib.sh"
ESC=$'\033'
C="$TMP/c"
mkdir -p "$C"
long=x0123456789012345678901234567890123456789012345678901234567890123456789
filler="Filler words follow here, and they say nothing at all about anything."
{
    printf 'A question about Korea\n\nWhat does Korea do about it?\n\n'
    printf 'dash -- emoji \xf0\x9f\x98\x80 %s zap\n\nWe need serious zap answers.\n\n' "$long"
    printf 'Chains\n\nA proof is needed, and at stake is much. %s %s %s Some chains use proof of stake instead of work. %s\n' \
        "$filler" "$filler" "$filler" "$filler"
} >"$C/doc.txt"
"$INDEX" -q -d "$TMP/i" "$C"

run "$QUERY" -d "$TMP/i" -n 1 --color=never zap
check_eq "title as stored, short body whole" \
    "1. doc#1  (score $(sed -n 's/.*(score \(.*\))/\1/p' <<<"$OUT" | head -n 1))
   dash -- emoji $(printf '\xf0\x9f\x98\x80') $long zap
   Q: A question about Korea
   We need serious zap answers." "$OUT"
run "$QUERY" -d "$TMP/i" -n 1 --format json zap
check_eq "json: title as stored, match marked" \
    "dash -- emoji $(printf '\xf0\x9f\x98\x80') $long zap [[88,91]]" \
    "$(jq -r '.answer_title + " " + (.answer_title_highlights | tostring)' <<<"$OUT")"
check_eq "json: short body whole" "We need serious zap answers." "$(jq -r .snippet <<<"$OUT")"

# A phrase: its window, marked as one span.
run "$QUERY" -d "$TMP/i" -n 1 --format json '"proof of stake"'
snippet=$(jq -r .snippet <<<"$OUT")
check_eq "phrase: the snippet is the phrase's window" \
    "...Some chains use proof of stake instead of work. Filler words follow here, and they say nothing at all about anything." \
    "$snippet"
check_eq "phrase: one highlight, the phrase" "proof of stake" \
    "$(jq -r '.snippet as $s | .snippet_highlights | map($s[.[0]:.[1]]) | join("|")' <<<"$OUT")"
run "$QUERY" -d "$TMP/i" -n 1 --color=always '"proof of stake"'
check_contains "phrase: marked in colour" "use ${ESC}[1;31mproof of stake${ESC}[0m instead" "$OUT"

# A question: match shows the question (title marked, body snippet).
run "$QUERY" -d "$TMP/i" -n 1 --color=always question:korea
check_contains "question: the title, marked" "   Q: A question about ${ESC}[1;31mKorea${ESC}[0m" "$OUT"
check_contains "question: the question's body as the snippet" "   Q> What does ${ESC}[1;31mKorea${ESC}[0m do about it?" "$OUT"
run "$QUERY" -d "$TMP/i" -n 1 --format json question:korea
check_eq "json: snippet_field question" "question What does Korea do about it?" \
    "$(jq -r '.snippet_field + " " + .snippet' <<<"$OUT")"

# Snippet lengths: too short for a word refused; the shortest keeps words whole.
run "$QUERY" -d "$TMP/i" --snippet-length 5 zap
check_eq "--snippet-length 5 refused (exit 2)" 2 "$RC"
check_contains "--snippet-length 5: says why" "expected 0 (no snippets) or from 20 to 100000" "$ERR"
run "$QUERY" -d "$TMP/i" -n 1 --format json --snippet-length 20 '"proof of stake"'
check_eq "--snippet-length 20: whole words" "...proof of stake..." "$(jq -r .snippet <<<"$OUT")"

# A 50 MB body: the snippet comes from its start, at the cost of a small one.
mkdir -p "$TMP/big"
{
    printf 'Big question\n\nwhat?\n\nBig answer\n\nThe needle is near the start. '
    yes 'filler text goes here and on.' | head -c 50000000 | tr '\n' ' '
    printf ' needle at the end.\n'
} >"$TMP/big/big.txt"
"$INDEX" -q -d "$TMP/b" "$TMP/big"
run "$QUERY" -d "$TMP/b" --format json needle
check_eq "50 MB body: answered" 0 "$RC"
check_eq "50 MB body: the snippet, marked" \
    "The needle is near the start. filler text goes here and on. filler text goes here and on. filler text goes here and on. filler text goes here and on. filler text goes here and on. filler text goes... needle" \
    "$(jq -r '.snippet + " " + (.snippet as $s | .snippet_highlights | map($s[.[0]:.[1]]) | join("|"))' <<<"$OUT")"

# corpus-se: every body that fits in the snippet is shown whole (Xapian's
# snippet cut 38 of 540 short bodies).
if [ -d "$SHARED/corpus-se" ]; then
    "$INDEX" -q -d "$TMP/se" "$SHARED/corpus-se"
    q='the a is to and of in that it for you this i be on with are not have'
    "$QUERY" -d "$TMP/se" --no-stopwords --format json -n 1000000 --snippet-length 100000 "$q" \
        | jq -r '.snippet' >"$TMP/se.whole"
    "$QUERY" -d "$TMP/se" --no-stopwords --format json -n 1000000 "$q" | jq -r '.snippet' >"$TMP/se.200"
    check_eq "corpus-se: short bodies shown whole (of those up to 200 bytes, how many cut)" 0 \
        "$(paste -d '\t' "$TMP/se.whole" "$TMP/se.200" |
            LC_ALL=C awk -F'\t' 'length($1) <= 200 && $1 != $2 { cut++ } END { print cut + 0 }')"
else
    echo "# skipped corpus-se check: $SHARED/corpus-se absent"
fi
exit $FAILED
