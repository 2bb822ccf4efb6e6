#!/usr/bin/env bash
# Indexer edge cases (issue 9, section 4): overlapping roots converge, files
# read with errors are retried every run, long relative paths and IDs are
# indexable, the index's own directory is skipped, signals clean up a
# rebuild, --wait=SECONDS, language names, standard input, capped
# diagnostics.
source "$(dirname "$0")/lib.sh"

doc() { printf 'Question %s?\n\nBody of %s.\n\nAnswer one\n\nFirst answer about %s.\n\nAnswer two\n\nSecond answer about %s.\n' "$1" "$1" "$1" "$1"; }
# passages INDEX: how many passages the index holds
passages() { "$QUERY" -d "$1" --format trec -n 1000000 allwords | wc -l; }
# all_ids INDEX: every passage ID, sorted
all_ids() { "$QUERY" -d "$1" --format trec -n 1000000 allwords | awk '{print $3}' | sort | tr '\n' ' ' | sed 's/ $//'; }

# --- Overlapping roots: a file reached through two roots is indexed once,
# under the first root given; build, update and rebuild agree.
SE="$TMP/se"
mkdir -p "$SE/ai/deep"
doc "allwords apples" >"$SE/a.txt"
doc "allwords bananas" >"$SE/ai/b.txt"
doc "allwords cherries" >"$SE/ai/deep/c.txt"
ln -s ../a.txt "$SE/ai/link.txt" # the same file through a link, inside the roots
for j in 1 2; do
    D="$TMP/ov$j"
    run "$INDEX" -d "$D" -j "$j" "$SE" "$SE/ai"
    check_eq "overlap (-j $j): build exit 0" 0 "$RC"
    check_contains "overlap (-j $j): one warning names the root and the first root" \
        "$SE/ai: warning: 3 files here were taken already under $SE (the first path given wins): indexed once" "$ERR"
    check_contains "overlap (-j $j): the link inside the root is taken once too" \
        "$SE: warning: 1 file here was taken already under $SE" "$ERR"
    check_contains "overlap (-j $j): 3 files, 6 passages" "holds 6 passages" "$ERR"
    check_eq "overlap (-j $j): IDs under the first root" \
        "a#1 a#2 ai/b#1 ai/b#2 ai/deep/c#1 ai/deep/c#2" "$(all_ids "$D")"
    run "$INDEX" -d "$D" -j "$j" "$SE" "$SE/ai"
    check_contains "overlap (-j $j): the update after the build is up to date" "is up to date (3 files checked)" "$ERR"
    run "$INDEX" -d "$D" -j "$j" "$SE" "$SE/ai"
    check_contains "overlap (-j $j): and the next one too" "is up to date" "$ERR"
    run "$INDEX" -d "$D" -j "$j" --rebuild "$SE" "$SE/ai"
    check_contains "overlap (-j $j): a rebuild holds the same 6" "holds 6 passages" "$ERR"
    check_eq "overlap (-j $j): with the same IDs" \
        "a#1 a#2 ai/b#1 ai/b#2 ai/deep/c#1 ai/deep/c#2" "$(all_ids "$D")"
    run "$INDEX" -d "$D" -j "$j" "$SE" "$SE/ai"
    check_contains "overlap (-j $j): the update after the rebuild is up to date" "is up to date" "$ERR"
done
# Inner root first: its files keep the IDs relative to it.
run "$INDEX" -d "$TMP/ov-inner" "$SE/ai" "$SE"
check_eq "overlap, inner root first: IDs relative to the first root" \
    "b#1 b#2 deep/c#1 deep/c#2 link#1 link#2" "$(all_ids "$TMP/ov-inner")"
run "$INDEX" -d "$TMP/ov-inner" "$SE/ai" "$SE"
check_contains "overlap, inner root first: then up to date" "is up to date" "$ERR"
# A file deleted under the inner root is removed once, not kept by the other.
rm "$SE/ai/deep/c.txt"
run "$INDEX" -d "$TMP/ov1" "$SE" "$SE/ai"
check_eq "overlap: a deleted file's passages are removed" \
    "a#1 a#2 ai/b#1 ai/b#2" "$(all_ids "$TMP/ov1")"
run "$INDEX" -d "$TMP/ov1" "$SE" "$SE/ai"
check_contains "overlap: then up to date" "is up to date (2 files checked)" "$ERR"

if [ -d "$SHARED/corpus-se/ai" ]; then
    R="$SHARED/corpus-se"
    "$INDEX" -q -d "$TMP/se-ref" "$R"
    want=$(count_all "$TMP/se-ref" the)
    for j in 1 2; do
        run "$INDEX" -d "$TMP/se-ov$j" -j "$j" "$R" "$R/ai"
        check_eq "corpus-se se se/ai (-j $j): as many passages as se alone" "$want" "$(count_all "$TMP/se-ov$j" the)"
        run "$INDEX" -d "$TMP/se-ov$j" -j "$j" "$R" "$R/ai"
        check_contains "corpus-se se se/ai (-j $j): the update is up to date" "is up to date" "$ERR"
        run "$INDEX" -d "$TMP/se-ov$j" -j "$j" --rebuild "$R" "$R/ai"
        check_eq "corpus-se se se/ai (-j $j): a rebuild agrees" "$want" "$(count_all "$TMP/se-ov$j" the)"
        run "$INDEX" -d "$TMP/se-ov$j" -j "$j" "$R" "$R/ai"
        check_contains "corpus-se se se/ai (-j $j): still up to date" "is up to date" "$ERR"
    done
else
    echo "# skipped: the corpus-se overlap reproducer ($SHARED/corpus-se absent)"
fi

# --- A file read with errors is read and reported again on every run, and
# the exit status says so every time (serial, parallel, update).
printf '{"_id": "g1", "text": "allwords good"}\nnot json\n{"_id": "g2", "text": "allwords fine"}\n' >"$TMP/errs.jsonl"
for j in 1 2; do
    D="$TMP/errs$j"
    run "$INDEX" -d "$D" -j "$j" "$TMP/errs.jsonl"
    check_eq "refused line (-j $j): build exit 1" 1 "$RC"
    for n in 2 3; do
        run "$INDEX" -d "$D" -j "$j" "$TMP/errs.jsonl"
        check_eq "refused line (-j $j): run $n exit 1" 1 "$RC"
        check_contains "refused line (-j $j): run $n reports it again" "$TMP/errs.jsonl:2: error: malformed JSON" "$ERR"
        check_contains "refused line (-j $j): run $n reads the file again" "1 file (1 read, 0 unchanged" "$ERR"
    done
    run "$INDEX" -d "$D" -j "$j" --rebuild "$TMP/errs.jsonl"
    check_eq "refused line (-j $j): a rebuild says so too" "1 2" "$RC $(passages "$D")"
    printf '{"_id": "g1", "text": "allwords good"}\n{"_id": "g2", "text": "allwords fine"}\n' >"$TMP/errs.jsonl"
    run "$INDEX" -d "$D" -j "$j" "$TMP/errs.jsonl"
    check_eq "refused line (-j $j): once fixed, exit 0" 0 "$RC"
    run "$INDEX" -d "$D" -j "$j" "$TMP/errs.jsonl"
    check_contains "refused line (-j $j): and then up to date" "is up to date" "$ERR"
    printf '{"_id": "g1", "text": "allwords good"}\nnot json\n{"_id": "g2", "text": "allwords fine"}\n' >"$TMP/errs.jsonl"
done

# --- Long relative paths and IDs: hashed in their terms, kept whole as IDs.
seg=$(printf 'd%.0s' $(seq 120))
LP="$TMP/long"
mkdir -p "$LP/$seg/$seg"
doc "allwords longone" >"$LP/$seg/$seg/x.txt"
doc "allwords longtwo" >"$LP/$seg/$seg/y.txt"
for j in 1 2; do
    run "$INDEX" -d "$TMP/lp$j" -j "$j" "$LP"
    check_eq "long relative path (-j $j): indexed, exit 0" "0 4" "$RC $(passages "$TMP/lp$j")"
    run "$QUERY" -d "$TMP/lp$j" --format json -n 1 longtwo
    check_eq "long relative path (-j $j): the full ID is kept" "$seg/$seg/y#1" "$(jq -r .id <<<"$OUT")"
    run "$INDEX" -d "$TMP/lp$j" -j "$j" "$LP"
    check_contains "long relative path (-j $j): then up to date" "is up to date" "$ERR"
done
doc "allwords longtwo changed" >"$LP/$seg/$seg/y.txt"
run "$INDEX" -d "$TMP/lp1" "$LP"
check_contains "long relative path: a changed file replaces its passages" "2 passages indexed (0 unchanged, 0 deleted)" "$ERR"
check_eq "long relative path: still 4 passages" 4 "$(passages "$TMP/lp1")"
rm "$LP/$seg/$seg/y.txt"
run "$INDEX" -d "$TMP/lp1" "$LP"
check_eq "long relative path: a deleted file's passages go (by its hashed source term)" \
    "$seg/$seg/x#1 $seg/$seg/x#2" "$(all_ids "$TMP/lp1")"
# Two long IDs that share their first 300 bytes stay two passages.
a=$(printf 'x%.0s' $(seq 300))
printf '{"_id": "%sA", "text": "allwords one"}\n{"_id": "%sB", "text": "allwords two"}\n' "$a" "$a" >"$TMP/longid.jsonl"
run "$INDEX" -d "$TMP/longid" "$TMP/longid.jsonl"
check_eq "long IDs sharing a long head: both indexed" "0 2" "$RC $(passages "$TMP/longid")"
run "$QUERY" -d "$TMP/longid" --format json two
check_eq "long IDs: the full ID comes back" "${a}B" "$(jq -r .id <<<"$OUT")"

# --- The index's own directory under a root is skipped, reported once.
C="$TMP/selfc"
mkdir -p "$C"
doc "allwords self" >"$C/s.txt"
"$INDEX" -q -d "$C/idx" "$C"
run "$INDEX" -d "$C/idx" --include '*' "$C" "$C"
check_eq "own index under a root: reported once" 1 "$(grep -c "$C/idx: warning: the index's own directory lies under a root; not indexed" <<<"$ERR")"
check_eq "own index under a root: nothing of it indexed" "0 2" "$RC $(passages "$C/idx")"

# --- SIGTERM / SIGINT / SIGHUP during a rebuild: no tmp-* or extra gen-* left, the
# live index intact, exit 128 + signal.
B="$TMP/bigc"
mkdir -p "$B"
for i in $(seq 300); do
    {
        printf 'Question about t%d\n\nWhat?\n' "$i"
        for a in $(seq 100); do printf '\nAnswer %d\n\nallwords answer %d of %d, and more text to analyse and index.\n' "$a" "$a" "$i"; done
    } >"$B/f$i.txt"
done
"$INDEX" -q -d "$TMP/big" -j 1 "$B"
stub=$(cat "$TMP/big/XAPIANDB")
for j in 1 2; do
    for sig in TERM INT HUP; do
        [ $sig = HUP ] && [ "$j" = 2 ] && continue # one build shape is enough for it
        "$INDEX" -q -d "$TMP/big" -j "$j" --rebuild "$B" 2>"$TMP/sig.err" &
        pid=$!
        seen=no
        for _ in $(seq 500); do
            if [ "$j" = 1 ]; then
                [ "$(find "$TMP/big" -maxdepth 1 -name 'gen-*' | wc -l)" -ge 2 ] && seen=yes
            else
                [ -n "$(find "$TMP/big" -maxdepth 1 -name 'tmp-*')" ] && seen=yes
            fi
            [ $seen = yes ] && break
            sleep 0.01
        done
        sleep 0.2
        kill -"$sig" "$pid"
        wait "$pid"
        rc=$?
        want=$(case $sig in TERM) echo 143 ;; INT) echo 130 ;; HUP) echo 129 ;; esac)
        check_eq "SIG$sig mid-rebuild (-j $j): the build was under way, exit $want" "yes $want" "$seen $rc"
        check_contains "SIG$sig mid-rebuild (-j $j): says so" "interrupted by SIG$sig; nothing of this run was kept" "$(cat "$TMP/sig.err")"
        check_eq "SIG$sig mid-rebuild (-j $j): no scratch or new generation left" \
            "XAPIANDB $(sed -n 's/^auto //p' <<<"$stub") writer.lock" "$(ls "$TMP/big" | tr '\n' ' ' | sed 's/ $//')"
        check_eq "SIG$sig mid-rebuild (-j $j): the old index is intact" "$stub 30000" \
            "$(cat "$TMP/big/XAPIANDB") $(count_all "$TMP/big" allwords)"
    done
done

# --- --wait=SECONDS gives up after that long; --wait without a value waits
# (tested in test_lifecycle.sh).
mkfifo "$TMP/hold"
"$QUARRY_TOOLS/hold_lock" "$TMP/ov1" <"$TMP/hold" >"$TMP/held" &
exec 9>"$TMP/hold"
for _ in $(seq 50); do [ -s "$TMP/held" ] && break; sleep 0.1; done
start=$(date +%s%N)
run "$INDEX" -d "$TMP/ov1" --wait=1 "$SE" 9>&-
took=$((($(date +%s%N) - start) / 1000000))
check_eq "--wait=1 on a locked index: exit 2" 2 "$RC"
check_contains "--wait=1 on a locked index: says so" "quarry-index: index $TMP/ov1 is locked by another quarry-index" "$ERR"
check_eq "--wait=1: waited about 1 s" yes "$([ "$took" -ge 900 ] && [ "$took" -lt 5000 ] && echo yes || echo "no: $took ms")"
run "$INDEX" -d "$TMP/ov1" --wait=0 "$SE" 9>&-
check_eq "--wait=0: does not wait" 2 "$RC"
exec 9>&-
wait
run "$INDEX" -d "$TMP/ov1" --wait=soon "$SE"
check_contains "--wait=soon: refused" "invalid value 'soon' for --wait" "$ERR"
run "$INDEX" --help
check_contains "--help shows the optional argument" "--wait[=SECONDS]" "$OUT"

# --- Language names: case-insensitive, unknown ones named first.
run "$INDEX" -d "$TMP/lang" -l English "$SE"
check_eq "-l English: accepted" 0 "$RC"
run "$INDEX" -d "$TMP/lang" -l english "$SE"
check_contains "-l English was recorded as english" "is up to date" "$ERR"
run "$INDEX" -d "$TMP/lang" -l FRENCH "$SE"
check_contains "-l FRENCH on an english index: other settings" "analyses text as language 'english'" "$ERR"
run "$INDEX" -d "$TMP/lang" -l klingon "$SE"
check_eq "-l klingon on an existing index: unknown language" \
    "2 quarry-index: unknown language 'klingon' for --language (see --list-languages)" \
    "$RC $(head -1 <<<"$ERR")"

# --- Standard input as "-": BEIR (gzip too) and native.
printf '{"_id": "s1", "text": "allwords piped"}\n{"_id": "s2", "text": "allwords piped again"}\n' | gzip >"$TMP/in.jsonl.gz"
run bash -c "zcat '$TMP/in.jsonl.gz' | '$INDEX' -d '$TMP/stdin' --input-format beir -"
check_eq "zcat | quarry-index --input-format beir -: indexed" "0 s1 s2" "$RC $(all_ids "$TMP/stdin")"
run "$QUERY" -d "$TMP/stdin" --format json -n 1 again
check_eq "standard input: its source" "/dev/stdin" "$(jq -r .source <<<"$OUT")"
run bash -c "'$INDEX' -d '$TMP/stdin' --input-format beir - <'$TMP/in.jsonl.gz'"
check_contains "standard input read again, the same: nothing written (gzip detected)" "is up to date (1 file checked); nothing written; it holds 2 passages" "$ERR"
run bash -c "printf '{\"_id\": \"s1\", \"text\": \"allwords piped\"}\n' | '$INDEX' -d '$TMP/stdin' --input-format beir -"
check_eq "standard input: its passages are replaced as a whole" "s1" "$(all_ids "$TMP/stdin")"
run bash -c "doc() { printf 'Question q?\n\nBody.\n\nAnswer\n\nallwords native stdin.\n'; }; doc | '$INDEX' -d '$TMP/stdin-native' - -"
check_eq "native from standard input: IDs stdin#N" "0 stdin#1" "$RC $(all_ids "$TMP/stdin-native")"
check_contains "standard input given twice: read once" "-: warning: standard input given again; read once" "$ERR"

# --- Diagnostics: at most 20 per file, the rest counted and said once.
for i in $(seq 100); do echo "bad line $i"; done >"$TMP/bad.jsonl"
run "$INDEX" -d "$TMP/capped" "$TMP/bad.jsonl" "$TMP/errs.jsonl"
check_eq "100 bad lines: 20 shown" 20 "$(grep -c "^quarry-index: $TMP/bad.jsonl:[0-9]*: error" <<<"$ERR")"
check_contains "100 bad lines: the rest said once" "$TMP/bad.jsonl: error: 80 more errors and 0 more warnings in this file not shown" "$ERR"
check_contains "100 bad lines: the next file's errors are shown" "$TMP/errs.jsonl:2: error: malformed JSON" "$ERR"
check_contains "100 bad lines: all counted" "101 errors" "$ERR"
python3 -c "
import json, sys
with open(sys.argv[1], 'w') as f:
    for i in range(3000):
        f.write(json.dumps({'_id': 'd%d' % i, 'text': 'allwords word%d and some text' % i}) + '\n')
" "$TMP/big.jsonl"
gzip "$TMP/big.jsonl"
python3 -c "
import sys
d = bytearray(open(sys.argv[1], 'rb').read()); d[len(d) // 3] ^= 0x40
open(sys.argv[2], 'wb').write(d)" "$TMP/big.jsonl.gz" "$TMP/flip.jsonl.gz"
run "$INDEX" -d "$TMP/flip" "$TMP/flip.jsonl.gz"
check_eq "a flipped byte in a gzip stream: exit 1, at most 22 lines" "1 yes" \
    "$RC $([ "$(wc -l <<<"$ERR")" -le 22 ] && echo yes || wc -l <<<"$ERR")"
check_contains "a flipped byte: the suppressed ones are counted" "more error" "$ERR"

exit $FAILED
