#!/usr/bin/env bash
# Q&A metadata (issue 10, section 2): a hand-made BEIR corpus with metadata
# keys, and native files in directories.  Every filter alone, with text, as
# open and closed ranges and matching nothing; unknown fields refused; one
# answer per question with the count of the others; sort by score and by
# date; the fields in text and JSON output; the native source filters.
source "$(dirname "$0")/lib.sh"
D="$TMP/idx"
C="$TMP/corpus.jsonl"
cat >"$C" <<'EOF'
{"_id": "a1", "title": "Espresso grind size", "text": "Grind finer for espresso shots.", "metadata": {"question_id": 10, "site": "coffee", "tags": ["espresso", "grinder"], "score": 12, "accepted": true, "date": "2019-05-01T10:00:00", "author": "Ann", "link": "https://coffee.stackexchange.com/a/1"}}
{"_id": "a2", "title": "Espresso grind size", "text": "A burr grinder makes the espresso grind even.", "metadata": {"question_id": 10, "site": "coffee", "tags": ["espresso", "grinder"], "score": 3, "date": "2020-06-30T23:59:00"}}
{"_id": "a3", "title": "Espresso grind size", "text": "Espresso needs pressure and a fine grind.", "question_id": 10, "site": "coffee", "tags": "<espresso><grinder>", "score": -2, "date": "2021-01-02"}
{"_id": "b1", "title": "Cold brew ratio", "text": "Cold brew uses a coarse grind and long steeping.", "metadata": {"question_key": "coffee-20", "site": "Coffee", "tags": "cold-brew ratio", "score": 7, "accepted": true, "date": "2018-03-04T05:06:07"}}
{"_id": "c1", "title": "Neural grind", "text": "Backprop is gradient descent, a grind of epochs.", "metadata": {"question_id": "5", "site": "ai", "tags": ["neural-networks", "Grinder"], "score": 40, "accepted": true, "date": "2020-01-15T00:00:00", "link": "https://ai.stackexchange.com/a/9"}}
{"_id": "d1", "title": "Plain grind", "text": "No metadata at all, grind."}
{"_id": "e1", "title": "Odd grind", "text": "Metadata of the wrong kind, grind.", "metadata": {"score": "many", "accepted": "yes", "date": "last week", "tags": 3, "site": "esc\u001b[2Jape"}}
EOF
run "$INDEX" -d "$D" "$C"
check_eq "index the corpus: exit 0" 0 "$RC"
check_contains "a score that is no number: warned, left out" \
    "$C:7: warning: \"score\" is not a whole number; left out" "$ERR"
check_contains "a date that is no date: warned, left out" \
    "$C:7: warning: \"date\" is not a date (YYYY-MM-DD, optionally THH:MM:SS); left out" "$ERR"
check_contains "7 passages, 0 errors" "7 passages indexed, 0 errors, 4 warnings" "$ERR"

# The IDs a query finds, in rank order (trec: every passage, no collapse),
# or sorted when only the set matters.
ranked() { "$QUERY" -d "$D" --format trec "$@" | awk '{print $3}' | tr '\n' ' ' | sed 's/ $//'; }
found() { "$QUERY" -d "$D" --format trec "$@" | awk '{print $3}' | sort | tr '\n' ' ' | sed 's/ $//'; }

check_eq "tag: alone" "a1 a2 a3" "$(found tag:espresso)"
check_eq "tag: is matched without case" "a1 a2 a3 c1" "$(found tag:GRINDER)"
check_eq "two tags: both required" "a1 a2 a3" "$(found tag:espresso tag:grinder)"
check_eq "tag: with text" "c1" "$(found backprop OR finer tag:neural-networks)"
check_eq "site: alone (names without case)" "a1 a2 a3 b1" "$(found site:coffee)"
check_eq "two sites: either" "a1 a2 a3 b1 c1" "$(found site:coffee site:ai)"
check_eq "site: with text" "c1" "$(found grind site:ai)"
check_eq "is:accepted alone" "a1 b1 c1" "$(found is:accepted)"
check_eq "is:accepted with text and site:" "a1 b1" "$(found grind is:accepted site:coffee)"
check_eq "date: closed range, both ends inclusive to the day" "a1 a2 c1" \
    "$(found grind date:2019-01-01..2020-06-30)"
check_eq "date: open end" "a2 a3 c1" "$(found grind date:2020..)"
check_eq "date: open start, a year counts to its end" "a1 b1" "$(found grind date:..2019)"
check_eq "date: months" "a2" "$(found grind date:2020-06..2020-12)"
check_eq "date: to the second" "b1" "$(found grind date:2018-03-04T05:06:07..2018-03-04T05:06:07)"
check_eq "score: open end" "a1 c1" "$(found grind score:10..)"
check_eq "score: closed, negative bound" "a2 a3" "$(found grind score:-5..5)"
check_eq "score: open start" "a3" "$(found grind score:..0)"
check_eq "filters alone, no text: ANDed" "a1" "$(found is:accepted score:10..20)"
run "$QUERY" -d "$D" grind site:nosuchsite
check_eq "a filter that matches nothing: exit 1" 1 "$RC"
run "$QUERY" -d "$D" grind date:2030..
check_eq "a range that matches nothing: exit 1" 1 "$RC"

# Unknown or miswritten fields are refused, not searched as a phrase.
run "$QUERY" -d "$D" grind author:ann
check_eq "unknown field: exit 2" 2 "$RC"
check_eq "unknown field: named, with the known ones" \
    "quarry-query: malformed query 'grind author:ann': unknown field 'author:' (known fields: title:, question:, tag:, site:, is:, source:, in:, score:, date:; to search the words, put a space after the ':' or quote them)" \
    "$ERR"
run "$QUERY" -d "$D" Title:grind
check_contains "miscased field: the right spelling offered" \
    "unknown field 'Title:'; did you mean 'title:'?" "$ERR"
run "$QUERY" -d "$D" -- grind -author:ann
check_contains "unknown field after -: refused" "unknown field 'author:'" "$ERR"
run "$QUERY" -d "$D" grind score:10
check_contains "score: without a range: says how to write one" \
    "score: takes a range, score:LO..HI, where either bound may be left out" "$ERR"
run "$QUERY" -d "$D" grind date:2019
check_contains "date: without a range" "date: takes a range, date:FROM..TO" "$ERR"
run "$QUERY" -d "$D" grind is:closed
check_contains "is: with another value" "is: knows only is:accepted, not is:closed" "$ERR"
run "$QUERY" -d "$D" grind date:2019-13..
check_contains "date: a bad month" "date: '2019-13' is not a date" "$ERR"
run "$QUERY" -d "$D" grind score:many..
check_contains "score: a bound that is no number" "score: 'many' is not a number" "$ERR"
check_eq "a URL is words, not a field" "d1 e1" "$(found -- grind http://example.org/x -tag:espresso -site:coffee -site:ai)"
check_eq "a quoted field-like word is words" "a1" "$(found '"finer for"' 'note: finer' '"author:x"')"
check_eq "a word with dots is a word, not a range" "a1" "$(found 'So... finer')"
run "$QUERY" -d "$D" 'score:10.. So... finer'
check_contains "beside a range field, a word with dots: says what to do" \
    "with score: or date: in a query, every word holding '..' is read as a range (even in quotes): drop the dots" "$ERR"
check_eq "C++ scope and times are words" "a1" "$(found finer std::map 10:30)"
printf 'q1\tgrind author:x\nq2\tgrind site:ai\n' >"$TMP/queries.tsv"
run "$QUERY" -d "$D" --queries "$TMP/queries.tsv" --format trec
check_eq "batch: an unknown field skips its query, the others are answered" \
    "q2 c1" "$(awk '{print $1, $3}' <<<"$OUT")"
check_contains "batch: the skipped query is reported" "query q1: malformed query 'grind author:x': unknown field 'author:'" "$ERR"
check_eq "batch: exit 2" 2 "$RC"

# One answer per question in text output, with how many more there are.
run "$QUERY" -d "$D" espresso grind
check_eq "text: one answer of question coffee-10" 1 "$(grep -c '^[0-9]*\. a[123] ' <<<"$OUT")"
check_contains "text: the others counted" "  (+2 more answers to this question)" "$OUT"
run "$QUERY" -d "$D" --per-question 2 espresso
check_eq "--per-question 2: two of its three" 2 "$(grep -c '^[0-9]*\. a[123] ' <<<"$OUT")"
check_contains "--per-question 2: one more" "(+1 more answer to this question)" "$OUT"
run "$QUERY" -d "$D" --per-question 0 espresso
check_eq "--per-question 0: all three, no count" "0 3" \
    "$(grep -c 'more answer' <<<"$OUT") $(grep -c '^[0-9]*\. a[123] ' <<<"$OUT")"
check_eq "json: every passage by default" "a1 a2 a3" \
    "$("$QUERY" -d "$D" --format json espresso | jq -r .id | sort | tr '\n' ' ' | sed 's/ $//')"
check_eq "json: more_answers null when not collapsing" "null" \
    "$("$QUERY" -d "$D" --format json -n 1 espresso | jq -r .more_answers)"
check_eq "json --per-question 1: one, with the count" "1 2" \
    "$("$QUERY" -d "$D" --format json --per-question 1 espresso | jq -r .more_answers | wc -l) $("$QUERY" -d "$D" --format json --per-question 1 espresso | jq -r .more_answers)"
check_eq "passages without a question key are never collapsed" "d1 e1" \
    "$("$QUERY" -d "$D" --format trec --per-question 1 metadata | awk '{print $3}' | sort | tr '\n' ' ' | sed 's/ $//')"
run "$QUERY" -d "$D" --per-question x grind
check_eq "--per-question: a bad value is refused" 2 "$RC"

# Sorting: highest score first, newest first; passages without one last.
check_eq "--sort score" "c1 a1 b1 a2 a3" "$(ranked --sort score -- grind -metadata)"
check_eq "--sort date" "a3 a2 c1 a1 b1" "$(ranked --sort date -- grind -metadata)"
check_eq "--sort score, no value last" "a1 a2 a3 d1" "$(ranked --sort score -- espresso OR metadata -wrong)"
check_eq "--sort relevance is the default" "$(ranked grind)" "$(ranked --sort relevance grind)"
run "$QUERY" -d "$D" --sort votes grind
check_eq "--sort: an unknown order is refused" 2 "$RC"

# Text output: the metadata on one line under the ID, escaped.
run "$QUERY" -d "$D" -n 1 finer
check_eq "text: site, votes, accepted, day, author, tags, link" \
    "   coffee · 12 votes · ✓ accepted · 2019-05-01 · by Ann · tags: espresso grinder · https://coffee.stackexchange.com/a/1" \
    "$(sed -n 2p <<<"$OUT")"
run "$QUERY" -d "$D" -n 1 steeping
check_eq "text: a negative or small score, the site as written" \
    "   Coffee · 7 votes · ✓ accepted · 2018-03-04 · tags: cold-brew ratio" "$(sed -n 2p <<<"$OUT")"
run "$QUERY" -d "$D" -n 1 pressure
check_eq "text: no accepted mark on an answer not accepted" \
    "   coffee · -2 votes · 2021-01-02 · tags: espresso grinder" "$(sed -n 2p <<<"$OUT")"
run "$QUERY" -d "$D" -n 1 wrong kind
check_eq "text: a site's control characters escaped" '   esc\x1b[2Jape' "$(sed -n 2p <<<"$OUT")"
run "$QUERY" -d "$D" -n 1 absolutely OR 'no metadata'
check_eq "text: no metadata, no line" "   Plain grind" "$(sed -n 2p <<<"$OUT")"

# JSON output: the fields, null when absent.
j=$("$QUERY" -d "$D" --format json -n 1 finer)
check_eq "json: the metadata fields" \
    'coffee-10|coffee|["espresso","grinder"]|12|true|2019-05-01T10:00:00|Ann|https://coffee.stackexchange.com/a/1' \
    "$(jq -r '[.question_key, .site, (.tags | tostring), .answer_score, .accepted, .date, .author, .link] | join("|")' <<<"$j")"
j=$("$QUERY" -d "$D" --format json -n 1 'no metadata')
check_eq "json: absent metadata is null (accepted false)" 'null null null null false null null null' \
    "$(jq -r '[.question_key, .site, .tags, .answer_score, .accepted, .date, .author, .link] | map(tostring) | join(" ")' <<<"$j")"

# The native format: all answers of a file answer one question (its source
# key); source:KEY and in:DIR filter by file and directory.
N="$TMP/native"
mkdir -p "$N/sub/deeper" "$N/other"
native_doc "$N/top.txt" kettle 3
native_doc "$N/sub/one.txt" kettle 2
native_doc "$N/sub/deeper/two.txt" kettle 2
native_doc "$N/other/three.txt" kettle 1
ND="$TMP/nidx"
run "$INDEX" -d "$ND" "$N"
check_eq "native: indexed" 0 "$RC"
nfound() { "$QUERY" -d "$ND" --format trec "$@" | awk '{print $3}' | sort | tr '\n' ' ' | sed 's/ $//'; }
check_eq "source: one file" "sub/one#1 sub/one#2" "$(nfound kettle source:sub/one)"
check_eq "source: without text" "top#1 top#2 top#3" "$(nfound source:top)"
check_eq "source: two files, either" "other/three#1 sub/one#1 sub/one#2" \
    "$(nfound kettle source:sub/one source:other/three)"
check_eq "in: a directory and all below it" "sub/deeper/two#1 sub/deeper/two#2 sub/one#1 sub/one#2" \
    "$(nfound kettle in:sub)"
check_eq "in: a trailing slash is the same" "$(nfound kettle in:sub)" "$(nfound kettle in:sub/)"
check_eq "in: a nested directory" "sub/deeper/two#1 sub/deeper/two#2" "$(nfound kettle in:sub/deeper)"
check_eq "in: part of a name is not a directory" "" "$(nfound kettle in:su)"
check_eq "in: NOT-ed" "other/three#1 top#1 top#2 top#3" "$(nfound kettle NOT in:sub)"
run "$QUERY" -d "$ND" kettle
check_eq "native text: one answer per file" 4 "$(grep -c '^[0-9]*\. ' <<<"$OUT")"
check_contains "native text: the file's other answers counted" \
    "(+2 more answers to this question)" "$OUT"
check_eq "native json: the question key is the source key" "sub/deeper/two sub/deeper/two" \
    "$("$QUERY" -d "$ND" --format json kettle in:sub/deeper | jq -r .question_key | tr '\n' ' ' | sed 's/ $//')"
exit $FAILED
