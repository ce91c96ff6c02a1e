using System.Collections.Concurrent;
using Npgsql;

namespace OmenDb.Durability.Tests;

/// <summary>
/// The server is killed with SIGKILL while clients commit: after a restart every acknowledged commit is there, and
/// nothing that was not committed is.
/// </summary>
public sealed class CrashTests
{
    [Fact]
    public async Task Every_acknowledged_commit_survives_a_kill()
    {
        using var dir = new TempDataDirectory();
        var acknowledged = new ConcurrentBag<int>();
        var attempted = new ConcurrentBag<int>();
        await using (var server = await ServerProcess.StartAsync(dir.Path))
        {
            await using (var setup = await InProcessServer.ConnectAsync(server.Port))
            {
                await setup.ExecuteAsync("CREATE TABLE crash (id int PRIMARY KEY, client int NOT NULL, payload text)");
                // An open transaction that never commits.
                await setup.ExecuteAsync("CREATE TABLE open_tx (id int)");
            }

            await using var open = await InProcessServer.ConnectAsync(server.Port);
            await open.ExecuteAsync("BEGIN; INSERT INTO open_tx VALUES (1); INSERT INTO crash VALUES (-1, -1, 'uncommitted')");

            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
            {
                await using var conn = await InProcessServer.ConnectAsync(server.Port);
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var id = (c * 1_000_000) + i;
                    attempted.Add(id);
                    try
                    {
                        await using var cmd = new NpgsqlCommand("INSERT INTO crash VALUES ($1, $2, repeat('x', 100))", conn);
                        cmd.Parameters.AddWithValue(id);
                        cmd.Parameters.AddWithValue(c);
                        await cmd.ExecuteNonQueryAsync();
                        acknowledged.Add(id);
                    }
                    catch (Exception e) when (e is NpgsqlException or IOException or ObjectDisposedException or InvalidOperationException)
                    {
                        return; // the server went away
                    }
                }
            })).ToList();

            await Task.Delay(TimeSpan.FromSeconds(3));
            await server.KillAsync();
            stop.Cancel();
            await Task.WhenAll(clients);
        }

        Assert.True(acknowledged.Count > 20, $"only {acknowledged.Count} commits before the kill");
        await using (var server = await ServerProcess.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            var present = (await conn.RowsAsync("SELECT id::text FROM crash")).Select(int.Parse).ToHashSet();
            var lost = acknowledged.Where(id => !present.Contains(id)).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} acknowledged commits lost, e.g. {string.Join(", ", lost.Take(5))}");
            var phantom = present.Where(id => !attempted.Contains(id)).ToList();
            Assert.True(phantom.Count == 0, $"rows nobody committed: {string.Join(", ", phantom.Take(5))}");
            Assert.Empty(await conn.RowsAsync("SELECT id::text FROM open_tx"));

            // The server is fully usable after recovery: the primary key still holds.
            var dup = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync($"INSERT INTO crash VALUES ({acknowledged.First()}, 0, '')"));
            Assert.Equal("23505", dup.SqlState);
        }
    }
}
