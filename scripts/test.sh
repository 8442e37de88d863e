#!/usr/bin/env bash
# The test suite: install innokg with its test extra into .venv, make sure the headless browser the
# page and map tests drive is there (Debian's chromium), and run pytest (extra args pass through).
INNOKG_EXTRAS=test
source "$(dirname "$0")/env.sh"
if ! command -v chromium >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
    else
        echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2
    fi
fi
python -m pytest "$@"
