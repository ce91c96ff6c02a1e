"""psycopg2 (Debian's python3-psycopg2) against a running server: python3 psycopg2_compat.py HOST PORT.

Prints "ok   psycopg2 CHECK" or "FAIL psycopg2 CHECK: why" per check and exits 1 when any check failed. Every expected
value is what PostgreSQL 15 answers; the same script passes against it.
"""
import datetime
import decimal
import io
import sys
import traceback
import uuid

import psycopg2
import psycopg2.errors
import psycopg2.extensions
import psycopg2.extras

HOST, PORT = sys.argv[1], int(sys.argv[2])
failed = 0


def connect(**kwargs):
    return psycopg2.connect(host=HOST, port=PORT, user="postgres", dbname="postgres", connect_timeout=10, **kwargs)


def expect(what, expected, actual):
    if expected != actual:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


def check(name):
    """Runs the decorated function as one check; any exception fails it."""
    def run(function):
        global failed
        try:
            function()
            print(f"ok   psycopg2 {name}", flush=True)
        except AssertionError as e:
            failed += 1
            print(f"FAIL psycopg2 {name}: {e}", flush=True)
        except Exception as e:  # noqa: BLE001 - every client error is a failed check
            failed += 1
            code = getattr(e, "pgcode", None)
            print(f"FAIL psycopg2 {name}: {type(e).__name__} {code or ''} {str(e).strip()}", flush=True)
            traceback.print_exc(limit=2, file=sys.stdout)
        if not conn.closed and not conn.autocommit:
            conn.rollback()
        return function
    return run


conn = connect()
other = connect()
other.autocommit = True


def scalar(sql, args=None, connection=None):
    with (connection or conn).cursor() as cur:
        cur.execute(sql, args)
        return cur.fetchone()[0]


@check("connect")
def _():
    expect("client encoding", "UTF8", conn.encoding)
    expect("server major version", 15, conn.server_version // 10000)
    expect("DateStyle", "ISO, MDY", conn.get_parameter_status("DateStyle"))
    expect("standard_conforming_strings", "on", conn.get_parameter_status("standard_conforming_strings"))
    expect("integer_datetimes", "on", conn.get_parameter_status("integer_datetimes"))
    expect("status before any statement", psycopg2.extensions.TRANSACTION_STATUS_IDLE, conn.get_transaction_status())


@check("setup")
def _():
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS cy_items, cy_copy")
        cur.execute("""CREATE TABLE cy_items (
            id serial PRIMARY KEY, name text NOT NULL, price numeric(8,2), qty int, born date, seen timestamptz,
            ratio float8, ok boolean, tags text[], raw bytea, doc jsonb, ref uuid)""")
        cur.execute("CREATE TABLE cy_copy (a int, b text, c numeric, d date)")
        cur.execute("DROP TABLE IF EXISTS cy_nothing")
    expect("notice", ['NOTICE:  table "cy_nothing" does not exist, skipping\n'], conn.notices[-1:])
    conn.autocommit = False


ROW = ("it's \"quoted\"\\", decimal.Decimal("12.50"), 7, datetime.date(2024, 2, 29),
       datetime.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=datetime.timezone.utc), 0.1, True, ["a", "b c", None, "{d}"],
       b"\x00\x01'\xff", {"k": [1, 2.5, None], "s": "x"}, uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))

psycopg2.extras.register_uuid()


@check("execute with parameters and typed results")
def _():
    with conn.cursor() as cur:
        args = list(ROW)
        args[9] = psycopg2.extras.Json(args[9])
        cur.execute("""INSERT INTO cy_items (name, price, qty, born, seen, ratio, ok, tags, raw, doc, ref)
                       VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id""", args)
        expect("returned id", (1,), cur.fetchone())
        expect("rowcount", 1, cur.rowcount)
        cur.execute("SELECT name, price, qty, born, seen, ratio, ok, tags, raw, doc, ref FROM cy_items WHERE id = %(id)s", {"id": 1})
        row = cur.fetchone()
        expect("row", ROW, tuple(bytes(v) if isinstance(v, memoryview) else v for v in row))
        expect("description", ["name", "price", "qty", "born", "seen", "ratio", "ok", "tags", "raw", "doc", "ref"],
               [d.name for d in cur.description])
        expect("type codes", [25, 1700, 23, 1082, 1184, 701, 16, 1009, 17, 3802, 2950], [d.type_code for d in cur.description])
        cur.execute("SELECT %s::int[], %s::numeric, %s, %s IS NULL, %s || 'x'", ([1, None, 3], decimal.Decimal("-1.0E+3"), 2**40, None, "é"))
        expect("literals", ([1, None, 3], decimal.Decimal("-1000"), 2**40, True, "éx"), cur.fetchone())
    conn.commit()


@check("the implicit BEGIN")
def _():
    with conn.cursor() as cur:
        cur.execute("INSERT INTO cy_items (name) VALUES ('pending')")
        expect("status after a statement", psycopg2.extensions.TRANSACTION_STATUS_INTRANS, conn.get_transaction_status())
        expect("another session sees", 1, scalar("SELECT count(*) FROM cy_items", connection=other))
        conn.rollback()
        expect("status after rollback", psycopg2.extensions.TRANSACTION_STATUS_IDLE, conn.get_transaction_status())
        expect("after rollback", 1, scalar("SELECT count(*) FROM cy_items"))
        cur.execute("INSERT INTO cy_items (name) VALUES ('committed')")
        conn.commit()
        expect("another session sees after commit", 2, scalar("SELECT count(*) FROM cy_items", connection=other))
    conn.rollback()
    with conn:  # the context manager commits
        with conn.cursor() as cur:
            cur.execute("UPDATE cy_items SET qty = 1 WHERE name = 'committed'")
    expect("committed by the context manager", 1, scalar("SELECT qty FROM cy_items WHERE name = 'committed'", connection=other))
    conn.rollback()


@check("errors and the failed transaction")
def _():
    with conn.cursor() as cur:
        try:
            cur.execute("INSERT INTO cy_items (id, name) VALUES (1, 'dup')")
            raise AssertionError("a duplicate key was accepted")
        except psycopg2.errors.UniqueViolation as e:
            expect("message", 'duplicate key value violates unique constraint "cy_items_pkey"', e.diag.message_primary)
            expect("detail", "Key (id)=(1) already exists.", e.diag.message_detail)
            expect("constraint", "cy_items_pkey", e.diag.constraint_name)
            expect("table", "cy_items", e.diag.table_name)
        expect("status", psycopg2.extensions.TRANSACTION_STATUS_INERROR, conn.get_transaction_status())
        try:
            cur.execute("SELECT 1")
            raise AssertionError("a statement in a failed transaction succeeded")
        except psycopg2.errors.InFailedSqlTransaction as e:
            expect("25P02", "25P02", e.pgcode)
        conn.rollback()
        for sql, code in (("SELECT * FROM cy_missing", "42P01"), ("SELECT 1/0", "22012"), ("SELECT 'x'::int", "22P02"),
                          ("INSERT INTO cy_items (name) VALUES (NULL)", "23502")):
            try:
                cur.execute(sql)
                raise AssertionError(f"{sql} succeeded")
            except psycopg2.Error as e:
                expect(sql, code, e.pgcode)
            conn.rollback()


@check("executemany")
def _():
    with conn.cursor() as cur:
        rows = [(f"many {i}", decimal.Decimal(i) / 4, i, datetime.date(2020, 1, 1) + datetime.timedelta(days=i)) for i in range(1, 41)]
        cur.executemany("INSERT INTO cy_items (name, price, qty, born) VALUES (%s, %s, %s, %s)", rows)
        expect("rowcount", 40, cur.rowcount)
        cur.executemany("UPDATE cy_items SET qty = qty * 2 WHERE name = %(n)s", [{"n": "many 1"}, {"n": "many 2"}, {"n": "none"}])
        expect("update rowcount", 2, cur.rowcount)
        psycopg2.extras.execute_values(cur, "INSERT INTO cy_items (name, qty) VALUES %s", [(f"values {i}", i) for i in range(5)])
        cur.execute("SELECT count(*), sum(qty), sum(price) FROM cy_items WHERE name LIKE 'many%%' OR name LIKE 'values%%'")
        expect("totals", (45, 833, decimal.Decimal("205.00")), cur.fetchone())
    conn.commit()


COPY_TEXT = "1\tone\t1.5\t2024-01-02\n2\t\\N\t-0.25\t\\N\n3\ttab\\there\t100\t1999-12-31\n4\tback\\\\slash\t0\t2000-01-01\n"


@check("copy_expert in")
def _():
    with conn.cursor() as cur:
        cur.copy_expert("COPY cy_copy FROM STDIN", io.StringIO(COPY_TEXT))
        expect("rowcount", 4, cur.rowcount)
        cur.copy_expert("COPY cy_copy (a, b, d) FROM STDIN WITH (FORMAT csv, HEADER true)",
                        io.StringIO('a,b,d\n5,"with, comma",2024-03-04\n6,"quote ""x""",\n7,,2001-02-03\n'))
        expect("csv rowcount", 3, cur.rowcount)
        try:
            cur.copy_expert("COPY cy_copy FROM STDIN", io.StringIO("8\tx\tnot a number\t\\N\n"))
            raise AssertionError("bad COPY data was accepted")
        except psycopg2.errors.InvalidTextRepresentation as e:
            expect("message", 'invalid input syntax for type numeric: "not a number"', e.diag.message_primary)
            expect("context", 'COPY cy_copy, line 1, column c: "not a number"', e.diag.context)
        conn.rollback()
        cur.copy_expert("COPY cy_copy FROM STDIN", io.StringIO(COPY_TEXT))
        cur.copy_expert("COPY cy_copy (a, b, d) FROM STDIN WITH (FORMAT csv, HEADER true)",
                        io.StringIO('a,b,d\n5,"with, comma",2024-03-04\n6,"quote ""x""",\n7,,2001-02-03\n'))
        cur.copy_from(io.StringIO("9\tfrom copy_from\t9.9\t2009-09-09\n"), "cy_copy")
    conn.commit()
    expect("rows", 8, scalar("SELECT count(*) FROM cy_copy", connection=other))


@check("copy_expert out")
def _():
    with conn.cursor() as cur:
        out = io.StringIO()
        cur.copy_expert("COPY (SELECT * FROM cy_copy ORDER BY a) TO STDOUT", out)
        expect("text", COPY_TEXT + "5\twith, comma\t\\N\t2024-03-04\n6\tquote \"x\"\t\\N\t\\N\n7\t\\N\t\\N\t2001-02-03\n"
               "9\tfrom copy_from\t9.9\t2009-09-09\n", out.getvalue())
        out = io.StringIO()
        cur.copy_expert("COPY (SELECT a, b, d FROM cy_copy WHERE a > 4 ORDER BY a) TO STDOUT WITH (FORMAT csv, HEADER)", out)
        expect("csv", 'a,b,d\n5,"with, comma",2024-03-04\n6,"quote ""x""",\n7,,2001-02-03\n9,from copy_from,2009-09-09\n', out.getvalue())
        out = io.StringIO()
        cur.copy_expert("COPY cy_copy (a, c) TO STDOUT WITH (DELIMITER '|', NULL 'nil')", out)
        expect("options", ["1|1.5", "2|-0.25", "3|100", "4|0", "5|nil", "6|nil", "7|nil", "9|9.9"],
               sorted(out.getvalue().splitlines(), key=lambda line: int(line.split("|")[0])))
        out = io.StringIO()
        cur.copy_to(out, "cy_copy", columns=("a",))
        expect("copy_to", 8, len(out.getvalue().splitlines()))
    conn.commit()


@check("named (server-side) cursors")
def _():
    with conn.cursor() as cur:
        cur.execute("INSERT INTO cy_copy (a) SELECT g FROM generate_series(100, 199) g")
    conn.commit()
    with conn.cursor("cy_srv") as cur:
        cur.itersize = 7
        cur.execute("SELECT a, a * 2 FROM cy_copy WHERE a >= %s ORDER BY a", (100,))
        expect("first", (100, 200), cur.fetchone())
        expect("fetchmany", [(101, 202), (102, 204), (103, 206)], cur.fetchmany(3))
        seen = [row[0] for row in cur]
        expect("iteration", list(range(104, 200)), seen)
        expect("exhausted", None, cur.fetchone())
        expect("in a transaction", psycopg2.extensions.TRANSACTION_STATUS_INTRANS, conn.get_transaction_status())
        expect("pg_cursors", 1, scalar("SELECT count(*) FROM pg_catalog.pg_cursors WHERE name = 'cy_srv'"))
    conn.commit()
    with conn.cursor("cy_scroll", scrollable=True) as cur:
        cur.execute("SELECT a FROM cy_copy WHERE a BETWEEN 150 AND 159 ORDER BY a")
        expect("fetchall", list(range(150, 160)), [r[0] for r in cur.fetchall()])
        cur.scroll(2, mode="absolute")
        expect("after scroll", (152,), cur.fetchone())
        cur.scroll(-2)
        expect("after relative scroll", (151,), cur.fetchone())
    conn.rollback()
    with conn.cursor("cy_hold", withhold=True) as cur:
        cur.execute("SELECT a FROM cy_copy WHERE a >= 190 ORDER BY a")
        expect("before commit", [(190,), (191,)], cur.fetchmany(2))
        conn.commit()
        expect("after commit", [(192,), (193,)], cur.fetchmany(2))
    conn.commit()
    expect("in a transaction", 108, scalar("SELECT count(*) FROM cy_copy"))
    cur = conn.cursor("cy_unused")
    cur.close()  # never executed: inside a transaction psycopg2 asks pg_cursors whether it exists
    expect("after closing an unused cursor", psycopg2.extensions.TRANSACTION_STATUS_INTRANS, conn.get_transaction_status())
    conn.rollback()
    with conn.cursor("cy_dict", cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute("SELECT id, name FROM cy_items WHERE id = 1")
        expect("dict row", [{"id": 1, "name": ROW[0]}], [dict(r) for r in cur.fetchall()])
    conn.rollback()


@check("autocommit and cleanup")
def _():
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("INSERT INTO cy_items (name) VALUES ('auto')")
        expect("status in autocommit", psycopg2.extensions.TRANSACTION_STATUS_IDLE, conn.get_transaction_status())
        expect("visible at once", 1, scalar("SELECT count(*) FROM cy_items WHERE name = 'auto'", connection=other))
        cur.execute("SELECT 1; SELECT 2")
        expect("last result of a multi-statement query", (2,), cur.fetchone())
        cur.execute("DROP TABLE cy_items, cy_copy")


conn.close()
other.close()
sys.exit(1 if failed else 0)
