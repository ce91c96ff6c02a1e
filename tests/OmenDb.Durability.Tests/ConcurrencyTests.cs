using Npgsql;
using OmenDb.Server;

namespace OmenDb.Durability.Tests;

/// <summary>Concurrent writers on the same rows: no lost update in READ COMMITTED, 40001 where REPEATABLE READ must fail.</summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private OmenDbServer _server = null!;

    public async Task InitializeAsync() => _server = await OmenDbServer.StartAsync(ServerOptions.ForTests());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Concurrent_increments_of_one_row_lose_no_update()
    {
        await using (var setup = await InProcessServer.ConnectAsync(_server.Port))
        {
            await setup.ExecuteAsync("CREATE TABLE counter (id int PRIMARY KEY, v int NOT NULL); INSERT INTO counter VALUES (1, 0), (2, 0)");
        }

        const int Clients = 8, Increments = 50;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            await using var conn = await InProcessServer.ConnectAsync(_server.Port);
            for (var i = 0; i < Increments; i++)
            {
                // Autocommit, and in blocks that hold the first row while they touch the second.
                if (i % 2 == 0)
                {
                    Assert.Equal(1, await conn.ExecuteAsync("UPDATE counter SET v = v + 1 WHERE id = 1"));
                }
                else
                {
                    await conn.ExecuteAsync("BEGIN; UPDATE counter SET v = v + 1 WHERE id = 1; UPDATE counter SET v = v + 1 WHERE id = 2; COMMIT");
                }
            }
        })));

        await using var check = await InProcessServer.ConnectAsync(_server.Port);
        Assert.Equal([$"1|{Clients * Increments}", $"2|{Clients * Increments / 2}"], await check.RowsAsync("SELECT id::text, v::text FROM counter ORDER BY id"));
    }

    [Fact]
    public async Task A_concurrent_update_re_checks_the_where_clause_on_the_new_version()
    {
        await using var a = await InProcessServer.ConnectAsync(_server.Port);
        await using var b = await InProcessServer.ConnectAsync(_server.Port);
        await a.ExecuteAsync("CREATE TABLE epq (id int PRIMARY KEY, status text, n int); INSERT INTO epq VALUES (1, 'open', 0), (2, 'open', 0)");

        await a.ExecuteAsync("BEGIN; UPDATE epq SET status = 'closed' WHERE id = 1; UPDATE epq SET n = 5 WHERE id = 2");
        // B waits for A's row locks, then sees A's committed versions: row 1 no longer qualifies, row 2 does, with n = 5.
        var blocked = b.ExecuteAsync("UPDATE epq SET n = n + 1 WHERE status = 'open'");
        await Task.Delay(300);
        Assert.False(blocked.IsCompleted);
        await a.ExecuteAsync("COMMIT");
        Assert.Equal(1, await blocked);
        Assert.Equal(["1|closed|0", "2|open|6"], await a.RowsAsync("SELECT id::text, status, n::text FROM epq ORDER BY id"));

        // A concurrent delete makes the waiting update skip the row.
        await a.ExecuteAsync("BEGIN; DELETE FROM epq WHERE id = 2");
        var skipped = b.ExecuteAsync("UPDATE epq SET n = 100 WHERE id = 2");
        await Task.Delay(200);
        await a.ExecuteAsync("COMMIT");
        Assert.Equal(0, await skipped);
    }

    [Fact]
    public async Task Repeatable_read_fails_with_40001_on_a_row_changed_since_its_snapshot()
    {
        await using var a = await InProcessServer.ConnectAsync(_server.Port);
        await using var b = await InProcessServer.ConnectAsync(_server.Port);
        await a.ExecuteAsync("CREATE TABLE rr (id int PRIMARY KEY, v int); INSERT INTO rr VALUES (1, 0), (2, 0)");

        await b.ExecuteAsync("BEGIN ISOLATION LEVEL REPEATABLE READ");
        Assert.Equal(["0"], await b.RowsAsync("SELECT v::text FROM rr WHERE id = 1"));
        await a.ExecuteAsync("UPDATE rr SET v = 1 WHERE id = 1");
        // Still its snapshot's value, and a row nobody changed can be updated.
        Assert.Equal(["0"], await b.RowsAsync("SELECT v::text FROM rr WHERE id = 1"));
        Assert.Equal(1, await b.ExecuteAsync("UPDATE rr SET v = 2 WHERE id = 2"));
        var conflict = await Assert.ThrowsAsync<PostgresException>(() => b.ExecuteAsync("UPDATE rr SET v = 3 WHERE id = 1"));
        Assert.Equal("40001", conflict.SqlState);
        Assert.Equal("could not serialize access due to concurrent update", conflict.MessageText);
        await b.ExecuteAsync("ROLLBACK");
        Assert.Equal(["1|1", "2|0"], await a.RowsAsync("SELECT id::text, v::text FROM rr ORDER BY id"));
    }
}
