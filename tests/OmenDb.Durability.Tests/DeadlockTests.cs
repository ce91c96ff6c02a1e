using System.Text.RegularExpressions;
using Npgsql;
using OmenDb.Server;

namespace OmenDb.Durability.Tests;

/// <summary>
/// Lock waits as PostgreSQL ends them: a cycle of waits fails one transaction with 40P01 after deadlock_timeout (the
/// others go on at once), lock_timeout and NOWAIT give 55P03.
/// </summary>
public sealed partial class DeadlockTests : IAsyncLifetime
{
    private OmenDbServer _server = null!;

    public async Task InitializeAsync() => _server = await OmenDbServer.StartAsync(ServerOptions.ForTests());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [GeneratedRegex(@"^Process (\d+) waits for ShareLock on transaction \d+; blocked by process (\d+)\.\nProcess (\d+) waits for ShareLock on transaction \d+; blocked by process (\d+)\.$")]
    private static partial Regex RowCycle();

    [GeneratedRegex(@"^Process (\d+) waits for (\w+)Lock on relation (\d+) of database 5; blocked by process (\d+)\.\nProcess (\d+) waits for (\w+)Lock on relation (\d+) of database 5; blocked by process (\d+)\.$")]
    private static partial Regex TableCycle();

    [Fact]
    public async Task Rows_updated_in_opposite_orders_fail_one_transaction_with_40P01()
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await a.ExecuteAsync("CREATE TABLE dl (id int PRIMARY KEY, v int); INSERT INTO dl VALUES (1, 0), (2, 0)");
        await a.ExecuteAsync("BEGIN; UPDATE dl SET v = 1 WHERE id = 1");
        await b.ExecuteAsync("BEGIN; UPDATE dl SET v = 2 WHERE id = 2");

        var first = a.ExecuteAsync("UPDATE dl SET v = 1 WHERE id = 2");
        await Task.Delay(200);
        Assert.False(first.IsCompleted);
        var second = b.ExecuteAsync("UPDATE dl SET v = 2 WHERE id = 1");

        var (victim, survivor, victimTask, survivorTask) = await Outcome(a, b, first, second);
        var error = await Assert.ThrowsAsync<PostgresException>(() => victimTask);
        Assert.Equal("40P01", error.SqlState);
        Assert.Equal("deadlock detected", error.MessageText);
        Assert.Equal("See server log for query details.", error.Hint);
        var cycle = RowCycle().Match(error.Detail ?? "");
        Assert.True(cycle.Success, error.Detail);
        Assert.Equal(victim.ProcessID.ToString(), cycle.Groups[1].Value);
        Assert.Equal(survivor.ProcessID.ToString(), cycle.Groups[2].Value);
        Assert.Equal(cycle.Groups[2].Value, cycle.Groups[3].Value);
        Assert.Equal(cycle.Groups[1].Value, cycle.Groups[4].Value);

        // The survivor went on before the victim's client sent ROLLBACK: the error itself released the victim's rows.
        Assert.Equal(1, await survivorTask);
        await survivor.ExecuteAsync("COMMIT");
        Assert.Equal("25P02", (await Assert.ThrowsAsync<PostgresException>(() => victim.ExecuteAsync("SELECT 1"))).SqlState);
        await victim.ExecuteAsync("ROLLBACK");
        var expected = ReferenceEquals(survivor, a) ? "1|1,2|1" : "1|2,2|2";
        Assert.Equal(expected, string.Join(',', await a.RowsAsync("SELECT id::text, v::text FROM dl ORDER BY id")));
    }

    [Fact]
    public async Task Tables_locked_in_opposite_orders_fail_one_transaction_with_40P01()
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await a.ExecuteAsync("CREATE TABLE dl_t1 (id int); CREATE TABLE dl_t2 (id int)");
        await a.ExecuteAsync("BEGIN; LOCK TABLE dl_t1");
        await b.ExecuteAsync("BEGIN; LOCK TABLE dl_t2 IN ROW EXCLUSIVE MODE");

        var first = a.ExecuteAsync("LOCK TABLE dl_t2 IN SHARE MODE");
        await Task.Delay(200);
        Assert.False(first.IsCompleted);
        var second = b.ExecuteAsync("LOCK TABLE dl_t1 IN ACCESS SHARE MODE");

        var (victim, survivor, victimTask, survivorTask) = await Outcome(a, b, first, second);
        var error = await Assert.ThrowsAsync<PostgresException>(() => victimTask);
        Assert.Equal("40P01", error.SqlState);
        var cycle = TableCycle().Match(error.Detail ?? "");
        Assert.True(cycle.Success, error.Detail);
        Assert.Equal(ReferenceEquals(victim, a) ? "Share" : "AccessShare", cycle.Groups[2].Value);
        Assert.Equal(ReferenceEquals(victim, a) ? "AccessShare" : "Share", cycle.Groups[6].Value);
        await survivorTask;
        await victim.ExecuteAsync("ROLLBACK");
        await survivor.ExecuteAsync("COMMIT");

        // Compatible modes do not wait; the locks went with the transactions.
        await a.ExecuteAsync("BEGIN; LOCK TABLE dl_t1 IN ROW SHARE MODE");
        await b.ExecuteAsync("BEGIN; LOCK TABLE dl_t1 IN ROW EXCLUSIVE MODE");
        await a.ExecuteAsync("COMMIT");
        await b.ExecuteAsync("COMMIT");
    }

    [Fact]
    public async Task Lock_timeout_and_nowait_give_55P03()
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await a.ExecuteAsync("CREATE TABLE lt (id int PRIMARY KEY, v int); INSERT INTO lt VALUES (1, 0)");
        Assert.Equal(["1s", "0"], [.. await b.RowsAsync("SHOW deadlock_timeout"), .. await b.RowsAsync("SHOW lock_timeout")]);

        await a.ExecuteAsync("BEGIN; UPDATE lt SET v = 1 WHERE id = 1; LOCK TABLE lt");
        await b.ExecuteAsync("SET lock_timeout = '150ms'");
        var timeout = await Assert.ThrowsAsync<PostgresException>(() => b.ExecuteAsync("UPDATE lt SET v = 2 WHERE id = 1"));
        Assert.Equal("55P03", timeout.SqlState);
        Assert.Equal("canceling statement due to lock timeout", timeout.MessageText);

        await b.ExecuteAsync("BEGIN");
        var nowait = await Assert.ThrowsAsync<PostgresException>(() => b.ExecuteAsync("LOCK TABLE lt IN SHARE MODE NOWAIT"));
        Assert.Equal("55P03", nowait.SqlState);
        Assert.Equal("could not obtain lock on relation \"lt\"", nowait.MessageText);
        await b.ExecuteAsync("ROLLBACK");
        var waited = await Assert.ThrowsAsync<PostgresException>(() => b.ExecuteAsync("BEGIN; LOCK TABLE lt IN ACCESS SHARE MODE"));
        Assert.Equal("55P03", waited.SqlState);
        await b.ExecuteAsync("ROLLBACK");

        await a.ExecuteAsync("COMMIT");
        Assert.Equal(1, await b.ExecuteAsync("UPDATE lt SET v = 2 WHERE id = 1"));
        var bad = await Assert.ThrowsAsync<PostgresException>(() => b.ExecuteAsync("SET deadlock_timeout = 0"));
        Assert.Equal("22023", bad.SqlState);
    }

    private Task<NpgsqlConnection> ConnectAsync() => InProcessServer.ConnectWithDetailAsync(_server.Port);

    /// <summary>Waits until one of the two blocked statements has failed; that one is the victim, the other survives.</summary>
    internal static async Task<(NpgsqlConnection Victim, NpgsqlConnection Survivor, Task<int> VictimTask, Task<int> SurvivorTask)> Outcome(
        NpgsqlConnection a, NpgsqlConnection b, Task<int> first, Task<int> second)
    {
        var done = await Task.WhenAny(first, second).WaitAsync(TimeSpan.FromSeconds(20));
        if (!done.IsFaulted)
        {
            // The survivor can answer first: the victim's abort wakes it before the victim's error is sent.
            await Task.WhenAny(ReferenceEquals(done, first) ? second : first).WaitAsync(TimeSpan.FromSeconds(20));
        }

        return first.IsFaulted ? (a, b, first, second) : (b, a, second, first);
    }
}
