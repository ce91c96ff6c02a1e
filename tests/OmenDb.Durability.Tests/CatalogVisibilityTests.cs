using Npgsql;
using OmenDb.Server;

namespace OmenDb.Durability.Tests;

/// <summary>
/// Uncommitted DDL as PostgreSQL shows it to other sessions: the creator sees its objects at once, others after COMMIT;
/// DROP, ALTER and RENAME make others wait on the ACCESS EXCLUSIVE lock and then see the committed outcome; a
/// concurrent CREATE of the same name waits and fails with 23505; ROLLBACK leaves nothing behind.
/// </summary>
public sealed class CatalogVisibilityTests : IAsyncLifetime
{
    private OmenDbServer _server = null!;

    public async Task InitializeAsync() => _server = await OmenDbServer.StartAsync(ServerOptions.ForTests());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Created_objects_are_seen_by_others_only_after_commit()
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await a.ExecuteAsync("""
            BEGIN;
            CREATE SCHEMA cv_s;
            CREATE TABLE cv_s.cv_t (id int PRIMARY KEY, v text);
            INSERT INTO cv_s.cv_t VALUES (1, 'one');
            CREATE INDEX cv_i ON cv_s.cv_t (v);
            CREATE VIEW cv_s.cv_v AS SELECT id FROM cv_s.cv_t;
            CREATE SEQUENCE cv_s.cv_q
            """);
        const string Listed = "SELECT relname::text FROM pg_class WHERE relname LIKE 'cv\\_%' ORDER BY 1";
        Assert.Equal(["cv_i", "cv_q", "cv_t", "cv_t_pkey", "cv_v"], await a.RowsAsync(Listed));
        Assert.Equal(["1"], await a.RowsAsync("SELECT id::text FROM cv_s.cv_v"));

        Assert.Empty(await b.RowsAsync(Listed));
        Assert.Empty(await b.RowsAsync("SELECT nspname::text FROM pg_namespace WHERE nspname = 'cv_s'"));
        Assert.Equal("3F000", (await Assert.ThrowsAsync<PostgresException>(() => b.ExecuteAsync("CREATE TABLE cv_s.other (x int)"))).SqlState);
        var missing = await Assert.ThrowsAsync<PostgresException>(() => b.RowsAsync("SELECT * FROM cv_s.cv_t"));
        Assert.Equal("42P01", missing.SqlState);
        Assert.Equal("relation \"cv_s.cv_t\" does not exist", missing.MessageText);
        Assert.Equal("42P01", (await Assert.ThrowsAsync<PostgresException>(() => b.RowsAsync("SELECT nextval('cv_s.cv_q')"))).SqlState);

        await a.ExecuteAsync("COMMIT");
        Assert.Equal(["cv_i", "cv_q", "cv_t", "cv_t_pkey", "cv_v"], await b.RowsAsync(Listed));
        Assert.Equal(["1|one"], await b.RowsAsync("SELECT id::text, v FROM cv_s.cv_t"));
        await b.ExecuteAsync("DROP SCHEMA cv_s CASCADE");
    }

    [Fact]
    public async Task Drop_blocks_readers_until_commit_then_the_relation_is_gone()
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await a.ExecuteAsync("CREATE TABLE cv_d (id int); INSERT INTO cv_d VALUES (7)");
        await a.ExecuteAsync("BEGIN; DROP TABLE cv_d");
        Assert.Equal("42P01", (await Assert.ThrowsAsync<PostgresException>(() => a.RowsAsync("SELECT * FROM cv_d"))).SqlState);
        await a.ExecuteAsync("ROLLBACK; BEGIN; DROP TABLE cv_d");

        // Still in pg_class for others; a reader waits for the dropping transaction.
        Assert.Equal(["1"], await b.RowsAsync("SELECT count(*)::text FROM pg_class WHERE relname = 'cv_d'"));
        var read = b.RowsAsync("SELECT id::text FROM cv_d");
        await Task.Delay(300);
        Assert.False(read.IsCompleted);
        await a.ExecuteAsync("COMMIT");
        var error = await Assert.ThrowsAsync<PostgresException>(() => read);
        Assert.Equal("42P01", error.SqlState);
        Assert.Equal("relation \"cv_d\" does not exist", error.MessageText);
    }

    [Fact]
    public async Task Drop_rolled_back_lets_the_waiting_reader_through()
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await a.ExecuteAsync("CREATE TABLE cv_dr (id int); INSERT INTO cv_dr VALUES (7)");
        await a.ExecuteAsync("BEGIN; DROP TABLE cv_dr");
        var read = b.RowsAsync("SELECT id::text FROM cv_dr");
        await Task.Delay(300);
        Assert.False(read.IsCompleted);
        await a.ExecuteAsync("ROLLBACK");
        Assert.Equal(["7"], await read);
    }

    [Fact]
    public async Task Alter_and_rename_are_seen_after_commit()
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await a.ExecuteAsync("CREATE TABLE cv_a (id int); INSERT INTO cv_a VALUES (1)");

        await a.ExecuteAsync("BEGIN; ALTER TABLE cv_a ADD COLUMN note text DEFAULT 'n'");
        var read = b.RowsAsync("SELECT id::text, note FROM cv_a");
        await Task.Delay(300);
        Assert.False(read.IsCompleted);
        await a.ExecuteAsync("COMMIT");
        Assert.Equal(["1|n"], await read);

        await a.ExecuteAsync("BEGIN; ALTER TABLE cv_a RENAME TO cv_a2");
        Assert.Equal(["1|n"], await a.RowsAsync("SELECT id::text, note FROM cv_a2"));
        Assert.Equal("42P01", (await Assert.ThrowsAsync<PostgresException>(() => b.RowsAsync("SELECT * FROM cv_a2"))).SqlState);
        Assert.Equal(["1"], await b.RowsAsync("SELECT count(*)::text FROM pg_class WHERE oid = 'cv_a'::regclass"));
        var old = b.RowsAsync("SELECT id::text FROM cv_a");
        await Task.Delay(300);
        Assert.False(old.IsCompleted);
        await a.ExecuteAsync("COMMIT");
        Assert.Equal("42P01", (await Assert.ThrowsAsync<PostgresException>(() => old)).SqlState);
        Assert.Equal(["1|n"], await b.RowsAsync("SELECT id::text, note FROM cv_a2"));
        await b.ExecuteAsync("DROP TABLE cv_a2");
    }

    [Theory]
    [InlineData("CREATE TABLE cv_c (id int)", "duplicate key value violates unique constraint \"pg_type_typname_nsp_index\"", "pg_type")]
    [InlineData("CREATE VIEW cv_c AS SELECT 1 AS x", "duplicate key value violates unique constraint \"pg_type_typname_nsp_index\"", "pg_type")]
    [InlineData("CREATE SEQUENCE cv_c", "duplicate key value violates unique constraint \"pg_class_relname_nsp_index\"", "pg_class")]
    public async Task A_concurrent_create_of_the_same_name_waits_then_fails_with_23505(string create, string message, string catalog)
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await a.ExecuteAsync("BEGIN; " + create);
        var second = b.ExecuteAsync(create);
        await Task.Delay(300);
        Assert.False(second.IsCompleted);
        await a.ExecuteAsync("COMMIT");
        var error = await Assert.ThrowsAsync<PostgresException>(() => second);
        Assert.Equal("23505", error.SqlState);
        Assert.Equal(message, error.MessageText);
        Assert.Equal(catalog, error.TableName);

        // After a ROLLBACK the waiting CREATE succeeds.
        await a.ExecuteAsync("DROP " + create.Split(' ')[1] + " cv_c");
        await a.ExecuteAsync("BEGIN; " + create);
        second = b.ExecuteAsync(create);
        await Task.Delay(300);
        Assert.False(second.IsCompleted);
        await a.ExecuteAsync("ROLLBACK");
        await second;
        Assert.Equal("42P07", (await Assert.ThrowsAsync<PostgresException>(() => a.ExecuteAsync(create))).SqlState);
        await a.ExecuteAsync("DROP " + create.Split(' ')[1] + " cv_c");
    }

    [Fact]
    public async Task A_concurrent_create_schema_waits_then_fails_with_23505()
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await a.ExecuteAsync("BEGIN; CREATE SCHEMA cv_ns");
        var second = b.ExecuteAsync("CREATE SCHEMA cv_ns");
        await Task.Delay(300);
        Assert.False(second.IsCompleted);
        await a.ExecuteAsync("COMMIT");
        var error = await Assert.ThrowsAsync<PostgresException>(() => second);
        Assert.Equal("23505", error.SqlState);
        Assert.Equal("Key (nspname)=(cv_ns) already exists.", error.Detail);
        await a.ExecuteAsync("DROP SCHEMA cv_ns");
    }

    [Fact]
    public async Task Rollback_leaves_nothing_behind()
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await a.ExecuteAsync("CREATE TABLE cv_r (id int PRIMARY KEY, v text DEFAULT 'x'); INSERT INTO cv_r VALUES (1)");
        const string Catalog = """
            SELECT c.relname::text || ':' || string_agg(a.attname::text || coalesce('=' || pg_get_expr(d.adbin, d.adrelid), ''), ',' ORDER BY a.attnum)
            FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
            WHERE c.relname LIKE 'cv\_r%' GROUP BY c.relname ORDER BY 1
            """;
        var before = await b.RowsAsync(Catalog);
        await a.ExecuteAsync("""
            BEGIN;
            ALTER TABLE cv_r ADD COLUMN extra int;
            ALTER TABLE cv_r ALTER COLUMN v DROP DEFAULT;
            ALTER TABLE cv_r RENAME COLUMN id TO key;
            ALTER TABLE cv_r ADD CONSTRAINT cv_r_v UNIQUE (v);
            CREATE INDEX cv_r_idx ON cv_r (v);
            ALTER TABLE cv_r RENAME TO cv_r_renamed;
            CREATE TABLE cv_r_new (x serial);
            CREATE VIEW cv_r_view AS SELECT 1 AS one;
            CREATE SEQUENCE cv_r_seq;
            ROLLBACK
            """);
        Assert.Equal(before, await b.RowsAsync(Catalog));
        Assert.Equal(before, await a.RowsAsync(Catalog));
        Assert.Equal(["cv_r:id,v='x'::text", "cv_r_pkey:id"], before);
        await a.ExecuteAsync("INSERT INTO cv_r (id) VALUES (2)");
        Assert.Equal(["1|x", "2|x"], await b.RowsAsync("SELECT id::text, v FROM cv_r ORDER BY id"));
        await a.ExecuteAsync("BEGIN; DROP TABLE cv_r; ROLLBACK");
        Assert.Equal(["2"], await b.RowsAsync("SELECT count(*)::text FROM cv_r"));
        await a.ExecuteAsync("DROP TABLE cv_r");
    }

    [Fact]
    public async Task Another_sessions_commit_persists_neither_an_uncommitted_create_nor_an_uncommitted_drop()
    {
        using var dir = new TempDataDirectory();
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        {
            await using var a = await InProcessServer.ConnectAsync(server.Port);
            await using var b = await InProcessServer.ConnectAsync(server.Port);
            await a.ExecuteAsync("CREATE TABLE cv_kept (id int); INSERT INTO cv_kept VALUES (1), (2)");
            await a.ExecuteAsync("BEGIN; DROP TABLE cv_kept; CREATE TABLE cv_pending (id int)");
            await b.ExecuteAsync("CREATE TABLE cv_committed (id int)");
        }

        await using (var server = await InProcessServer.StartAsync(dir.Path))
        {
            await using var c = await InProcessServer.ConnectAsync(server.Port);
            Assert.Equal(["cv_committed", "cv_kept"],
                await c.RowsAsync("SELECT relname::text FROM pg_class WHERE relname LIKE 'cv\\_%' ORDER BY 1"));
            Assert.Equal(["2"], await c.RowsAsync("SELECT count(*)::text FROM cv_kept"));
        }
    }

    private Task<NpgsqlConnection> ConnectAsync() => InProcessServer.ConnectWithDetailAsync(_server.Port);
}
