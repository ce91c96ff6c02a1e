#!/usr/bin/env bash
# compat/psycopg2/run.sh HOST PORT: psycopg2 (Debian's python3-psycopg2) against a running server; exits non-zero on
# any mismatch. The expected values in psycopg2_compat.py are PostgreSQL 15's, and the checks must also pass against
# the reference PostgreSQL (compat/lib/reference.sh). Uses Debian's python3, which is the one
# python3-psycopg2 installs into (a python3 earlier on PATH, e.g. pyenv's, does not see it).
set -uo pipefail
host=${1:?usage: run.sh HOST PORT}
port=${2:?usage: run.sh HOST PORT}
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3
[ -x "$python" ] || python=python3
if ! "$python" -c 'import psycopg2' 2>/dev/null; then
    echo "FAIL psycopg2: the module is missing (apt-get install python3-psycopg2)"; exit 1
fi
# shellcheck source=compat/lib/reference.sh
. "$here/../lib/reference.sh"
"$python" "$here/psycopg2_compat.py" "$host" "$port"
status=$?
against_reference psycopg2 "$python" "$here/psycopg2_compat.py" || status=1
exit "$status"
