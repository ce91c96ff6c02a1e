#!/usr/bin/env bash
# compat/dotnet/run.sh HOST PORT: Npgsql 10, Dapper and EF Core (compat-dotnet, this folder's program) against a running
# server. The solution build builds the program once; it is built here only when missing. Where a reference
# PostgreSQL 15 is reachable (COMPAT_PG_HOST / COMPAT_PG_PORT, default 127.0.0.1:5432) the same checks must also pass
# there, so that a failure is OmenDb's and not the check's. Exits non-zero on any failure.
set -uo pipefail
host=${1:?usage: run.sh HOST PORT}
port=${2:?usage: run.sh HOST PORT}
here=$(cd "$(dirname "$0")" && pwd)
ref_host=${COMPAT_PG_HOST:-127.0.0.1}
ref_port=${COMPAT_PG_PORT:-5432}
program="$here/bin/Release/net10.0/compat-dotnet.dll"

if [ ! -f "$program" ] && ! dotnet build "$here/OmenDb.Compat.Dotnet.csproj" -c Release -nologo -v q >&2; then
    echo "FAIL dotnet: compat/dotnet does not build"
    exit 1
fi

dotnet "$program" "$host" "$port"
status=$?

if pg_isready -q -h "$ref_host" -p "$ref_port" 2>/dev/null; then
    if ! reference=$(dotnet "$program" "$ref_host" "$ref_port" 2>&1); then
        echo "FAIL dotnet: the checks fail against PostgreSQL at $ref_host:$ref_port too"
        printf '%s\n' "$reference" | grep -v '^ok ' | sed 's/^/    /'
        status=1
    fi
else
    echo "note: no reference PostgreSQL at $ref_host:$ref_port; the dotnet checks were not run against it"
fi
exit "$status"
