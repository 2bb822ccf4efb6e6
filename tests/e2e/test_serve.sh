#!/usr/bin/env bash
# quarry-serve: the JSON API against quarry-query's own answers, the search
# page, hostile requests and indexed passages, limits, 503 and recovery,
# rebuilds and updates under a load of queries, a clean shutdown, and the
# page in headless Chromium where it is installed.  Every server listens on
# 127.0.0.1 on a port it picks itself (--listen 127.0.0.1:0 --port-file)
# and is stopped by its PID, on failure too.
source "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || skip_all "curl is not installed"
command -v jq >/dev/null || skip_all "jq is not installed"

trap 'stop_server; rm -rf "$TMP"' EXIT

# get PATH [CURL-OPTION...]: sets CODE, TYPE, NOSNIFF and BODY.
get() {
    local path=$1
    shift
    local meta
    meta=$(curl -s --path-as-is -D "$TMP/headers" -o "$TMP/body" -w '%{http_code}' "$@" "$BASE$path")
    CODE=$meta
    TYPE=$(sed -n 's/^Content-Type: \(.*\)\r$/\1/Ip' "$TMP/headers")
    NOSNIFF=$(grep -ci '^X-Content-Type-Options: nosniff' "$TMP/headers")
    BODY=$(cat "$TMP/body")
}

JSON_TYPE="application/json; charset=utf-8"
HTML_TYPE="text/html; charset=utf-8"

# ------------------------------------------------------------ the API
run "$INDEX" -q -d "$TMP/sample" "$ROOT/corpus"
start_server "$TMP/sample" --access-log "$TMP/access.log"
check_contains "reports where it listens, loopback only" "on http://127.0.0.1:$PORT/" "$(cat "$TMP/serve.err")"

get "/search?q=botox+calf&limit=3"
check_eq "search: 200" 200 "$CODE"
check_eq "search: JSON content type" "$JSON_TYPE" "$TYPE"
check_eq "search: nosniff" 1 "$NOSNIFF"
check_eq "search: the query, as given and as parsed, the page" \
    '"botox calf" "Query((Zbotox@1 OR Zcalf@2))" 5 0 3' \
    "$(jq -r '[(.query|tojson), (.parsed|tojson), .estimated, .offset, .limit] | join(" ")' <<<"$BODY")"
check_eq "search: the time taken is a number" number "$(jq -r '.took_ms|type' <<<"$BODY")"
# (both sides through jq -c: jq writes some doubles with a digit fewer
# than jansson does)
expected=$("$QUERY" -d "$TMP/sample" --format json -n 3 botox calf | jq -c .)
check_eq "search: the hits are quarry-query --format json's, field for field" "$expected" \
    "$(jq -c '.hits[]' <<<"$BODY")"
get "/search?q=botox+calf&limit=2&offset=2&model=bm25&k1=1.2&b=0.75&and=0&stopwords=drop&snippet-length=100"
expected=$("$QUERY" -d "$TMP/sample" --format json -n 2 --offset 2 --snippet-length 100 botox calf | jq -c .)
check_eq "search: offset, model and snippet parameters as quarry-query's options" "$expected" \
    "$(jq -c '.hits[]' <<<"$BODY")"
get "/search?q=botox&model=lm&mu=500&expand=2:5:0.3&expand-when=1&proximity=8:0.1&limit=5"
expected=$("$QUERY" -d "$TMP/sample" --format trec -n 5 --model lm --mu 500 --expand 2:5:0.3 --expand-when 1 --proximity 8:0.1 botox | cut -d' ' -f3 | tr '\n' ' ')
check_eq "search: lm, feedback and proximity rank as quarry-query does" "$expected" \
    "$(jq -r '.hits[].id' <<<"$BODY" | tr '\n' ' ')"
get "/search?q=botox+calf&per-question=1&limit=3"
expected=$("$QUERY" -d "$TMP/sample" --format json -n 3 --per-question 1 botox calf | jq -c .)
check_eq "search: per-question as quarry-query's option (more_answers counted)" "$expected" \
    "$(jq -c '.hits[]' <<<"$BODY")"
get "/search?q=botox&sort=date&limit=3"
expected=$("$QUERY" -d "$TMP/sample" --format json -n 3 --sort date botox | jq -c .)
check_eq "search: sort as quarry-query's option" "$expected" "$(jq -c '.hits[]' <<<"$BODY")"
get "/search?q=botox&sort=votes"
check_eq "search: an unknown sort is a 400" 400 "$CODE"
get "/search?q=nosuchwordanywhere"
check_eq "search: no match is 200 with no hits" "200 0 0" "$CODE $(jq '.estimated, (.hits|length)' <<<"$BODY" | tr '\n' ' ' | sed 's/ $//')"

get "/health"
check_eq "health: 200 with the passages" '200 {"status":"ok","passages":5}' "$CODE $BODY"
get "/stats"
check_eq "stats: passages, generation, analysis, queries served" "200 5 1 english all_z 6" \
    "$CODE $(jq -r '[.passages, .generation, .analysis.language, .analysis.stemming, .queries] | join(" ")' <<<"$BODY")"
check_eq "stats: p50 <= p99, both above 0, uptime" "true" \
    "$(jq '.latency_ms.p50 > 0 and .latency_ms.p50 <= .latency_ms.p99 and .uptime_s > 0' <<<"$BODY")"

id=$(jq -r '.hits[0].id' <<<"$("$QUERY" -d "$TMP/sample" --format json -n 1 botox | jq -s '{hits: .}')")
get "/passage/$(jq -rn --arg s "$id" '$s|@uri')"
check_eq "passage: 200, JSON" "200 $JSON_TYPE 1" "$CODE $TYPE $NOSNIFF"
check_eq "passage: its ID, line and stored body" "$id true" \
    "$(jq -r '[.id, (.answer_body|length > 50)] | join(" ")' <<<"$BODY")"
get "/passage/no-such-id"
check_eq "passage: unknown ID is a 404 JSON error" "404 $JSON_TYPE no passage with ID 'no-such-id'" \
    "$CODE $TYPE $(jq -r .error <<<"$BODY")"
get "/passage/../../etc/passwd"
check_eq "traversal: /passage/../../etc/passwd is 404 JSON, no file" "404 $JSON_TYPE 1 0" \
    "$CODE $TYPE $NOSNIFF $(grep -c root: <<<"$BODY")"
get "/../../etc/passwd"
check_eq "traversal: /../../etc/passwd is 404 JSON" "404 $JSON_TYPE 0" "$CODE $TYPE $(grep -c root: <<<"$BODY")"
get "/serve/"
check_eq "no directory listing: an unknown path is 404 JSON" "404 $JSON_TYPE" "$CODE $TYPE"
get "/search?q=x" -X POST -d 'a=b'
check_eq "POST is 405 JSON" "405 $JSON_TYPE 1" "$CODE $TYPE $NOSNIFF"
get "/health" -I
check_eq "HEAD: 200, headers only" "200 $JSON_TYPE" "$CODE $TYPE"

# ------------------------------------------------------------ the page
get "/"
check_eq "page: 200 HTML, nosniff" "200 $HTML_TYPE 1" "$CODE $TYPE $NOSNIFF"
check_contains "page: a form without JavaScript" '<form action="/" method="get" role="search"><input type="search" name="q"' "$BODY"
check_eq "page: no script, no external asset" 0 "$(grep -ciE '<script|src=|<link' <<<"$BODY")"
get "/?q=botox+calf&limit=2"
check_eq "page: the hits' IDs in order" "$("$QUERY" -d "$TMP/sample" --format trec -n 2 botox calf | cut -d' ' -f3 | tr '\n' ' ')" \
    "$(grep -o 'data-id="[^"]*"' <<<"$BODY" | sed 's/data-id="\(.*\)"/\1/' | tr '\n' ' ')"
check_contains "page: matches highlighted" 'Making <mark>calf</mark> smaller' "$BODY"
check_contains "page: the snippet, marked" 'using <mark>Botox</mark> to...' "$BODY"
check_contains "page: the question's title" '<div class="question">Is Nerve Block Procedure in Calves Safe?</div>' "$BODY"
check_contains "page: the next page's link keeps the parameters" '<a rel="next" href="/?q=botox%20calf&amp;limit=2&amp;offset=2">' "$BODY"
check_contains "page: a phone's viewport" 'name="viewport" content="width=device-width' "$BODY"
get "/?q=botox+calf&limit=2&offset=2"
check_contains "page 2: starts at 3, links back" '<ol class="hits" start="3">' "$BODY"
check_contains "page 2: previous link" '<a rel="prev" href="/?q=botox%20calf&amp;limit=2&amp;offset=0">' "$BODY"
get "/?q=botox&limit=abc"
check_eq "page: a bad parameter is a 400 page naming it" "400 $HTML_TYPE" "$CODE $TYPE"
check_contains "page: the message, escaped" "invalid value &#39;abc&#39; for parameter &#39;limit&#39;" "$BODY"
check_contains "access log: one line per request, no query text" "127.0.0.1 GET /search 200" "$(cat "$TMP/access.log")"
check_eq "access log: the query text is not there" 0 "$(grep -c botox "$TMP/access.log")"
stop_server
check_eq "SIGTERM: a clean exit" 0 "$SRC"
check_contains "SIGTERM: it says it stopped" "quarry-serve: stopped" "$(cat "$TMP/serve.err")"

# Shards, as quarry-query takes them: -d repeated searches them as one.
SH="$TMP/shardc"
mkdir -p "$SH"
for t in alpha beta gamma delta; do native_doc "$SH/$t.txt" "$t" 3; done
"$INDEX" -q -d "$TMP/s1" --shard 1/2 "$SH"
"$INDEX" -q -d "$TMP/s2" --shard 2/2 "$SH"
start_server "$TMP/s1" -d "$TMP/s2"
get "/search?q=allpassages+alpha+gamma&limit=20"
check_eq "shards: hits of -d A -d B are quarry-query's over the same shards" \
    "$("$QUERY" -d "$TMP/s1" -d "$TMP/s2" --format json -n 20 allpassages alpha gamma | jq -c .)" \
    "$(jq -c '.hits[]' <<<"$BODY")"
check_eq "shards: all 12 passages of both shards" 12 "$(jq '.hits|length' <<<"$BODY")"
stop_server

# A request in flight when SIGTERM comes is answered in full: a 20 MB
# passage read at 4 MB/s (more than loopback's socket buffers hold).
G="$TMP/big"
mkdir -p "$G"
{ printf 'Question big\n\nA question.\n\nAnswer big\n\n'; yes 'slow words here' | head -c 20000000 | tr '\n' ' '; printf '\n'; } >"$G/big.txt"
"$INDEX" -q -d "$TMP/bigidx" "$G"
start_server "$TMP/bigidx"
curl -s --limit-rate 4M -o "$TMP/big.json" -w '%{http_code}' "$BASE/passage/big%231" >"$TMP/big.code" &
CPID=$!
sleep 1
kill "$SPID"
wait "$CPID"
wait "$SPID"
SRC=$?
SPID=""
check_eq "SIGTERM with a request in flight: the answer is complete" "200 19999999" \
    "$(cat "$TMP/big.code") $(jq -r '.answer_body|length' "$TMP/big.json" 2>/dev/null)"
check_eq "SIGTERM with a request in flight: then a clean exit" "0 1" \
    "$SRC $(grep -c 'quarry-serve: stopped' "$TMP/serve.err")"

run "$SERVE" -d "$TMP/sample" --listen 0.0.0.0
check_eq "--listen without a port: exit 2" 2 "$RC"
check_contains "--listen without a port: says what it expects" "expected IPV4:PORT or [IPV6]:PORT" "$ERR"
run "$SERVE" --listen 127.0.0.1:0
check_eq "no -d: exit 2" "2 quarry-serve: no index given (-d INDEX)" "$RC $(head -n 1 <<<"$ERR")"
many=()
for i in $(seq 65); do many+=(-d "i$i"); done
run "$SERVE" "${many[@]}"
check_eq "65 -d: exit 2" "2 quarry-serve: at most 64 -d" "$RC $(head -n 1 <<<"$ERR")"
run "$SERVE" --help
check_contains "--help: the options" "--listen ADDR:PORT       where to listen (default 127.0.0.1:8080" "$OUT"

# ------------------------------------------------- hostile passages, queries
H="$TMP/hostile"
mkdir -p "$H"
printf 'Question <script>alert(1)</script>\n\nWhat about "><img src=x onerror=alert(2)>?\n\nAnswer <b>bold</b> hostileword\n\nhostileword <script>alert(3)</script> and "><img src=x onerror=alert(4)> and \033[31mred\007 and it'"'"'s &amp; done.\n' >"$H/h.txt"
"$INDEX" -q -d "$TMP/hidx" "$H"
start_server "$TMP/hidx" --access-log "$TMP/access2.log" --log-queries
get "/?q=hostileword"
check_eq "hostile passage: 200" 200 "$CODE"
check_eq "hostile passage: no tag of the passage reaches the page" 0 \
    "$(grep -cE '<script|<img|<b>' <<<"$BODY")"
check_contains "hostile passage: the question title as text" 'Question &lt;script&gt;alert(1)&lt;/script&gt;' "$BODY"
check_contains "hostile passage: the answer title as text" 'Answer &lt;b&gt;bold&lt;/b&gt; <mark>hostileword</mark>' "$BODY"
check_contains "hostile passage: the body's tags and quotes as text" \
    '&lt;script&gt;alert(3)&lt;/script&gt; and &quot;&gt;&lt;img src=x onerror=alert(4)&gt; and' "$BODY"
check_contains "hostile passage: control characters shown as U+FFFD, quotes and & escaped" \
    $'\xef\xbf\xbd[31mred\xef\xbf\xbd and it&#39;s &amp;amp; done.' "$BODY"
check_eq "hostile passage: no control byte in the page" 0 "$(LC_ALL=C grep -c $'[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' "$TMP/body")"
get "/?q=%22%3E%3Cscript%3Ealert(5)%3C%2Fscript%3E"
check_contains "hostile query: escaped in the form's value" 'value="&quot;&gt;&lt;script&gt;alert(5)&lt;/script&gt;"' "$BODY"
check_eq "hostile query: no tag of it on the page" 0 "$(grep -c 'alert(5)</script>' <<<"$BODY")"
get "/?q=x&%3Cimg%20src%3Dx%3E=1"
check_eq "hostile parameter name: 400, escaped in the message" "400 1 0" \
    "$CODE $(grep -c 'unknown parameter &#39;&lt;img src=x&gt;&#39;' <<<"$BODY") $(grep -c '<img' <<<"$BODY")"
get "/search?q=hostileword"
check_eq "hostile passage: JSON answer parses" 1 "$(jq '.hits|length' <<<"$BODY")"
check_eq "hostile passage: JSON keeps the text exactly" '<script>alert(1)</script>' \
    "$(jq -r '.hits[0].question_title' <<<"$BODY" | sed 's/^Question //')"
get "/search?q=caf%E9%FF"
check_eq "ill-formed UTF-8 in the query: 200, the JSON is valid UTF-8" "200 ok" \
    "$CODE $(iconv -f UTF-8 -t UTF-8 "$TMP/body" >/dev/null 2>&1 && jq -e . "$TMP/body" >/dev/null && echo ok)"
check_eq "ill-formed UTF-8 in the query: repaired to U+FFFD" $'caf\xef\xbf\xbd\xef\xbf\xbd' "$(jq -r .query <<<"$BODY")"
get "/search?q=%1B%5B2J%0Aforged"
check_eq "control characters in a logged query: one escaped line each" 1 \
    "$(grep -c 'q="\\x1b\[2J\\nforged"' "$TMP/access2.log")"
check_eq "the access log has no raw control character" 0 "$(LC_ALL=C grep -c $'\x1b' "$TMP/access2.log")"

# ------------------------------------------------------------- limits
get "/search?q=x&limit=101"
check_eq "limit above 100: 400 naming it" "400 $JSON_TYPE 1 invalid value '101' for parameter 'limit': expected a whole number from 1 to 100 (default 10)" \
    "$CODE $TYPE $NOSNIFF $(jq -r .error <<<"$BODY")"
get "/search?q=x&offset=10001"
check_contains "offset above 10000: 400" "400 invalid value '10001' for parameter 'offset'" "$CODE $(jq -r .error <<<"$BODY")"
get "/search?q=x&limit=-1"
check_eq "negative limit: 400" 400 "$CODE"
get "/search?q=x&model=nope"
check_contains "unknown model: 400 with the choices" "expected bm25, bm25plus, lm" "$(jq -r .error <<<"$BODY")"
get "/search?q=x&model=lm&k1=2"
check_eq "a parameter the model does not take: 400" "400 parameter 'k1' does not apply to model lm" "$CODE $(jq -r .error <<<"$BODY")"
get "/search?q=x&expand=5:10"
check_contains "bad feedback value: 400 saying what is expected" "expected DOCS:TERMS:WEIGHT" "$(jq -r .error <<<"$BODY")"
get "/search?q=x&q=y"
check_eq "a parameter given twice: 400" "400 parameter 'q' given twice" "$CODE $(jq -r .error <<<"$BODY")"
get "/search?limit=3"
check_eq "no query: 400" "400 missing parameter 'q' (the query text)" "$CODE $(jq -r .error <<<"$BODY")"
get "/search?q=$(printf '%.0s(' $(seq 101))x"
check_contains "parentheses nested too deep: 400 malformed query" "400 malformed query" "$CODE $(jq -r .error <<<"$BODY")"
long=$(head -c 17000 /dev/zero | tr '\0' 'a')
get "/search?q=$long"
check_contains "a query over 16384 bytes: 400 naming the bound" "400 malformed query" "$CODE $(jq -r .error <<<"$BODY")"
many=$(for i in $(seq 1100); do printf 'w%d+' "$i"; done)
get "/search?q=$many"
check_contains "a query over 1024 terms: 400" "400" "$CODE"
check_contains "a query over 1024 terms: the message names the bound" "1024" "$(jq -r .error <<<"$BODY")"
huge=$(head -c 70000 /dev/zero | tr '\0' 'a')
get "/search?q=$huge"
check_eq "a URL over 64 KiB: 414 JSON" "414 $JSON_TYPE 1" "$CODE $TYPE $NOSNIFF"
get "/health" -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' 'b')"
check_eq "headers over 16 KiB: 431 JSON" "431 $JSON_TYPE" "$CODE $TYPE"
enormous=$(head -c 400000 /dev/zero | tr '\0' 'a')
code=$(exec 3<>"/dev/tcp/127.0.0.1/$PORT"
       printf 'GET /search?q=%s HTTP/1.1\r\nHost: x\r\n\r\n' "$enormous" >&3
       head -n 1 <&3 | cut -d' ' -f2)
check_eq "a 400 KB URL: refused with a 4xx by libmicrohttpd itself" 4 "${code:0:1}"
get "/health"
check_eq "after the oversized requests the server still answers" 200 "$CODE"
# A connection that sends nothing is closed after --timeout.
stop_server
start_server "$TMP/hidx" --timeout 1
start=$(date +%s)
timeout 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT; cat <&3 >/dev/null"
took=$(($(date +%s) - start))
check_eq "an idle connection is closed after --timeout 1" 1 "$([ "$took" -le 4 ] && echo 1 || echo 0)"
stop_server
start_server "$TMP/hidx" --max-connections 2 --threads 1
exec 4<>"/dev/tcp/127.0.0.1/$PORT" 5<>"/dev/tcp/127.0.0.1/$PORT"
sleep 0.2
code=$(curl -s -m 3 -o /dev/null -w '%{http_code}' "$BASE/health")
check_eq "over --max-connections a connection is refused, not queued forever" 000 "$code"
exec 4>&- 5>&-
sleep 0.3
get "/health"
check_eq "the connections closed, it answers again" 200 "$CODE"
stop_server

# ------------------------------------------------- 503 and recovery
M="$TMP/missing"
start_server "$M"
check_contains "missing index: it starts anyway and says so" "answering 503 until it opens" "$(cat "$TMP/serve.err")"
get "/health"
check_eq "missing index: /health 503 JSON with the reason" "503 $JSON_TYPE 1" "$CODE $TYPE $(jq -r .error <<<"$BODY" | grep -c "no index at $M")"
get "/search?q=botox"
check_eq "missing index: /search 503" 503 "$CODE"
get "/?q=botox"
check_eq "missing index: the page is a 503 page with the reason" "503 $HTML_TYPE 1" "$CODE $TYPE $(grep -c 'class="error"' <<<"$BODY")"
"$INDEX" -q -d "$M" "$ROOT/corpus"
get "/search?q=botox"
check_eq "the index appears: answered at once" "200 4" "$CODE $(jq .estimated <<<"$BODY")"
gen=$(live_gen "$M")
mv "$gen" "$TMP/gen.away"
get "/search?q=botox"
check_eq "the live generation vanishes: 503" 503 "$CODE"
check_contains "... with the reason" "names gen-000001, which is missing" "$(jq -r .error <<<"$BODY")"
mv "$TMP/gen.away" "$gen"
get "/search?q=botox"
check_eq "it comes back: 200 again" 200 "$CODE"
stop_server
for f in "$gen"/*.glass; do : >"$f"; done
start_server "$M"
get "/search?q=botox"
check_eq "a corrupt index: 503 JSON" "503 $JSON_TYPE" "$CODE $TYPE"
check_contains "... saying it is corrupt" "is unreadable or corrupt" "$(jq -r .error <<<"$BODY")"
rm -rf "$M"
"$INDEX" -q -d "$M" "$ROOT/corpus"
get "/health"
check_eq "rebuilt after corruption: 200" 200 "$CODE"
stop_server
check_eq "still a clean exit after all that" 0 "$SRC"

# ------------------------------------------------- rebuilds under load
A="$TMP/ca"
B="$TMP/cb"
mkdir -p "$A" "$B"
for i in 1 2 3; do native_doc "$A/old$i.txt" oldcorpus 3; native_doc "$B/new$i.txt" newcorpus 3; done
L="$TMP/lidx"
"$INDEX" -q -d "$L" "$A"
start_server "$L" --threads 2
load() { # bounded: stops at the marker, or after 3000 queries
    for _ in $(seq 3000); do
        curl -s -w '%{http_code}\n' "$BASE/search?q=allpassages&limit=100" | jq -nrR \
            '[inputs] as $l | "\($l[1]) \(($l[0] | fromjson? | [.hits[].id | sub("[0-9]+#[0-9]+$"; "")] | unique | join(",")) // "unparsable")"'
        [ -e "$TMP/load.stop" ] && break
    done >"$TMP/load.out"
}
load &
LPID=$!
sleep 1
"$INDEX" -q --rebuild -d "$L" "$B"        # switch to the new corpus
sleep 0.5
native_doc "$B/new4.txt" newcorpus 2
"$INDEX" -q -d "$L" "$B"                  # an update, committed in place
sleep 0.5
"$INDEX" -q --rebuild -d "$L" "$A"        # and back, and forth again
sleep 0.5
"$INDEX" -q --rebuild -d "$L" "$B"
sleep 0.5
native_doc "$B/new5.txt" newcorpus 1
"$INDEX" -q -d "$L" "$B"
sleep 1
touch "$TMP/load.stop"
wait "$LPID"
total=$(wc -l <"$TMP/load.out")
check_eq "under load: queries answered" 1 "$([ "$total" -ge 20 ] && echo 1 || echo 0)"
check_eq "under load: 0 non-200 answers in $total" 0 "$(grep -vc '^200 ' "$TMP/load.out")"
check_eq "under load: no mixed answer (each one corpus)" 0 "$(grep -c ',' "$TMP/load.out")"
check_eq "under load: answers start on the old corpus" "200 old" "$(head -n 1 "$TMP/load.out")"
check_eq "under load: and end on the new one, updates included" "200 new" "$(tail -n 1 "$TMP/load.out")"
check_eq "under load: the switches were seen (old, new, old, new)" "old new old new" \
    "$(cut -d' ' -f2 "$TMP/load.out" | uniq | tr '\n' ' ' | sed 's/ $//')"
get "/search?q=allpassages&limit=100"
check_eq "after the updates: every passage of the final corpus" \
    "$("$QUERY" -d "$L" --format trec -n 100 allpassages | cut -d' ' -f3 | sort | tr '\n' ' ')" \
    "$(jq -r '.hits[].id' <<<"$BODY" | sort | tr '\n' ' ')"
stop_server

# ------------------------------------------------- a real browser
BROWSER=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$BROWSER" ]; then
    echo "# skipped: headless Chromium checks (chromium is not installed; ./setup.sh --with-browser)"
else
    start_server "$TMP/sample"
    chrome() {
        timeout 60 "$BROWSER" --headless --no-sandbox --disable-gpu --no-first-run \
            --disable-dev-shm-usage --user-data-dir="$TMP/chrome" "$@" 2>/dev/null
    }
    # The query is submitted through a form, as a person would: a local page
    # holding the search form submits it on load.
    cat >"$TMP/submit.html" <<EOF
<form action="$BASE/" method="get"><input name="q" value="botox calf"><input name="limit" value="2"></form>
<script>document.forms[0].submit()</script>
EOF
    dom=$(chrome --virtual-time-budget=5000 --dump-dom "file://$TMP/submit.html")
    check_eq "browser: the submitted query's hits, IDs in order" \
        "$("$QUERY" -d "$TMP/sample" --format trec -n 2 botox calf | cut -d' ' -f3 | tr '\n' ' ')" \
        "$(grep -o 'data-id="[^"]*"' <<<"$dom" | sed 's/data-id="\(.*\)"/\1/' | tr '\n' ' ')"
    check_contains "browser: highlighted words" '<mark>calf</mark>' "$dom"
    check_contains "browser: the next page's link" 'rel="next" href="/?q=botox%20calf&amp;limit=2&amp;offset=2"' "$dom"
    check_contains "browser: the query stays in the form" 'value="botox calf"' "$dom"
    dom=$(chrome --dump-dom "$BASE/?q=hostileword")
    check_eq "browser: an empty result page renders" 1 "$(grep -c 'No passage matches' <<<"$dom")"
    art="$QUARRY_BIN/../artifacts"
    mkdir -p "$art"
    rm -f "$art/serve-results.png"
    chrome --window-size=900,1000 --hide-scrollbars --screenshot="$art/serve-results.png" \
        "$BASE/?q=botox+calf+muscle&limit=3" >/dev/null
    check_eq "browser: a screenshot of the results page (artefact $art/serve-results.png)" \
        "PNG" "$(head -c 4 "$art/serve-results.png" 2>/dev/null | tail -c 3)"
    stop_server
fi
exit $FAILED
