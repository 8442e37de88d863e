#!/usr/bin/env bash
# The main job on a fresh machine: install innokg into .venv, ingest the bundled examples into the
# embedded store (.innokg/store), show what the graph now knows, then serve it over HTTP.
source "$(dirname "$0")/env.sh"
innokg ingest examples/ || true   # failures are listed by file; the rest is in the graph
innokg stats
echo
echo "Who funds what:"
innokg query -f api/queries/who-funds-what.rq --format table
echo
echo "Serving the graph at http://127.0.0.1:${INNOKG_PORT:-8000}/ (SPARQL at /sparql); stop with Ctrl-C."
exec innokg serve --host 127.0.0.1 --port "${INNOKG_PORT:-8000}"
