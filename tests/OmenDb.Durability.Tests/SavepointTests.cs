using Npgsql;
using OmenDb.Server;

namespace OmenDb.Durability.Tests;

/// <summary>SAVEPOINT / RELEASE / ROLLBACK TO as subtransactions, with PostgreSQL's errors.</summary>
public sealed class SavepointTests : IAsyncLifetime
{
    private OmenDbServer _server = null!;
    private NpgsqlConnection _conn = null!;

    public async Task InitializeAsync()
    {
        _server = await OmenDbServer.StartAsync(ServerOptions.ForTests());
        _conn = await InProcessServer.ConnectAsync(_server.Port);
        await _conn.ExecuteAsync("CREATE TABLE sp (id int PRIMARY KEY, v text)");
    }

    public async Task DisposeAsync()
    {
        await _conn.DisposeAsync();
        await _server.DisposeAsync();
    }

    private Task<List<string>> All() => _conn.RowsAsync("SELECT id::text, v FROM sp ORDER BY id");

    [Fact]
    public async Task Rollback_to_undoes_only_what_came_after_the_savepoint_and_nests()
    {
        await _conn.ExecuteAsync("""
            BEGIN;
            INSERT INTO sp VALUES (1, 'one');
            SAVEPOINT a;
            INSERT INTO sp VALUES (2, 'two');
            SAVEPOINT b;
            UPDATE sp SET v = 'changed' WHERE id = 1;
            DELETE FROM sp WHERE id = 2;
            ROLLBACK TO SAVEPOINT b;
            INSERT INTO sp VALUES (3, 'three');
            RELEASE SAVEPOINT b;
            SAVEPOINT c;
            INSERT INTO sp VALUES (4, 'four');
            ROLLBACK TO a;
            INSERT INTO sp VALUES (5, 'five');
            COMMIT
            """);
        Assert.Equal(["1|one", "5|five"], await All());
    }

    [Fact]
    public async Task Rollback_to_recovers_a_failed_block_and_keeps_the_savepoint()
    {
        await _conn.ExecuteAsync("BEGIN; INSERT INTO sp VALUES (10, 'x'); SAVEPOINT s");
        var dup = await Assert.ThrowsAsync<PostgresException>(() => _conn.ExecuteAsync("INSERT INTO sp VALUES (10, 'dup')"));
        Assert.Equal("23505", dup.SqlState);
        var aborted = await Assert.ThrowsAsync<PostgresException>(() => _conn.ExecuteAsync("SELECT 1"));
        Assert.Equal("25P02", aborted.SqlState);
        await _conn.ExecuteAsync("ROLLBACK TO SAVEPOINT s");
        await _conn.ExecuteAsync("INSERT INTO sp VALUES (11, 'y')");
        await _conn.ExecuteAsync("ROLLBACK TO SAVEPOINT s"); // still defined after the first ROLLBACK TO
        await _conn.ExecuteAsync("INSERT INTO sp VALUES (12, 'z')");
        await _conn.ExecuteAsync("COMMIT");
        Assert.Equal(["10|x", "12|z"], await All());
    }

    [Fact]
    public async Task Savepoint_commands_outside_a_block_and_unknown_names_fail_like_postgresql()
    {
        var outside = await Assert.ThrowsAsync<PostgresException>(() => _conn.ExecuteAsync("SAVEPOINT a"));
        Assert.Equal("25P01", outside.SqlState);
        Assert.Equal("SAVEPOINT can only be used in transaction blocks", outside.MessageText);
        var rollbackTo = await Assert.ThrowsAsync<PostgresException>(() => _conn.ExecuteAsync("ROLLBACK TO SAVEPOINT a"));
        Assert.Equal("ROLLBACK TO SAVEPOINT can only be used in transaction blocks", rollbackTo.MessageText);

        await _conn.ExecuteAsync("BEGIN");
        var unknown = await Assert.ThrowsAsync<PostgresException>(() => _conn.ExecuteAsync("RELEASE SAVEPOINT nope"));
        Assert.Equal("3B001", unknown.SqlState);
        Assert.Equal("savepoint \"nope\" does not exist", unknown.MessageText);
        await _conn.ExecuteAsync("ROLLBACK");
    }

    [Fact]
    public async Task Uncommitted_rows_of_a_savepoint_are_invisible_to_other_sessions()
    {
        await using var other = await InProcessServer.ConnectAsync(_server.Port);
        await _conn.ExecuteAsync("BEGIN; SAVEPOINT s; INSERT INTO sp VALUES (20, 'pending')");
        Assert.Empty(await other.RowsAsync("SELECT id::text FROM sp WHERE id = 20"));
        await _conn.ExecuteAsync("RELEASE s; COMMIT");
        Assert.Equal(["20"], await other.RowsAsync("SELECT id::text FROM sp WHERE id = 20"));
    }

    [Fact]
    public async Task A_read_only_transaction_refuses_writes()
    {
        await _conn.ExecuteAsync("BEGIN READ ONLY");
        Assert.Equal(["on"], await _conn.RowsAsync("SHOW transaction_read_only"));
        var write = await Assert.ThrowsAsync<PostgresException>(() => _conn.ExecuteAsync("INSERT INTO sp VALUES (30, 'no')"));
        Assert.Equal("25006", write.SqlState);
        Assert.Equal("cannot execute INSERT in a read-only transaction", write.MessageText);
        await _conn.ExecuteAsync("ROLLBACK");
        Assert.Equal(["off"], await _conn.RowsAsync("SHOW transaction_read_only"));
    }

    [Fact]
    public async Task Ddl_is_transactional()
    {
        await _conn.ExecuteAsync("BEGIN; CREATE TABLE ddl_tx (id serial PRIMARY KEY); INSERT INTO ddl_tx VALUES (1); ROLLBACK");
        var gone = await Assert.ThrowsAsync<PostgresException>(() => _conn.RowsAsync("SELECT * FROM ddl_tx"));
        Assert.Equal("42P01", gone.SqlState);
        await _conn.ExecuteAsync("CREATE TABLE ddl_tx (id int)"); // the name and its sequence name are free again

        await _conn.ExecuteAsync("INSERT INTO ddl_tx VALUES (7)");
        await _conn.ExecuteAsync("BEGIN; SAVEPOINT s; DROP TABLE ddl_tx; ROLLBACK TO SAVEPOINT s; COMMIT");
        Assert.Equal(["7"], await _conn.RowsAsync("SELECT id::text FROM ddl_tx"));
    }
}
