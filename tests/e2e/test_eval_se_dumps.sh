#!/usr/bin/env bash
# make eval's StackExchange-from-dumps rows (eval/run_eval.sh, issue 10
# section 3) on a hand-made dump and qrels: the site indexed through the
# dump reader, the duplicate and the related task scored, and a query
# question's own answers left out of its run on both tasks.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null || skip_all "jq is not installed"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DS="$TMP/datasets"
mkdir -p "$DS/stackexchange-qa" "$DS/stackexchange-dumps/tiny"
cat >"$DS/stackexchange-dumps/tiny/Posts.xml" <<'EOF2'
<?xml version="1.0" encoding="utf-8"?>
<posts>
  <row Id="1" PostTypeId="1" AcceptedAnswerId="2" CreationDate="2020-01-01T00:00:00.000" Score="3" Title="How do I descale a kettle" Body="&lt;p&gt;White crust in my kettle.&lt;/p&gt;" Tags="&lt;kettle&gt;" />
  <row Id="2" PostTypeId="2" ParentId="1" CreationDate="2020-01-02T00:00:00.000" Score="5" Body="&lt;p&gt;Boil citric acid in the kettle.&lt;/p&gt;" />
  <row Id="3" PostTypeId="2" ParentId="1" CreationDate="2020-01-03T00:00:00.000" Score="1" Body="&lt;p&gt;Vinegar also descales it.&lt;/p&gt;" />
  <row Id="4" PostTypeId="1" CreationDate="2020-02-01T00:00:00.000" Score="0" Title="Kettle descaling with vinegar" Body="&lt;p&gt;Is vinegar safe for descaling a kettle?&lt;/p&gt;" Tags="&lt;kettle&gt;" />
  <row Id="5" PostTypeId="2" ParentId="4" CreationDate="2020-02-02T00:00:00.000" Score="2" Body="&lt;p&gt;Vinegar descaling of a kettle is safe; rinse the kettle.&lt;/p&gt;" />
  <row Id="6" PostTypeId="1" CreationDate="2020-03-01T00:00:00.000" Score="1" Title="Limescale in a teapot" Body="&lt;p&gt;Stains.&lt;/p&gt;" Tags="&lt;teapot&gt;" />
  <row Id="7" PostTypeId="2" ParentId="6" CreationDate="2020-03-02T00:00:00.000" Score="1" Body="&lt;p&gt;Descale the teapot as a kettle.&lt;/p&gt;" />
</posts>
EOF2
Q="$DS/stackexchange-qa"
printf '{"_id": "tiny-4", "text": "Kettle descaling with vinegar"}\n' >"$Q/queries.jsonl"
printf 'query-id\tcorpus-id\tscore\ntiny-4\ttiny-2\t2\ntiny-4\ttiny-3\t1\n' >"$Q/qrels.tsv"
printf '{"_id": "tiny-1", "text": "How do I descale a kettle"}\n' >"$Q/queries-related.jsonl"
printf 'query-id\tcorpus-id\tscore\ntiny-1\ttiny-7\t1\n' >"$Q/qrels-related.tsv"
W="$TMP/work"
OUT=$(QUARRY_DATASETS="$DS" QUARRY_EVAL_WORK="$W" QUARRY_EVAL_COLLECTIONS=se-dumps \
    bash "$ROOT/eval/run_eval.sh" "$(realpath --relative-to="$ROOT" "$(dirname "$QUERY")/..")" 2>&1)
check_eq "run_eval.sh: exit 0" 0 "$?"
rows() { printf '%s\n' "$OUT" | awk -v c="$1" '$1 == "se-dumps" && (c == "" ? $2 !~ /^\(/ : $2 == c) {print}'; }
check_eq "duplicate task: one row per configuration" "bm25 default feedback" \
    "$(rows "" | awk '{print $2}' | tr '\n' ' ' | sed 's/ $//')"
check_eq "related task: one row per configuration" "bm25 default feedback" \
    "$(rows "(related)" | awk '{print $3}' | tr '\n' ' ' | sed 's/ $//')"
check_contains "the dumps summarised" "se-dumps: 1 sites from $DS/stackexchange-dumps, 4 answers in the dumps" "$OUT"
check_eq "the index holds every answer of the dump, with its metadata" "tiny-2" \
    "$("$QUERY" -d "$W/se-dumps-default" --format trec is:accepted | awk '{print $3}')"
check_eq "duplicate run: the query question's own answer left out" "tiny-2 tiny-3 tiny-7" \
    "$(awk '{print $3}' "$W/se-dumps-default.run" | sort | tr '\n' ' ' | sed 's/ $//')"
check_eq "related run: the query question's own answers left out" "tiny-5 tiny-7" \
    "$(awk '{print $3}' "$W/se-dumps-related-default.run" | sort | tr '\n' ' ' | sed 's/ $//')"
check_eq "duplicate task, default: both relevant answers within 100" "1.0000" \
    "$(rows "" | awk '$2 == "default" {print $5}')"
check_eq "related task, default: the relevant answer within 100" "1.0000" \
    "$(rows "(related)" | awk '$3 == "default" {print $6}')"
exit $FAILED
