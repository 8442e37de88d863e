#!/usr/bin/env bash
# Integration check: the store contract tests against a throw-away Virtuoso (Debian's virtuoso-opensource).
#
#   scripts/virtuoso_check.sh            # installs virtuoso-opensource with apt if missing (needs root)
#
# Starts its own Virtuoso instance in a temporary directory, listening on 127.0.0.1 only (free ports),
# allows SPARQL Update for the anonymous /sparql endpoint of that instance, runs
# tests/graph/test_store_contract.py with INNOKG_TEST_REMOTE_STORE=http://127.0.0.1:PORT/sparql, and stops
# the instance. Exit codes: 0 the tests passed, 1 they failed, 77 Virtuoso could not be installed or started
# (CI treats 77 as "skipped").
set -uo pipefail
cd "$(dirname "$0")/.."
SKIP=77

if ! command -v virtuoso-t >/dev/null; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        echo "virtuoso_check: virtuoso-t missing and cannot apt-get install it here; skipped" >&2; exit $SKIP
    fi
    echo "virtuoso_check: installing virtuoso-opensource …" >&2
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null; } \
        || { echo "virtuoso_check: apt-get install failed; skipped" >&2; exit $SKIP; }
    # the package starts a system instance on 8890/1111; this check uses its own, so stop that one
    service virtuoso-opensource-7 stop >/dev/null 2>&1 || true
fi
ISQL=$(command -v isql-vt || command -v isql || true)
[ -n "$ISQL" ] || { echo "virtuoso_check: isql-vt missing; skipped" >&2; exit $SKIP; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
DIR=$(mktemp -d /tmp/innokg-virtuoso.XXXXXX)
SQL_PORT=$(free_port); HTTP_PORT=$(free_port)
cat > "$DIR/virtuoso.ini" <<EOF
[Database]
DatabaseFile = $DIR/virtuoso.db
ErrorLogFile = $DIR/virtuoso.log
TransactionFile = $DIR/virtuoso.trx
xa_persistent_file = $DIR/virtuoso.pxa
[TempDatabase]
DatabaseFile = $DIR/virtuoso-temp.db
TransactionFile = $DIR/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:$SQL_PORT
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., $DIR
[HTTPServer]
ServerPort = 127.0.0.1:$HTTP_PORT
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
EOF

virtuoso-t +foreground +configfile "$DIR/virtuoso.ini" >"$DIR/stdout.log" 2>&1 &
PID=$!
stop() { kill "$PID" 2>/dev/null; for _ in $(seq 1 30); do kill -0 "$PID" 2>/dev/null || break; sleep 1; done
         kill -9 "$PID" 2>/dev/null; rm -rf "$DIR"; }
trap stop EXIT

URL="http://127.0.0.1:$HTTP_PORT/sparql"
for _ in $(seq 1 60); do   # bounded: at most ~60 s for the first start (it creates the database)
    curl -fsS -o /dev/null --max-time 2 "$URL?query=ASK%7B%7D" 2>/dev/null && break
    kill -0 "$PID" 2>/dev/null || { echo "virtuoso_check: Virtuoso exited:" >&2; tail -5 "$DIR/virtuoso.log" >&2; exit $SKIP; }
    sleep 1
done
curl -fsS -o /dev/null --max-time 2 "$URL?query=ASK%7B%7D" || { echo "virtuoso_check: no answer on $URL; skipped" >&2; exit $SKIP; }
"$ISQL" "127.0.0.1:$SQL_PORT" dba dba exec='grant SPARQL_UPDATE to "SPARQL";' >/dev/null \
    || { echo "virtuoso_check: could not allow SPARQL Update; skipped" >&2; exit $SKIP; }

echo "virtuoso_check: Virtuoso on $URL; running the store contract" >&2
[ -f .venv/bin/activate ] && . .venv/bin/activate
INNOKG_TEST_REMOTE_STORE="$URL" timeout 600 python -m pytest -q -p no:cacheprovider tests/graph/test_store_contract.py -k remote
