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

# Search configurations: NAME|INDEX-CONFIG|quarry-query options.
# Index configurations: NAME|quarry-index options.
index_configs=(
    "plain|--title-weight 1"
    "default|"
)
search_configs=(
    "bm25|plain|--model bm25 --k1 1.2 --b 0.75 --no-stopwords"
    "default|default|"
)
if [ -n "${QUARRY_EVAL_CONFIGS:-}" ]; then
    # Extra rows for experiments: "NAME|INDEX-CONFIG|options;NAME|..."
    IFS=';' read -r -a extra <<<"$QUARRY_EVAL_CONFIGS"
    search_configs+=("${extra[@]}")
fi
if [ -n "${QUARRY_EVAL_INDEX_CONFIGS:-}" ]; then
    IFS=';' read -r -a extra <<<"$QUARRY_EVAL_INDEX_CONFIGS"
    index_configs+=("${extra[@]}")
fi

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

printf '%-18s %-14s %8s %8s %8s %8s %8s %8s\n' collection configuration nDCG@10 MAP R@100 MRR@10 index_s query_s
for dir in "$datasets"/*/; do
    name=$(basename "$dir")
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
        "$bin/quarry-eval" "$dir/qrels.tsv" "$run" | awk -v c="$name" -v s="$sname" \
            -v is="${index_secs[$iname]}" -v qs="$qsecs" '
            $2 == "all" { v[$1] = $3 }
            END { printf "%-18s %-14s %8.4f %8.4f %8.4f %8.4f %8s %8s\n", c, s,
                  v["ndcg_cut_10"], v["map"], v["recall_100"], v["recip_rank_10"], is, qs }'
    done
    unset index_secs
done
cat <<'EOF2'

Targets (issue 4; nDCG@10 unless named):
  required: default >= bm25 - 0.005 on every collection, and >= 3% above bm25 on average
  bm25 reproduces Xapian BM25: cranfield 0.358, scifact 0.691 (within 0.005)
  stretch:  cranfield nDCG@10 >= 0.40 and MAP >= 0.34; scifact >= 0.70; stackexchange-qa >= 0.25
  baselines: FTS5 cranfield 0.362 scifact 0.682 se-qa 0.231; Lucene 0.351 / 0.679 / 0.214
EOF2
