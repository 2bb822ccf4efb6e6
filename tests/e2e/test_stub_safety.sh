#!/bin/bash
# A writer removes only what it can prove is a leftover (issue 9, section
# 1): a stub that names a missing or damaged generation, or no stub beside a
# generation, makes quarry-index refuse and touch nothing; quarry-query names
# the real cause and never advises a command that would destroy data; the
# leftovers of a killed rebuild are still cleaned up.
. "$(dirname "$0")/lib.sh"
: "${QUARRY_TOOLS:?run through tests/run.sh}"

C="$TMP/corpus"
mkdir -p "$C" "$TMP/other"
for t in alpha beta gamma; do native_doc "$C/$t.txt" "$t" 3; done
native_doc "$TMP/other/small.txt" small 5
D="$TMP/ts"
"$INDEX" -q -d "$D" -l none "$C"
# A fingerprint of everything in the index but the lock: names and bytes.
state() { (cd "$1" && find . -type f ! -name writer.lock -print0 | sort -z | xargs -0 sha256sum); }

# The reproducer: a stub naming a generation that is not there.
before=$(state "$D")
printf 'auto gen-999999\n' >"$D/XAPIANDB"
before_stub=$(state "$D")
run "$INDEX" -d "$D" "$TMP/other"
check_eq "missing generation: update refused, exit 2" 2 "$RC"
check_contains "missing generation: says what is wrong" "$D/XAPIANDB names gen-999999, which is missing" "$ERR"
check_contains "missing generation: says where the data is and how to point at it" \
    "$D holds the complete generation gen-000001: point the stub at it with \`printf 'auto gen-000001\n' > $D/XAPIANDB\`" "$ERR"
check_contains "missing generation: offers --rebuild" "or run --rebuild" "$ERR"
check_contains "missing generation: says nothing was touched" "$D left untouched" "$ERR"
check_eq "missing generation: nothing deleted or changed" "$before_stub" "$(state "$D")"
run "$INDEX" -d "$D" --batch-size 1 "$C"
check_eq "missing generation: refused again with the same corpus" 2 "$RC"
check_eq "... and still nothing touched" "$before_stub" "$(state "$D")"

run "$QUERY" -d "$D" allpassages
check_eq "quarry-query on it: exit 2" 2 "$RC"
check_contains "quarry-query names the missing generation" "$D/XAPIANDB names gen-999999, which is missing" "$ERR"
case "$ERR" in *"build one"*) not_ok "quarry-query advises no build" "$ERR" ;; *) ok "quarry-query advises no build" ;; esac

# Following the advice brings everything back.
printf 'auto gen-000001\n' >"$D/XAPIANDB"
check_eq "advice followed: the index is whole again" "$before" "$(state "$D")"
check_eq "advice followed: all 9 passages answer" 9 "$(count_all "$D" allpassages)"

# No stub at all beside a generation (a copy that missed it).
rm "$D/XAPIANDB"
run "$INDEX" -d "$D" "$TMP/other"
check_eq "no stub beside a generation: refused, exit 2" 2 "$RC"
check_contains "no stub: says so and how to point one" \
    "$D has no XAPIANDB stub; $D holds the complete generation gen-000001" "$ERR"
check_eq "no stub: the generation is untouched" "$(echo "$before" | grep -v XAPIANDB)" "$(state "$D")"
run "$QUERY" -d "$D" allpassages
check_contains "no stub: quarry-query says so" "$D has no XAPIANDB stub" "$ERR"
printf 'auto gen-000001\n' >"$D/XAPIANDB"

# A stub naming a damaged generation.
X="$TMP/damaged"
cp -a "$D" "$X"
truncate -s 4096 "$X/gen-000001/postlist.glass"
damaged=$(state "$X")
run "$INDEX" -d "$X" "$C"
check_eq "damaged generation: update refused, exit 2" 2 "$RC"
check_contains "damaged generation: named as unreadable or corrupt" \
    "$X/gen-000001 (the generation $X/XAPIANDB names) is unreadable or corrupt" "$ERR"
check_eq "damaged generation: nothing touched" "$damaged" "$(state "$X")"
run "$QUERY" -d "$X" allpassages
check_eq "damaged generation: quarry-query exit 2" 2 "$RC"
check_contains "damaged generation: quarry-query suggests --check" \
    "is unreadable or corrupt: DatabaseError: EOF reading block" "$ERR"
check_contains "... and quarry-index --check" "\`quarry-index --check -d $X\` tells more" "$ERR"

# Other causes, named as such.
run "$QUERY" -d "$TMP/nothing-here" allpassages
check_contains "nothing there: then building one is safe advice" \
    "no index at $TMP/nothing-here: nothing there; build one with quarry-index -d $TMP/nothing-here PATH" "$ERR"
mkdir "$TMP/plain"
run "$QUERY" -d "$TMP/plain" allpassages
check_contains "an empty directory: not a Quarry index" "$TMP/plain is not a Quarry index (no XAPIANDB stub in it)" "$ERR"
if can_run_as_nobody; then
    P="$TMP/perm"
    cp -a "$D" "$P"
    chmod 755 "$TMP"
    chmod 700 "$P/gen-000001"
    run setpriv --reuid=65534 --regid=65534 --clear-groups "$QUERY" -d "$P" allpassages
    check_contains "unreadable generation: permission denied, named" "cannot read $P/gen-000001: Permission denied" "$ERR"
    chmod 700 "$TMP"
else
    echo "# not root or no setpriv: the permission case is tested where they are"
fi

# --rebuild on a broken stub builds beside it (with the settings of the
# generation that opens), and removes the older one only once it is live.
printf 'auto gen-999999\n' >"$D/XAPIANDB"
run "$INDEX" -d "$D" --rebuild "$C"
check_eq "rebuild on a broken stub: exit 0" 0 "$RC"
check_contains "rebuild on a broken stub: the problem is said" "names gen-999999, which is missing" "$ERR"
check_eq "rebuild on a broken stub: the new generation is live" "auto gen-000002" "$(cat "$D/XAPIANDB")"
check_contains "rebuild on a broken stub: settings from the generation that opened" \
    "settings: language none" "$(ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}new_delete_type_mismatch=0" \
        "$INDEX" --check -d "$D")" # libxapian's check: see test_check.sh
check_eq "rebuild on a broken stub: all passages" 9 "$(count_all "$D" allpassages)"

# A complete generation that nothing marks as a leftover is kept.
cp -a "$D/gen-000002" "$D/gen-000005"
run "$INDEX" -d "$D" "$C"
check_eq "unmarked newer generation: update exit 0" 0 "$RC"
check_eq "unmarked newer generation: kept" "XAPIANDB gen-000002 gen-000005 writer.lock" \
    "$(ls "$D" | tr '\n' ' ' | sed 's/ $//')"
rm -rf "$D/gen-000005"

# A rebuild killed with SIGKILL leaves a marked generation: removed.
B="$TMP/big"
mkdir -p "$B"
for i in $(seq 400); do native_doc "$B/d$i.txt" "word$i" 4; done
K="$TMP/killed"
"$INDEX" -q -d "$K" "$C"
"$INDEX" -q -d "$K" --rebuild -j 1 --batch-size 50 "$B" &
pid=$!
for _ in $(seq 2000); do
    [ -n "$(ls "$K" | grep '^building-')" ] && [ -d "$K/gen-000002" ] && break
    sleep 0.005
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
check_eq "killed rebuild: a marked leftover is there" "building-000002 gen-000002" \
    "$(ls "$K" | grep -E '^(building|gen)-000002' | tr '\n' ' ' | sed 's/ $//')"
run "$INDEX" -d "$K" "$C"
check_eq "after the kill: update exit 0" 0 "$RC"
check_contains "after the kill: the leftover is reported" "removed 1 leftover of an interrupted run" "$ERR"
check_eq "after the kill: only the live generation stays" "XAPIANDB gen-000001 writer.lock" \
    "$(ls "$K" | tr '\n' ' ' | sed 's/ $//')"
check_eq "after the kill: the old index answers whole" 9 "$(count_all "$K" allpassages)"

# An index of an older schema: named as such by both tools, an update
# refuses it untouched, a --rebuild carries its settings into the new one.
O="$TMP/old"
"$INDEX" -q -d "$O" -l french "$ROOT/corpus"
"$QUARRY_TOOLS/tamper_index" "$O/gen-000001" set-metadata quarry.schema 2
run "$QUERY" -d "$O" botox
check_eq "older schema: query exit 2" 2 "$RC"
check_contains "older schema: query names the versions and --rebuild" \
    "index schema version 2, this Quarry reads 3 (an older Quarry built it: rebuild it with quarry-index --rebuild)" "$ERR"
run "$INDEX" -d "$O" "$ROOT/corpus"
check_eq "older schema: update exit 2" 2 "$RC"
check_eq "older schema: update leaves it as it was" "XAPIANDB gen-000001 writer.lock" \
    "$(ls "$O" | tr '\n' ' ' | sed 's/ $//')"
run "$INDEX" -d "$O" --rebuild "$ROOT/corpus"
check_eq "older schema: --rebuild exit 0" 0 "$RC"
run "$QUERY" -d "$O" --format json -n 1 botox
check_eq "older schema: rebuilt index answers" 0 "$RC"
# (libxapian's checker trips ASan's new/delete check inside the library)
ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}new_delete_type_mismatch=0" run "$INDEX" --check -d "$O"
check_contains "older schema: the rebuild kept its language" "settings: language french" "$OUT"

# A broken stub and a --rebuild of a corpus that is not there (a typo, an
# unmounted disk): the complete generation beside it is what readers should
# have, so the empty build is refused as it is for a live index.
E="$TMP/emptyrebuild"
"$INDEX" -q -d "$E" "$ROOT/corpus"
printf 'auto gen-999999\n' >"$E/XAPIANDB"
mkdir -p "$TMP/nothing"
for arg in "$TMP/nothing" "$TMP/not-there"; do
    run "$INDEX" -d "$E" --rebuild "$arg"
    check_eq "broken stub, --rebuild of $(basename "$arg"): refused, exit 2" 2 "$RC"
    check_contains "broken stub, --rebuild of $(basename "$arg"): says what it keeps" \
        "the rebuilt index would hold no passage; $E keeps its complete index (5 passages)" "$ERR"
    check_eq "broken stub, --rebuild of $(basename "$arg"): the generation kept" \
        "XAPIANDB gen-000001 writer.lock" "$(ls "$E" | tr '\n' ' ' | sed 's/ $//')"
done
# Rebuilt from a real corpus, it replaces that generation, and says so.
run "$INDEX" -d "$E" --rebuild "$ROOT/corpus"
check_contains "broken stub, --rebuild: the replaced generation named" \
    "the new generation replaces gen-000001, which the stub did not name" "$ERR"

exit "$FAILED"
