#!/usr/bin/env bash
# eval/run_eval.sh BUILD - `make eval`: relevance of Quarry's configurations
# on every collection in ../shared/datasets that has queries and qrels.
#
# For each collection: index corpus.jsonl once per index configuration, run
# every query in one quarry-query process per search configuration, score
# the TREC run with quarry-eval, and print one table row.  The targets of
# docs/RELEVANCE.md are printed beside the figures.  Prints figures; never
# fails on them (targets are for reading, not for CI).
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
bin="$PWD/$build/bin"
datasets=${QUARRY_DATASETS:-$PWD/../shared/datasets}
work=${QUARRY_EVAL_WORK:-$PWD/$build/eval-work}

if [ ! -d "$datasets" ]; then
    echo "make eval: skipped: no datasets at $datasets (../shared is absent)"
    exit 0
fi
mkdir -p "$work"
table="$work/table.txt"
: >"$table"

# Search configurations: NAME|INDEX-CONFIG|quarry-query options.
# Index configurations: NAME|quarry-index options.
index_configs=(
    "plain|--title-weight 1 --stemming some"
    "default|"
)
search_configs=(
    "bm25|plain|--model bm25 --k1 1.2 --b 0.75 --no-stopwords --proximity 0"
    "default|default|"
    "feedback|default|--expand 5:10:0.3:3"
)
# Native corpus-se rows: NAME|quarry-index options|quarry-query options.
se_index_configs=(
    "bm25|--title-weight 1 --question-weight 1 --stemming some|--model bm25 --k1 1.2 --b 0.75 --no-stopwords --proximity 0"
    "default||"
    "feedback||--expand 5:10:0.3:3"
)
if [ -n "${QUARRY_EVAL_SE_CONFIGS:-}" ]; then
    IFS=';' read -r -a extra <<<"$QUARRY_EVAL_SE_CONFIGS"
    se_index_configs+=("${extra[@]}")
fi
if [ -n "${QUARRY_EVAL_CONFIGS:-}" ]; then
    # Extra rows for experiments: "NAME|INDEX-CONFIG|options;NAME|..."
    IFS=';' read -r -a extra <<<"$QUARRY_EVAL_CONFIGS"
    search_configs+=("${extra[@]}")
fi
if [ -n "${QUARRY_EVAL_INDEX_CONFIGS:-}" ]; then
    IFS=';' read -r -a extra <<<"$QUARRY_EVAL_INDEX_CONFIGS"
    index_configs+=("${extra[@]}")
fi

# QUARRY_EVAL_COLLECTIONS="cranfield corpus-se se-dumps ...": only these (for
# studies on 2 cores); unset: all.
wanted() { [ -z "${QUARRY_EVAL_COLLECTIONS:-}" ] || [[ " $QUARRY_EVAL_COLLECTIONS " == *" $1 "* ]]; }

# without_own OWN: a TREC run on stdin without the passages OWN (lines
# "QUERY-ID<TAB>PASSAGE-ID") lists under its query: a query that is itself a
# question of the corpus must not find its own answers (SOURCE.md).
without_own() {
    awk -F'\t' 'NR == FNR { own[$1 " " $2] = 1; next }
        { split($0, f, " ") } !((f[1] " " f[3]) in own)' "$1" -
}

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
# row COLLECTION CONFIGURATION QRELS RUN INDEX_SECS QUERY_SECS: one table row.
row() {
    "$bin/quarry-eval" "$3" "$4" | awk -v c="$1" -v s="$2" -v is="$5" -v qs="$6" '
        $2 == "all" { v[$1] = $3 }
        END { printf "%-26s %-14s %8.4f %8.4f %8.4f %8.4f %8s %8s\n", c, s,
              v["ndcg_cut_10"], v["map"], v["recall_100"], v["recip_rank_10"], is, qs }'
}

printf '%-26s %-14s %8s %8s %8s %8s %8s %8s\n' collection configuration nDCG@10 MAP R@100 MRR@10 index_s query_s
for dir in "$datasets"/*/; do
    name=$(basename "$dir")
    wanted "$name" || continue
    corpus="$dir/corpus.jsonl"
    [ -f "$corpus" ] || corpus="$dir/corpus.jsonl.gz"
    if [ ! -f "$dir/queries.jsonl" ] || [ ! -f "$dir/qrels.tsv" ]; then
        echo "$name: skipped (no queries.jsonl and qrels.tsv: not a relevance collection)"
        continue
    fi
    declare -A index_secs=()
    for ic in "${index_configs[@]}"; do
        iname=${ic%%|*} iopts=${ic#*|}
        idx="$work/$name-$iname"
        rm -rf "$idx"
        t0=$(now)
        # What a BEIR title is depends on the collection (its SOURCE.md):
        # stackexchange-qa's titles are the questions the answers answer.
        # The plain baseline indexes title and text alike, as the baselines did.
        [ "$name" = stackexchange-qa ] && [ "$iname" != plain ] && iopts+=" --beir-title question"
        # shellcheck disable=SC2086
        "$bin/quarry-index" -q -d "$idx" $iopts "$corpus"
        index_secs[$iname]=$(secs "$t0" "$(now)")
    done
    for sc in "${search_configs[@]}"; do
        IFS='|' read -r sname iname sopts <<<"$sc"
        run="$work/$name-$sname.run"
        t0=$(now)
        # shellcheck disable=SC2086
        "$bin/quarry-query" -d "$work/$name-$iname" --queries "$dir/queries.jsonl" \
            --format trec --run-tag "$sname" $sopts >"$run"
        qsecs=$(secs "$t0" "$(now)")
        row "$name" "$sname" "$dir/qrels.tsv" "$run" "${index_secs[$iname]}" "$qsecs" |
            tee -a "$table"
    done
    # A secondary task (queries-TASK.jsonl, qrels-TASK.tsv), scored on the same
    # indexes.  A query that is itself a question of the corpus
    # (questions.jsonl) must not find its own answers: they are not judged
    # (SOURCE.md), so they are left out of its run.
    for tq in "$dir"/queries-*.jsonl; do
        [ -f "$tq" ] || continue
        task=$(basename "$tq" .jsonl)
        task=${task#queries-}
        [ -f "$dir/qrels-$task.tsv" ] || continue
        own="$work/$name-$task.own"
        if [ -f "$dir/questions.jsonl" ]; then
            jq -r '._id as $q | (.answers // [])[] | [$q, .] | @tsv' "$dir/questions.jsonl" >"$own"
        else
            : >"$own"
        fi
        for sc in "${search_configs[@]}"; do
            IFS='|' read -r sname iname sopts <<<"$sc"
            run="$work/$name-$task-$sname.run"
            t0=$(now)
            # shellcheck disable=SC2086
            "$bin/quarry-query" -d "$work/$name-$iname" --queries "$tq" --format trec \
                --run-tag "$sname" $sopts | without_own "$own" >"$run"
            qsecs=$(secs "$t0" "$(now)")
            row "$name ($task)" "$sname" "$dir/qrels-$task.tsv" "$run" "${index_secs[$iname]}" \
                "$qsecs"
        done
    done
    unset index_secs
done
# The native-format sample ../shared/corpus-se holds the questions of the
# stackexchange-qa duplicate task with all their answers; its passages are
# mapped to that collection's answer IDs by their text, so the same qrels
# score Quarry on native Q&A input, where each passage knows its question.
se="${QUARRY_CORPUS_SE:-$datasets/../corpus-se}"
seqa="$datasets/stackexchange-qa"
if ! wanted corpus-se; then
    :
elif [ -d "$se" ] && [ -f "$seqa/qrels.tsv" ]; then
    map="$work/corpus-se.map"
    # jq's @tsv escapes \ as \\; the native side is escaped the same way.
    jq -r '[.text, ._id] | @tsv' "$seqa/corpus.jsonl" >"$work/se-text-id.tsv"
    (cd "$se" && for f in */*.txt; do
        awk -v id="${f%.txt}" 'NR >= 7 && (NR - 7) % 4 == 0 {
            gsub(/\\/, "\\\\"); sub(/^[ \t]+/, ""); sub(/[ \t]+$/, "")
            printf "%s#%d\t%s\n", id, (NR - 3) / 4, $0 }' "$f"
    done) | awk -F'\t' 'NR == FNR { id[$1] = $2; next } ($2 in id) { print $1 "\t" id[$2] }' \
        "$work/se-text-id.tsv" - >"$map"
    for ic in "${se_index_configs[@]}"; do
        IFS='|' read -r sname iopts sopts <<<"$ic"
        idx="$work/corpus-se-$sname"
        rm -rf "$idx"
        t0=$(now)
        # shellcheck disable=SC2086
        "$bin/quarry-index" -q -d "$idx" $iopts "$se"
        isecs=$(secs "$t0" "$(now)")
        t0=$(now)
        # shellcheck disable=SC2086
        "$bin/quarry-query" -d "$idx" --queries "$seqa/queries.jsonl" --format trec \
            --run-tag "$sname" $sopts |
            awk 'NR == FNR { id[$1] = $2; next } ($3 in id) { $3 = id[$3]; print }' "$map" - \
            >"$work/corpus-se-$sname.run"
        qsecs=$(secs "$t0" "$(now)")
        row "corpus-se (native)" "$sname" "$seqa/qrels.tsv" "$work/corpus-se-$sname.run" \
            "$isecs" "$qsecs"
    done
    echo "corpus-se: $(wc -l <"$map") of $(cat "$se"/*/*.txt | grep -c '^Answer by ') answers mapped to stackexchange-qa IDs"
else
    echo "corpus-se: skipped (no $se or no stackexchange-qa qrels)"
fi

# The same sites as stackexchange-qa, indexed from their StackExchange dumps
# (../shared/datasets/stackexchange-dumps: one directory a site) through
# quarry-index's dump reader, so passages carry their metadata (question,
# score, accepted, tags), and scored with stackexchange-qa's qrels: the
# duplicate task and every secondary task.  The dumps hold every answer,
# the duplicate questions' own answers too (stackexchange-qa's corpus
# removed those), so for each task a query question's own answers are left
# out of its run, as for the related task above.
dumps="${QUARRY_SE_DUMPS:-$datasets/stackexchange-dumps}"
if ! wanted se-dumps; then
    :
elif [ -d "$dumps" ] && [ -f "$seqa/qrels.tsv" ]; then
    sites=()
    for d in "$dumps"/*/; do
        [ -f "$d/Posts.xml" ] && sites+=("${d%/}")
    done
    # QUESTION-ID<TAB>ANSWER-ID for every answer in the dumps, as SITE-ID.
    own="$work/se-dumps.own"
    for d in "${sites[@]}"; do
        awk -v site="$(basename "$d")" '
            function attr(n) {
                if (!match($0, " " n "=\"[^\"]*\"")) return ""
                return substr($0, RSTART + length(n) + 3, RLENGTH - length(n) - 4)
            }
            /<row / && attr("PostTypeId") == "2" {
                print site "-" attr("ParentId") "\t" site "-" attr("Id") }' "$d/Posts.xml"
    done >"$own"
    declare -A index_secs=()
    for ic in "${index_configs[@]}"; do
        iname=${ic%%|*} iopts=${ic#*|}
        idx="$work/se-dumps-$iname"
        rm -rf "$idx"
        # As for the native corpus-se: the plain baseline weighs question
        # words as answer words.
        [ "$iname" = plain ] && iopts+=" --question-weight 1"
        t0=$(now)
        # shellcheck disable=SC2086
        "$bin/quarry-index" -q -d "$idx" $iopts "${sites[@]}"
        index_secs[$iname]=$(secs "$t0" "$(now)")
    done
    for tq in "$seqa/queries.jsonl" "$seqa"/queries-*.jsonl; do
        task=$(basename "$tq" .jsonl)
        task=${task#queries}
        task=${task#-}
        qrels="$seqa/qrels${task:+-$task}.tsv"
        [ -f "$qrels" ] || continue
        for sc in "${search_configs[@]}"; do
            IFS='|' read -r sname iname sopts <<<"$sc"
            run="$work/se-dumps${task:+-$task}-$sname.run"
            t0=$(now)
            # shellcheck disable=SC2086
            "$bin/quarry-query" -d "$work/se-dumps-$iname" --queries "$tq" --format trec \
                --run-tag "$sname" $sopts | without_own "$own" >"$run"
            qsecs=$(secs "$t0" "$(now)")
            row "se-dumps${task:+ ($task)}" "$sname" "$qrels" "$run" "${index_secs[$iname]}" \
                "$qsecs"
        done
    done
    unset index_secs
    echo "se-dumps: ${#sites[@]} sites from $dumps, $(wc -l <"$own") answers in the dumps"
else
    echo "se-dumps: skipped (no $dumps or no stackexchange-qa qrels)"
fi

# The required targets, computed from the rows above (BEIR collections).
awk '$2 == "bm25" { b[$1] = $3 } $2 == "default" { d[$1] = $3 }
    END {
        print ""
        n = 0; sum = 0; worst = 1
        for (c in b) if (c in d) {
            n++; rel = d[c] / b[c] - 1; sum += rel
            if (d[c] - b[c] < worst) worst = d[c] - b[c]
            printf "default vs bm25 on %-26s %+.4f nDCG@10 (%+.1f%%)\n", c, d[c] - b[c], 100 * rel
        }
        if (n) printf "required: every collection >= bm25 - 0.005: %s (worst %+.4f); average gain >= 3%%: %s (%+.1f%%)\n",
            (worst >= -0.005 ? "met" : "NOT met"), worst, (sum / n >= 0.03 ? "met" : "NOT met"), 100 * sum / n
    }' "$table"

cat <<'EOF2'

Targets (issue 4; nDCG@10 unless named):
  required: default >= bm25 - 0.005 on every collection, and >= 3% above bm25 on average
  bm25 reproduces Xapian BM25: cranfield 0.358, scifact 0.691 (within 0.005)
  stretch:  cranfield nDCG@10 >= 0.40 and MAP >= 0.34; scifact >= 0.70; stackexchange-qa >= 0.25
  baselines: FTS5 cranfield 0.362 scifact 0.682 se-qa 0.231; Lucene 0.351 / 0.679 / 0.214
EOF2
