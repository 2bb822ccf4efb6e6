# lib.sh - what the bench scripts share (sourced; needs WORK and say()).

# bench_queries OUT: the 525 Cranfield + SciFact queries as one jsonl file,
# each ID prefixed by its collection ("cranfield-1", "scifact-1"): both
# number their queries from 1, and a query set keeps the last of a repeated
# ID (query/queries_file.h), which would leave 50 queries out.
bench_queries() {
    local out=$1 set name
    : > "$out.tmp"
    for set in "$DATA/cranfield/queries.jsonl" "$DATA/scifact/queries.jsonl"; do
        name=$(basename "$(dirname "$set")")
        jq -c --arg p "$name-" '._id = $p + ._id' "$set" >> "$out.tmp"
    done
    mv "$out.tmp" "$out"
}

# multiple_corpus CORPUS K: path of CORPUS repeated K times, _id suffixed
# -copyN, generated once (streamed; the rename makes a half-written file
# impossible) under a name tied to the source corpus and its size.
multiple_corpus() {
    local corpus=$1 k=$2 dir out
    dir=$WORK/copies/$(basename "$(dirname "$corpus")")-$(stat -c %s "$corpus")/x$k
    out=$dir/$(basename "$corpus")
    if [ ! -f "$out" ]; then
        say "generating the ${k}x corpus in $dir"
        mkdir -p "$dir"
        for ((c = 1; c <= k; c++)); do
            # The first "_id" value of each line gets the suffix (BEIR ids
            # here hold no escaped quotes).
            gzip -dcf "$corpus" | awk -v c="$c" '
                match($0, /"_id": *"[^"]*"/) {
                    $0 = substr($0, 1, RSTART + RLENGTH - 2) "-copy" c substr($0, RSTART + RLENGTH - 1)
                }
                { print }'
        done | gzip -1 > "$out.tmp"
        mv "$out.tmp" "$out"
    fi
    echo "$out"
}
