#!/usr/bin/env bash
# Q&A ranking (issue 10, section 3): stopwords that only rank
# (--stopwords rank: the query without them decides what matches, they add
# their weight to it), and answer quality as a prior (--prior: accepted
# answers and a log-score boost, AND_MAYBE on the query).
source "$(dirname "$0")/lib.sh"
D="$TMP/idx"
C="$TMP/corpus.jsonl"
cat >"$C" <<'EOF2'
{"_id": "s1", "title": "", "text": "how do I brew a cup of strong black coffee at home every single morning"}
{"_id": "s2", "title": "", "text": "brew coffee"}
{"_id": "s3", "title": "", "text": "how how how and how"}
{"_id": "s4", "title": "", "text": "tea leaves"}
{"_id": "z1", "title": "", "text": "zabaglione whisk", "metadata": {"question_id": 7, "score": 0}}
{"_id": "z2", "title": "", "text": "zabaglione whisk", "metadata": {"question_id": 7, "score": 1, "accepted": true}}
{"_id": "z3", "title": "", "text": "zabaglione whisk", "metadata": {"question_id": 7, "score": 50}}
{"_id": "z4", "title": "", "text": "zabaglione whisk", "metadata": {"question_id": 7, "score": -3}}
EOF2
run "$INDEX" -d "$D" "$C"
check_eq "index: exit 0" 0 "$RC"
ranked() { "$QUERY" -d "$D" --format trec "$@" | awk '{print $3}' | tr '\n' ' ' | sed 's/ $//'; }
found() { "$QUERY" -d "$D" --format trec "$@" | awk '{print $3}' | sort | tr '\n' ' ' | sed 's/ $//'; }

# Stopwords.
check_eq "dropped: 'how do I brew' is 'brew', the short passage first" "s2 s1" \
    "$(ranked 'how do I brew')"
check_eq "rank: matches what 'brew' matches" "$(found brew)" \
    "$(found --stopwords rank 'how do I brew')"
check_eq "rank: the passage with 'how' ranks first" "s1 s2" \
    "$(ranked --stopwords rank 'how do I brew')"
check_eq "keep: the stopwords match on their own" "s1 s2 s3" \
    "$(found --stopwords keep 'how do I brew')"
check_eq "rank: ranked as with them kept, among what matches" \
    "$(ranked --stopwords keep 'how do I brew' | tr ' ' '\n' | grep -v s3 | tr '\n' ' ' | sed 's/ $//')" \
    "$(ranked --stopwords rank 'how do I brew')"
check_contains "rank: stopwords AND_MAYBE on the rest (--show-query)" \
    "AND_MAYBE 1 * (Zhow OR Zdo OR Zi)" \
    "$("$QUERY" -d "$D" --stopwords rank --show-query 'how do I brew' 2>&1)"
check_contains "rank:0.5 scales them" "AND_MAYBE 0.5 * (Zhow" \
    "$("$QUERY" -d "$D" --stopwords rank:0.5 --show-query 'how do I brew' 2>&1)"
check_eq "rank: a query of stopwords only is them" "s1 s3" \
    "$(found --stopwords rank 'how')"
check_eq "rank:1:1: a query of one other term gets them" "s1 s2" \
    "$(ranked --stopwords rank:1:1 'how do I brew')"
check_eq "rank:1:1: a query of two other terms does not" "s2 s1" \
    "$(ranked --stopwords rank:1:1 'how do I brew coffee')"
check_eq "rank:1:1: as dropped there" "$(ranked 'how do I brew coffee')" \
    "$(ranked --stopwords rank:1:1 'how do I brew coffee')"
run "$QUERY" -d "$D" --stopwords rank:0 brew
check_eq "rank:0 refused: exit 2" 2 "$RC"
check_contains "rank:0 refused: says what is expected" \
    "invalid value 'rank:0' for --stopwords: expected keep, drop, rank or rank:WEIGHT[:MAX-TERMS]" "$ERR"

# The prior: equal text, so only the prior can order them.
check_eq "no prior: equal scores" 1 \
    "$("$QUERY" -d "$D" --format trec zabaglione | awk '{print $5}' | sort -u | wc -l)"
check_eq "accepted prior: the accepted answer first, the rest as before" "z2" \
    "$(ranked --prior 1:0 zabaglione | cut -d' ' -f1)"
check_eq "score prior: by log(1 + score), scores <= 0 gain nothing" "z3 z2" \
    "$(ranked --prior 0:1 zabaglione | cut -d' ' -f1-2)"
check_eq "both: accepted 2 outweighs ln(51) * 0.1" "z2 z3" \
    "$(ranked --prior 2:0.1 zabaglione | cut -d' ' -f1-2)"
check_eq "the prior never adds a match" "$(found zabaglione)" \
    "$(found --prior 5:5 zabaglione)"
check_eq "the prior never adds a match (other words)" "s2" "$(found --prior 5:5 'brew coffee -how')"
run "$QUERY" -d "$D" --prior 1 zabaglione
check_eq "--prior needs both weights: exit 2" 2 "$RC"
exit $FAILED
