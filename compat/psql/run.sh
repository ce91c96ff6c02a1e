#!/usr/bin/env bash
# compat/psql/run.sh HOST PORT: psql 15 meta-commands against a running server. When a reference PostgreSQL 15 is
# reachable (COMPAT_PG_HOST / COMPAT_PG_PORT, default 127.0.0.1:5432) every command's output must be identical to its
# output there; otherwise the commands must only succeed. Exits non-zero on any error or difference.
set -uo pipefail
host=${1:?usage: run.sh HOST PORT}
port=${2:?usage: run.sh HOST PORT}
here=$(cd "$(dirname "$0")" && pwd)
ref_host=${COMPAT_PG_HOST:-127.0.0.1}
ref_port=${COMPAT_PG_PORT:-5432}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

describe() {  # HOST PORT DIR: load the schema, then run each meta-command into DIR/N.out
    mkdir -p "$3"
    PGTZ=UTC LC_ALL=C psql -X -q -v ON_ERROR_STOP=1 -h "$1" -p "$2" -U postgres -d postgres -f "$here/schema.sql" >"$3/schema.out" 2>&1 || return 1
    local n=0
    while IFS= read -r command; do
        n=$((n + 1))
        PGTZ=UTC LC_ALL=C psql -X -h "$1" -p "$2" -U postgres -d postgres -c "$command" >"$3/$n.out" 2>&1
    done <"$here/commands.txt"
    psql -X -q -h "$1" -p "$2" -U postgres -d postgres -c "DROP TABLE cmp_books, cmp_authors" >/dev/null 2>&1
}

if ! describe "$host" "$port" "$out/omendb"; then
    echo "psql: the schema did not load"; cat "$out/omendb/schema.out"; exit 1
fi

failed=0
reference=0
if pg_isready -q -h "$ref_host" -p "$ref_port" && describe "$ref_host" "$ref_port" "$out/pg"; then
    reference=1
fi

n=0
while IFS= read -r command; do
    n=$((n + 1))
    if grep -q "ERROR" "$out/omendb/$n.out"; then
        echo "FAIL psql $command"; sed 's/^/    /' "$out/omendb/$n.out"; failed=$((failed + 1))
    elif [ "$reference" = 1 ] && ! diff -u "$out/pg/$n.out" "$out/omendb/$n.out" >"$out/$n.diff"; then
        echo "FAIL psql $command (differs from PostgreSQL)"; sed 's/^/    /' "$out/$n.diff"; failed=$((failed + 1))
    else
        echo "ok   psql $command"
    fi
done <"$here/commands.txt"
[ "$reference" = 1 ] || echo "note: no reference PostgreSQL at $ref_host:$ref_port; outputs were not compared"
exit $((failed > 0))
