using Npgsql;
using OmenDb.Server;

namespace OmenDb.Durability.Tests;

/// <summary>
/// DROP ... CASCADE and ALTER TABLE ... DROP CONSTRAINT lock what they remove or change, as PostgreSQL does: dependent
/// views, the tables whose foreign keys or defaults go, a dropped table's indexes and owned sequences, the table a
/// dropped foreign key references, a schema's relations. A reader of any of them holds the DDL off (lock_timeout ends
/// the wait with 55P03 here) until its transaction ends.
/// </summary>
public sealed class CascadeLockTests : IAsyncLifetime
{
    private OmenDbServer _server = null!;

    public async Task InitializeAsync() => _server = await OmenDbServer.StartAsync(ServerOptions.ForTests());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Drop_table_cascade_locks_every_relation_it_drops_or_changes()
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await a.ExecuteAsync("""
            CREATE TABLE cl_p (id serial PRIMARY KEY, v int);
            CREATE INDEX cl_pi ON cl_p (v);
            CREATE TABLE cl_c (id int REFERENCES cl_p);
            CREATE VIEW cl_v AS SELECT id FROM cl_p;
            CREATE TABLE cl_other (x int)
            """);
        var expected = await a.RowsAsync("""
            SELECT oid::text FROM pg_class WHERE relname IN ('cl_p', 'cl_p_id_seq', 'cl_p_pkey', 'cl_pi', 'cl_c', 'cl_v') ORDER BY oid
            """);
        Assert.Equal(6, expected.Count);

        // A reader of the child table only: the cascade to its foreign key waits for it.
        await b.ExecuteAsync("BEGIN; SELECT * FROM cl_c");
        await AssertLockTimeoutAsync(a, "DROP TABLE cl_p CASCADE");
        await b.ExecuteAsync("COMMIT");

        // The other session holds no lock now: every ACCESS EXCLUSIVE lock is the DROP's. Until COMMIT, the other session
        // still sees the child's foreign key.
        const string ChildConstraints = "SELECT conname::text FROM pg_constraint WHERE conrelid = 'cl_c'::regclass";
        await a.ExecuteAsync("BEGIN; DROP TABLE cl_p CASCADE");
        Assert.Equal(["cl_c_id_fkey"], await b.RowsAsync(ChildConstraints));
        Assert.Empty(await a.RowsAsync(ChildConstraints));
        Assert.Equal(expected, await a.RowsAsync("""
            SELECT relation::text FROM pg_locks
            WHERE locktype = 'relation' AND mode = 'AccessExclusiveLock' ORDER BY relation
            """));
        await a.ExecuteAsync("COMMIT");
        Assert.Empty(await b.RowsAsync(ChildConstraints));
        Assert.Equal(["cl_c", "cl_other"], await b.RowsAsync("SELECT relname::text FROM pg_class WHERE relname LIKE 'cl\\_%' ORDER BY 1"));
        await a.ExecuteAsync("DROP TABLE cl_c, cl_other");
    }

    [Fact]
    public async Task Drop_schema_sequence_and_referencing_table_wait_for_readers_of_what_they_change()
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await a.ExecuteAsync("""
            CREATE SCHEMA cl_s;
            CREATE TABLE cl_s.t (id int);
            CREATE SEQUENCE cl_q;
            CREATE TABLE cl_d (x bigint DEFAULT nextval('cl_q'));
            CREATE TABLE cl_parent (id int PRIMARY KEY);
            CREATE TABLE cl_child (id int REFERENCES cl_parent)
            """);

        await b.ExecuteAsync("BEGIN; SELECT * FROM cl_s.t");
        await AssertLockTimeoutAsync(a, "DROP SCHEMA cl_s CASCADE");
        await b.ExecuteAsync("COMMIT; BEGIN; SELECT * FROM cl_d");
        await AssertLockTimeoutAsync(a, "DROP SEQUENCE cl_q CASCADE");
        await b.ExecuteAsync("COMMIT; BEGIN; SELECT * FROM cl_parent");
        await AssertLockTimeoutAsync(a, "DROP TABLE cl_child");
        await AssertLockTimeoutAsync(a, "ALTER TABLE cl_child DROP CONSTRAINT cl_child_id_fkey");
        await b.ExecuteAsync("COMMIT; BEGIN; SELECT * FROM cl_child");
        await AssertLockTimeoutAsync(a, "ALTER TABLE cl_parent DROP CONSTRAINT cl_parent_pkey CASCADE");
        await b.ExecuteAsync("COMMIT");

        // Once the readers are gone, every one of them goes through.
        await a.ExecuteAsync("""
            ALTER TABLE cl_parent DROP CONSTRAINT cl_parent_pkey CASCADE;
            DROP SEQUENCE cl_q CASCADE;
            DROP SCHEMA cl_s CASCADE;
            DROP TABLE cl_child, cl_parent, cl_d
            """);
        Assert.Empty(await b.RowsAsync("SELECT relname FROM pg_class WHERE relname LIKE 'cl\\_%'"));
    }

    /// <summary>Runs <paramref name="sql"/> with a short lock_timeout: it must fail with 55P03 and change nothing.</summary>
    private static async Task AssertLockTimeoutAsync(NpgsqlConnection connection, string sql)
    {
        const string Catalog = "SELECT count(*)::text FROM pg_class WHERE relname LIKE 'cl\\_%'";
        var before = await connection.RowsAsync(Catalog);
        await connection.ExecuteAsync("SET lock_timeout = '200ms'");
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(sql));
        Assert.Equal("55P03", error.SqlState);
        await connection.ExecuteAsync("SET lock_timeout = 0");
        Assert.Equal(before, await connection.RowsAsync(Catalog));
    }

    private Task<NpgsqlConnection> ConnectAsync() => InProcessServer.ConnectWithDetailAsync(_server.Port);
}
