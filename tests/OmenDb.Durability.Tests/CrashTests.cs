using System.Collections.Concurrent;
using Npgsql;

namespace OmenDb.Durability.Tests;

/// <summary>
/// The server is killed with SIGKILL at a random moment while 8 clients commit autocommit inserts and multi-statement
/// transfers, for 20 cycles over one data directory. After every restart: each acknowledged commit is there, no
/// transaction is partly visible (every account balance equals its initial value plus the transfers present), the total
/// balance is unchanged, and nothing appears that nobody wrote.
/// </summary>
public sealed class CrashTests
{
    private const int Clients = 8;
    private const int Accounts = 20;
    private const int InitialBalance = 1000;
    private const int Cycles = 20;

    [Fact]
    public async Task Every_acknowledged_commit_survives_kill_9_and_no_transaction_is_partly_visible()
    {
        using var dir = new TempDataDirectory();
        var acknowledgedInserts = new ConcurrentBag<long>();
        var acknowledgedTransfers = new ConcurrentBag<long>();
        var attempted = new ConcurrentDictionary<long, byte>();
        var random = new Random(20261121);
        for (var cycle = 0; cycle <= Cycles; cycle++)
        {
            await using var server = await ServerProcess.StartAsync(dir.Path);
            await using (var conn = await InProcessServer.ConnectAsync(server.Port))
            {
                if (cycle == 0)
                {
                    await conn.ExecuteAsync($"""
                        CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);
                        INSERT INTO accounts SELECT g, {InitialBalance} FROM generate_series(1, {Accounts}) g;
                        CREATE TABLE transfers (id bigint PRIMARY KEY, src int NOT NULL, dst int NOT NULL, amount int NOT NULL);
                        CREATE TABLE events (id bigint PRIMARY KEY, client int NOT NULL, payload text)
                        """);
                }
                else
                {
                    await VerifyAsync(conn, cycle, acknowledgedInserts, acknowledgedTransfers, attempted);
                }
            }

            if (cycle == Cycles)
            {
                break;
            }

            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, Clients)
                .Select(c => Task.Run(() => RunClientAsync(server.Port, cycle, c, acknowledgedInserts, acknowledgedTransfers, attempted, stop.Token)))
                .ToList();
            await Task.Delay(random.Next(300, 1500));
            await server.KillAsync();
            stop.Cancel();
            await Task.WhenAll(clients);
        }

        Assert.True(acknowledgedTransfers.Count > Cycles, $"only {acknowledgedTransfers.Count} transfers committed in {Cycles} cycles");
    }

    private static async Task RunClientAsync(int port, int cycle, int client, ConcurrentBag<long> inserts, ConcurrentBag<long> transfers,
        ConcurrentDictionary<long, byte> attempted, CancellationToken stop)
    {
        var random = new Random((cycle * 100) + client);
        try
        {
            await using var conn = await InProcessServer.ConnectAsync(port);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var id = ((long)cycle << 40) | ((long)client << 32) | (uint)i;
                attempted[id] = 0;
                if (i % 2 == 0)
                {
                    await using var cmd = new NpgsqlCommand("INSERT INTO events VALUES ($1, $2, repeat('x', 200))", conn);
                    cmd.Parameters.AddWithValue(id);
                    cmd.Parameters.AddWithValue(client);
                    await cmd.ExecuteNonQueryAsync();
                    inserts.Add(id);
                }
                else
                {
                    // Accounts are always locked in id order, so that two transfers never wait for each other.
                    var a = random.Next(1, Accounts + 1);
                    var b = random.Next(1, Accounts);
                    b = b >= a ? b + 1 : b;
                    var amount = random.Next(1, 50);
                    var (first, second) = a < b ? (a, b) : (b, a);
                    await using var cmd = new NpgsqlCommand($"""
                        BEGIN;
                        UPDATE accounts SET balance = balance + (CASE WHEN id = {a} THEN -{amount} ELSE {amount} END) WHERE id = {first};
                        UPDATE accounts SET balance = balance + (CASE WHEN id = {a} THEN -{amount} ELSE {amount} END) WHERE id = {second};
                        INSERT INTO transfers VALUES ({id}, {a}, {b}, {amount});
                        COMMIT
                        """, conn);
                    await cmd.ExecuteNonQueryAsync();
                    transfers.Add(id);
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or IOException or ObjectDisposedException or InvalidOperationException or TimeoutException)
        {
            // The server went away: the statement in flight may or may not have committed.
        }
    }

    private static async Task VerifyAsync(NpgsqlConnection conn, int cycle, ConcurrentBag<long> inserts, ConcurrentBag<long> transfers,
        ConcurrentDictionary<long, byte> attempted)
    {
        var events = (await conn.RowsAsync("SELECT id::text FROM events")).Select(long.Parse).ToHashSet();
        var transferRows = (await conn.RowsAsync("SELECT id::text, src::text, dst::text, amount::text FROM transfers"))
            .Select(r => r.Split('|').Select(long.Parse).ToArray()).ToList();
        var transferIds = transferRows.Select(t => t[0]).ToHashSet();

        var lostInserts = inserts.Where(id => !events.Contains(id)).ToList();
        Assert.True(lostInserts.Count == 0, $"cycle {cycle}: {lostInserts.Count} acknowledged inserts lost");
        var lostTransfers = transfers.Where(id => !transferIds.Contains(id)).ToList();
        Assert.True(lostTransfers.Count == 0, $"cycle {cycle}: {lostTransfers.Count} acknowledged transfers lost");
        var phantoms = events.Concat(transferIds).Where(id => !attempted.ContainsKey(id)).ToList();
        Assert.True(phantoms.Count == 0, $"cycle {cycle}: rows nobody wrote: {string.Join(", ", phantoms.Take(5))}");

        var expected = new long[Accounts + 1];
        Array.Fill(expected, InitialBalance);
        foreach (var t in transferRows)
        {
            expected[t[1]] -= t[3];
            expected[t[2]] += t[3];
        }

        var balances = (await conn.RowsAsync("SELECT id::text, balance::text FROM accounts ORDER BY id")).Select(r => r.Split('|')).ToList();
        Assert.Equal(Accounts, balances.Count);
        foreach (var row in balances)
        {
            Assert.True(expected[int.Parse(row[0])] == long.Parse(row[1]),
                $"cycle {cycle}: account {row[0]} has {row[1]}, the transfers present say {expected[int.Parse(row[0])]}: a transaction is partly visible");
        }

        Assert.Equal([$"{Accounts * InitialBalance}"], await conn.RowsAsync("SELECT sum(balance)::text FROM accounts"));
    }
}
