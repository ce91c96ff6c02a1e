namespace OmenDb.Durability.Tests;

/// <summary>
/// Old-version reclamation under load and across restarts: VACUUM (and the background cycle) renumbers row versions
/// while other transactions hold uncommitted work, and nothing committed is lost or changed.
/// </summary>
public sealed class ReclaimTests
{
    [Fact]
    public async Task Work_of_an_open_transaction_survives_a_compaction_and_a_restart()
    {
        using var dir = new TempDataDirectory();
        List<string> expected;
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        {
            await using var a = await InProcessServer.ConnectAsync(server.Port);
            await using var b = await InProcessServer.ConnectAsync(server.Port);
            await a.ExecuteAsync("CREATE TABLE rc (id int PRIMARY KEY, v int NOT NULL, note text)");
            await a.ExecuteAsync("INSERT INTO rc SELECT g, 0, 'n' || g FROM generate_series(1, 3000) g");

            // A's journal holds row ids of its inserts, its update and a rolled-back savepoint.
            await a.ExecuteAsync("BEGIN; INSERT INTO rc SELECT g, 1, 'a' || g FROM generate_series(5001, 5200) g");
            await a.ExecuteAsync("SAVEPOINT s; INSERT INTO rc SELECT g, 2, 'lost' FROM generate_series(6001, 6100) g; ROLLBACK TO s");
            await a.ExecuteAsync("UPDATE rc SET v = 10 WHERE id BETWEEN 5001 AND 5010");
            await a.ExecuteAsync("UPDATE rc SET note = 'by a' WHERE id = 3000");

            // B ends many versions before A's rows, then compacts: every row id after the first dropped one moves.
            for (var i = 0; i < 3; i++)
            {
                await b.ExecuteAsync("UPDATE rc SET v = v + 1 WHERE id <= 2000");
            }

            await b.ExecuteAsync("VACUUM rc");
            Assert.Equal(["3000|6000"], await b.RowsAsync("SELECT count(*)::text, sum(v)::text FROM rc"));
            await a.ExecuteAsync("UPDATE rc SET v = 20 WHERE id = 5200");
            await a.ExecuteAsync("COMMIT");
            await b.ExecuteAsync("VACUUM rc");

            expected = await a.RowsAsync("SELECT id::text, v::text, note FROM rc ORDER BY id");
            Assert.Equal(3200, expected.Count);
            Assert.Contains("5001|10|a5001", expected);
            Assert.Contains("5200|20|a5200", expected);
            Assert.Contains("3000|0|by a", expected);
            Assert.Contains("1|3|n1", expected);
        }

        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            Assert.Equal(expected, await conn.RowsAsync("SELECT id::text, v::text, note FROM rc ORDER BY id"));
        }
    }

    [Fact]
    public async Task Concurrent_transfers_keep_their_total_while_versions_are_reclaimed()
    {
        using var dir = new TempDataDirectory();
        await using var server = await InProcessServer.StartAsync(dir.Path);
        await using (var setup = await InProcessServer.ConnectAsync(server.Port))
        {
            await setup.ExecuteAsync("CREATE TABLE acct (id int PRIMARY KEY, balance int NOT NULL)");
            await setup.ExecuteAsync("INSERT INTO acct SELECT g, 1000 FROM generate_series(1, 200) g");
        }

        using var stop = new CancellationTokenSource();
        var vacuum = Task.Run(async () =>
        {
            await using var conn = await InProcessServer.ConnectAsync(server.Port);
            var runs = 0;
            while (!stop.IsCancellationRequested || runs == 0)
            {
                await conn.ExecuteAsync("VACUUM acct");
                runs++;
            }

            return runs;
        });

        await Task.WhenAll(Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            await using var conn = await InProcessServer.ConnectAsync(server.Port);
            var random = new Random(c);
            for (var i = 0; i < 60; i++)
            {
                var (from, to) = (random.Next(1, 201), random.Next(1, 201));
                await conn.ExecuteAsync($"BEGIN; UPDATE acct SET balance = balance - 7 WHERE id = {from}; UPDATE acct SET balance = balance + 7 WHERE id = {to}; COMMIT");
                Assert.Equal(["200000"], await conn.RowsAsync("SELECT sum(balance)::text FROM acct"));
            }
        })));
        stop.Cancel();
        Assert.True(await vacuum > 0);

        await using var check = await InProcessServer.ConnectAsync(server.Port);
        await check.ExecuteAsync("VACUUM acct");
        Assert.Equal(["200|200000"], await check.RowsAsync("SELECT count(*)::text, sum(balance)::text FROM acct"));
        // Only the live versions remain: pg_relation_size counts row versions (100 per 8 kB page here).
        Assert.Equal(["16384"], await check.RowsAsync("SELECT pg_relation_size('acct'::regclass)::text"));
    }
}
