#!/usr/bin/env bash
# Sharded builds and several indexes searched as one (issue 11): --shard K/N
# splits a corpus into disjoint shards whose union is the corpus; the same
# corpus as 2, 3 and 4 shards, local (stub, repeated -d) and over
# xapian-tcpsrv on 127.0.0.1, ranks exactly as one index (IDs, and scores to
# 1e-9 relative) in every format, with feedback, proximity and collapse;
# mismatched settings, missing and duplicated shards are refused by name;
# duplicate IDs across shards are reported; a server that is down or dies
# in the middle of a batch is named, and --allow-partial answers from the
# rest, marked.  Servers listen on 127.0.0.1 only, on ports probed free, and
# are stopped by PID on any exit.
source "$(dirname "$0")/lib.sh"
command -v xapian-tcpsrv >/dev/null || skip_all "xapian-tcpsrv (Debian xapian-tools) is absent"
command -v python3 >/dev/null || skip_all "python3 is absent"

SERVERS=()
stop_servers() {
    local pid
    # CONT: a stopped server acts on SIGTERM only once it runs again.
    for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null; kill -CONT "$pid" 2>/dev/null; done
    for pid in "${SERVERS[@]}"; do wait "$pid" 2>/dev/null; done
    SERVERS=()
}
trap 'stop_servers; rm -rf "$TMP"' EXIT

accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=$((20000 + RANDOM % 20000))
# serve DB: xapian-tcpsrv for DB on a free loopback port, in its own session
# (on SIGTERM it signals its whole process group: not this test's); waits
# until it accepts; sets SERVED (port) and SERVED_PID.
serve() {
    local tries i
    for tries in $(seq 40); do
        PORT=$((PORT + 1))
        accepts "$PORT" && continue
        setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$PORT" "$1" >/dev/null 2>&1 &
        SERVED_PID=$!
        SERVERS+=("$SERVED_PID")
        for i in $(seq 200); do
            if accepts "$PORT"; then
                SERVED=$PORT
                return 0
            fi
            kill -0 "$SERVED_PID" 2>/dev/null || break
            sleep 0.05
        done
    done
    echo "# no free loopback port for xapian-tcpsrv" >&2
    exit 1
}

# same_results FORMAT FILE-A FILE-B [uncounted]: "same", or the first
# difference.  JSON: every field equal, scores to 1e-9 relative; TREC: the
# same IDs in order, scores as printed to 1e-5; text: byte for byte.  With
# "uncounted" (remote shards: Xapian 1.4 does not count what collapsing
# left out there), A's "+N more answers" and more_answers are taken out.
same_results() {
    python3 - "$@" <<'EOF'
import json, sys
import re
fmt, a, b = sys.argv[1:4]
uncounted = sys.argv[4:] == ["uncounted"]
la, lb = open(a).read().splitlines(), open(b).read().splitlines()
if uncounted and fmt == "text":
    la = [re.sub(r"  \(\+\d+ more answers? to this question\)", "", l) for l in la]
def close(x, y, rel):
    return abs(x - y) <= rel * max(abs(x), abs(y), 1e-300)
if len(la) != len(lb):
    print(f"{len(la)} lines against {len(lb)}"); sys.exit()
for n, (x, y) in enumerate(zip(la, lb), 1):
    if fmt == "json":
        x, y = json.loads(x), json.loads(y)
        if uncounted and y["more_answers"] is None:
            x["more_answers"] = None
        sx, sy = x.pop("score"), y.pop("score")
        if x != y or not close(sx, sy, 1e-9):
            print(f"line {n}: {x.get('id')} {sx!r} against {y.get('id')} {sy!r}"); sys.exit()
    elif fmt == "trec":
        x, y = x.split(), y.split()
        if x[:4] + x[5:] != y[:4] + y[5:] or not close(float(x[4]), float(y[4]), 1e-5):
            print(f"line {n}: {x} against {y}"); sys.exit()
    elif x != y:
        print(f"line {n}: {x!r} against {y!r}"); sys.exit()
print("same")
EOF
}

# doccount INDEX: passages in a Quarry index's live generation.
doccount() { xapian-delve "$(live_gen "$1")" | sed -n 's/^number of documents = //p'; }

# build_layouts DIR CORPUS [OPTION]...: DIR/one, and DIR/nN/sK for N 2..4.
build_layouts() {
    local dir=$1 corpus=$2 n k sum
    shift 2
    "$INDEX" -q "$@" -d "$dir/one" "$corpus" || echo "# building $dir/one failed"
    for n in 2 3 4; do
        sum=0
        mkdir -p "$dir/n$n"
        : >"$dir/local$n.stub"
        for k in $(seq "$n"); do
            "$INDEX" -q "$@" --shard "$k/$n" -d "$dir/n$n/s$k" "$corpus" ||
                echo "# building $dir/n$n/s$k failed"
            sum=$((sum + $(doccount "$dir/n$n/s$k")))
            echo "auto n$n/s$k" >>"$dir/local$n.stub"
        done
        check_eq "$(basename "$dir"): $n shards hold every passage once" \
            "$(doccount "$dir/one")" "$sum"
    done
}

# serve_layouts DIR: one server per shard; DIR/remoteN.stub lists them.
serve_layouts() {
    local dir=$1 n k
    for n in 2 3 4; do
        : >"$dir/remote$n.stub"
        for k in $(seq "$n"); do
            serve "$dir/n$n/s$k"
            echo "remote 127.0.0.1:$SERVED" >>"$dir/remote$n.stub"
        done
    done
}

# compare_layouts DIR QUERIES: every layout against the single index, for
# each ranking configuration, in each format.
compare_layouts() {
    local dir=$1 queries=$2 opts fmt layout verdict name
    local configs=("" "--expand 5:10:0.3:1 --expand-when 1" "--proximity 8:0.1"
        "--per-question 1" "--expand 5:10:0.3:1 --expand-when 1 --proximity 8:0.1 --per-question 1")
    local layouts=("-d $dir/local2.stub" "-d $dir/n3/s1 -d $dir/n3/s2 -d $dir/n3/s3"
        "-d $dir/local4.stub" "-d $dir/remote2.stub" "-d $dir/remote3.stub"
        "-d $dir/remote4.stub")
    for opts in "${configs[@]}"; do
        for fmt in text json trec; do
            # shellcheck disable=SC2086
            "$QUERY" -d "$dir/one" --format "$fmt" -n 20 $opts --queries "$queries" \
                >"$TMP/ref.$fmt" 2>"$TMP/ref.err" || echo "# reference run failed: $(cat "$TMP/ref.err")"
        done
        for layout in "${layouts[@]}"; do
            verdict=""
            for fmt in text json trec; do
                # shellcheck disable=SC2086
                "$QUERY" $layout --format "$fmt" -n 20 $opts --queries "$queries" \
                    >"$TMP/got.$fmt" 2>"$TMP/got.err"
                local rc=$?
                local r
                r=$(same_results "$fmt" "$TMP/ref.$fmt" "$TMP/got.$fmt" \
                    "$([[ $layout == *remote* ]] && echo uncounted)")
                [ "$rc" = 0 ] || r="exit $rc: $(head -c 300 "$TMP/got.err")"
                [ "$r" = same ] || verdict+="$fmt: $r; "
            done
            name=${layout//$dir\//}
            check_eq "$(basename "$dir") ${opts:-default}: ${name//-d /} ranks as one index (text, json, trec)" \
                "" "$verdict"
        done
    done
}

# first_queries FILE N: the first N queries of a BEIR queries file.
first_queries() { head -n "$2" "$1" >"$TMP/$(basename "$(dirname "$1")")-queries.jsonl"; }

# ---- A hand-made corpus: questions with several answers, ties --------------
H=$TMP/hand
mkdir -p "$H"
{
    for q in $(seq 12); do
        for a in 1 2 3; do
            printf '{"_id": "q%s-a%s", "title": "Question %s about grinding", "text": "answer %s on grinding coffee beans %s times, burr %s", "metadata": {"question_key": "site-%s"}}\n' \
                "$q" "$a" "$q" "$a" "$((q * a))" "$q" "$q"
        done
    done
    # Equal texts, so equal scores: the order is the passage IDs'.
    for t in 07 03 11 01 09 05 02 10 04 08 06 12; do
        printf '{"_id": "tie-%s", "title": "", "text": "identical espresso tamping passage"}\n' "$t"
    done
    # Equal texts and a few equal votes: under --sort score the order is
    # votes, then score, then passage ID.
    for t in 17 04 22 09 13 01 20 06 15 24 02 11 18 07 23 03 14 10 21 05 16 12 19 08; do
        printf '{"_id": "crema-%s", "text": "identical crema passage", "metadata": {"score": %s}}\n' \
            "$t" "$((10#$t % 3 == 0 ? 9 : 5))"
    done
} >"$H/corpus.jsonl"
printf '{"_id": "1", "text": "grinding coffee burr"}\n{"_id": "2", "text": "espresso tamping"}\n{"_id": "3", "text": "question answer beans 12"}\n{"_id": "4", "text": "\\"coffee beans\\" grinding"}\n' \
    >"$H/queries.jsonl"
build_layouts "$H" "$H/corpus.jsonl"
serve_layouts "$H"
compare_layouts "$H" "$H/queries.jsonl"

run "$QUERY" -d "$H/remote4.stub" --format trec -n 12 espresso tamping
check_eq "ties over 4 remote shards: by passage ID" \
    "tie-01 tie-02 tie-03 tie-04 tie-05 tie-06 tie-07 tie-08 tie-09 tie-10 tie-11 tie-12" \
    "$(printf '%s\n' "$OUT" | awk '{print $3}' | tr '\n' ' ' | sed 's/ $//')"
# pages QUERY-ARGS...: the IDs of pages of 5 from offset 0 to 30, joined: a
# run of alike passages crosses every page boundary.
pages() {
    local off
    for off in 0 5 10 15 20 25 30; do
        "$QUERY" --format trec -n 5 --offset "$off" "$@" | awk '{print $3}'
    done | tr '\n' ' ' | sed 's/ $//'
}
want_relevance=$(printf 'tie-%s ' 01 02 03 04 05 06 07 08 09 10 11 12 | sed 's/ $//')
want_sorted=$(for t in $(seq -w 1 24); do echo "$((10#$t % 3 == 0 ? 9 : 5)) crema-$t"; done |
    sort -k1,1nr -k2,2 | awk '{print $2}' | tr '\n' ' ' | sed 's/ $//')
for layout in "-d $H/one" "-d $H/local2.stub" "-d $H/n3/s1 -d $H/n3/s2 -d $H/n3/s3" \
    "-d $H/local4.stub" "-d $H/remote2.stub" "-d $H/remote3.stub" "-d $H/remote4.stub"; do
    name=${layout//$H\//}
    # shellcheck disable=SC2086
    check_eq "ties across pages, ${name//-d /}: by passage ID" "$want_relevance" \
        "$(pages $layout espresso tamping)"
    # shellcheck disable=SC2086
    check_eq "ties across pages under --sort score, ${name//-d /}: votes, then ID" \
        "$want_sorted" "$(pages $layout --sort score crema)"
done
run "$QUERY" -d "$H/local3.stub" --format json --per-question 1 -n 100 grinding
check_eq "collapse by question over 3 shards: one answer per question" 12 \
    "$(printf '%s\n' "$OUT" | grep -c '"more_answers":2')"
run "$QUERY" -d "$H/remote3.stub" --format json --per-question 1 -n 100 grinding
check_eq "collapse over 3 remote shards: one answer per question, count unknown" 12 \
    "$(printf '%s\n' "$OUT" | grep -c '"more_answers":null')"
check_contains "... and said" "over remote shards Xapian 1.4 does not count the answers" "$ERR"
# libxapian's own new-delete mismatch in Database::check, off for ASan (as in test_check.sh).
ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}new_delete_type_mismatch=0" \
    run "$INDEX" --check -d "$H/n3/s2"
check_contains "--check of a shard: its part of the file is there" "shard 2/3" "$OUT"
check_contains "--check of a shard: no problem" "no problem found" "$OUT"
run "$INDEX" -d "$H/n3/s2" --shard 1/3 "$H/corpus.jsonl"
check_eq "a shard cannot be updated as another: exit 2" 2 "$RC"
check_contains "... saying what it is" "shard 2/3; it cannot be updated with other settings" "$ERR"
run "$INDEX" -q -d "$H/n3/s2" "$H/corpus.jsonl"
run "$QUERY" -d "$H/n3/s2" --format trec -n 1000 grinding OR espresso OR crema
check_eq "a shard updated without --shard stays its shard" "$(doccount "$H/n3/s2")" \
    "$(printf '%s\n' "$OUT" | wc -l)"
check_contains "one shard searched alone: said" "shard 1/3, 3/3 missing: those parts of the corpus are not searched" "$ERR"
run "$INDEX" --shard 0/3 -d "$TMP/bad" "$H/corpus.jsonl"
check_contains "--shard 0/3 refused" "invalid value '0/3' for --shard" "$ERR"

# Servers run as programs (remote :PROGRAM ARGS, as through ssh).
if command -v xapian-progsrv >/dev/null; then
    printf 'remote :xapian-progsrv %s\nremote :xapian-progsrv %s\n' "$H/n2/s1" "$H/n2/s2" \
        >"$H/prog.stub"
    "$QUERY" -d "$H/one" --format json -n 20 --queries "$H/queries.jsonl" >"$TMP/ref.json"
    "$QUERY" -d "$H/prog.stub" --format json -n 20 --queries "$H/queries.jsonl" >"$TMP/got.json"
    check_eq "2 shards through xapian-progsrv rank as one index" same \
        "$(same_results json "$TMP/ref.json" "$TMP/got.json")"
fi

# ---- Shards that must not be searched together ------------------------------
"$INDEX" -q --shard 2/2 --language none -d "$H/other-s2" "$H/corpus.jsonl"
run "$QUERY" -d "$H/n2/s1" -d "$H/other-s2" coffee
check_eq "settings mismatch: exit 2" 2 "$RC"
check_contains "settings mismatch: names both shards and the setting" \
    "shards $H/n2/s1 and $H/other-s2 were built with other settings (language 'english' and 'none')" "$ERR"
printf 'auto n3/s1\nauto n3/s3\n' >"$H/missing.stub"
run "$QUERY" -d "$H/missing.stub" coffee
check_eq "a missing shard: exit 2" 2 "$RC"
check_contains "a missing shard: named" "shard 2/3 missing" "$ERR"
run "$QUERY" -d "$H/missing.stub" --allow-partial --format json coffee
check_eq "a missing shard with --allow-partial: answers" 0 "$RC"
check_contains "... every result marked partial" '"partial":"shard 2/3 missing' "$OUT"
printf 'auto n3/s1\nauto n3/s2\nauto n3/s3\nauto n3/s2\n' >"$H/twice.stub"
run "$QUERY" -d "$H/twice.stub" coffee
check_contains "a shard listed twice: refused by name" \
    "shards n3/s2 ($H/twice.stub:2) and n3/s2 ($H/twice.stub:4) are both shard 2/3" \
    "${ERR//$H\/n3/n3}"
run "$QUERY" -d "$H/n2/s1" -d "$H/one" coffee
check_contains "a whole index beside a shard: refused" "holds a whole corpus (not built with --shard)" "$ERR"
printf 'remote 127.0.0.1\n' >"$H/bad.stub"
run "$QUERY" -d "$H/bad.stub" coffee
check_contains "a bad stub line: file and line" "$H/bad.stub:1: bad line" "$ERR"

# Two whole indexes that share passages: the page says where.
head -n 20 "$H/corpus.jsonl" >"$H/part.jsonl"
"$INDEX" -q -d "$H/part" "$H/part.jsonl"
run "$QUERY" -d "$H/one" -d "$H/part" --format trec -n 100 grinding
check_contains "duplicate IDs across indexes: reported" \
    "is in shards $H/one and $H/part" "$ERR"

# ---- Faults -------------------------------------------------------------------
serve "$H/n2/s1"
P1=$SERVED PID1=$SERVED_PID
serve "$H/n2/s2"
P2=$SERVED PID2=$SERVED_PID
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$P1" "$P2" >"$H/faults.stub"
run "$QUERY" -d "$H/faults.stub" --format trec -n 5 grinding
check_eq "both servers up: answers" 0 "$RC"
kill "$PID2"
wait "$PID2" 2>/dev/null
run "$QUERY" -d "$H/faults.stub" coffee
check_eq "a server down: exit 2" 2 "$RC"
check_contains "a server down: named" \
    "cannot open shard remote 127.0.0.1:$P2 ($H/faults.stub:2): NetworkError" "$ERR"
run "$QUERY" -d "$H/faults.stub" --allow-partial -n 3 grinding
check_eq "--allow-partial: answers from the other shard" 0 "$RC"
check_contains "--allow-partial: the text says so" "(partial: not searched: remote 127.0.0.1:$P2" "$OUT"
check_contains "--allow-partial: the summary says so" "partial: 1 query answered without some shards" "$ERR"
# A server that hangs (stopped): the timeout ends the wait, naming it.
kill -STOP "$PID1"
start=$SECONDS
run "$QUERY" -d "$H/faults.stub" --remote-timeout 0.5 coffee
check_eq "a hung server: exit 2 within the timeout" "2 yes" "$RC $([ $((SECONDS - start)) -le 3 ] && echo yes)"
check_contains "a hung server: named, timed out" \
    "cannot open shard remote 127.0.0.1:$P1 ($H/faults.stub:1): NetworkTimeoutError" "$ERR"
kill -CONT "$PID1"

# A server that dies in the middle of a batch: the error names it, and the
# queries not answered are listed.
serve "$H/n2/s2"
P2=$SERVED PID2=$SERVED_PID
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$P1" "$P2" >"$H/faults.stub"
for i in $(seq 3000); do printf '{"_id": "b%s", "text": "grinding coffee %s"}\n' "$i" "$i"; done \
    >"$TMP/batch.jsonl"
held_start "$TMP/batch.out" "$QUERY" -d "$H/faults.stub" --format trec -n 1000 \
    --queries "$TMP/batch.jsonl" 2>"$TMP/batch.err"
kill "$PID2"
wait "$PID2" 2>/dev/null
held_finish
check_eq "server killed mid-batch: exit 2" 2 "$RC"
ERR=$(cat "$TMP/batch.err")
check_contains "server killed mid-batch: named" "remote 127.0.0.1:$P2 ($H/faults.stub:2)" "$ERR"
check_contains "server killed mid-batch: the queries not answered" "queries not answered: b" "$ERR"
answered=$(awk '{print $1}' "$TMP/batch.out" | sort -u | wc -l)
check_contains "server killed mid-batch: answered + not answered = the batch" \
    "$((3000 - answered)) of 3000 queries not answered" "$ERR"

serve "$H/n2/s2"
P2=$SERVED PID2=$SERVED_PID
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$P1" "$P2" >"$H/faults.stub"
held_start "$TMP/partial.out" "$QUERY" -d "$H/faults.stub" --allow-partial --format json \
    -n 10 --queries "$TMP/batch.jsonl" 2>"$TMP/partial.err"
kill "$PID2"
wait "$PID2" 2>/dev/null
held_finish
check_eq "--allow-partial, server killed mid-batch: every query answered" "0 3000" \
    "$RC $(python3 -c 'import json,sys; print(len({json.loads(l)["qid"] for l in open(sys.argv[1])}))' "$TMP/partial.out")"
check_contains "--allow-partial mid-batch: later results marked" "\"partial\":\"remote 127.0.0.1:$P2" \
    "$(tail -n 1 "$TMP/partial.out")"
check_contains "--allow-partial mid-batch: the summary" "answered without some shards" \
    "$(cat "$TMP/partial.err")"
stop_servers

# ---- A shard rebuilt under running queries ----------------------------------
# Each query sees the old shard or the new one, never an error or a mix.
R=$TMP/rebuilt
mkdir -p "$R"
grep -v '"q5-a' "$H/corpus.jsonl" >"$R/smaller.jsonl"
for k in 1 2; do "$INDEX" -q --shard "$k/2" -d "$R/s$k" "$H/corpus.jsonl"; done
serve "$R/s1"
printf 'remote 127.0.0.1:%s\nauto s2\n' "$SERVED" >"$R/remote.stub"
printf 'auto s1\nauto s2\n' >"$R/local.stub"
for i in $(seq 400); do printf '{"_id": "r%s", "text": "grinding coffee"}\n' "$i"; done >"$R/q.jsonl"
ids_of() { "$QUERY" -d "$1" --format trec -n 100 grinding coffee | awk '{print $3}' | tr '\n' ' '; }
for where in local remote; do
    old=$(ids_of "$R/$where.stub")
    "$QUERY" -d "$R/$where.stub" --format trec -n 100 --queries "$R/q.jsonl" >"$R/out" 2>"$R/err" &
    QPID=$!
    for k in 1 2; do "$INDEX" -q --rebuild -d "$R/s$k" "$R/smaller.jsonl"; done
    for k in 1 2; do "$INDEX" -q --rebuild -d "$R/s$k" "$H/corpus.jsonl"; done
    for k in 1 2; do "$INDEX" -q --rebuild -d "$R/s$k" "$R/smaller.jsonl"; done
    wait "$QPID"
    RC=$?
    new=$(ids_of "$R/$where.stub")
    check_eq "$where shards rebuilt under a batch: exit 0, no message" "0 " "$RC $(cat "$R/err")"
    mixed=$(awk '{ l[$1] = l[$1] $3 " " } END { for (q in l) print l[q] }' "$R/out" |
        grep -vxF -e "$old" -e "$new" | wc -l)
    check_eq "$where shards rebuilt under a batch: each query saw one corpus, old or new" \
        "0 400" "$mixed $(awk '{print $1}' "$R/out" | sort -u | wc -l)"
    for k in 1 2; do "$INDEX" -q --rebuild -d "$R/s$k" "$H/corpus.jsonl"; done
    # Held after its first answers, the batch meets the rebuild between two
    # queries: those before it saw the old corpus, those after it the new
    # one (quarry-query refreshes before each query of a batch).
    held_start "$R/out" "$QUERY" -d "$R/$where.stub" --format trec -n 100 \
        --queries "$R/q.jsonl" 2>"$R/err"
    for k in 1 2; do "$INDEX" -q --rebuild -d "$R/s$k" "$R/smaller.jsonl"; done
    held_finish
    check_eq "$where shards rebuilt under a held batch: exit 0, no message" "0 " "$RC $(cat "$R/err")"
    seen=$(awk '{ if (!($1 in l)) o[++n] = $1; l[$1] = l[$1] $3 " " }
        END { for (i = 1; i <= n; i++) print l[o[i]] }' "$R/out" |
        awk -v old="$old" -v new="$new" '{ v = "mixed"; if ($0 == old) v = "old"; if ($0 == new) v = "new"; print v }' |
        uniq | tr '\n' ' ' | sed 's/ $//')
    check_eq "$where shards rebuilt under a held batch: old corpus, then the new one" "old new" "$seen"
    for k in 1 2; do "$INDEX" -q --rebuild -d "$R/s$k" "$H/corpus.jsonl"; done
done
check_eq "... and the two corpora differ" 1 "$([ "$old" != "$new" ] && echo 1)"
stop_servers

# ---- Cranfield and SciFact ------------------------------------------------
for set in cranfield scifact; do
    D=$SHARED/datasets/$set
    if [ ! -f "$D/corpus.jsonl" ]; then
        echo "# skipped: $D is absent (the $set comparison needs ../shared/datasets)"
        continue
    fi
    mkdir -p "$TMP/$set"
    build_layouts "$TMP/$set" "$D/corpus.jsonl"
    serve_layouts "$TMP/$set"
    first_queries "$D/queries.jsonl" 25
    compare_layouts "$TMP/$set" "$TMP/$set-queries.jsonl"
    stop_servers
    rm -rf "${TMP:?}/$set"
done
exit $FAILED
