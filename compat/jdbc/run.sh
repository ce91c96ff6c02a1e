#!/usr/bin/env bash
# compat/jdbc/run.sh HOST PORT: pgjdbc (Debian's libpostgresql-jdbc-java, /usr/share/java/postgresql.jar) against a
# running server. Compiles JdbcCompat.java with javac into a temporary directory and runs it; exits non-zero on any
# mismatch. The expected values in JdbcCompat.java are PostgreSQL 15's, and the checks must also pass against the
# reference PostgreSQL (compat/lib/reference.sh).
set -uo pipefail
host=${1:?usage: run.sh HOST PORT}
port=${2:?usage: run.sh HOST PORT}
here=$(cd "$(dirname "$0")" && pwd)
jar=${COMPAT_JDBC_JAR:-/usr/share/java/postgresql.jar}
[ -r "$jar" ] || { echo "FAIL jdbc: $jar is missing (apt-get install libpostgresql-jdbc-java)"; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if ! javac -nowarn -d "$out" -cp "$jar" "$here/JdbcCompat.java" >"$out/javac.log" 2>&1; then
    echo "FAIL jdbc: JdbcCompat.java did not compile"; sed 's/^/    /' "$out/javac.log"; exit 1
fi
# shellcheck source=compat/lib/reference.sh
. "$here/../lib/reference.sh"
java -cp "$out:$jar" -Duser.timezone=UTC JdbcCompat "$host" "$port"
status=$?
against_reference jdbc java -cp "$out:$jar" -Duser.timezone=UTC JdbcCompat || status=1
exit "$status"
