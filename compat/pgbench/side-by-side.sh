#!/usr/bin/env bash
# compat/pgbench/side-by-side.sh [--write] [--seconds N] [--scale N] [--clients N] [--rounds N]
#
# pgbench TPS of OmenDb next to PostgreSQL 15's, measured in the same run on the same machine, for
# benchmarks/RESULTS.md (issue 4). Starts a throwaway PostgreSQL 15 cluster (initdb in a temporary directory, its
# defaults: fsync on, synchronous_commit on) and an OmenDb server (the Release build, a temporary data directory,
# durable commits), both on 127.0.0.1 and free ports; loads each with `pgbench -i -s SCALE`; then runs, for each
# protocol mode (simple, extended, prepared) and script (the default TPC-B-like one and -S), `pgbench -c CLIENTS
# -j 2 -T SECONDS` against PostgreSQL and OmenDb alternately, ROUNDS times, and reports the median TPS of each with
# the ratio OmenDb / PostgreSQL and the failed transactions. Run it when the machine is quiet: the figures are only
# as good as the machine's idleness (the load average is printed with them). Both servers are stopped and their
# directories deleted on exit. With --write the section is appended to benchmarks/RESULTS.md.
# Defaults: 30 s runs, scale 10, 8 clients, 3 rounds (about 40 minutes); as root, PostgreSQL runs as "postgres".
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=30 scale=10 clients=8 rounds=3 write=0
while [ "$#" -gt 0 ]; do
    case "$1" in
        --write) write=1; shift ;;
        --seconds) seconds=$2; shift 2 ;;
        --scale) scale=$2; shift 2 ;;
        --clients) clients=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "side-by-side.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

pg_bin=/usr/lib/postgresql/15/bin
[ -x "$pg_bin/postgres" ] || { echo "PostgreSQL 15 is not installed (apt-get install postgresql-15)" >&2; exit 1; }
dll=$(ls "$repo"/src/OmenDb.Server/bin/Release/net*/omendb.dll 2>/dev/null | head -1)
[ -n "$dll" ] || { echo "no Release build: dotnet build src/OmenDb.Server -c Release" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"
pg_pid="" omen_pid=""
cleanup() {
    [ -n "$omen_pid" ] && kill "$omen_pid" 2>/dev/null && wait "$omen_pid" 2>/dev/null
    if [ -n "$pg_pid" ]; then
        as_pg "$pg_bin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

echo "starting PostgreSQL 15 in $work/pg"
mkdir -p "$work/pg"
[ "$(id -u)" -eq 0 ] && chown postgres "$work/pg"
as_pg "$pg_bin/initdb" -D "$work/pg" -U postgres --auth=trust --locale=C -E UTF8 >/dev/null
pg_port=$(free_port)
as_pg "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg/log" -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories=''" -w start >/dev/null
pg_pid=$(head -1 "$work/pg/postmaster.pid")

echo "starting OmenDb ($dll) with data in $work/omendb"
omen_port=$(free_port)
dotnet "$dll" --listen 127.0.0.1 --port "$omen_port" --data "$work/omendb" >"$work/omendb.log" 2>&1 &
omen_pid=$!
for _ in $(seq 1 120); do
    grep -q 'listening on' "$work/omendb.log" && break
    sleep 0.5
done
grep -q 'listening on' "$work/omendb.log" || { cat "$work/omendb.log"; exit 1; }

for target in pg omen; do
    port_var="${target}_port"
    echo "pgbench -i -s $scale on $target"
    pgbench -i -s "$scale" -q -h 127.0.0.1 -p "${!port_var}" -U postgres postgres 2>&1 | grep 'done in'
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()
for mode in prepared extended simple; do
    for script in tpcb select; do
        declare -A tps=() failures=()
        for round in $(seq 1 "$rounds"); do
            for target in pg omen; do
                port_var="${target}_port"
                flags=(-M "$mode" -c "$clients" -j 2 -T "$seconds")
                [ "$script" = select ] && flags+=(-S)
                out=$(pgbench "${flags[@]}" -h 127.0.0.1 -p "${!port_var}" -U postgres postgres 2>&1 || true)
                value=$(printf '%s\n' "$out" | sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p')
                failed=$(printf '%s\n' "$out" | sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p')
                tps[$target]+="${value:-0} "
                failures[$target]=$(( ${failures[$target]:-0} + ${failed:-1} ))
                echo "round $round $script -M $mode $target: ${value:-error} tps, ${failed:-?} failed"
            done
        done
        pg_median=$(printf '%s\n' ${tps[pg]} | median)
        omen_median=$(printf '%s\n' ${tps[omen]} | median)
        ratio=$(awk -v a="$omen_median" -v b="$pg_median" 'BEGIN { printf (b > 0 ? "%.2f" : "-"), a / b }')
        label=$([ "$script" = select ] && echo "-S (select only)" || echo "default (TPC-B-like)")
        rows+=("| $label | $mode | $(printf '%.0f' "$pg_median") | $(printf '%.0f' "$omen_median") | $ratio | ${failures[pg]} / ${failures[omen]} |")
        unset tps failures
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

commit=$(git -C "$repo" rev-parse --short=10 HEAD)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
section=$(cat <<EOF

## $(date -u '+%Y-%m-%d %H:%M UTC'): pgbench, OmenDb next to PostgreSQL 15 (compat/pgbench/side-by-side.sh)

- Commit \`$commit\`. Machine: $(nproc) cores, $cpu, $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) RAM. Load average (1/5/15 min) at start $load_before, at end $load_after.
- PostgreSQL: $("$pg_bin/postgres" --version), a fresh cluster with its defaults (fsync on, synchronous_commit on). OmenDb: the Release build, durable (RocksDB, synced commits).
- Method: \`pgbench -i -s $scale\` on each, then per row \`pgbench -M MODE -c $clients -j 2 -T $seconds [-S]\`, PostgreSQL and OmenDb alternately, $rounds rounds; median TPS (without initial connection time). pgbench's own client process shares the machine with the server.

| script | protocol | PostgreSQL TPS | OmenDb TPS | OmenDb / PostgreSQL | failed transactions (PG / OmenDb) |
|---|---|---:|---:|---:|---:|
$(printf '%s\n' "${rows[@]}")
EOF
)
printf '%s\n' "$section"
if [ "$write" = 1 ]; then
    printf '%s\n' "$section" >>"$repo/benchmarks/RESULTS.md"
    echo "appended to benchmarks/RESULTS.md"
fi
