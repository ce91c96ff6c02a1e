#!/usr/bin/env bash
# compat/run.sh HOST PORT: drives real PostgreSQL clients against an already running server and prints one line per
# check, then "compat: N passed, N failed". Each client folder has a run.sh taking HOST PORT that exits non-zero on a
# mismatch; where a reference PostgreSQL 15 is reachable (COMPAT_PG_HOST / COMPAT_PG_PORT, default 127.0.0.1:5432)
# outputs are compared with its outputs. Exits non-zero when any client fails.
set -uo pipefail
host=${1:?usage: compat/run.sh HOST PORT}
port=${2:?usage: compat/run.sh HOST PORT}
here=$(cd "$(dirname "$0")" && pwd)
passed=0 failed=0
for client in "$here"/*/run.sh; do
    name=$(basename "$(dirname "$client")")
    log=$("$client" "$host" "$port" 2>&1)
    code=$?
    printf '%s\n' "$log"
    passed=$((passed + $(printf '%s\n' "$log" | grep -c '^ok ')))
    failed=$((failed + $(printf '%s\n' "$log" | grep -c '^FAIL')))
    if [ "$code" -ne 0 ] && ! printf '%s\n' "$log" | grep -q '^FAIL'; then
        echo "FAIL $name (exit $code)"
        failed=$((failed + 1))
    fi
done
echo "compat: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
