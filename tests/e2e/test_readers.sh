#!/usr/bin/env bash
# Readers during rebuilds and updates: a query in flight when readers are
# switched to a new generation (and the old one is removed) finishes or
# reopens and retries; it never sees a mixture or an error.
source "$(dirname "$0")/lib.sh"
C="$TMP/c"
D="$TMP/idx"
mkdir -p "$C"
for f in $(seq -w 30); do native_doc "$C/doc$f.txt" "topic$f" 40; done
"$INDEX" -q -d "$D" "$C"
for i in $(seq 400); do printf 'q%d\tallpassages topic%02d\n' "$i" $((i % 30 + 1)); done >"$TMP/q.tsv"
"$QUERY" -d "$D" --queries "$TMP/q.tsv" --format trec -n 50 >"$TMP/expected"

# One batch process reading all along while the index is rebuilt again and
# again: the same corpus, so every answer must be exactly the reference.
rounds=0
(for _ in $(seq 12); do "$INDEX" -q -d "$D" --rebuild "$C"; done) &
writer=$!
while kill -0 "$writer" 2>/dev/null; do
    run "$QUERY" -d "$D" --queries "$TMP/q.tsv" --format trec -n 50
    rounds=$((rounds + 1))
    if [ "$RC" -ne 0 ] || [ "$OUT" != "$(cat "$TMP/expected")" ]; then
        not_ok "batch reader during rebuilds, round $rounds" "exit $RC" "$ERR"
        break
    fi
    run "$QUERY" -d "$D" topic07
    if [ "$RC" -ne 0 ]; then
        not_ok "single query during rebuilds, round $rounds" "exit $RC" "$ERR"
        break
    fi
done
wait "$writer"
check_eq "the rebuilds all succeeded" 0 "$?"
[ "$FAILED" -eq 0 ] && ok "readers saw only whole indexes with the right answers ($rounds rounds)"

# A long-lived reader across many commits of incremental updates.
(for i in $(seq 10); do
    sed -i "s/answer number 1\./answer number 1 round$i./" "$C/doc01.txt"
    "$INDEX" -q -d "$D" --batch-size 10 "$C"
done) &
writer=$!
bad=0
while kill -0 "$writer" 2>/dev/null; do
    run "$QUERY" -d "$D" --queries "$TMP/q.tsv" --format trec -n 50
    [ "$RC" -eq 0 ] && [ "$(wc -l <<<"$OUT")" -eq "$(wc -l <"$TMP/expected")" ] || { bad=1; break; }
done
wait "$writer"
check_eq "readers during incremental updates: every query answered in full" "0" "$bad"
exit $FAILED
