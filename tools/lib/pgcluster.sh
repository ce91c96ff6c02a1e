# A throwaway PostgreSQL 15 cluster on loopback (sourced, not run), for sql/regenerate.sh and compat/run.
#
#   pg_cluster_start [EXTRA_POSTGRES_OPTIONS]
#       initdb -U postgres --locale=C -E UTF8 --auth=trust into a mktemp directory, then postgres on 127.0.0.1 and a
#       free port (fsync off: the cluster lives for one run). Run as root, initdb and postgres run as the OS user
#       postgres (created when missing), since postgres refuses root. Installs postgresql-15 with apt-get when its
#       binaries are missing. Sets PG_CLUSTER_BIN (the binaries), PG_CLUSTER_PORT and PG_CLUSTER_DIR; returns non-zero
#       (with initdb's or the server's log on stderr) when the cluster does not come up.
#   pg_cluster_stop
#       stops the cluster (immediate shutdown) and deletes its directory; safe to call twice or before a start.
#       Callers call it from their EXIT trap, so that the cluster goes away also when they fail or are interrupted.

PG_CLUSTER_BIN="" PG_CLUSTER_PORT="" PG_CLUSTER_DIR=""
_pg_cluster_as_pg=()

_pg_cluster_as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The directory of PostgreSQL 15's server binaries, or non-zero.
pg_cluster_find_bin() {
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

_pg_cluster_free_port() {
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

pg_cluster_start() {
    local extra=${1:-} attempt port
    if ! PG_CLUSTER_BIN=$(pg_cluster_find_bin); then
        echo "PostgreSQL 15 not found; installing postgresql-15 with apt-get" >&2
        _pg_cluster_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
        _pg_cluster_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            postgresql-15 postgresql-client-15 >&2
        PG_CLUSTER_BIN=$(pg_cluster_find_bin) || { echo "postgresql-15 installed but its binaries were not found" >&2; return 1; }
    fi

    _pg_cluster_as_pg=()
    if [ "$(id -u)" -eq 0 ]; then
        if ! id postgres >/dev/null 2>&1; then
            echo "creating system user postgres" >&2
            useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
        fi
        _pg_cluster_as_pg=(runuser -u postgres --)
    fi

    PG_CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/omendb-pg.XXXXXX")
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PG_CLUSTER_DIR"; fi
    chmod 700 "$PG_CLUSTER_DIR"
    if ! "${_pg_cluster_as_pg[@]}" env TZ=UTC "$PG_CLUSTER_BIN/initdb" -D "$PG_CLUSTER_DIR/data" -U postgres --locale=C -E UTF8 \
            --auth=trust >"$PG_CLUSTER_DIR/initdb.log" 2>&1; then
        cat "$PG_CLUSTER_DIR/initdb.log" >&2
        echo "initdb failed" >&2
        return 1
    fi

    PG_CLUSTER_PORT=""
    for attempt in 1 2 3 4 5; do
        port=$(_pg_cluster_free_port) || break
        if "${_pg_cluster_as_pg[@]}" "$PG_CLUSTER_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -w -t 60 -l "$PG_CLUSTER_DIR/postgres.log" \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_CLUSTER_DIR -c fsync=off -c full_page_writes=off -c synchronous_commit=off $extra" \
            start >/dev/null 2>&1; then
            PG_CLUSTER_PORT=$port
            return 0
        fi
    done
    cat "$PG_CLUSTER_DIR/postgres.log" >&2 2>/dev/null || true
    echo "postgres did not start" >&2
    return 1
}

pg_cluster_stop() {
    if [ -n "$PG_CLUSTER_DIR" ]; then
        if [ -f "$PG_CLUSTER_DIR/data/postmaster.pid" ]; then
            "${_pg_cluster_as_pg[@]}" "$PG_CLUSTER_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
        rm -rf "$PG_CLUSTER_DIR"
    fi
    PG_CLUSTER_DIR="" PG_CLUSTER_PORT=""
}
