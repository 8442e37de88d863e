#!/usr/bin/env bash
# The main job on a fresh machine: install innokg into .venv, ingest the bundled examples into the
# embedded store (.innokg/store), and show what the graph now knows.
source "$(dirname "$0")/env.sh"
innokg ingest examples/ || true   # failures are listed by file; the rest is in the graph
innokg stats
echo
echo "Who funds what:"
innokg query -f api/queries/who-funds-what.rq --format table
