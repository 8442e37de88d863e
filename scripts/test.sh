#!/usr/bin/env bash
# The test suite: install innokg with its test extra into .venv and run pytest (extra args pass through).
INNOKG_EXTRAS=test
source "$(dirname "$0")/env.sh"
python -m pytest "$@"
