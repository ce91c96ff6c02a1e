#!/usr/bin/env bash
# compat/pgbench/run.sh HOST PORT: pgbench 15 against a running server. `pgbench -i -s SCALE` (fillfactor, COPY ...
# (freeze on), VACUUM ANALYZE, ALTER TABLE ADD PRIMARY KEY), then the default TPC-B-like script and -S (select only)
# in -M simple, extended and prepared, 8 clients for COMPAT_PGBENCH_SECONDS each; every run must finish with zero
# failed transactions, and afterwards the balances must agree (sum over accounts = tellers = branches = history).
# Short runs keep CI fast; compat/pgbench/side-by-side.sh measures the 30 s figures for benchmarks/RESULTS.md.
#   COMPAT_PGBENCH_SCALE (default 10), COMPAT_PGBENCH_SECONDS (default 5), COMPAT_PGBENCH_CLIENTS (default 8)
set -uo pipefail
host=${1:?usage: run.sh HOST PORT}
port=${2:?usage: run.sh HOST PORT}
scale=${COMPAT_PGBENCH_SCALE:-10}
seconds=${COMPAT_PGBENCH_SECONDS:-5}
clients=${COMPAT_PGBENCH_CLIENTS:-8}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
connect=(-h "$host" -p "$port" -U postgres)
failed=0

sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 "${connect[@]}" -d postgres -c "$1" 2>&1; }

expect() {  # NAME EXPECTED SQL
    local actual
    actual=$(sql "$3")
    if [ "$actual" = "$2" ]; then
        echo "ok   pgbench $1"
    else
        echo "FAIL pgbench $1: expected '$2', got '$actual'"; failed=$((failed + 1))
    fi
}

if pgbench -i -s "$scale" -q "${connect[@]}" postgres >"$out/init.log" 2>&1; then
    echo "ok   pgbench -i -s $scale ($(grep -o 'done in [0-9.]* s' "$out/init.log"))"
else
    echo "FAIL pgbench -i -s $scale"; sed 's/^/    /' "$out/init.log"
    exit 1
fi
expect "accounts" "$((scale * 100000))" "SELECT count(*) FROM pgbench_accounts"
expect "tellers and branches" "$((scale * 10))|$scale" "SELECT (SELECT count(*) FROM pgbench_tellers), (SELECT count(*) FROM pgbench_branches)"
expect "fillfactor" "{fillfactor=100}" "SELECT reloptions FROM pg_class WHERE relname = 'pgbench_accounts'"
expect "primary keys" "pgbench_accounts_pkey|pgbench_branches_pkey|pgbench_tellers_pkey" \
    "SELECT string_agg(conname, '|' ORDER BY conname) FROM pg_constraint WHERE contype = 'p' AND conrelid::regclass::text LIKE 'pgbench%'"
expect "blank-padded filler" "84|0|0" "SELECT octet_length(filler), length(filler), abalance FROM pgbench_accounts WHERE aid = $((scale * 100000))"

for mode in simple extended prepared; do
    for script in tpcb select; do
        flags=(-M "$mode" -c "$clients" -j 2 -T "$seconds")
        [ "$script" = select ] && flags+=(-S)
        log="$out/$mode-$script.log"
        pgbench "${flags[@]}" "${connect[@]}" postgres >"$log" 2>&1
        code=$?
        processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$log")
        failures=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$log")
        tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$log")
        if [ "$code" -eq 0 ] && [ "${failures:-x}" = 0 ] && [ "${processed:-0}" -gt 0 ]; then
            echo "ok   pgbench $script -M $mode -c $clients -T $seconds: $processed transactions, 0 failed, $tps tps"
        else
            echo "FAIL pgbench $script -M $mode (exit $code, ${processed:-no} transactions, ${failures:-unknown} failed)"
            grep -v '^progress' "$log" | tail -15 | sed 's/^/    /'
            failed=$((failed + 1))
        fi
    done
done

# Every TPC-B transaction adds the same delta to one account, one teller and one branch (pgbench truncates
# pgbench_history before each run, so the history holds only the last run's).
expect "balances agree" "t|t" "SELECT (SELECT sum(abalance) FROM pgbench_accounts) = (SELECT sum(tbalance) FROM pgbench_tellers)
    AND (SELECT sum(tbalance) FROM pgbench_tellers) = (SELECT sum(bbalance) FROM pgbench_branches),
    (SELECT count(*) FROM pgbench_tellers WHERE tbalance <> 0) > 0"
sql "DROP TABLE pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers" >/dev/null
exit $((failed > 0))
