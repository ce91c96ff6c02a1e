#!/usr/bin/env bash
# Regenerates sql/expected/*.out from a throwaway PostgreSQL 15 cluster.
#
#   sql/regenerate.sh             every script in sql/schedule
#   sql/regenerate.sh json cte    only these (names with or without .sql)
#
# Each script runs exactly as OmenDb.Regress.Tests runs it (same environment, same psql flags,
# same relative path, from the repository root), so psql's "psql:sql/NAME.sql:LINE:" prefixes
# match. Expected files are generated, never edited by hand.
#
# The cluster: initdb -U postgres --locale=C -E UTF8 --auth=trust into a mktemp directory,
# postgres listening on 127.0.0.1 and a free port with fsync=off; stopped and deleted on exit.
# When run as root, initdb and postgres run as the "postgres" user (postgres refuses root).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

log() { printf '%s\n' "regenerate: $*" >&2; }
die() { log "error: $*"; exit 1; }

# shellcheck source=tools/lib/pgcluster.sh
. "$repo_root/tools/lib/pgcluster.sh"

# --- which scripts ------------------------------------------------------------------------------
scripts=()
if [ "$#" -gt 0 ]; then
    for arg in "$@"; do
        name=$(basename "$arg" .sql)
        [ -f "sql/$name.sql" ] || die "no such script: sql/$name.sql"
        scripts+=("$name")
    done
else
    while IFS= read -r line; do
        line=${line%%#*}
        line=$(echo "$line" | tr -d '[:space:]')
        [ -n "$line" ] && scripts+=("$line")
    done < sql/schedule
fi
[ "${#scripts[@]}" -gt 0 ] || die "no scripts to run"

# --- throwaway cluster --------------------------------------------------------------------------
trap pg_cluster_stop EXIT
trap 'exit 130' INT TERM
pg_cluster_start || die "the PostgreSQL 15 cluster did not start"
pg_bin=$PG_CLUSTER_BIN port=$PG_CLUSTER_PORT
log "postgres ($pg_bin) listening on 127.0.0.1:$port"

# psql: the one on PATH if it is version 15, otherwise the cluster's own.
psql_bin="$pg_bin/psql"
if command -v psql >/dev/null 2>&1 && psql --version | grep -q ' 15\.'; then
    psql_bin=$(command -v psql)
fi

# --- run ----------------------------------------------------------------------------------------
# Nothing from the caller's environment may change the session (the test runner clears the same).
unset PGOPTIONS PGSERVICE PGSERVICEFILE PGCLIENTENCODING PGAPPNAME PGDATABASE PGUSER PGPASSWORD \
    PGPASSFILE PGSSLMODE PGCONNECT_TIMEOUT PGTARGETSESSIONATTRS PGHOSTADDR PGTZ PGDATESTYLE || true
mkdir -p sql/expected
for name in "${scripts[@]}"; do
    [ -f "sql/$name.sql" ] || die "schedule lists sql/$name.sql, which does not exist"
    # Exactly the command the regression test runs (see tests/OmenDb.Regress.Tests).
    PGTZ=UTC PGDATESTYLE='ISO, MDY' LC_ALL=C "$psql_bin" -X -a -q -U postgres -d postgres \
        -h 127.0.0.1 -p "$port" -f "sql/$name.sql" > "sql/expected/$name.out" 2>&1 || true
    log "wrote sql/expected/$name.out"
done

# Scripts must drop what they create: anything left behind would leak into later scripts.
leftovers=$(PGTZ=UTC LC_ALL=C "$psql_bin" -X -A -t -q -U postgres -d postgres -h 127.0.0.1 -p "$port" -c "
    SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%'
      AND n.nspname NOT LIKE 'pg_toast_temp%'
    UNION ALL SELECT nspname FROM pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'public') AND nspname NOT LIKE 'pg_temp%'
      AND nspname NOT LIKE 'pg_toast_temp%'
    ORDER BY 1")
if [ -n "$leftovers" ]; then
    log "warning: objects left behind by the scripts (drop them at the end of the script that creates them):"
    printf '  %s\n' $leftovers >&2
fi
