#!/usr/bin/env bash
# The README's promise on the bundled sample corpus: exact rankings, stemming,
# fields, phrases, JSON output, idempotent re-indexing, clear errors.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D="$TMP/idx"
P=000_14adfe264c4b3c6f

run "$INDEX" -d "$D" corpus
check_eq "index the sample: exit 0" 0 "$RC"
check_contains "summary names files and passages" "1 file, 5 passages indexed, 0 errors" "$ERR"

run "$QUERY" -d "$D" --per-question 0 botox
check_eq "botox: exit 0" 0 "$RC"
# Answers 2-5 mention Botox, answer 1 does not.
check_eq "botox ranks the four Botox answers" "$P#2 $P#3 $P#5 $P#4" "$(ids)"

run "$QUERY" -d "$D" --per-question 0 atrophied
check_eq "atrophied finds atrophy by its stem" "$P#4 $P#5 $P#3" "$(ids)"

run "$QUERY" -d "$D" --per-question 0 question:safe
check_eq "question:safe matches every passage" 5 "$(ids | wc -w)"

run "$QUERY" -d "$D" title:atrophy
check_eq "title:atrophy matches answer 4 only" "$P#4" "$(ids)"

run "$QUERY" -d "$D" --per-question 0 '"botox injections"'
check_eq "phrase matches the two answers that say it" "$P#4 $P#2" "$(ids)"
run "$QUERY" -d "$D" '"injections botox"'
check_eq "phrase in the wrong order matches nothing (exit 1)" "1:" "$RC:$OUT"
# The question is part of every passage's context: its phrase matches all.
run "$QUERY" -d "$D" --per-question 0 '"nerve block"'
check_eq "a phrase of the question matches every passage" 5 "$(ids | wc -w)"

run "$QUERY" -d "$D" --per-question 0 botox AND atrophy
check_eq "AND needs both" "$P#4 $P#5 $P#3" "$(ids)"
run "$QUERY" -d "$D" --per-question 0 botox NOT atrophy
check_eq "NOT excludes" "$P#2" "$(ids)"
run "$QUERY" -d "$D" --per-question 0 -- +botox -cast
check_eq "+required -excluded" "$P#2 $P#3 $P#4" "$(ids)"

run "$QUERY" -d "$D" --color=always botox
check_contains "--color=always highlights matches" $'\033[1;31mBotox\033[0m' "$OUT"
run env NO_COLOR=1 "$QUERY" -d "$D" botox
case "$OUT" in *$'\033'*) not_ok "piped output has no colour" "$OUT" ;; *) ok "piped output has no colour" ;; esac

run "$QUERY" -d "$D" --format json -n 2 botox
check_eq "json: one line per hit" 2 "$(printf '%s\n' "$OUT" | wc -l)"
first=$(printf '%s\n' "$OUT" | head -n 1)
check_eq "json: every documented field" \
    "accepted,answer,answer_score,answer_title,answer_title_highlights,author,date,id,line,link,more_answers,question_key,question_title,question_title_highlights,rank,score,site,snippet,snippet_field,snippet_highlights,source,tags" \
    "$(jq -r 'keys | join(",")' <<<"$first")"
check_eq "json: values" \
    "1|$P#2|2|Nerve block procedures to make calves smaller|corpus/$P.txt|9" \
    "$(jq -r '[.rank, .id, .answer, .answer_title, .source, .line] | join("|")' <<<"$first")"
# The highlight spans point at the matched word in the snippet.
check_eq "json: highlight spans cover the match" "Botox" \
    "$(jq -r '.snippet_highlights[0] as [$s, $e] | .snippet | .[$s:$e]' <<<"$first")"

run "$QUERY" -d "$D" --format trec --run-tag t1 botox
check_eq "trec: qid Q0 docid rank score tag" "1 Q0 $P#2 1 t1" \
    "$(printf '%s\n' "$OUT" | head -n 1 | awk '{print $1, $2, $3, $4, $6}')"

run "$INDEX" -d "$D" corpus
check_eq "re-index: exit 0" 0 "$RC"
check_contains "re-index leaves the passage count unchanged" "holds 5 passages" "$ERR"
run "$QUERY" -d "$D" --per-question 0 question:safe
check_eq "re-index: still 5 distinct passages" 5 "$(ids | tr ' ' '\n' | sort -u | wc -l)"

run "$QUERY" -d "$TMP/missing" botox
check_eq "missing index: exit 2" 2 "$RC"
check_contains "missing index: clear message" "quarry-query: no index at $TMP/missing" "$ERR"
check_eq "missing index: one line" 1 "$(printf '%s\n' "$ERR" | wc -l)"

run "$QUERY" -d "$D" 'botox AND'
check_eq "malformed query: exit 2" 2 "$RC"
check_eq "malformed query: names the cause" \
    "quarry-query: malformed query 'botox AND': QueryParserError: Syntax: <expression> AND <expression>" "$ERR"

run "$QUERY" -d "$D" zebra
check_eq "no match: exit 1, nothing printed" "1:" "$RC:$OUT"

run "$QUERY" -d "$D" --limit 0 botox
check_eq "bad --limit: exit 2" 2 "$RC"
check_contains "bad --limit: names the value" "invalid value '0' for --limit" "$ERR"
# make install honours PREFIX and DESTDIR: both tools and their man pages.
run make -s -C "$ROOT" install DESTDIR="$TMP/inst" PREFIX=/opt/quarry BUILD="$(dirname "$QUARRY_BIN")"
check_eq "make install: exit 0" 0 "$RC"
check_eq "make install: binaries and man pages under DESTDIR/PREFIX" \
    "bin/quarry-eval bin/quarry-index bin/quarry-query bin/quarry-serve share/man/man1/quarry-eval.1 share/man/man1/quarry-index.1 share/man/man1/quarry-query.1 share/man/man1/quarry-serve.1" \
    "$(cd "$TMP/inst/opt/quarry" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ' | sed 's/ $//')"
run "$TMP/inst/opt/quarry/bin/quarry-query" --version
check_contains "the installed tool runs" "quarry-query " "$OUT"
exit $FAILED
