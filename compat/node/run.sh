#!/usr/bin/env bash
# compat/node/run.sh HOST PORT: node-postgres (`pg`, pinned in package-lock.json; compat/run installs it with npm ci)
# against a running server. compat.js checks its own expected values (PostgreSQL 15's); when a reference PostgreSQL 15
# is reachable (COMPAT_PG_HOST / COMPAT_PG_PORT: compat/run's throwaway cluster, default 127.0.0.1:5432) the raw
# text results of the same queries must also be byte-identical to its results. Exits non-zero on any mismatch.
set -uo pipefail
host=${1:?usage: run.sh HOST PORT}
port=${2:?usage: run.sh HOST PORT}
here=$(cd "$(dirname "$0")" && pwd)
ref_host=${COMPAT_PG_HOST:-127.0.0.1}
ref_port=${COMPAT_PG_PORT:-5432}
if [ ! -d "$here/node_modules/pg" ]; then
    echo "FAIL node: node_modules/pg is missing (cd compat/node && npm ci)"; exit 1
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
node "$here/compat.js" "$host" "$port" "$out/server.txt"
status=$?
if [ "$host:$port" = "$ref_host:$ref_port" ]; then
    exit "$status"
fi
if pg_isready -q -h "$ref_host" -p "$ref_port" && node "$here/compat.js" "$ref_host" "$ref_port" "$out/pg.txt" >"$out/pg.log" 2>&1; then
    if [ ! -s "$out/server.txt" ]; then
        : # compat.js already reported why there is no transcript
    elif diff -u "$out/pg.txt" "$out/server.txt" >"$out/diff"; then
        echo "ok   node text results identical to PostgreSQL's ($(grep -c '^  \[' "$out/pg.txt") rows)"
    else
        echo "FAIL node text results differ from PostgreSQL's (- PostgreSQL, + this server)"; sed 's/^/    /' "$out/diff"
        status=1
    fi
else
    echo "note: no reference PostgreSQL at $ref_host:$ref_port (or it failed there); text results were not compared"
    sed 's/^/    /' "$out/pg.log" 2>/dev/null | grep FAIL
fi
exit "$status"
