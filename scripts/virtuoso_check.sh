#!/usr/bin/env bash
# Integration check: the store contract against a throw-away Virtuoso (Debian's virtuoso-opensource 7.2.5).
#
#   scripts/virtuoso_check.sh            # installs virtuoso-opensource with apt-get if missing (needs root)
#   scripts/virtuoso_check.sh -x -v      # extra arguments go to pytest
#
# 1. installs the package non-interactively if `virtuoso-t` is missing (the dba password debconf asks
#    for is preseeded; the system instance the package may start is stopped again);
# 2. starts its own Virtuoso in a temporary directory with its own virtuoso.ini, on free loopback ports,
#    and waits for it (bounded);
# 3. sets it up as docs/decisions/006-remote-stores.md recommends: a user `innokg` (random password)
#    who may write through /sparql-auth (Digest) and /sparql-graph-crud-auth; Virtuoso's own graphs
#    private, so the anonymous read-only /sparql sees only the data in its union default graph;
# 4. runs tests/graph/test_store_contract.py and tests/graph/test_remote_store.py against it, through
#    INNOKG_TEST_REMOTE_STORE=http://127.0.0.1:PORT/sparql, INNOKG_STORE_{UPDATE,GSP}_URL and
#    INNOKG_STORE_{USER,PASSWORD}, bounded to $VIRTUOSO_TEST_TIMEOUT seconds (default 300);
# 5. stops the instance and removes its directory.
# Exit codes: 0 the tests passed, 1 they failed, 77 Virtuoso could not be installed or started (skipped).
set -uo pipefail
cd "$(dirname "$0")/.."
SKIP=77
say() { echo "virtuoso_check: $*" >&2; }
START=$SECONDS

if ! command -v virtuoso-t >/dev/null; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        say "virtuoso-t missing and cannot apt-get install it here; skipped"; exit $SKIP
    fi
    say "installing virtuoso-opensource …"
    export DEBIAN_FRONTEND=noninteractive
    # the system instance's dba password (this check's own instance does not use it); preseeded so
    # that debconf never waits for an answer
    SYSTEM_PW=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
    printf '%s\n' "virtuoso-opensource-7 virtuoso-opensource-7/dba-password password $SYSTEM_PW" \
        "virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password $SYSTEM_PW" \
        | debconf-set-selections 2>/dev/null || true
    { timeout 300 apt-get update -qq && timeout 300 apt-get install -y -qq --no-install-recommends \
          -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold virtuoso-opensource >/dev/null; } \
        || { say "apt-get install failed; skipped"; exit $SKIP; }
    # the package may start a system instance on 8890/1111; this check uses its own
    { systemctl stop virtuoso-opensource-7 || service virtuoso-opensource-7 stop; } >/dev/null 2>&1 || true
fi
ISQL=$(command -v isql-vt || command -v isql-v || true)
[ -n "$ISQL" ] || { say "isql-vt missing; skipped"; exit $SKIP; }
VSP=/var/lib/virtuoso-opensource-7/vsp
[ -d "$VSP" ] || VSP=.

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
DIR=$(mktemp -d /tmp/innokg-virtuoso.XXXXXX)
SQL_PORT=$(free_port); HTTP_PORT=$(free_port)
cat > "$DIR/virtuoso.ini" <<EOF
[Database]
DatabaseFile = $DIR/virtuoso.db
ErrorLogFile = $DIR/virtuoso.log
LockFile = $DIR/virtuoso.lck
TransactionFile = $DIR/virtuoso.trx
xa_persistent_file = $DIR/virtuoso.pxa
[TempDatabase]
DatabaseFile = $DIR/virtuoso-temp.db
TransactionFile = $DIR/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:$SQL_PORT
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
DirsAllowed = ., $DIR
[HTTPServer]
ServerPort = 127.0.0.1:$HTTP_PORT
ServerRoot = $VSP
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 30
EOF

(cd "$DIR" && exec virtuoso-t +foreground +configfile "$DIR/virtuoso.ini") >"$DIR/stdout.log" 2>&1 &
PID=$!
stop() {
    kill "$PID" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$PID" 2>/dev/null
    rm -rf "$DIR"
}
trap stop EXIT
trap 'exit 1' INT TERM

BASE="http://127.0.0.1:$HTTP_PORT"
up() { curl -fsS -o /dev/null --max-time 2 "$BASE/sparql?query=ASK%7B%7D" 2>/dev/null; }
for _ in $(seq 1 120); do   # bounded: at most ~60 s (the first start creates the database, ~7 s here)
    up && break
    kill -0 "$PID" 2>/dev/null || { say "Virtuoso exited:"; tail -5 "$DIR/virtuoso.log" "$DIR/stdout.log" >&2; exit $SKIP; }
    sleep 0.5
done
up || { say "no answer on $BASE/sparql; skipped"; exit $SKIP; }

# The new database's dba password is "dba"; it is changed first (the instance listens on loopback only).
DBA_PW=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
USER_PW=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
PRIVATE='http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs'
SETUP="USER_SET_PASSWORD ('dba', '$DBA_PW');
DB.DBA.USER_CREATE ('innokg', '$USER_PW');
GRANT SPARQL_UPDATE TO \"innokg\";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('innokg', 7);
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 1);
DB.DBA.RDF_GRAPH_GROUP_CREATE ('$PRIVATE', 1);
DB.DBA.RDF_GRAPH_GROUP_INS ('$PRIVATE', 'http://www.openlinksw.com/schemas/virtrdf#');
DB.DBA.RDF_GRAPH_GROUP_INS ('$PRIVATE', 'http://www.w3.org/ns/ldp#');
DB.DBA.RDF_GRAPH_GROUP_INS ('$PRIVATE', 'http://localuriqaserver/sparql');
DB.DBA.RDF_GRAPH_GROUP_INS ('$PRIVATE', 'http://localhost:$HTTP_PORT/sparql');
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0, 1);
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('innokg', 0, 1);"
printf '%s\n' "$SETUP" | timeout 60 "$ISQL" "127.0.0.1:$SQL_PORT" dba dba VERBOSE=OFF PROMPT=OFF >"$DIR/setup.log" 2>&1
if grep -q '\*\*\* Error' "$DIR/setup.log"; then
    say "could not set Virtuoso up:"; grep -A1 '\*\*\* Error' "$DIR/setup.log" >&2; exit $SKIP
fi
say "Virtuoso $(virtuoso-t -? 2>&1 | grep -o 'Version [0-9.]*' | head -1) on $BASE, up in $((SECONDS - START)) s; running the store contract"

[ -f .venv/bin/activate ] && . .venv/bin/activate
export INNOKG_TEST_REMOTE_STORE="$BASE/sparql" \
       INNOKG_STORE_UPDATE_URL="$BASE/sparql-auth" \
       INNOKG_STORE_GSP_URL="$BASE/sparql-graph-crud-auth" \
       INNOKG_STORE_USER=innokg INNOKG_STORE_PASSWORD="$USER_PW"
timeout "${VIRTUOSO_TEST_TIMEOUT:-300}" python -m pytest -q -p no:cacheprovider -rfEs \
    tests/graph/test_store_contract.py tests/graph/test_remote_store.py -k "remote or test_remote_store" "$@"
RC=$?
say "done in $((SECONDS - START)) s (pytest exit $RC)"
[ $RC = 0 ] || exit 1
