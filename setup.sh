#!/bin/sh
# setup.sh - everything a fresh Debian 12 machine needs to run Quarry:
# installs the missing Debian packages, builds the tools, indexes the bundled
# sample corpus into ./demo-index and runs a sample query on it.
#
#   ./setup.sh              set up, build, run the demo
#   ./setup.sh --deps-only  only install the packages (what CI uses)
#   ./setup.sh --with-browser  also chromium (large), for the headless-browser
#                           part of tests/e2e/test_serve.sh (skipped without it)
set -eu
cd "$(dirname "$0")"
deps_only=0 with_browser=0
for arg in "$@"; do
    case $arg in
    --deps-only) deps_only=1 ;;
    --with-browser) with_browser=1 ;;
    *) echo "usage: $0 [--deps-only] [--with-browser]" >&2; exit 2 ;;
    esac
done

# Build: compiler, make, pkg-config and the libraries (libxml2, libarchive
# and SQLite read StackExchange dumps; libmicrohttpd for quarry-serve).
# Test: cmocka, jq (checks the JSON output), valgrind, xapian-tools
# (xapian-check, xapian-tcpsrv), curl (the service), clang and its libFuzzer
# runtime (libclang-rt-14-dev) for tests/fuzz.  Bench: wrk.
PACKAGES="build-essential pkg-config libxapian-dev libstemmer-dev libjansson-dev
zlib1g-dev libxml2-dev libarchive-dev libsqlite3-dev libmicrohttpd-dev libcmocka-dev
xapian-tools valgrind jq curl wrk clang libclang-rt-14-dev"
[ "$with_browser" -eq 1 ] && PACKAGES="$PACKAGES chromium"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "setup: installing:$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
        echo "setup: these Debian packages are missing:$missing"
        echo "setup: install them with:"
        echo "    sudo apt-get install$missing"
        echo "setup: then run ./setup.sh again."
        exit 1
    fi
fi
[ "$deps_only" -eq 1 ] && exit 0

echo "setup: building (make all)"
make -s -j"$(nproc)" all
rm -rf demo-index
echo
echo "\$ build/bin/quarry-index -d demo-index corpus"
build/bin/quarry-index -d demo-index corpus
echo
echo "\$ build/bin/quarry-query -d demo-index -n 3 botox calf muscle"
build/bin/quarry-query -d demo-index -n 3 botox calf muscle
