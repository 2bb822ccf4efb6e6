#!/usr/bin/env bash
# Bad and awkward inputs: each is reported with its file (and line), the rest
# is indexed, and the exit status says whether anything failed.
source "$(dirname "$0")/lib.sh"
C="$TMP/corpus"
D="$TMP/idx"
mkdir -p "$C/sub/deeper"
doc() { printf 'Question %s?\n\nBody of %s.\n\nAnswer one\n\nFirst answer about %s.\n\nAnswer two\n\nSecond answer about %s.\n' "$1" "$1" "$1" "$1"; }
doc apples >"$C/a.txt"
doc bananas >"$C/sub/deeper/b.txt"
doc cherries >"$C/c.md" # not *.txt: not taken from a directory

run "$INDEX" -d "$D" "$C"
check_eq "clean corpus: exit 0" 0 "$RC"
check_contains "clean corpus: 2 files, 4 passages" "2 files, 4 passages indexed, 0 errors, 0 warnings" "$ERR"
run "$QUERY" -d "$D" --per-question 0 bananas
check_eq "nested IDs are paths relative to the root" "sub/deeper/b#1 sub/deeper/b#2" "$(ids)"
run "$QUERY" -d "$D" --format json -n 1 bananas
check_eq "source keeps the path as walked" "$C/sub/deeper/b.txt:5" "$(jq -r '"\(.source):\(.line)"' <<<"$OUT")"
run "$INDEX" -d "$D" "$C/c.md"
check_eq "a file named on the command line is taken whatever its name" 0 "$RC"
run "$QUERY" -d "$D" --per-question 0 cherries
check_eq "its ID is its own name" "c#1 c#2" "$(ids)"

# A file that shrinks from 2 answers to 1 leaves exactly 1 passage.
printf 'Question apples?\n\nBody.\n\nOnly answer\n\nAbout apples.\n' >"$C/a.txt"
run "$INDEX" -d "$D" "$C"
run "$QUERY" -d "$D" apples
check_eq "a shrunk file leaves only its current passages" "a#1" "$(ids)"

# Damaged inputs beside good ones.
B="$TMP/bad"
mkdir -p "$B"
doc good >"$B/good.txt"
printf 'Question\n\nBody\n\nTitle\n\nBinary\0body\n' >"$B/nul.txt"
printf 'Question caf\xe9\n\nBody\n\nTitle\n\nLatin-1 caf\xe9 answer\n' >"$B/latin1.txt"
: >"$B/empty.txt"
mkfifo "$B/fifo.txt"
ln -s "$B/nowhere" "$B/dangling.txt"
ln -s . "$B/loop"
head -c 300 /dev/zero | tr '\0' 'x' >"$B/big.txt"
run "$INDEX" -d "$TMP/bad-idx" --max-file-size 200 "$B" "$TMP/no-such-path"
check_eq "damaged inputs: exit 1" 1 "$RC"
check_contains "NUL byte: file and line" "$B/nul.txt:7: error: NUL byte" "$ERR"
check_contains "invalid UTF-8: file and line" "$B/latin1.txt:1: warning: invalid UTF-8" "$ERR"
check_contains "empty file: warned" "$B/empty.txt: warning: empty document" "$ERR"
check_contains "FIFO: skipped" "$B/fifo.txt: error: not a regular file; skipped" "$ERR"
check_contains "dangling link: skipped" "$B/dangling.txt: error: No such file or directory; skipped" "$ERR"
check_contains "directory loop: skipped" "$B/loop: error: directory loop; skipped" "$ERR"
check_contains "huge file: skipped" "$B/big.txt: error: file is larger than 200 bytes; skipped" "$ERR"
check_contains "missing path: reported" "$TMP/no-such-path: error: No such file or directory; skipped" "$ERR"
run "$QUERY" -d "$TMP/bad-idx" --per-question 0 question:good
check_eq "the good file is indexed" "good#1 good#2" "$(ids)"
run "$QUERY" -d "$TMP/bad-idx" latin
check_eq "the invalid UTF-8 file is indexed with U+FFFD" "latin1#1" "$(ids)"
check_contains "U+FFFD stands in for the bad byte" "caf"$'\xef\xbf\xbd' "$OUT"

# A file deleted while the run is under way: reported, the rest indexed.
V="$TMP/vanish"
mkdir -p "$V"
native_doc "$V/a.txt" slow 4000 # long enough to delete b.txt meanwhile
native_doc "$V/b.txt" gone 2
native_doc "$V/c.txt" kept 2
mkfifo "$TMP/progress"
"$INDEX" -v -j 1 -d "$TMP/vanish-idx" "$V" 2>"$TMP/progress" &
indexer=$!
vanish_log=""
while IFS= read -r line; do
    vanish_log+="$line"$'\n'
    [ "$line" = "quarry-index: $V/a.txt" ] && rm "$V/b.txt"
done <"$TMP/progress"
wait "$indexer"
check_eq "file deleted mid-run: exit 1" 1 "$?"
check_contains "file deleted mid-run: reported" "$V/b.txt: error: No such file or directory; skipped" "$vanish_log"
check_eq "file deleted mid-run: the others are indexed" "4002" "$(count_all "$TMP/vanish-idx" allpassages)"

# An unreadable file (for a user who may not read it): reported, the rest
# indexed.  Root reads everything, so the indexer runs as nobody here.
if can_run_as_nobody; then
    U="$TMP/unreadable"
    mkdir -p "$U"
    native_doc "$U/ok.txt" fine 2
    native_doc "$U/secret.txt" hidden 2
    chmod 000 "$U/secret.txt"
    chmod 755 "$TMP" "$U"
    mkdir -m 777 "$TMP/nobody"
    run setpriv --reuid=65534 --regid=65534 --clear-groups "$INDEX" -d "$TMP/nobody/idx" "$U"
    check_eq "unreadable file: exit 1" 1 "$RC"
    check_contains "unreadable file: reported" "$U/secret.txt: error: Permission denied; skipped" "$ERR"
    check_eq "unreadable file: the rest is indexed" 2 "$(count_all "$TMP/nobody/idx" fine)"
else
    echo "# skipped: unreadable-file check (needs root, setpriv, and the binaries reachable by user nobody)"
fi

# A file that turns binary keeps its old passages: nothing is lost.
run "$INDEX" -d "$D" "$C"
cp "$B/nul.txt" "$C/a.txt"
run "$INDEX" -d "$D" "$C"
check_eq "rejected file: exit 1" 1 "$RC"
run "$QUERY" -d "$D" apples
check_eq "rejected file keeps its previous passages" "a#1" "$(ids)"

# Settings are recorded and enforced.
run "$INDEX" -d "$D" --language french "$C"
check_eq "other language on an existing index: exit 2" 2 "$RC"
check_contains "other language: says why" "analyses text as language 'english'" "$ERR"
run "$INDEX" -d "$TMP/x" --language klingon "$C"
check_eq "unknown language: exit 2" "2" "$RC"
check_contains "unknown language: named" "unknown language 'klingon' for --language (see --list-languages)" "$ERR"
# Giving one setting compares only that one; --rebuild changes it and keeps
# the rest ('runs' finds 'running' in English, not in French).
F="$TMP/fr-corpus"
mkdir -p "$F"
printf 'Q\n\nB\n\nT\n\nrunning fast\n' >"$F/r.txt"
"$INDEX" -q -d "$TMP/fr" --language french "$F"
run "$INDEX" -d "$TMP/fr" --title-weight 3 "$F"
check_eq "a given setting equal to the recorded one: exit 0" 0 "$RC"
run "$INDEX" -d "$TMP/fr" --title-weight 1 "$F"
check_eq "a given setting that differs: exit 2" 2 "$RC"
check_contains "... and says how to change it" "use --rebuild to change them" "$ERR"
run "$INDEX" -d "$TMP/fr" --tag-weight 2 "$F"
check_contains "... naming every recorded setting, the tag and body weights too" \
    "stopwords 'french', title weight 3, question weight 4, question body weight 2, tag weight 0, not a shard;" "$ERR"
run "$INDEX" -d "$TMP/fr" --rebuild --title-weight 1 "$F"
check_eq "--rebuild changes the given setting" 0 "$RC"
run "$INDEX" -d "$TMP/fr" --title-weight 1 "$F"
check_eq "... which the index now records" 0 "$RC"
run "$QUERY" -d "$TMP/fr" runs
check_eq "... and keeps the recorded language (french)" 1 "$RC"
"$INDEX" -q -d "$TMP/en" "$F"
run "$QUERY" -d "$TMP/en" runs
check_eq "(the same query on an English index matches)" 0 "$RC"

run "$INDEX" --list-languages
check_contains "--list-languages offers libstemmer's greek" $'\ngreek\n' "$OUT"$'\n'

# One writer at a time; readers are never blocked.
mkfifo "$TMP/hold"
"$QUARRY_TOOLS/hold_lock" "$D" <"$TMP/hold" >"$TMP/held" &
exec 9>"$TMP/hold"
for _ in $(seq 50); do [ -s "$TMP/held" ] && break; sleep 0.1; done
run "$INDEX" -d "$D" "$C"
check_eq "locked index: exit 2" 2 "$RC"
check_eq "locked index: says so" "quarry-index: index $D is locked by another quarry-index" "$ERR"
run "$QUERY" -d "$D" apples
check_eq "a reader is not blocked by the writer" "0 a#1" "$RC $(ids)"
exec 9>&-
wait

# A damaged index: one clear line, exit 2, for both tools.
cp -r "$D" "$TMP/broken"
for f in "$TMP/broken"/gen-*/*.glass; do head -c 100 "$f" >"$f.tmp" && mv "$f.tmp" "$f"; done
run "$QUERY" -d "$TMP/broken" apples
check_eq "corrupt index: query exit 2" 2 "$RC"
check_contains "corrupt index: names it" "$TMP/broken" "$ERR"
check_eq "corrupt index: one line" 1 "$(printf '%s\n' "$ERR" | wc -l)"
run "$INDEX" -d "$TMP/broken" "$C"
check_eq "corrupt index: indexer exit 2" 2 "$RC"

run "$INDEX"
check_eq "no arguments: exit 2" 2 "$RC"
check_contains "no arguments: says what is missing" "no index given (-d INDEX)" "$ERR"
run "$INDEX" --help
check_eq "--help: exit 0" 0 "$RC"
check_contains "--help lists options" "--max-file-size BYTES" "$OUT"
run "$INDEX" -d "$D" --max-file-size 12x "$C"
check_eq "bad number: exit 2" 2 "$RC"
check_contains "bad number: names value and option" "invalid value '12x' for --max-file-size" "$ERR"
exit $FAILED
