#!/usr/bin/env bash
# A query's matching is stopped at its time limit (issue 12): quarry-query
# --time-limit fails that query (exit 2; a batch answers the others), and
# quarry-serve answers it 422 with a JSON reason and goes on serving.  Not a
# timed test: the limit is 1 ms against a 32-term proximity query over
# 20,000 passages that each hold all 32 words (hundreds of ms, far more
# under valgrind), and the light query matches one passage (one term weight:
# the clock is read every 64th), so neither outcome depends on the machine.
source "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || skip_all "curl is not installed"
command -v jq >/dev/null || skip_all "jq is not installed"

trap 'stop_server; rm -rf "$TMP"' EXIT

WORDS=(water light found small time people world known heart form great house black
    place first life state second system city high large family order day power year
    body early name word back)
awk -v words="${WORDS[*]}" 'BEGIN {
    n = split(words, w, " ")
    srand(7)
    for (d = 1; d <= 20000; d++) {
        text = ""
        for (i = 1; i <= 40; i++)
            text = text " " w[int(rand() * n) + 1]
        printf "{\"_id\": \"p%05d\", \"text\": \"%s\"}\n", d, text
    }
    print "{\"_id\": \"zebra-1\", \"text\": \"a lone zebra\"}"
}' >"$TMP/corpus.jsonl"
run "$INDEX" -q -d "$TMP/idx" "$TMP/corpus.jsonl"
check_eq "the corpus is indexed" 0 "$RC"
HEAVY="${WORDS[*]}"

run "$QUERY" -d "$TMP/idx" --proximity 8:0.1 --time-limit 0.001 --format trec "$HEAVY"
check_eq "a query past --time-limit: exit 2, nothing written" "2 " "$RC $OUT"
check_contains "... saying why" "stopped: its matching ran past the time limit (0.001 s)" "$ERR"
run "$QUERY" -d "$TMP/idx" --time-limit 0.001 --format trec zebra
check_eq "a light query under the same limit: answered" "0 zebra-1" "$RC $(awk '{print $3}' <<<"$OUT")"
run "$QUERY" -d "$TMP/idx" --proximity 8:0.1 --time-limit 3600 --format trec -n 3 "$HEAVY"
check_eq "the heavy query under a generous limit: answered" "0 3" "$RC $(grep -c . <<<"$OUT")"
run "$QUERY" -d "$TMP/idx" --proximity 8:0.1 --time-limit 0 --format trec -n 3 "$HEAVY"
check_eq "--time-limit 0: no limit, as quarry-serve's" "0 3" "$RC $(grep -c . <<<"$OUT")"
run "$QUERY" -d "$TMP/idx" --time-limit -1 zebra
check_contains "a negative --time-limit is refused" "invalid value '-1' for --time-limit" "$ERR"

printf 'heavy\t%s\nlight\tzebra\n' "$HEAVY" >"$TMP/batch.tsv"
run "$QUERY" -d "$TMP/idx" --proximity 8:0.1 --time-limit 0.001 --format trec --queries "$TMP/batch.tsv"
check_eq "a batch: the stopped query is left out, the others answered, exit 2" \
    "2 light zebra-1" "$RC $(awk '{print $1, $3}' <<<"$OUT")"
check_contains "... the stopped query named" "query heavy: query '" "$ERR"
check_contains "... and counted" "1 query stopped at the time limit (0.001 s) not answered" "$ERR"

start_server "$TMP/idx" --time-limit 0.001
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -G --data-urlencode "q=$HEAVY" \
    --data-urlencode "proximity=8:0.1" "$BASE/search")
check_eq "service: a query past --time-limit is a 422" 422 "$code"
check_contains "... with a JSON reason" "ran past the time limit (0.001 s)" \
    "$(jq -r .error "$TMP/body" 2>&1)"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' "$BASE/search?q=zebra")
check_eq "service: the next query is answered" "200 zebra-1" "$code $(jq -r '.hits[0].id' "$TMP/body")"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -G --data-urlencode "q=$HEAVY" \
    --data-urlencode "proximity=8:0.1" "$BASE/")
check_eq "service: the search page says so too, 422" "422 1" \
    "$code $(grep -c 'ran past the time limit' "$TMP/body")"
stop_server
exit $FAILED
