#!/usr/bin/env bash
# BEIR input, batch queries, TREC runs, ranking models, feedback, stopwords,
# recorded analysis settings, and quarry-eval on the runs Quarry writes.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# A BEIR corpus with bad lines between good ones.
B="$TMP/corpus.jsonl"
{
    echo '{"_id": "d1", "title": "Wing flutter", "text": "Flutter of a swept wing at high speed."}'
    echo '{"_id": "d2", "title": "Heat transfer", "text": "Heat conduction in composite slabs."}'
    echo '{"_id": "d3", "title": "broken", "text": '
    echo '{"title": "no id", "text": "missing id"}'
    printf '{"_id": "d4", "title": "bad \xff byte", "text": "x"}\n'
    echo '{"_id": "d5", "title": "Boundary layer", "text": "Laminar boundary layer on a flat plate at high speed."}'
} >"$B"
run "$INDEX" -d "$TMP/beir" "$B"
check_eq "BEIR with bad lines: exit 1" 1 "$RC"
check_contains "malformed JSON: file and line" "$B:3: error: malformed JSON" "$ERR"
check_contains "missing _id: file and line" "$B:4: error: missing \"_id\"" "$ERR"
check_contains "invalid UTF-8: file and line" "$B:5: error: invalid UTF-8" "$ERR"
check_contains "good lines indexed" "3 passages indexed, 3 errors" "$ERR"
run "$QUERY" -d "$TMP/beir" high speed
check_eq "BEIR passages are found by their _id" "d1 d5" "$(ids)"
gzip -c "$B" >"$TMP/corpus.jsonl.gz"
run "$INDEX" -d "$TMP/beirgz" "$TMP/corpus.jsonl.gz"
check_contains "gzip-compressed BEIR corpus" "3 passages indexed, 3 errors" "$ERR"

# The run tag is the last field of a TREC line: one word.
run "$QUERY" -d "$TMP/beir" --format trec --run-tag 'my tag' speed
check_contains "--run-tag with a space is refused" "invalid value 'my tag' for --run-tag" "$ERR"
check_eq "--run-tag with a space: exit 2" 2 "$RC"

# A malformed query in a batch is reported and skipped; the rest is answered.
printf '1\tspeed\n2\tAND OR\n3\theat\n' >"$TMP/bad.tsv"
run "$QUERY" -d "$TMP/beir" --queries "$TMP/bad.tsv" --format trec -n 1
check_eq "batch: a malformed query is skipped, the others answered" "1 3" \
    "$(awk '{ print $1 }' <<<"$OUT" | tr '\n' ' ' | sed 's/ $//')"
check_eq "batch: a malformed query: exit 2" 2 "$RC"
check_contains "batch: the malformed query is named" "query 2: malformed query 'AND OR'" "$ERR"
check_contains "batch: the count" "1 malformed query not answered; the others were" "$ERR"

# IDs with whitespace cannot be TREC fields: left out, named, the rest
# written, exit 2; JSON keeps them.
printf '%s\n' '{"_id": "a b", "title": "", "text": "botox one"}' \
    '{"_id": "c", "title": "", "text": "botox two"}' >"$TMP/ws.jsonl"
"$INDEX" -q -d "$TMP/ws" "$TMP/ws.jsonl"
printf '1\tbotox\nq 2\tbotox\n3\tbotox\n' >"$TMP/ws.tsv"
run "$QUERY" -d "$TMP/ws" --format trec --queries "$TMP/ws.tsv"
check_eq "TREC: IDs with whitespace left out, the rest written" \
    "1 Q0 c 2 0.095310 quarry|3 Q0 c 2 0.095310 quarry" "$(tr '\n' '|' <<<"$OUT" | sed 's/|$//')"
check_eq "TREC: IDs with whitespace: exit 2" 2 "$RC"
check_contains "TREC: the passage ID is named" \
    "query 1: 1 passage not written: passage ID 'a b' holds whitespace" "$ERR"
check_contains "TREC: the query ID is named" \
    "query q 2: 2 passages not written: the query ID 'q 2' holds whitespace" "$ERR"
run "$QUERY" -d "$TMP/ws" --format json botox
check_contains "JSON keeps an ID with whitespace" '"id":"a b"' "$OUT"

# A repeated _id: the later line replaces the earlier, with a warning, in a
# serial and in a parallel build alike.
printf '{"_id": "a", "title": "t", "text": "one"}\n{"_id": "b", "title": "t", "text": "two"}\n{"_id": "a", "title": "t", "text": "three"}\n' >"$TMP/dup.jsonl"
for j in 1 2; do
    run "$INDEX" -d "$TMP/dup$j" -j "$j" "$TMP/dup.jsonl"
    check_contains "duplicate _id (-j $j): warned with file and line" "$TMP/dup.jsonl:3: warning: duplicate ID 'a'" "$ERR"
    check_contains "duplicate _id (-j $j): one passage per ID" "holds 2 passages" "$ERR"
    run "$QUERY" -d "$TMP/dup$j" three
    check_eq "duplicate _id (-j $j): the later line wins" "a" "$(ids)"
done

# An _id too long for a Xapian term is indexed (its term hashed), whole as
# an ID, beside the passages around it (the same batch).
long=$(printf 'x%.0s' $(seq 300))
for j in 1 2; do
    printf '{"_id": "p1", "text": "alpha"}\n{"_id": "%s", "text": "alpha"}\n{"_id": "p3", "text": "alpha"}\n' "$long" >"$TMP/long.jsonl"
    run "$INDEX" -d "$TMP/long$j" -j "$j" "$TMP/long.jsonl"
    check_eq "over-long _id (-j $j): indexed, exit 0" 0 "$RC"
    run "$QUERY" -d "$TMP/long$j" alpha
    check_eq "over-long _id (-j $j): every passage of the batch is indexed" "p1 p3 $long" "$(ids)"
done

# Batch mode over one open index, TSV and JSON lines.
printf 'q1\thigh speed\nq2\theat slabs\nq3\tzebra\n' >"$TMP/q.tsv"
run "$QUERY" -d "$TMP/beir" --queries "$TMP/q.tsv" --format trec --run-tag t
check_eq "batch: TREC lines for every hit" \
    "q1 Q0 d1 1 t|q1 Q0 d5 2 t|q2 Q0 d2 1 t" \
    "$(awk '{printf "%s%s %s %s %s %s", (NR > 1 ? "|" : ""), $1, $2, $3, $4, $6}' <<<"$OUT")"
check_eq "batch: exit 0 even when a query matches nothing" 0 "$RC"
run "$QUERY" -d "$TMP/beir" --queries "$TMP/q.tsv" --format json
check_eq "batch json carries qid" "q1 q1 q2" "$(jq -r .qid <<<"$OUT" | tr '\n' ' ' | sed 's/ $//')"
printf '{"_id": "x", "text": "ok"}\nnot a query line\n' >"$TMP/bad-q.jsonl"
run "$QUERY" -d "$TMP/beir" --queries "$TMP/bad-q.jsonl"
check_eq "bad query file: exit 2" 2 "$RC"
check_contains "bad query file: file and line" "$TMP/bad-q.jsonl:2:" "$ERR"

# Models and their parameters.
for m in bm25 bm25plus lm pl2 dph inl2 tfidf; do
    run "$QUERY" -d "$TMP/beir" --model "$m" --format trec high speed
    check_eq "--model $m ranks" "2 matches" "$(wc -l <<<"$OUT") matches"
done
run "$QUERY" -d "$TMP/beir" --model lm --k1 1 speed
check_eq "a parameter the model does not take: exit 2" 2 "$RC"
check_contains "... and says so" "--k1 does not apply to --model lm" "$ERR"
run "$QUERY" -d "$TMP/beir" --b 1.5 speed
check_contains "out-of-range parameter is named" "invalid value '1.5' for --b" "$ERR"
run "$QUERY" -d "$TMP/beir" --expand 3:x:0.1 speed
check_eq "bad --expand: exit 2" 2 "$RC"

run "$QUERY" -d "$TMP/beir" --proximity 1:0.5 speed
check_contains "bad --proximity: named" "invalid value '1:0.5' for --proximity" "$ERR"
run "$QUERY" -d "$TMP/beir" --show-query --proximity 8:0.5 'high speed flutter'
check_eq "--show-query prints the query Xapian runs (stems with positions: proximity)" \
    "Query((((Zhigh@1 OR Zspeed@2 OR Zflutter@3) AND_MAYBE 0.5 * (Zhigh NEAR 8 Zspeed)) AND_MAYBE 0.5 * (Zspeed NEAR 8 Zflutter)))" "$ERR"
check_eq "proximity reorders, never adds matches" "d1 d5" "$(ids)"

# Proximity scores must not depend on docids: a serial and a parallel build
# number the same passages differently, and must rank them alike, to the
# last printed digit.  (Xapian 1.4.22 got this wrong for AND_MAYBE over an
# OR of NEARs; see xc_query_add_proximity.)
awk 'BEGIN { split("wing flutter heat slab plate layer speed shock flow drag lift body", w)
    s = 7
    for (d = 1; d <= 400; d++) {
        n = 3 + d % 9; text = ""
        for (i = 0; i < n; i++) { s = (s * 1103515245 + 12345) % 2147483648; text = text " " w[1 + int(s / 65536) % 12] }
        printf "{\"_id\": \"p%d\", \"title\": \"\", \"text\": \"%s\"}\n", d, text
    } }' >"$TMP/near.jsonl"
printf '%s\n' "1	wing flutter heat" "2	slab plate layer speed" "3	shock flow drag" \
    "4	lift body wing flutter" "5	heat slab shock lift" >"$TMP/near.tsv"
"$INDEX" -q -j 1 -d "$TMP/near1" "$TMP/near.jsonl"
"$INDEX" -q -j 2 -d "$TMP/near2" "$TMP/near.jsonl"
for j in 1 2; do
    "$QUERY" -d "$TMP/near$j" --queries "$TMP/near.tsv" --format trec --proximity 2:1 \
        --limit 50 >"$TMP/near$j.run"
done
check_eq "proximity: serial and parallel builds rank alike (250 lines)" \
    "250 identical" "$(wc -l <"$TMP/near1.run") $(cmp -s "$TMP/near1.run" "$TMP/near2.run" && echo identical)"

# Stopwords are dropped from queries, kept in phrases; --no-stopwords keeps them.
D="$TMP/sample"
"$INDEX" -q -d "$D" corpus
a=$("$QUERY" -d "$D" --format trec botox | awk '{print $3, $5}')
b=$("$QUERY" -d "$D" --format trec 'what are the botox' | awk '{print $3, $5}')
check_eq "stopwords do not change a query" "$a" "$b"
c=$("$QUERY" -d "$D" --format trec --no-stopwords 'what are the botox' | awk '{print $3, $5}')
[ "$a" != "$c" ] && ok "--no-stopwords keeps them" || not_ok "--no-stopwords keeps them" "$c"
# Each language brings its own stopword list (Snowball's), recorded.
"$INDEX" -q -d "$TMP/fr" --language french corpus
run "$QUERY" -d "$TMP/fr" --show-query 'le botox et muscles'
check_eq "a French index drops French stopwords" "Query((Zbotox@2 OR Zmuscl@4))" "$ERR"
# Feedback adds terms from the top passages: more passages match.
F="$TMP/fb.jsonl"
{
    echo '{"_id": "p1", "title": "", "text": "botox injections relax calf muscles"}'
    echo '{"_id": "p2", "title": "", "text": "botox injections for migraine relief"}'
    echo '{"_id": "p3", "title": "", "text": "botox safety study in calf muscles"}'
    echo '{"_id": "p4", "title": "", "text": "calf muscles atrophy after injections"}'
    echo '{"_id": "p5", "title": "", "text": "unrelated text about cats"}'
} >"$F"
"$INDEX" -q -d "$TMP/fb" "$F"
run "$QUERY" -d "$TMP/fb" --format trec botox
check_eq "feedback corpus: botox alone" "p1 p2 p3" "$(awk '{printf "%s%s", sep, $3; sep = " "}' <<<"$OUT")"
plain=$OUT
run "$QUERY" -d "$TMP/fb" --format trec --expand 3:10:0.3 --expand-when 1 botox
check_eq "--expand finds passages the query alone does not" "p1 p2 p3 p4" \
    "$(awk '{ print $3 }' <<<"$OUT" | sort | tr '\n' ' ' | sed 's/ $//')"
# Selective feedback: the 3rd passage scores 0.9244 of the first (0.282286
# / 0.305382): the head does not stand out below that ratio.
run "$QUERY" -d "$TMP/fb" --format trec --expand 3:10:0.3 botox
check_eq "--expand-when (default 0.55): no feedback when the head does not stand out" "$plain" "$OUT"
run "$QUERY" -d "$TMP/fb" --format trec --expand 3:10:0.3 --expand-when 0.92 botox
check_eq "--expand-when 0.92: still none" "$plain" "$OUT"
run "$QUERY" -d "$TMP/fb" --format trec --expand 3:10:0.3 --expand-when 0.93 botox
check_eq "--expand-when 0.93: feedback" 4 "$(wc -l <<<"$OUT")"
run "$QUERY" -d "$TMP/fb" --format trec --expand 3:10:0.3 --offset 1 -n 1 botox
check_eq "--expand passed over: the first pass answers, paged as asked" \
    "1 Q0 p2 2 0.305382 quarry" "$OUT"
# Feedback must not depend on the page asked for, even where a deep page
# reaches passages of other questions than the head's: one question with
# 14 answers, two more with one each, further down.
mkdir -p "$TMP/qa"
{
    printf 'Botox for calves\n\nIs botox safe for calf muscles?\n'
    for i in $(seq 14); do printf '\nAnswer %d\n\nbotox botox calf number %d\n' "$i" "$i"; done
} >"$TMP/qa/a.txt"
printf 'Zebra\n\nWhat do zebras eat?\n\nGrass\n\nzebra grass and botox rarely\n' >"$TMP/qa/b.txt"
printf 'Yak\n\nWhere do yaks live?\n\nHills\n\nyak hills and botox rarely\n' >"$TMP/qa/c.txt"
"$INDEX" -q -d "$TMP/qaidx" "$TMP/qa"
run "$QUERY" -d "$TMP/qaidx" --format trec --expand 3:10:0.3 --expand-when 1 -n 16 botox
whole=$(awk '{ print $3, $4, $5 }' <<<"$OUT")
pages=$(for i in 0 4 8 12; do
    "$QUERY" -d "$TMP/qaidx" --format trec --expand 3:10:0.3 --expand-when 1 --offset $i -n 4 botox
done | awk '{ print $3, $4, $5 }')
check_eq "feedback: pages agree with the whole ranking (16 lines)" \
    "16 $whole" "$(wc -l <<<"$pages") $pages"
# :MIN-DOCS keeps only the terms that many feedback passages share.
run "$QUERY" -d "$TMP/fb" --show-query --expand 3:10:0.3 --expand-when 1 botox
check_contains "without M: a word of one passage expands" " * Zmigrain " "$ERR"
run "$QUERY" -d "$TMP/fb" --show-query --expand 3:10:0.3:2 --expand-when 1 botox
check_eq "--expand D:T:W:M: only the words 2 of the 3 passages share" "* Zcalf * Zinject * Zmuscl" \
    "$(grep -oE '\* Z[a-z]+' <<<"$ERR" | sort | tr '\n' ' ' | sed 's/ $//')"
# Expansion terms are content words: never the index's stopwords.
run "$QUERY" -d "$TMP/fb" --show-query --expand 3:30:0.3 --expand-when 1 botox
check_eq "expansion never adds stopwords (for, in, about)" "" "$(grep -oE ' \* Z(for|in|about)[ )]' <<<"$ERR")"
# Answers to one question are one feedback passage: the sample's five
# answers share a question, so no word is in 2 feedback passages.
run "$QUERY" -d "$D" --show-query --expand 3:10:0.3:2 --expand-when 1 botox
check_eq "answers to one question count once in feedback" \
    "Query(Zbotox@1); relevance set: 1 passage" "$ERR"
run "$QUERY" -d "$D" --expand 2:10:0.3:3 botox
check_contains "--expand M above D is refused" "invalid value '2:10:0.3:3' for --expand" "$ERR"
run "$QUERY" -d "$D" --expand-when 1.5 botox
check_eq "--expand-when above 1: exit 2" 2 "$RC"

# The query tool analyses with the index's recorded language, not its own.
"$INDEX" -q -d "$TMP/nostem" --language none corpus
run "$QUERY" -d "$TMP/nostem" atrophied
check_eq "an unstemmed index does not stem queries" 1 "$RC"
run "$QUERY" -d "$TMP/nostem" atrophy
check_eq "... but finds the word itself" 0 "$RC"

# Runs are deterministic, and quarry-eval scores them.
if [ -f "$SHARED/datasets/cranfield/corpus.jsonl" ]; then
    cr="$SHARED/datasets/cranfield"
    "$INDEX" -q -d "$TMP/cran" --title-weight 1 --stemming some "$cr/corpus.jsonl"
    "$QUERY" -d "$TMP/cran" --queries "$cr/queries.jsonl" --format trec \
        --model bm25 --k1 1.2 --b 0.75 --no-stopwords --proximity 0 >"$TMP/run1"
    "$QUERY" -d "$TMP/cran" --queries "$cr/queries.jsonl" --format trec \
        --model bm25 --k1 1.2 --b 0.75 --no-stopwords --proximity 0 >"$TMP/run2"
    check_eq "batch answers all 225 Cranfield queries in one process" 225 \
        "$(cut -d' ' -f1 "$TMP/run1" | sort -u | wc -l)"
    cmp -s "$TMP/run1" "$TMP/run2" && ok "two runs are byte-identical" || not_ok "two runs are byte-identical"
    run "$EVAL" "$cr/qrels.tsv" "$TMP/run1"
    # Xapian BM25 (k1=1.2, b=0.75, Snowball english) scores 0.358 here.
    check_eq "plain BM25 reproduces Xapian's Cranfield nDCG@10" "ndcg_cut_10 all 0.3591" \
        "$(grep ndcg_cut_10 <<<"$OUT" | tr '\t' ' ')"
else
    echo "# skipped: Cranfield checks ($SHARED/datasets/cranfield is absent)"
fi
exit $FAILED
