#!/usr/bin/env bash
# compat/psycopg2/run.sh HOST PORT: psycopg2 (Debian's python3-psycopg2) against a running server; exits non-zero on
# any mismatch. The expected values in psycopg2_compat.py are PostgreSQL 15's. Uses Debian's python3, which is the one
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
exec "$python" "$here/psycopg2_compat.py" "$host" "$port"
