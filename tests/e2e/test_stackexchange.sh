#!/usr/bin/env bash
# StackExchange dumps end to end: the real shared dumps (a site's .7z
# archive and a dump directory) through quarry-index, their passage IDs
# against the stackexchange-qa qrels, the archive and the directory giving
# the same passages, an update by a newer dump (only changed answers
# rewritten, gone ones removed), and a broken dump (reported, the good rows
# indexed, exit 1).
source "$(dirname "$0")/lib.sh"
DUMPS="$SHARED/datasets/stackexchange-dumps"
QA="$SHARED/datasets/stackexchange-qa"
[ -f "$DUMPS/archives/coffee.meta.stackexchange.com.7z" ] && [ -f "$DUMPS/ai/Posts.xml" ] &&
    [ -f "$QA/corpus.jsonl" ] || skip_all "$DUMPS or $QA is absent (needs ../shared)"

# The passage IDs of an index, sorted.
index_ids() { xapian-delve -a -1 "$(live_gen "$1")" | sed -n 's/^Q//p' | sort; }

# stored_data INDEX ID: the stored data of passage ID, its NULs as '|'.
stored_data() {
    local gen docid
    gen=$(live_gen "$1")
    docid=$(xapian-delve -t "Q$2" "$gen" | awk '{ print $NF }')
    xapian-delve -r "$docid" -d "$gen" | sed -n '2,/^Term List/p' | sed '$d' | tr '\0' '|'
}

# The acceptance command: SOURCE.md counts 147 answers for coffee.meta, 749 for ai.
run "$INDEX" -d "$TMP/se" "$DUMPS/archives/coffee.meta.stackexchange.com.7z" "$DUMPS/ai"
check_eq "the archive and the directory index: exit 0" 0 "$RC"
check_contains "summary" "2 files, 896 passages indexed, 0 errors, 2 warnings" "$ERR"
check_contains "coffee.meta counted" "coffee.meta.stackexchange.com.7z: warning: site coffee.meta: 147 answers read; not indexed: 12 questions without answers, 6 tag wiki posts, 0 other posts" "$ERR"
check_contains "ai counted" "ai/Posts.xml: warning: site ai: 749 answers read; not indexed: 53 questions without answers, 108 tag wiki posts, 1 other post" "$ERR"
# libxapian's own new-delete mismatch in Database::check, off for ASan (as in test_check.sh).
ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}new_delete_type_mismatch=0" \
    run "$INDEX" --check -d "$TMP/se"
check_eq "--check: no problem" 0 "$RC"
check_contains "--check reads the dumps again" "manifest: 2 files; 2 re-read, giving 896 passages" "$OUT"
index_ids "$TMP/se" >"$TMP/ids"
check_eq "896 distinct passage IDs" 896 "$(wc -l <"$TMP/ids")"
check_eq "coffee.meta-ID and ai-ID" "896" "$(grep -cE '^(coffee\.meta|ai)-[0-9]+$' "$TMP/ids")"

# Every answer of the shared Q&A corpus from these two sites, and every
# qrels answer of theirs, is a passage with the same ID.
jq -r '._id' "$QA/corpus.jsonl" | grep -E '^(coffee\.meta|ai)-' | sort >"$TMP/corpus_ids"
check_eq "corpus answers of ai and coffee.meta (744 + 144)" 888 "$(wc -l <"$TMP/corpus_ids")"
check_eq "all of them are indexed under their corpus ID" "" \
    "$(comm -23 "$TMP/corpus_ids" "$TMP/ids" | head -3)"
awk -F'\t' 'NR > 1 { print $2 }' "$QA/qrels.tsv" "$QA/qrels-related.tsv" |
    grep -E '^(coffee\.meta|ai)-' | sort -u >"$TMP/qrels_ids"
check_eq "qrels answers of these sites are passages" "" \
    "$(comm -23 "$TMP/qrels_ids" "$TMP/ids" | head -3)"

# A question of the qrels, ai-1742, as a query: its own accepted answer
# (ai-1743) first, the answers the qrels grade in the top 10 (ai-95) and 20 (ai-93).
run "$QUERY" -d "$TMP/se" --format trec -n 20 "What is the difference between machine learning and deep learning?"
top=$(printf '%s\n' "$OUT" | awk '{ print $3 }' | tr '\n' ' ')
check_contains "its own accepted answer first" "ai-1743 " "${top%% *} "
check_contains "qrels answer ai-95 in the top 10" " ai-95 " " $(echo "$top" | cut -d' ' -f1-10) "
check_contains "qrels answer ai-93 in the top 20" " ai-93 " " $top"
run "$QUERY" -d "$TMP/se" -n 1 --format json "percolator moka"
hit=$(printf '%s\n' "$OUT" | jq -r .id)
check_eq "an answer's source is its dump" "$DUMPS/archives/coffee.meta.stackexchange.com.7z" \
    "$(printf '%s\n' "$OUT" | jq -r .source)"
parent=$(grep -o "<row Id=\"${hit#coffee.meta-}\" PostTypeId=\"2\" ParentId=\"[0-9]*\"" "$DUMPS/coffee.meta/Posts.xml" | sed 's/.*ParentId="//; s/"//')
title=$(grep -o "<row Id=\"$parent\" PostTypeId=\"1\" .* Title=\"[^\"]*\"" "$DUMPS/coffee.meta/Posts.xml" | sed 's/.* Title="//; s/"$//; s/&gt;/>/g; s/&lt;/</g; s/&amp;/\&/g; s/&quot;/"/g; s/&#39;/'"'"'/g')
check_eq "its question's title is its context ($hit, question $parent)" "$title" \
    "$(printf '%s\n' "$OUT" | jq -r .question_title)"

# The directory of coffee.meta and its archive give the same passages (IDs,
# and the same hits with the same scores for several queries).
run "$INDEX" -q -d "$TMP/dir" "$DUMPS/coffee.meta"
check_eq "the coffee.meta directory indexes" 0 "$RC"
run "$INDEX" -q -d "$TMP/7z" "$DUMPS/archives/coffee.meta.stackexchange.com.7z"
check_eq "the coffee.meta archive indexes" 0 "$RC"
check_eq "same passage IDs" "$(index_ids "$TMP/dir" | md5sum)" "$(index_ids "$TMP/7z" | md5sum)"
check_eq "147 of them" 147 "$(index_ids "$TMP/7z" | wc -l)"
for q in "espresso machine" "tag wiki" "product recommendations" "moderator election"; do
    check_eq "same hits for '$q'" \
        "$("$QUERY" -d "$TMP/dir" --format json -n 20 "$q" | jq -c 'del(.source)')" \
        "$("$QUERY" -d "$TMP/7z" --format json -n 20 "$q" | jq -c 'del(.source)')"
done

# The metadata is stored (schema 3), the same by a parallel build (-j 2,
# through parallel_build's copies) as by a serial one.
"$INDEX" -q -j 1 -d "$TMP/j1" "$DUMPS/coffee.meta"
"$INDEX" -q -j 2 -d "$TMP/j2" "$DUMPS/coffee.meta"
check_eq "stored metadata of answer 7" \
    "|coffee.meta-4|coffee.meta|discussion chat|2015-01-27T22:38:09|Kyle Macey|https://coffee.meta.stackexchange.com/a/7|9|0|13|1|" \
    "$(stored_data "$TMP/j1" coffee.meta-7 | grep -o '|coffee.meta-4|.*')"
differ=0
for id in $(index_ids "$TMP/j1"); do
    [ "$(stored_data "$TMP/j1" "$id")" = "$(stored_data "$TMP/j2" "$id")" ] || differ=$((differ + 1))
done
check_eq "-j 1 and -j 2 store the same data for all 147 answers" 0 "$differ"

# An index of schema 2 (before the metadata) is refused with a way out.
cp -a "$TMP/j1" "$TMP/old"
"$QUARRY_TOOLS/tamper_index" "$(live_gen "$TMP/old")" set-metadata quarry.schema 2
run "$QUERY" -d "$TMP/old" coffee
check_contains "schema 2: rebuild it" "index schema version 2, this Quarry reads 3 (an older Quarry built it: rebuild it with quarry-index --rebuild)" "$ERR"
run "$INDEX" -q -d "$TMP/old" --rebuild --language english "$DUMPS/coffee.meta"
check_eq "schema 2: --rebuild with its settings works" 0 "$RC"
run "$QUERY" -d "$TMP/old" --format trec -n 1 percolator
check_eq "the rebuilt index answers" 1 "$(printf '%s\n' "$OUT" | grep -c coffee.meta-)"

# A newer dump of the same site: one answer's score changed (metadata
# only), its last answer gone, one new answer.  Only the two changed
# passages are written, the gone one is removed.
mkdir -p "$TMP/upd"
cp -r "$DUMPS/coffee.meta" "$TMP/upd/"
P="$TMP/upd/coffee.meta/Posts.xml"
"$INDEX" -q -d "$TMP/u" "$TMP/upd/coffee.meta"
check_eq "the copy is one input of 147 answers" 147 "$(index_ids "$TMP/u" | wc -l)"
check_eq "answer 3 has score 8" 1 "$(grep -c '<row Id="3" PostTypeId="2" ParentId="1" [^>]*Score="8"' "$P")"
sed -i -e '5s/Score="8"/Score="9"/' -e '/<row Id="1238" PostTypeId="2"/d' "$P"
sed -i 's|^</posts>|  <row Id="1300" PostTypeId="2" ParentId="1" CreationDate="2021-01-01T00:00:00.000" Score="1" Body="\&lt;p\&gt;A zabaglione answer.\&lt;/p\&gt;" />\r\n</posts>|' "$P"
run "$INDEX" -d "$TMP/u" "$TMP/upd/coffee.meta"
check_eq "update: exit 0" 0 "$RC"
check_contains "update: 2 written, 145 unchanged, 1 deleted" \
    "1 file (1 read, 0 unchanged, 0 removed), 2 passages indexed (145 unchanged, 1 deleted)" "$ERR"
check_eq "the gone answer is gone" "" "$(index_ids "$TMP/u" | grep -x 'coffee.meta-1238')"
run "$QUERY" -d "$TMP/u" --format trec zabaglione
check_eq "the new answer is found" "coffee.meta-1300" "$(printf '%s\n' "$OUT" | awk '{ print $3 }')"
run "$INDEX" -d "$TMP/u" "$TMP/upd/coffee.meta"
check_contains "unchanged dump: not read again" "is up to date (1 file checked); nothing written" "$ERR"

# A bare Posts.xml: the site is its directory's name.
run "$INDEX" -q -d "$TMP/bare" "$TMP/upd/coffee.meta/Posts.xml"
check_eq "a bare Posts.xml indexes" 0 "$RC"
check_eq "under its directory's site name" 147 "$(index_ids "$TMP/bare" | grep -c '^coffee\.meta-')"

# --input-format stackexchange reads a file of another name; --help lists the formats.
cp "$P" "$TMP/upd/dump.xml"
run "$INDEX" -q -d "$TMP/forced" --input-format stackexchange "$TMP/upd/dump.xml"
check_eq "forced format: exit 0" 0 "$RC"
check_eq "forced format: the site from the directory" 147 "$(index_ids "$TMP/forced" | grep -c '^upd-')"
run "$INDEX" -q -d "$TMP/stdin" --input-format stackexchange - <"$P"
check_eq "standard input as a dump: exit 0" 0 "$RC"
check_eq "standard input's site is stdin" 147 "$(index_ids "$TMP/stdin" | grep -c '^stdin-')"
run "$INDEX" --help
check_contains "--help lists stackexchange" "stackexchange  a directory holding Posts.xml (one input)" "$OUT"

# A broken dump inside a walked directory, beside a good one: the bad rows
# reported as FILE:LINE, the good ones indexed, exit 1; XML cut off mid-file.
mkdir -p "$TMP/walk/broken.meta" "$TMP/walk/cut.meta"
B="$TMP/walk/broken.meta/Posts.xml"
{
    printf '<?xml version="1.0" encoding="utf-8"?>\n<posts>\n'
    printf '  <row Id="1" PostTypeId="1" Title="Good question" Body="body" Tags="&lt;t&gt;" />\n'
    printf '  <row Id="2" PostTypeId="2" ParentId="1" Body="good answer" Score="3" />\n'
    printf '  <row Id="3" PostTypeId="2" Body="no parent" />\n'
    printf '  <row Id="4" PostTypeId="2" ParentId="77" Body="orphan" />\n'
    printf '  <row Id="5" PostTypeId="2" ParentId="1" Body="bad \xff byte" />\n'
    printf '</posts>\n'
} >"$B"
C="$TMP/walk/cut.meta/Posts.xml"
head -c 20000 "$DUMPS/coffee.meta/Posts.xml" >"$C"
cut_line=$(($(wc -l <"$C") + 1)) # the last, partial line
cp "$DUMPS/archives/coffee.meta.stackexchange.com.7z" "$TMP/walk/"
run "$INDEX" -d "$TMP/b" "$TMP/walk"
check_eq "broken dumps: exit 1" 1 "$RC"
check_contains "no ParentId" "$B:5: error: answer 3 has no ParentId; skipped" "$ERR"
check_contains "question absent" "$B:6: error: answer 4: its question 77 is not in the dump; skipped" "$ERR"
check_contains "invalid UTF-8" "$B:7: error: ill-formed UTF-8 or a control character; skipped" "$ERR"
check_contains "cut off" "$C:$cut_line: error: XML error: " "$ERR"
check_contains "cut off: the rest not read" "; the rest of the file is not read" "$ERR"
check_eq "the good answers are indexed" "broken.meta-2" "$(index_ids "$TMP/b" | grep broken)"
check_eq "the archive in the walked directory too" 147 "$(index_ids "$TMP/b" | grep -c '^coffee\.meta-')"
check_eq "the cut dump's answers before the cut" "$(head -n $((cut_line - 1)) "$C" | grep -c 'PostTypeId="2"')" \
    "$(index_ids "$TMP/b" | grep -c '^cut\.meta-')"

exit "$FAILED"
