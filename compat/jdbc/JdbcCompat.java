import java.math.BigDecimal;
import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.postgresql.PGStatement;

/**
 * pgjdbc (Debian's libpostgresql-jdbc-java) against a running server: java JdbcCompat HOST PORT.
 * Prints "ok   jdbc CHECK" or "FAIL jdbc CHECK: why" per check and exits 1 when any check failed. Every expected value
 * below is what PostgreSQL 15 answers; the same program passes against it.
 */
public final class JdbcCompat {
    private static int failed;

    private interface Check {
        void run(Connection c) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java JdbcCompat HOST PORT");
            System.exit(2);
        }
        String url = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/postgres?user=postgres&connectTimeout=10&socketTimeout=60";
        try (Connection c = DriverManager.getConnection(url)) {
            section(c, "connect", JdbcCompat::connect);
            section(c, "setup", JdbcCompat::setup);
            section(c, "batch insert", JdbcCompat::batchInsert);
            section(c, "prepared statement past the 5th execution", JdbcCompat::preparedThreshold);
            section(c, "prepared statement with every binary type", JdbcCompat::binaryTypes);
            section(c, "transactions", JdbcCompat::transactions);
            section(c, "errors", JdbcCompat::errors);
            section(c, "generated keys", JdbcCompat::generatedKeys);
            section(c, "ResultSetMetaData", JdbcCompat::resultSetMetaData);
            section(c, "DatabaseMetaData.getTables", JdbcCompat::getTables);
            section(c, "DatabaseMetaData.getColumns", JdbcCompat::getColumns);
            section(c, "DatabaseMetaData.getPrimaryKeys", JdbcCompat::getPrimaryKeys);
            section(c, "DatabaseMetaData.getIndexInfo", JdbcCompat::getIndexInfo);
            section(c, "DatabaseMetaData.getImportedKeys", JdbcCompat::getImportedKeys);
            section(c, "cleanup", JdbcCompat::cleanup);
        } catch (SQLException e) {
            fail("connect", e.getSQLState() + " " + e.getMessage());
        }
        System.exit(failed > 0 ? 1 : 0);
    }

    /** Runs one group of checks; an unexpected exception fails the group and resets the connection to autocommit. */
    private static void section(Connection c, String name, Check check) {
        int before = failed;
        try {
            check.run(c);
            if (failed == before) {
                System.out.println("ok   jdbc " + name);
            }
        } catch (SQLException e) {
            fail(name, "SQLSTATE " + e.getSQLState() + ": " + e.getMessage());
        } catch (Exception | AssertionError e) {
            fail(name, e instanceof AssertionError ? e.getMessage() : e.toString());
        }
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            fail(name, "could not reset the connection: " + e.getMessage());
        }
    }

    private static void fail(String name, String why) {
        failed++;
        System.out.println("FAIL jdbc " + name + ": " + why);
    }

    private static void expect(String what, Object expected, Object actual) {
        boolean same = expected instanceof Object[] e && actual instanceof Object[] a ? Arrays.deepEquals(e, a)
            : Objects.equals(expected, actual);
        if (!same) {
            throw new AssertionError(what + ": expected " + show(expected) + ", got " + show(actual));
        }
    }

    private static String show(Object value) {
        return value instanceof Object[] a ? Arrays.deepToString(a) : String.valueOf(value);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<List<Object>> rows(ResultSet rs, String... columns) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (String column : columns) {
                row.add(rs.getObject(column));
            }
            rows.add(row);
        }
        rs.close();
        return rows;
    }

    private static void connect(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        expect("database product", "PostgreSQL", md.getDatabaseProductName());
        expect("major version", 15, md.getDatabaseMajorVersion());
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW application_name")) {
            rs.next();
            expect("application_name", "PostgreSQL JDBC Driver", rs.getString(1));
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW extra_float_digits")) {
            rs.next();
            expect("extra_float_digits", "3", rs.getString(1));
        }
    }

    private static void setup(Connection c) throws SQLException {
        execute(c, "DROP TABLE IF EXISTS cj_lines, cj_orders, cj_items");
        execute(c, """
            CREATE TABLE cj_items (
                id int PRIMARY KEY,
                name varchar(40) NOT NULL,
                price numeric(10,2),
                qty bigint DEFAULT 0,
                added date,
                seen timestamptz,
                ratio double precision,
                flag boolean,
                tags int[],
                blob bytea)""");
        execute(c, "CREATE UNIQUE INDEX cj_items_name_key ON cj_items (name)");
        execute(c, "CREATE INDEX cj_items_added_price ON cj_items (added DESC, price)");
        execute(c, "CREATE TABLE cj_orders (id serial PRIMARY KEY, note text)");
        execute(c, """
            CREATE TABLE cj_lines (
                order_id int REFERENCES cj_orders (id) ON DELETE CASCADE,
                line smallint,
                item int NOT NULL REFERENCES cj_items,
                PRIMARY KEY (order_id, line))""");
    }

    private static void batchInsert(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO cj_items (id, name, price, qty, added, seen, ratio, flag, tags, blob) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            for (int i = 1; i <= 200; i++) {
                ps.setInt(1, i);
                ps.setString(2, "item " + i);
                ps.setBigDecimal(3, new BigDecimal(i).movePointLeft(2).add(BigDecimal.ONE));
                ps.setLong(4, 10_000_000_000L + i);
                ps.setObject(5, LocalDate.of(2024, 1, 1).plusDays(i));
                ps.setTimestamp(6, Timestamp.valueOf("2024-05-06 07:08:09.123456"));
                ps.setDouble(7, i / 8.0);
                ps.setBoolean(8, i % 2 == 0);
                ps.setArray(9, c.createArrayOf("int4", new Integer[] {i, i + 1, null}));
                ps.setBytes(10, new byte[] {(byte) i, 0, (byte) 0xff});
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            expect("batch size", 200, counts.length);
            for (int count : counts) {
                expect("rows per batch entry", 1, count);
            }
        }
        try (Statement s = c.createStatement()) {
            s.addBatch("UPDATE cj_items SET qty = qty + 1 WHERE id <= 10");
            s.addBatch("UPDATE cj_items SET qty = qty + 1 WHERE id > 190");
            s.addBatch("DELETE FROM cj_items WHERE id = 200");
            expect("statement batch counts", "[10, 10, 1]", Arrays.toString(s.executeBatch()));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cj_items (id, name) VALUES (?, ?)")) {
            ps.setInt(1, 300);
            ps.setString(2, "dup");
            ps.addBatch();
            ps.setInt(1, 1);
            ps.setString(2, "another");
            ps.addBatch();
            try {
                ps.executeBatch();
                throw new AssertionError("a batch with a duplicate key succeeded");
            } catch (BatchUpdateException e) {
                expect("batch error SQLSTATE", "23505", e.getSQLState());
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*), sum(qty) FROM cj_items")) {
            rs.next();
            expect("rows after the batches", 199L, rs.getLong(1));
            expect("sum(qty)", new BigDecimal("1990000019919"), rs.getBigDecimal(2));
        }
    }

    /** pgjdbc switches to a named server statement with binary results from the 5th execution (prepareThreshold). */
    private static void preparedThreshold(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, price, qty, added, seen, ratio, flag, tags, blob FROM cj_items WHERE id = ? OR name = ? ORDER BY id")) {
            for (int run = 1; run <= 12; run++) {
                int id = run * 3;
                ps.setInt(1, id);
                ps.setString(2, "item " + (id + 1));
                try (ResultSet rs = ps.executeQuery()) {
                    for (int expectedId = id; expectedId <= id + 1; expectedId++) {
                        String at = "execution " + run + " row " + expectedId;
                        expect(at + " present", true, rs.next());
                        expect(at + " id", expectedId, rs.getInt("id"));
                        expect(at + " name", "item " + expectedId, rs.getString("name"));
                        expect(at + " price", new BigDecimal(expectedId).movePointLeft(2).add(BigDecimal.ONE), rs.getBigDecimal("price"));
                        expect(at + " qty", 10_000_000_000L + expectedId + (expectedId <= 10 ? 1 : 0), rs.getLong("qty"));
                        expect(at + " added", LocalDate.of(2024, 1, 1).plusDays(expectedId), rs.getObject("added", LocalDate.class));
                        expect(at + " seen", Timestamp.valueOf("2024-05-06 07:08:09.123456"), rs.getTimestamp("seen"));
                        expect(at + " ratio", expectedId / 8.0, rs.getDouble("ratio"));
                        expect(at + " flag", expectedId % 2 == 0, rs.getBoolean("flag"));
                        Array tags = rs.getArray("tags");
                        expect(at + " tags", new Object[] {expectedId, expectedId + 1, null}, (Object[]) tags.getArray());
                        expect(at + " blob", Arrays.toString(new byte[] {(byte) expectedId, 0, (byte) 0xff}),
                            Arrays.toString(rs.getBytes("blob")));
                    }
                    expect("execution " + run + " row count", false, rs.next());
                }
                expect("server-prepared after execution " + run, run >= 4, ps.unwrap(PGStatement.class).isUseServerPrepare());
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM cj_items WHERE price > ? AND added < ?")) {
            for (int run = 1; run <= 8; run++) {
                ps.setBigDecimal(1, new BigDecimal("1.50"));
                ps.setObject(2, LocalDate.of(2024, 1, 1).plusDays(100 + run));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    expect("count on execution " + run, (long) (49 + run), rs.getLong(1));
                }
            }
        }
    }

    /** Forces binary transfer from the first execution (prepareThreshold = -1) over every type pgjdbc reads in binary. */
    private static void binaryTypes(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT ?::int2 AS a, ?::int4 AS b, ?::int8 AS c, ?::float4 AS d, ?::float8 AS e, ?::numeric AS f,
                       ?::date AS g, ?::time AS h, ?::timestamp AS i, ?::timestamptz AS j, ?::uuid AS k, ?::bytea AS l,
                       ARRAY[1.5, 2.25]::float8[] AS m, ARRAY['x', NULL, 'y z']::text[] AS n, NULL::int4 AS o""")) {
            ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
            for (int run = 1; run <= 3; run++) {
                ps.setShort(1, (short) -7);
                ps.setInt(2, 123456789);
                ps.setLong(3, -9_000_000_000_000L);
                ps.setFloat(4, 1.25f);
                ps.setDouble(5, Math.PI);
                ps.setBigDecimal(6, new BigDecimal("-12345678901234567890.000123"));
                ps.setObject(7, LocalDate.of(1999, 12, 31));
                ps.setObject(8, java.time.LocalTime.of(23, 59, 58, 250_000_000));
                ps.setObject(9, java.time.LocalDateTime.of(2000, 2, 29, 12, 0, 1));
                ps.setObject(10, java.time.OffsetDateTime.parse("2021-03-04T05:06:07.5+02:00"));
                ps.setObject(11, java.util.UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
                ps.setBytes(12, new byte[] {1, 2, 3});
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    expect("int2", (short) -7, rs.getShort("a"));
                    expect("int4", 123456789, rs.getInt("b"));
                    expect("int8", -9_000_000_000_000L, rs.getLong("c"));
                    expect("float4", 1.25f, rs.getFloat("d"));
                    expect("float8", Math.PI, rs.getDouble("e"));
                    expect("numeric", new BigDecimal("-12345678901234567890.000123"), rs.getBigDecimal("f"));
                    expect("date", LocalDate.of(1999, 12, 31), rs.getObject("g", LocalDate.class));
                    expect("time", java.time.LocalTime.of(23, 59, 58, 250_000_000), rs.getObject("h", java.time.LocalTime.class));
                    expect("timestamp", java.time.LocalDateTime.of(2000, 2, 29, 12, 0, 1),
                        rs.getObject("i", java.time.LocalDateTime.class));
                    expect("timestamptz", java.time.OffsetDateTime.parse("2021-03-04T03:06:07.5Z").toInstant(),
                        rs.getObject("j", java.time.OffsetDateTime.class).toInstant());
                    expect("uuid", java.util.UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), rs.getObject("k"));
                    expect("bytea", "[1, 2, 3]", Arrays.toString(rs.getBytes("l")));
                    expect("float8[]", new Object[] {1.5, 2.25}, (Object[]) rs.getArray("m").getArray());
                    expect("text[]", new Object[] {"x", null, "y z"}, (Object[]) rs.getArray("n").getArray());
                    expect("null", null, rs.getObject("o"));
                    expect("wasNull", true, rs.wasNull());
                    ResultSetMetaData md = rs.getMetaData();
                    expect("column types", "[int2, int4, int8, float4, float8, numeric, date, time, timestamp, timestamptz, uuid, bytea, _float8, _text, int4]",
                        columnTypes(md));
                }
            }
        }
    }

    private static String columnTypes(ResultSetMetaData md) throws SQLException {
        List<String> types = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            types.add(md.getColumnTypeName(i));
        }
        return types.toString();
    }

    private static void transactions(Connection c) throws SQLException {
        c.setAutoCommit(false);
        execute(c, "INSERT INTO cj_orders (note) VALUES ('rolled back')");
        c.rollback();
        execute(c, "INSERT INTO cj_orders (note) VALUES ('first')");
        Savepoint sp = c.setSavepoint("before_second");
        execute(c, "INSERT INTO cj_orders (note) VALUES ('undone')");
        c.rollback(sp);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cj_lines VALUES (?, ?, ?)")) {
            for (short line = 1; line <= 3; line++) {
                ps.setInt(1, 2);
                ps.setShort(2, line);
                ps.setInt(3, line * 10);
                ps.addBatch();
            }
            expect("line batch", "[1, 1, 1]", Arrays.toString(ps.executeBatch()));
        }
        try (Connection other = DriverManager.getConnection(c.getMetaData().getURL(), "postgres", null);
             Statement s = other.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM cj_orders")) {
            rs.next();
            expect("uncommitted rows seen by another connection", 0L, rs.getLong(1));
        }
        c.commit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            expect("orders after commit", List.of(List.of(2, "first")), rows(s.executeQuery("SELECT id, note FROM cj_orders ORDER BY id"), "id", "note"));
            expect("lines after commit", 3L, single(s, "SELECT count(*) FROM cj_lines"));
            expect("delete cascades", 1, s.executeUpdate("DELETE FROM cj_orders WHERE id = 2"));
            expect("lines after cascade", 0L, single(s, "SELECT count(*) FROM cj_lines"));
        }
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            expect("isolation", "repeatable read", single(s, "SHOW transaction_isolation"));
        }
        c.commit();
        c.setAutoCommit(true);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    }

    private static Object single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    private static void errors(Connection c) throws SQLException {
        String[][] cases = {
            {"SELECT * FROM cj_missing", "42P01"},
            {"SELECT nope FROM cj_items", "42703"},
            {"INSERT INTO cj_items (id, name) VALUES (1, 'x')", "23505"},
            {"INSERT INTO cj_items (id) VALUES (1000)", "23502"},
            {"SELECT 1/0", "22012"},
            {"SELEC 1", "42601"},
        };
        for (String[] each : cases) {
            try (Statement s = c.createStatement()) {
                s.execute(each[0]);
                throw new AssertionError(each[0] + " succeeded");
            } catch (SQLException e) {
                expect(each[0], each[1], e.getSQLState());
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM cj_items WHERE id = ?")) {
            ps.setString(1, "not a number");
            ps.executeQuery();
            throw new AssertionError("a text parameter for an int column succeeded");
        } catch (SQLException e) {
            expect("varchar parameter compared with int", "42883", e.getSQLState());
        }
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            try {
                s.execute("SELECT 1/0");
            } catch (SQLException e) {
                expect("error in a transaction", "22012", e.getSQLState());
            }
            try {
                s.execute("SELECT 1");
                throw new AssertionError("a statement after an error in a transaction succeeded");
            } catch (SQLException e) {
                expect("statement in a failed transaction", "25P02", e.getSQLState());
            }
        }
        c.rollback();
        c.setAutoCommit(true);
    }

    private static void generatedKeys(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cj_orders (note) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < 6; i++) {
                ps.setString(1, "keyed " + i);
                expect("insert count", 1, ps.executeUpdate());
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    expect("a generated key", true, keys.next());
                    expect("generated id", 4 + i, keys.getInt("id"));
                    expect("returned note", "keyed " + i, keys.getString("note"));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE cj_orders SET note = upper(note) WHERE id > ?", new String[] {"id"})) {
            ps.setInt(1, 7);
            expect("update count", 2, ps.executeUpdate());
            expect("updated ids", List.of(List.of(8), List.of(9)), rows(ps.getGeneratedKeys(), "id"));
        }
    }

    /** isNullable / isAutoIncrement make pgjdbc query the catalog with RowDescription's table OID and attribute number. */
    private static void resultSetMetaData(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT o.id, o.note, i.name, i.qty, 1 AS one FROM cj_orders o, cj_items i LIMIT 1")) {
            ResultSetMetaData md = rs.getMetaData();
            expect("column count", 5, md.getColumnCount());
            List<Object> actual = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                actual.add(md.getColumnName(i) + ":" + md.getTableName(i) + ":" + md.getColumnTypeName(i) + ":" + md.isNullable(i)
                    + ":" + md.isAutoIncrement(i) + ":" + md.getPrecision(i));
            }
            expect("columns", List.of("id:cj_orders:serial:0:true:10", "note:cj_orders:text:1:false:2147483647",
                "name:cj_items:varchar:0:false:40", "qty:cj_items:int8:1:false:19", "one::int4:2:false:10"), actual);
        }
    }

    private static void getTables(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        expect("tables", List.of(
                List.of("public", "cj_items", "TABLE"), List.of("public", "cj_lines", "TABLE"), List.of("public", "cj_orders", "TABLE")),
            rows(md.getTables(null, "public", "cj\\_%", new String[] {"TABLE"}), "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"));
        expect("indexes and sequences", List.of(
                List.of("cj_items_added_price", "INDEX"), List.of("cj_items_name_key", "INDEX"), List.of("cj_items_pkey", "INDEX"),
                List.of("cj_lines_pkey", "INDEX"), List.of("cj_orders_pkey", "INDEX"), List.of("cj_orders_id_seq", "SEQUENCE")),
            rows(md.getTables(null, null, "cj_%", new String[] {"INDEX", "SEQUENCE"}), "TABLE_NAME", "TABLE_TYPE"));
        expect("table with no match", List.of(), rows(md.getTables(null, "public", "cj_none", null), "TABLE_NAME"));
        expect("schemas", true, rows(md.getSchemas(), "TABLE_SCHEM").contains(List.of("public")));
    }

    private static void getColumns(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<List<Object>> actual = new ArrayList<>();
        try (ResultSet rs = md.getColumns(null, "public", "cj_items", "%")) {
            while (rs.next()) {
                actual.add(List.of(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME"),
                    rs.getInt("COLUMN_SIZE"), rs.getInt("DECIMAL_DIGITS"), rs.getInt("NULLABLE"), String.valueOf(rs.getString("COLUMN_DEF")),
                    rs.getInt("ORDINAL_POSITION"), rs.getString("IS_NULLABLE"), rs.getString("IS_AUTOINCREMENT")));
            }
        }
        expect("cj_items columns", List.of(
            List.of("id", Types.INTEGER, "int4", 10, 0, 0, "null", 1, "NO", "NO"),
            List.of("name", Types.VARCHAR, "varchar", 40, 0, 0, "null", 2, "NO", "NO"),
            List.of("price", Types.NUMERIC, "numeric", 10, 2, 1, "null", 3, "YES", "NO"),
            List.of("qty", Types.BIGINT, "int8", 19, 0, 1, "0", 4, "YES", "NO"),
            List.of("added", Types.DATE, "date", 13, 0, 1, "null", 5, "YES", "NO"),
            List.of("seen", Types.TIMESTAMP, "timestamptz", 35, 6, 1, "null", 6, "YES", "NO"),
            List.of("ratio", Types.DOUBLE, "float8", 17, 17, 1, "null", 7, "YES", "NO"),
            List.of("flag", Types.BIT, "bool", 1, 0, 1, "null", 8, "YES", "NO"),
            List.of("tags", Types.ARRAY, "_int4", 10, 0, 1, "null", 9, "YES", "NO"),
            List.of("blob", Types.BINARY, "bytea", 2147483647, 0, 1, "null", 10, "YES", "NO")), actual);
        expect("cj_orders columns", List.of(
                List.of("id", "serial", "nextval('cj_orders_id_seq'::regclass)", "YES"), List.of("note", "text", "null", "NO")),
            mapRows(md.getColumns(null, "public", "cj_orders", null)));
        expect("one column by pattern", List.of(List.of("cj_lines", "line", "int2")),
            rows(md.getColumns(null, null, "cj_lines", "l%"), "TABLE_NAME", "COLUMN_NAME", "TYPE_NAME"));
    }

    private static List<List<Object>> mapRows(ResultSet rs) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            rows.add(List.of(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME"), String.valueOf(rs.getString("COLUMN_DEF")),
                rs.getString("IS_AUTOINCREMENT")));
        }
        rs.close();
        return rows;
    }

    private static void getPrimaryKeys(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        expect("cj_items key", List.of(List.of("cj_items", "id", 1, "cj_items_pkey")),
            rows(md.getPrimaryKeys(null, "public", "cj_items"), "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"));
        expect("cj_lines key", List.of(List.of("order_id", 1, "cj_lines_pkey"), List.of("line", 2, "cj_lines_pkey")),
            sortedBy(rows(md.getPrimaryKeys(null, null, "cj_lines"), "COLUMN_NAME", "KEY_SEQ", "PK_NAME"), 1));
        expect("no key", List.of(), rows(md.getPrimaryKeys(null, "public", "cj_none"), "COLUMN_NAME"));
    }

    private static List<List<Object>> sortedBy(List<List<Object>> rows, int column) {
        rows.sort((a, b) -> ((Comparable<Object>) a.get(column)).compareTo(b.get(column)));
        return rows;
    }

    private static void getIndexInfo(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        expect("all indexes", List.of(
                List.of(false, "cj_items_name_key", 1, "name", "A"),
                List.of(false, "cj_items_pkey", 1, "id", "A"),
                List.of(true, "cj_items_added_price", 1, "added", "D"),
                List.of(true, "cj_items_added_price", 2, "price", "A")),
            rows(md.getIndexInfo(null, "public", "cj_items", false, false), "NON_UNIQUE", "INDEX_NAME", "ORDINAL_POSITION",
                "COLUMN_NAME", "ASC_OR_DESC"));
        expect("unique indexes", List.of(List.of("cj_items_name_key", "name"), List.of("cj_items_pkey", "id")),
            rows(md.getIndexInfo(null, "public", "cj_items", true, true), "INDEX_NAME", "COLUMN_NAME"));
        expect("two-column key", List.of(List.of("cj_lines_pkey", 1, "order_id"), List.of("cj_lines_pkey", 2, "line")),
            rows(md.getIndexInfo(null, "public", "cj_lines", true, false), "INDEX_NAME", "ORDINAL_POSITION", "COLUMN_NAME"));
    }

    private static void getImportedKeys(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        expect("foreign keys of cj_lines", List.of(
                List.of("cj_items", "id", "item", 1, 3, 3, "cj_lines_item_fkey", "cj_items_pkey"),
                List.of("cj_orders", "id", "order_id", 1, 3, 0, "cj_lines_order_id_fkey", "cj_orders_pkey")),
            rows(md.getImportedKeys(null, "public", "cj_lines"), "PKTABLE_NAME", "PKCOLUMN_NAME", "FKCOLUMN_NAME", "KEY_SEQ",
                "UPDATE_RULE", "DELETE_RULE", "FK_NAME", "PK_NAME"));
    }

    private static void cleanup(Connection c) throws SQLException {
        execute(c, "DROP TABLE cj_lines, cj_orders, cj_items");
    }
}
