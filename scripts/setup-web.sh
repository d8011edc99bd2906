#!/bin/sh
# Install what the web page and its browser tests need, offline afterwards:
#   - Debian's chromium (only when /usr/bin/chromium is missing; needs root),
#   - node/npm (only when npm is missing; needs root),
#   - the npm packages pinned in eventwatch/web/package-lock.json (`npm ci`),
#   - and a copy of the files the page serves into eventwatch/web/static/vendor.
# Idempotent: run it as often as you like. Never runs `playwright install`.
#
#   scripts/setup-web.sh                 everything (what `make test` needs)
#   scripts/setup-web.sh --assets-only   only the page's files (what serving needs)
set -eu

BROWSER=1
case "${1:-}" in
    --assets-only) BROWSER=0 ;;
    "") ;;
    *) echo "usage: $0 [--assets-only]" >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WEB="$ROOT/eventwatch/web"

apt_install() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup-web: $* missing; run this script as root, or: sudo apt-get install -y $*" >&2
        exit 1
    fi
    if [ -z "${APT_UPDATED:-}" ]; then
        apt-get update
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}

if [ "$BROWSER" = 1 ] && [ ! -x /usr/bin/chromium ]; then
    apt_install chromium
fi
if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
fi

cd "$WEB"
# Skip the download when node_modules already matches the lock file exactly.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.eventwatch-lock; then
    npm ci --ignore-scripts --no-audit --no-fund
    cp package-lock.json node_modules/.eventwatch-lock
fi
node copy-vendor.mjs
