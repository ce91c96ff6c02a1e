using Npgsql;

namespace OmenDb.Durability.Tests;

/// <summary>What a transaction committed is there after the server stops and starts again over the same data directory.</summary>
public sealed class RestartTests
{
    private const string EveryTypeTable = """
        CREATE TABLE every_type (
            id int PRIMARY KEY, b bool, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, n numeric(12,3), t text,
            vc varchar(10), c char(3), by bytea, d date, tm time, ts timestamp, tstz timestamptz, iv interval, u uuid,
            j json, jb jsonb, ia int[], ta text[])
        """;

    private const string EveryTypeRows = """
        INSERT INTO every_type VALUES
          (1, true, -32768, 2147483647, -9223372036854775808, 1.5, 'NaN', -123456789.125, 'héllo ''quoted''',
           'short', 'ab', '\xdeadbeef', '2024-02-29', '23:59:59.999999', '1999-12-31 23:59:59.5', '2000-01-01 00:00:00+00',
           '1 year 2 mons 3 days 04:05:06.7', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, 2]}', '{"b": {"c": null}}',
           '{1,NULL,3}', '{"x y",z}'),
          (2, NULL, NULL, NULL, NULL, '-Infinity', 0.1, 0, '', NULL, NULL, '\x', 'infinity', NULL, '-infinity', NULL,
           '-1 days', NULL, NULL, '[]', '{}', '{}')
        """;

    private const string EveryTypeQuery = """
        SELECT id::text, b::text, i2::text, i4::text, i8::text, f4::text, f8::text, n::text, t, vc::text, c::text, by::text,
               d::text, tm::text, ts::text, tstz::text, iv::text, u::text, j::text, jb::text, ia::text, ta::text
        FROM every_type ORDER BY id
        """;

    [Fact]
    public async Task Values_of_every_type_read_back_identically()
    {
        using var dir = new TempDataDirectory();
        List<string> before;
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await conn.ExecuteAsync(EveryTypeTable);
            await conn.ExecuteAsync(EveryTypeRows);
            before = await conn.RowsAsync(EveryTypeQuery);
        }

        Assert.Equal(2, before.Count);
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            Assert.Equal(before, await conn.RowsAsync(EveryTypeQuery));
        }
    }

    [Fact]
    public async Task Only_committed_changes_survive()
    {
        using var dir = new TempDataDirectory();
        const string Query = "SELECT id::text, v::text, note FROM items ORDER BY id";
        List<string> before;
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await conn.ExecuteAsync("CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL, note text)");
            await conn.ExecuteAsync("INSERT INTO items SELECT g, g * 10, 'n' || g FROM generate_series(1, 5000) g");
            await conn.ExecuteAsync("UPDATE items SET v = v + 1, note = 'updated' WHERE id % 3 = 0");
            await conn.ExecuteAsync("DELETE FROM items WHERE id % 7 = 0");

            // Rolled back: a whole transaction, and the part of one after a savepoint.
            await conn.ExecuteAsync("BEGIN; INSERT INTO items VALUES (100001, 1, 'rolled back'); DELETE FROM items WHERE id < 100; ROLLBACK");
            await conn.ExecuteAsync("""
                BEGIN;
                INSERT INTO items VALUES (100002, 2, 'kept');
                SAVEPOINT s;
                INSERT INTO items VALUES (100003, 3, 'rolled back to savepoint');
                UPDATE items SET note = 'rolled back to savepoint' WHERE id = 1;
                ROLLBACK TO SAVEPOINT s;
                UPDATE items SET note = 'after savepoint' WHERE id = 2;
                COMMIT
                """);

            // A failed statement fails the block: nothing of it commits.
            await conn.ExecuteAsync("BEGIN");
            await conn.ExecuteAsync("INSERT INTO items VALUES (100004, 4, 'failed block')");
            await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("INSERT INTO items VALUES (1, 1, 'duplicate')"));
            await conn.ExecuteAsync("COMMIT");
            before = await conn.RowsAsync(Query);
        }

        Assert.Equal(5000 - (5000 / 7) + 1, before.Count);
        Assert.Contains("100002|2|kept", before);
        Assert.Contains("2|20|after savepoint", before);
        Assert.DoesNotContain(before, r => r.Contains("rolled back", StringComparison.Ordinal) || r.Contains("failed", StringComparison.Ordinal));
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            Assert.Equal(before, await conn.RowsAsync(Query));
        }
    }

    [Fact]
    public async Task Constraints_defaults_and_dropped_tables_survive()
    {
        using var dir = new TempDataDirectory();
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await conn.ExecuteAsync("""
                CREATE TABLE accounts (id serial PRIMARY KEY, email text UNIQUE, balance numeric(10,2) DEFAULT 0 CHECK (balance >= 0),
                                       created date NOT NULL DEFAULT '2024-01-01')
                """);
            await conn.ExecuteAsync("INSERT INTO accounts (email) VALUES ('a@x'), ('b@x')");
            await conn.ExecuteAsync("CREATE TABLE gone (x int); INSERT INTO gone VALUES (1), (2); DROP TABLE gone");
            await conn.ExecuteAsync("CREATE UNIQUE INDEX accounts_lower_email ON accounts (created, email)");
            await conn.ExecuteAsync("CREATE TABLE orders (id int PRIMARY KEY, account int REFERENCES accounts ON DELETE CASCADE)");
            await conn.ExecuteAsync("INSERT INTO orders VALUES (10, 1), (20, 2)");
        }

        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            // The serial goes on after the values handed out before the restart; defaults still apply.
            await conn.ExecuteAsync("INSERT INTO accounts (email) VALUES ('c@x')");
            Assert.Equal(["1|a@x|0.00|2024-01-01", "2|b@x|0.00|2024-01-01", "3|c@x|0.00|2024-01-01"],
                await conn.RowsAsync("SELECT id::text, email, balance::text, created::text FROM accounts ORDER BY id"));

            var unique = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("INSERT INTO accounts (email) VALUES ('a@x')"));
            Assert.Equal("23505", unique.SqlState);
            Assert.Equal("accounts_email_key", unique.ConstraintName);
            var pk = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("INSERT INTO accounts (id, email) VALUES (1, 'z@x')"));
            Assert.Equal("23505", pk.SqlState);
            var check = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("INSERT INTO accounts (email, balance) VALUES ('d@x', -1)"));
            Assert.Equal("23514", check.SqlState);
            var notNull = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("INSERT INTO accounts (email, created) VALUES ('e@x', NULL)"));
            Assert.Equal("23502", notNull.SqlState);

            var uniqueIndex = await Assert.ThrowsAsync<PostgresException>(
                () => conn.ExecuteAsync("UPDATE accounts SET email = 'b@x', created = '2024-01-01' WHERE id = 3"));
            Assert.Equal("23505", uniqueIndex.SqlState);

            // The foreign key is enforced and its action applies after the restart.
            var fk = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("INSERT INTO orders VALUES (30, 99)"));
            Assert.Equal("23503", fk.SqlState);
            await conn.ExecuteAsync("DELETE FROM accounts WHERE id = 1");
            Assert.Equal(["20"], await conn.RowsAsync("SELECT id::text FROM orders"));

            var dropped = await Assert.ThrowsAsync<PostgresException>(() => conn.RowsAsync("SELECT * FROM gone"));
            Assert.Equal("42P01", dropped.SqlState);
            await conn.ExecuteAsync("CREATE TABLE gone (x int)");
            Assert.Empty(await conn.RowsAsync("SELECT x::text FROM gone"));
        }
    }

    [Fact]
    public async Task A_clean_restart_continues_sequences_without_a_gap()
    {
        using var dir = new TempDataDirectory();
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await conn.ExecuteAsync("CREATE TABLE s (id bigserial PRIMARY KEY, v int)");
            await conn.ExecuteAsync("INSERT INTO s (v) SELECT g FROM generate_series(1, 40) g");
        }

        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            Assert.Equal(["41"], await conn.RowsAsync("INSERT INTO s (v) VALUES (0) RETURNING id::text"));
        }
    }

    [Fact]
    public async Task Rows_rewritten_by_alter_table_read_back_in_their_new_shape()
    {
        using var dir = new TempDataDirectory();
        const string Query = "SELECT id::text, code, added::text, note FROM altered ORDER BY id";
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await conn.ExecuteAsync("CREATE TABLE altered (id int PRIMARY KEY, code int)");
            await conn.ExecuteAsync("INSERT INTO altered VALUES (1, 10), (2, 20)");
            await conn.ExecuteAsync("ALTER TABLE altered ALTER COLUMN code TYPE text USING 'c' || code");
            await conn.ExecuteAsync("ALTER TABLE altered ADD COLUMN added numeric(5,1) DEFAULT 2.5");
            await conn.ExecuteAsync("ALTER TABLE altered ADD COLUMN note text");
            await conn.ExecuteAsync("INSERT INTO altered VALUES (3, 'c30', 7, 'new')");
            Assert.Equal(["1|c10|2.5|null", "2|c20|2.5|null", "3|c30|7.0|new"], await conn.RowsAsync(Query));
        }

        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            Assert.Equal(["1|c10|2.5|null", "2|c20|2.5|null", "3|c30|7.0|new"], await conn.RowsAsync(Query));
        }
    }
}
