#!/usr/bin/env bash
# A full disk, for real: a small tmpfs made for the test.  A rebuild or an
# update that runs out of space fails with a clear error naming the path,
# exit 2, and the previous index stays intact and queryable.
source "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || skip_all "full-disk test needs root to mount a small tmpfs"
SMALL="$TMP/small"
mkdir -p "$SMALL"
mount -t tmpfs -o size=2m tmpfs "$SMALL" 2>/dev/null || skip_all "cannot mount a tmpfs here"
trap 'umount "$SMALL" 2>/dev/null; rm -rf "$TMP"' EXIT
D="$SMALL/idx"
C="$TMP/c"
mkdir -p "$C"
cp "$ROOT/corpus/"*.txt "$C/"
run "$INDEX" -d "$D" -j 1 "$C"
check_eq "a small index fits" 0 "$RC"
before=$("$QUERY" -d "$D" --format trec botox)
gen=$(live_gen "$D")

# Far more text than 2 MB of index can hold.
for f in $(seq -w 40); do
    {
        printf 'Question %s\n\nBody\n' "$f"
        for a in $(seq 100); do
            printf '\nAnswer %s\n\n' "$a"
            for w in $(seq 30); do printf 'word%s%s%s ' "$f" "$a" "$w"; done
            printf '\n'
        done
    } >"$C/big$f.txt"
done

for jobs in 1 2; do
    run "$INDEX" -d "$D" --rebuild -j "$jobs" "$C"
    check_eq "rebuild -j $jobs on a full disk: exit 2" 2 "$RC"
    check_contains "rebuild -j $jobs: the error names the index" "quarry-index: $D/" "$ERR"
    check_contains "rebuild -j $jobs: the error says why" "No space left on device" "$ERR"
    check_eq "rebuild -j $jobs: the previous generation stays live" "$gen" "$(live_gen "$D")"
    check_eq "rebuild -j $jobs: the failed generation is removed" "XAPIANDB $(basename "$gen") writer.lock" \
        "$(ls "$D" | tr '\n' ' ' | sed 's/ $//')"
    check_eq "rebuild -j $jobs: the old index answers as before" "$before" "$("$QUERY" -d "$D" --format trec botox)"
done

run "$INDEX" -d "$D" "$C"
check_eq "update on a full disk: exit 2" 2 "$RC"
check_contains "update: the error names the index" "quarry-index: $D/" "$ERR"
check_eq "update: the index answers as before" "$before" "$("$QUERY" -d "$D" --format trec botox)"
xapian-check "$gen" >/dev/null 2>&1 && ok "update: the index passes xapian-check" ||
    not_ok "update: the index passes xapian-check" "$(xapian-check "$gen" 2>&1 | tail -n 2)"
check_eq "update: no passage of the failed update is visible" 0 "$(count_all "$D" word0101)"

# With room again, the same update goes through.
rm -f "$C"/big*.txt
run "$INDEX" -d "$D" "$C"
check_eq "with room again, the update completes" 0 "$RC"
exit $FAILED
