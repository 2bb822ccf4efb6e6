#!/bin/bash
# The backup procedures docs/ARCHITECTURE.md gives, run while --rebuild runs
# again and again (issue 9: `cp -r INDEX backup` during a rebuild gave, in 4
# of 244 copies, a stub naming a generation not copied yet):
#   1. flock INDEX/writer.lock cp -a INDEX BACKUP
#   2. xapian-compact of the generation the stub names, then a fresh stub
# Every copy must open with quarry-query, give the full result set, and pass
# quarry-index --check.
. "$(dirname "$0")/lib.sh"
command -v flock >/dev/null || skip_all "flock(1) (util-linux) is not installed"
command -v xapian-compact >/dev/null || skip_all "xapian-compact (xapian-tools) is not installed"
# libxapian's own Database::check under ASan: see test_check.sh.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}new_delete_type_mismatch=0"

C="$TMP/corpus"
mkdir -p "$C"
for i in $(seq 200); do native_doc "$C/d$i.txt" "w$i" 4; done
TOTAL=800
D="$TMP/idx"
"$INDEX" -q -d "$D" "$C"

# Rebuilds, serial and parallel in turn, until told to stop (--wait: a
# flock'd copy holds them off meanwhile).
(
    i=0
    while [ ! -e "$TMP/stop" ]; do
        "$INDEX" -q -d "$D" --rebuild --wait -j $((1 + i % 2)) "$C" || echo "rebuild failed" >>"$TMP/rebuild-errors"
        i=$((i + 1))
        echo "$i" >"$TMP/rebuilds"
    done
) &
writer=$!

COPIES=8
bad_flock=0 bad_compact=0 retries=0 bad_plain=0
for k in $(seq "$COPIES"); do
    # For comparison, the unsafe way: a plain copy, counted, not asserted.
    cp -a "$D" "$TMP/plain" 2>/dev/null
    [ "$(count_all "$TMP/plain" allpassages 2>/dev/null)" = "$TOTAL" ] || bad_plain=$((bad_plain + 1))
    rm -rf "$TMP/plain"

    B="$TMP/backup-flock-$k"
    flock "$D/writer.lock" cp -a "$D" "$B"
    n=$(count_all "$B" allpassages 2>/dev/null)
    "$INDEX" --check -d "$B" >/dev/null 2>&1 && [ "$n" -eq "$TOTAL" ] || bad_flock=$((bad_flock + 1))

    B="$TMP/backup-compact-$k"
    for attempt in 1 2 3 4 5; do
        rm -rf "$B"
        mkdir -p "$B"
        g=$(sed -n 's/^auto //p' "$D/XAPIANDB")
        if xapian-compact -q "$D/$g" "$B/$g" >/dev/null 2>&1; then
            printf 'auto %s\n' "$g" >"$B/XAPIANDB"
            break
        fi
        retries=$((retries + 1)) # the rebuild removed $g meanwhile: again
    done
    n=$(count_all "$B" allpassages 2>/dev/null)
    "$INDEX" --check -d "$B" >/dev/null 2>&1 && [ "$n" -eq "$TOTAL" ] || bad_compact=$((bad_compact + 1))
done
touch "$TMP/stop"
wait "$writer"
echo "# $(cat "$TMP/rebuilds") rebuilds ran during $COPIES + $COPIES copies; xapian-compact retried $retries times; $bad_plain of $COPIES plain cp -a copies were not whole"
check_eq "the rebuilds ran meanwhile" yes "$([ "$(cat "$TMP/rebuilds")" -ge 2 ] && echo yes || echo no)"
check_eq "the rebuilds never failed" "" "$(cat "$TMP/rebuild-errors" 2>/dev/null)"
check_eq "flock + cp -a: every copy opens, answers all $TOTAL passages and checks clean" 0 "$bad_flock"
check_eq "xapian-compact + stub: every copy opens, answers all $TOTAL passages and checks clean" 0 "$bad_compact"

# Restoring: a copy is an index; quarry-index updates it like the original.
run "$INDEX" -d "$TMP/backup-compact-1" "$C"
check_eq "a restored copy updates: exit 0" 0 "$RC"
check_contains "a restored copy updates: up to date" "is up to date (200 files checked)" "$ERR"

exit "$FAILED"
