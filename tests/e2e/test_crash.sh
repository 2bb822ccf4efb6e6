#!/usr/bin/env bash
# kill -9 in the middle of rebuilds and of incremental updates, at points
# spread over the whole run: after each, readers get a complete index that
# passes xapian-check, and the next run completes.
source "$(dirname "$0")/lib.sh"
C="$TMP/c"
D="$TMP/idx"
KILLS=${QUARRY_CRASH_KILLS:-20}
FILES=60 ANSWERS=100
TOTAL=$((FILES * ANSWERS))

# corpus VERSION: every passage says allpassages and VERSION.
corpus() {
    mkdir -p "$C"
    for f in $(seq -w "$FILES"); do native_doc "$C/doc$f.txt" "$1 topic$f" "$ANSWERS"; done
}

# Checks that readers see one complete index; VERSIONS lists the versions
# it may hold ("versiona versionb" allows a mixture: whole batches of each).
check_complete() { # LABEL VERSIONS
    local label=$1 total a b
    total=$(count_all "$D" allpassages)
    a=$(count_all "$D" versiona)
    b=$(count_all "$D" versionb)
    local ok_versions=0
    case "$2" in
    either) { [ "$a" -eq "$TOTAL" ] && [ "$b" -eq 0 ]; } || { [ "$b" -eq "$TOTAL" ] && [ "$a" -eq 0 ]; } && ok_versions=1 ;;
    mixed) [ $((a + b)) -eq "$TOTAL" ] && ok_versions=1 ;;
    esac
    if [ "$total" -eq "$TOTAL" ] && [ "$ok_versions" -eq 1 ] &&
        xapian-check "$(live_gen "$D")" >/dev/null 2>&1; then
        ok "$label"
    else
        not_ok "$label" "passages $total (expected $TOTAL), versiona $a, versionb $b ($2)" \
            "xapian-check: $(xapian-check "$(live_gen "$D")" 2>&1 | tail -n 1)"
    fi
}

# Seconds a full run takes, to spread the kills over it.
timed() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(((t1 - t0) / 1000000)); }

# kill_at MS CMD...: starts CMD, kills it with SIGKILL after MS milliseconds
kill_at() {
    local ms=$1
    shift
    "$@" >/dev/null 2>&1 &
    local pid=$!
    sleep "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}

corpus versiona
"$INDEX" -q -d "$D" "$C"
check_complete "initial index" either

# Rebuilds (serial and parallel in turn), each killed a little later.
rm -rf "$C"
corpus versionb
ms1=$(timed "$INDEX" -q -d "$TMP/probe1" --rebuild -j 1 "$C")
ms2=$(timed "$INDEX" -q -d "$TMP/probe2" --rebuild -j 2 "$C")
rm -rf "$TMP/probe1" "$TMP/probe2"
target=versionb
for i in $(seq "$KILLS"); do
    # Kill points run from early in the build to just past its end, so some
    # kills land during the switch and a few after it.
    jobs=$((1 + i % 2))
    ms=$([ "$jobs" = 1 ] && echo "$ms1" || echo "$ms2")
    at=$((ms * i * 115 / 100 / (KILLS + 1)))
    kill_at "$at" "$INDEX" -q -d "$D" --rebuild -j "$jobs" "$C"
    check_complete "rebuild -j $jobs killed at $i/$((KILLS + 1)) of its run: old or new index, whole" either
    echo "# rebuild -j $jobs killed after $at of $ms ms: live holds $(count_all "$D" "$target") of $TOTAL new passages"
    # Alternate the corpus once the rebuild got through, so each run has work.
    if [ "$(count_all "$D" "$target")" -eq "$TOTAL" ]; then
        target=$([ "$target" = versiona ] && echo versionb || echo versiona)
        rm -rf "$C"
        corpus "$target"
    fi
done
run "$INDEX" -q -d "$D" --rebuild "$C"
check_eq "after the kills, a rebuild completes" 0 "$RC"
check_eq "... with nothing left over" "XAPIANDB $(basename "$(live_gen "$D")") writer.lock" \
    "$(ls "$D" | tr '\n' ' ' | sed 's/ $//')"
check_eq "... holding the new corpus" "$TOTAL" "$(count_all "$D" "$target")"

# Incremental updates in small batches, each killed a little later.
current=$target
target=$([ "$current" = versiona ] && echo versionb || echo versiona)
for f in "$C"/*.txt; do sed -i "s/$current/$target/g" "$f"; done
ms=$(cp -r "$D" "$TMP/probe" && timed "$INDEX" -q -d "$TMP/probe" --batch-size 300 "$C")
rm -rf "$TMP/probe"
for i in $(seq "$KILLS"); do
    kill_at $((ms * i / (KILLS + 1))) "$INDEX" -q -d "$D" --batch-size 300 "$C"
    check_complete "update killed at $i/$((KILLS + 1)) of its run: every passage once" mixed
    echo "# update killed after $((ms * i / (KILLS + 1))) of $ms ms: $(count_all "$D" "$target") of $TOTAL passages updated"
    run "$INDEX" -q -d "$D" --batch-size 300 "$C"
    if [ "$RC" -eq 0 ] && [ "$(count_all "$D" "$target")" -eq "$TOTAL" ]; then
        ok "the next update completes the interrupted one"
    else
        not_ok "the next update completes the interrupted one" "exit $RC: $ERR"
    fi
    current=$target
    target=$([ "$current" = versiona ] && echo versionb || echo versiona)
    for f in "$C"/*.txt; do sed -i "s/$current/$target/g" "$f"; done
done
exit $FAILED
