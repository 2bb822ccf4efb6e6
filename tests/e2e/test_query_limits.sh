#!/usr/bin/env bash
# Limits on absurd queries (query/query_limits.h): bytes, terms (so the
# --proximity pairs built from them) and parenthesis depth are checked
# before Xapian builds anything.  At each limit a query is answered; one
# beyond it is refused as malformed, naming the limit (exit 2); in a batch
# it is reported and the others are answered.  Before the limits, a
# 70,000-word --proximity query and 35,000 nested parentheses crashed
# quarry-query inside libxapian.
source "$(dirname "$0")/lib.sh"
C="$TMP/c"
D="$TMP/idx"
mkdir -p "$C"
native_doc "$C/doc.txt" lemon 2
"$INDEX" -q -d "$D" "$C"

# words N: "allpassages w2 w3 ... wN": N distinct terms, one that matches.
words() { printf 'allpassages'; seq -f ' w%g' 2 "$1" | tr -d '\n'; }
# nest N: N parentheses deep, AND and OR alternating, around allpassages.
nest() {
    local i
    for ((i = 1; i <= $1; i++)); do
        if ((i % 2)); then printf '(allpassages AND '; else printf '(w%d OR ' "$i"; fi
    done
    printf 'allpassages'
    printf '%*s' "$1" '' | tr ' ' ')'
}

# Terms.
run "$QUERY" -d "$D" --format trec "$(words 1024)"
check_eq "1024 terms (the default limit): answered" "0 2" "$RC $(wc -l <<<"$OUT")"
run "$QUERY" -d "$D" --format trec "$(words 1025)"
check_eq "1025 terms: refused, exit 2" "2" "$RC"
check_eq "1025 terms: the message names the limit" \
    "quarry-query: malformed query: 1025 terms, more than the limit of 1024 (--max-query-terms)" "$ERR"
# With --proximity, a lower bound (each pair of neighbours is a NEAR search).
run "$QUERY" -d "$D" --format trec --proximity 8:0.1 "$(words 32)"
check_eq "32 terms with --proximity (the default limit): answered" "0 2" "$RC $(wc -l <<<"$OUT")"
run "$QUERY" -d "$D" --format trec --proximity 8:0.1 "$(words 33)"
check_eq "33 terms with --proximity: refused, naming the limit" \
    "2 quarry-query: malformed query: 33 terms with --proximity, more than the limit of 32 (--max-proximity-terms)" \
    "$RC $ERR"
run "$QUERY" -d "$D" --format trec "$(words 33)"
check_eq "33 terms without --proximity: answered" "0" "$RC"
run "$QUERY" -d "$D" --format trec --proximity 8:0.1 --max-proximity-terms 1024 "$(words 1024)"
check_eq "--max-proximity-terms 1024: 1024 terms with --proximity answered" "0 2" \
    "$RC $(wc -l <<<"$OUT")"
run "$QUERY" -d "$D" --format trec --proximity 8:0.1 --max-proximity-terms 2000 "$(words 1025)"
check_contains "... but never more than --max-query-terms" "1025 terms, more than the limit of 1024 (--max-query-terms)" "$ERR"
run "$QUERY" -d "$D" --format trec --max-query-terms 3 allpassages lemon answer
check_eq "--max-query-terms 3: 3 terms answered" "0" "$RC"
run "$QUERY" -d "$D" --format trec --max-query-terms 3 allpassages lemon answer number
check_contains "--max-query-terms 3: 4 terms refused" "4 terms, more than the limit of 3" "$ERR"
run "$QUERY" -d "$D" --max-query-terms 10001 lemon
check_contains "--max-query-terms above its ceiling is refused" \
    "invalid value '10001' for --max-query-terms: expected a whole number from 1 to 10000" "$ERR"
run "$QUERY" -d "$D" --max-query-bytes 0 lemon
check_eq "--max-query-bytes 0 is refused" 2 "$RC"

# Bytes: padding with spaces adds bytes, not terms.
pad() { printf 'allpassages%*s' $(($1 - 11)) ''; }
run "$QUERY" -d "$D" --format trec "$(pad 16384)"
check_eq "16384 bytes (the default limit): answered" "0 2" "$RC $(wc -l <<<"$OUT")"
run "$QUERY" -d "$D" --format trec "$(pad 16385)"
check_eq "16385 bytes: refused, naming the limit" \
    "2 quarry-query: malformed query: 16385 bytes, more than the limit of 16384 (--max-query-bytes)" \
    "$RC $ERR"
run "$QUERY" -d "$D" --format trec --max-query-bytes 20000 "$(pad 16385)"
check_eq "--max-query-bytes 20000 lets it through" "0" "$RC"

# Parenthesis depth.
run "$QUERY" -d "$D" --format trec "$(nest 100)"
check_eq "parentheses 100 deep (the limit): answered" "0 2" "$RC $(wc -l <<<"$OUT")"
run "$QUERY" -d "$D" --format trec "$(nest 101)"
check_eq "101 deep: refused, naming the limit" \
    "2 quarry-query: malformed query: parentheses nested 101 deep, more than the limit of 100" \
    "$RC $ERR"

# The two crashes, in one batch between good queries: each absurd query is
# reported and skipped, the others answered.
{
    printf 'good1\tlemon\n'
    printf 'prox\t%s\n' "$(words 70000)"
    printf 'good2\tallpassages\n'
    printf 'deep\t%s\n' "$(nest 35000)"
    printf 'good3\tanswer\n'
} >"$TMP/absurd.tsv"
run "$QUERY" -d "$D" --format trec --proximity 8:0.1 --max-query-bytes 65536 \
    --max-query-terms 10000 --max-proximity-terms 10000 --queries "$TMP/absurd.tsv"
check_eq "batch: exit 2 (incomplete), no crash" 2 "$RC"
check_eq "batch: the good queries are answered" "good1 good2 good3" \
    "$(cut -d' ' -f1 <<<"$OUT" | uniq | tr '\n' ' ' | sed 's/ $//')"
check_contains "batch: the 70,000-word query is refused by size" \
    "query prox: malformed query: 478902 bytes, more than the limit of 65536 (--max-query-bytes)" "$ERR"
check_contains "batch: the 35,000 parentheses are refused" \
    "query deep: malformed query: parentheses nested 35000 deep, more than the limit of 100" "$ERR"
check_contains "batch: the count of refused queries" "2 malformed queries not answered" "$ERR"

# The term limit alone stops the proximity chain: 10,001 short terms fit in
# 65536 bytes.
printf 'many\t%s\n' "$(printf 'allpassages'; seq -f ' %g' 2 10001 | tr -d '\n')" >"$TMP/many.tsv"
run "$QUERY" -d "$D" --format trec --proximity 8:0.1 --max-query-bytes 65536 \
    --max-query-terms 10000 --max-proximity-terms 10000 --queries "$TMP/many.tsv"
check_contains "10,001 terms under --max-query-terms 10000: refused" \
    "query many: malformed query: 10001 terms, more than the limit of 10000" "$ERR"
exit $FAILED
