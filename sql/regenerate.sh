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

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- locate (or install) PostgreSQL 15 -----------------------------------------------------------
find_pg_bin() {
    if [ -x /usr/lib/postgresql/15/bin/postgres ]; then
        echo /usr/lib/postgresql/15/bin
        return 0
    fi
    if command -v pg_config >/dev/null 2>&1; then
        local dir
        dir=$(pg_config --bindir 2>/dev/null || true)
        if [ -n "$dir" ] && [ -x "$dir/postgres" ] && "$dir/postgres" --version | grep -q ' 15\.'; then
            echo "$dir"
            return 0
        fi
    fi
    return 1
}

if ! pg_bin=$(find_pg_bin); then
    log "PostgreSQL 15 not found; installing postgresql-15 with apt-get"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        postgresql-15 postgresql-client-15
    pg_bin=$(find_pg_bin) || die "postgresql-15 installed but its binaries were not found"
fi

# psql: the one on PATH if it is version 15, otherwise the cluster's own.
psql_bin="$pg_bin/psql"
if command -v psql >/dev/null 2>&1 && psql --version | grep -q ' 15\.'; then
    psql_bin=$(command -v psql)
fi

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
run_as_pg=()
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        log "creating system user postgres"
        useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
    run_as_pg=(runuser -u postgres --)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/omendb-regen.XXXXXX")
pgdata="$tmp/data"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$tmp"; fi
chmod 700 "$tmp"

cleanup() {
    if [ -f "$pgdata/postmaster.pid" ]; then
        "${run_as_pg[@]}" "$pg_bin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    local port attempt
    for attempt in $(seq 1 50); do
        port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

log "initdb with $pg_bin"
"${run_as_pg[@]}" env TZ=UTC "$pg_bin/initdb" -D "$pgdata" -U postgres --locale=C -E UTF8 --auth=trust \
    >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; die "initdb failed"; }

port=""
for attempt in 1 2 3 4 5; do
    port=$(free_port) || die "no free port"
    if "${run_as_pg[@]}" "$pg_bin/pg_ctl" -D "$pgdata" -w -t 60 -l "$tmp/postgres.log" \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
        start >/dev/null 2>&1; then
        break
    fi
    port=""
done
[ -n "$port" ] || { cat "$tmp/postgres.log" >&2 || true; die "postgres did not start"; }
log "postgres listening on 127.0.0.1:$port"

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
