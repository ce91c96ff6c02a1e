#!/usr/bin/env bash
# compat/dotnet/run.sh HOST PORT: Npgsql 10, Dapper and EF Core (compat-dotnet, this folder's program) against a running
# server. The solution build builds the program once; it is built here only when missing. Where a reference
# PostgreSQL 15 is reachable (COMPAT_PG_HOST / COMPAT_PG_PORT: compat/run's throwaway cluster, default
# 127.0.0.1:5432) the same checks must also pass there, so that a failure is OmenDb's and not the check's. Exits
# non-zero on any failure.
set -uo pipefail
host=${1:?usage: run.sh HOST PORT}
port=${2:?usage: run.sh HOST PORT}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=compat/lib/reference.sh
. "$here/../lib/reference.sh"
program="$here/bin/Release/net10.0/compat-dotnet.dll"

if [ ! -f "$program" ] && ! dotnet build "$here/OmenDb.Compat.Dotnet.csproj" -c Release -nologo -v q >&2; then
    echo "FAIL dotnet: compat/dotnet does not build"
    exit 1
fi

dotnet "$program" "$host" "$port"
status=$?

against_reference dotnet dotnet "$program" || status=1
exit "$status"
