# Sourced by compat/*/run.sh: the same client against the reference PostgreSQL 15 (COMPAT_PG_HOST / COMPAT_PG_PORT,
# which compat/run points at its throwaway cluster; default 127.0.0.1:5432), so that a failure is the server's and
# not the check's.
#
#   against_reference NAME COMMAND...   runs COMMAND REF_HOST REF_PORT when the reference answers and the client's own
#                                       target is not the reference; prints "FAIL NAME ..." with the failing lines and
#                                       returns 1 when the checks fail there too, a note when there is no reference.
ref_host=${COMPAT_PG_HOST:-127.0.0.1}
ref_port=${COMPAT_PG_PORT:-5432}

against_reference() {
    local name=$1 output
    shift
    if [ "$host:$port" = "$ref_host:$ref_port" ]; then
        return 0
    fi
    if ! pg_isready -q -h "$ref_host" -p "$ref_port" 2>/dev/null; then
        echo "note: no reference PostgreSQL at $ref_host:$ref_port; the $name checks were not run against it"
        return 0
    fi
    if ! output=$("$@" "$ref_host" "$ref_port" 2>&1); then
        echo "FAIL $name: the checks fail against PostgreSQL at $ref_host:$ref_port too"
        printf '%s\n' "$output" | grep -v '^ok ' | sed 's/^/    /'
        return 1
    fi
    echo "ok   $name: every check also passes against PostgreSQL at $ref_host:$ref_port"
}
