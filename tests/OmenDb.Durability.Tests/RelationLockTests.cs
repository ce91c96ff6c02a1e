using System.Text.RegularExpressions;
using Npgsql;
using OmenDb.Server;

namespace OmenDb.Durability.Tests;

/// <summary>
/// The implicit relation locks of statements, with PostgreSQL's modes and conflicts: SELECT ACCESS SHARE, DML ROW
/// EXCLUSIVE, SELECT FOR UPDATE ROW SHARE, CREATE INDEX SHARE, ALTER/DROP/TRUNCATE ACCESS EXCLUSIVE; held to the end
/// of the transaction, listed in pg_locks, ended by lock_timeout (55P03) and deadlock detection (40P01).
/// </summary>
public sealed partial class RelationLockTests : IAsyncLifetime
{
    private const string Locks = """
        SELECT mode, granted::text, fastpath::text, (waitstart IS NULL)::text FROM pg_locks
        WHERE locktype = 'relation' AND relation = 'rl_t'::regclass ORDER BY granted DESC, mode
        """;

    private OmenDbServer _server = null!;

    public async Task InitializeAsync() => _server = await OmenDbServer.StartAsync(ServerOptions.ForTests());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [GeneratedRegex(@"^Process (\d+) waits for AccessExclusiveLock on relation (\d+) of database 5; blocked by process (\d+)\.\nProcess (\d+) waits for AccessExclusiveLock on relation (\d+) of database 5; blocked by process (\d+)\.$")]
    private static partial Regex DdlCycle();

    [Fact]
    public async Task A_reader_holds_off_alter_table_until_its_transaction_ends()
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await using var c = await ConnectAsync();
        await a.ExecuteAsync("CREATE TABLE rl_t (id int); INSERT INTO rl_t VALUES (1)");
        await a.ExecuteAsync("BEGIN");
        Assert.Equal(["1"], await a.RowsAsync("SELECT id::text FROM rl_t"));
        Assert.Equal(["AccessShareLock|true|true|true"], await c.RowsAsync(Locks));

        await b.ExecuteAsync("SET lock_timeout = '200ms'");
        var timeout = await Assert.ThrowsAsync<PostgresException>(() => b.ExecuteAsync("ALTER TABLE rl_t ADD COLUMN v int"));
        Assert.Equal("55P03", timeout.SqlState);
        Assert.Equal("canceling statement due to lock timeout", timeout.MessageText);
        Assert.Equal("55P03", (await Assert.ThrowsAsync<PostgresException>(() => b.ExecuteAsync("DROP TABLE rl_t"))).SqlState);
        Assert.Equal("55P03", (await Assert.ThrowsAsync<PostgresException>(() => b.ExecuteAsync("TRUNCATE rl_t"))).SqlState);

        await b.ExecuteAsync("SET lock_timeout = 0");
        var alter = b.ExecuteAsync("ALTER TABLE rl_t ADD COLUMN v int");
        await Task.Delay(300);
        Assert.False(alter.IsCompleted);
        // The strong request moved the reader's fast-path lock into the shared table and waits there.
        Assert.Equal(["AccessShareLock|true|false|true", "AccessExclusiveLock|false|false|false"], await c.RowsAsync(Locks));

        await a.ExecuteAsync("COMMIT");
        await alter;
        Assert.Empty(await c.RowsAsync(Locks));
        Assert.Equal(["1|null"], await c.RowsAsync("SELECT id::text, v::text FROM rl_t"));
    }

    [Fact]
    public async Task A_new_reader_queues_behind_a_waiting_alter_table()
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await using var c = await ConnectAsync();
        await using var d = await ConnectAsync();
        await a.ExecuteAsync("CREATE TABLE rl_t (id int); INSERT INTO rl_t VALUES (1)");
        await a.ExecuteAsync("BEGIN; SELECT * FROM rl_t");
        var alter = b.ExecuteAsync("ALTER TABLE rl_t ADD COLUMN v int DEFAULT 3");
        await Task.Delay(300);
        var read = c.RowsAsync("SELECT id::text, v::text FROM rl_t");
        await Task.Delay(300);
        Assert.False(alter.IsCompleted);
        Assert.False(read.IsCompleted);
        Assert.Equal(["AccessShareLock|true|false|true", "AccessExclusiveLock|false|false|false", "AccessShareLock|false|false|false"],
            await d.RowsAsync(Locks));

        // The session that already holds a lock on the table is not queued: it goes ahead of the waiting ALTER.
        Assert.Equal(["1"], await a.RowsAsync("SELECT count(*)::text FROM rl_t"));
        await a.ExecuteAsync("COMMIT");
        await alter;
        Assert.Equal(["1|3"], await read);
    }

    [Fact]
    public async Task Alter_table_blocks_readers_and_writers_until_commit()
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await using var c = await ConnectAsync();
        await a.ExecuteAsync("CREATE TABLE rl_t (id int); INSERT INTO rl_t VALUES (1)");
        await a.ExecuteAsync("BEGIN; ALTER TABLE rl_t ADD COLUMN v text DEFAULT 'new'");
        Assert.Equal(["AccessExclusiveLock|true|false|true"], await c.RowsAsync(Locks));

        var read = b.RowsAsync("SELECT id::text, v FROM rl_t");
        var write = c.ExecuteAsync("INSERT INTO rl_t (id) VALUES (2)");
        await Task.Delay(300);
        Assert.False(read.IsCompleted);
        Assert.False(write.IsCompleted);
        await a.ExecuteAsync("COMMIT");
        Assert.Equal("1|new", (await read)[0]); // the writer may commit before the reader's snapshot
        Assert.Equal(1, await write);
        Assert.Equal(["1|new", "2|new"], await b.RowsAsync("SELECT id::text, v FROM rl_t ORDER BY id"));
    }

    [Fact]
    public async Task Writers_share_the_table_and_create_index_waits_for_them()
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await using var c = await ConnectAsync();
        await a.ExecuteAsync("CREATE TABLE rl_t (id int)");
        await a.ExecuteAsync("BEGIN; INSERT INTO rl_t VALUES (1)");
        await b.ExecuteAsync("BEGIN; SELECT * FROM rl_t FOR UPDATE; UPDATE rl_t SET id = id");
        Assert.Equal(["RowExclusiveLock|true|true|true", "RowExclusiveLock|true|true|true", "RowShareLock|true|true|true"],
            await c.RowsAsync(Locks));

        var index = c.ExecuteAsync("CREATE INDEX rl_i ON rl_t (id)");
        await Task.Delay(300);
        Assert.False(index.IsCompleted);
        await a.ExecuteAsync("COMMIT");
        await Task.Delay(100);
        Assert.False(index.IsCompleted);
        await b.ExecuteAsync("COMMIT");
        await index;

        // SHARE (CREATE INDEX in a transaction) lets readers in and keeps writers out.
        await a.ExecuteAsync("BEGIN; CREATE INDEX rl_i2 ON rl_t (id)");
        Assert.Equal(["1"], await b.RowsAsync("SELECT count(*)::text FROM rl_t"));
        await b.ExecuteAsync("SET lock_timeout = '150ms'");
        Assert.Equal("55P03", (await Assert.ThrowsAsync<PostgresException>(() => b.ExecuteAsync("INSERT INTO rl_t VALUES (2)"))).SqlState);
        await a.ExecuteAsync("COMMIT");
        Assert.Equal(1, await b.ExecuteAsync("INSERT INTO rl_t VALUES (2)"));
    }

    [Fact]
    public async Task Ddl_and_dml_in_opposite_orders_fail_one_transaction_with_40P01()
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await a.ExecuteAsync("CREATE TABLE rl_1 (id int); CREATE TABLE rl_2 (id int)");
        await a.ExecuteAsync("BEGIN; INSERT INTO rl_1 VALUES (1)");
        await b.ExecuteAsync("BEGIN; INSERT INTO rl_2 VALUES (1)");

        var first = a.ExecuteAsync("ALTER TABLE rl_2 ADD COLUMN v int");
        await Task.Delay(200);
        Assert.False(first.IsCompleted);
        var second = b.ExecuteAsync("DROP TABLE rl_1");

        var (victim, survivor, victimTask, survivorTask) = await DeadlockTests.Outcome(a, b, first, second);
        var error = await Assert.ThrowsAsync<PostgresException>(() => victimTask);
        Assert.Equal("40P01", error.SqlState);
        var cycle = DdlCycle().Match(error.Detail ?? "");
        Assert.True(cycle.Success, error.Detail);
        Assert.Equal(victim.ProcessID.ToString(), cycle.Groups[1].Value);
        Assert.Equal(survivor.ProcessID.ToString(), cycle.Groups[3].Value);
        await survivorTask;
        await victim.ExecuteAsync("ROLLBACK");
        await survivor.ExecuteAsync("COMMIT");
    }

    [Fact]
    public async Task Nowait_and_prepared_statements_follow_the_lock()
    {
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        await a.ExecuteAsync("CREATE TABLE rl_t (id int); INSERT INTO rl_t VALUES (1)");
        await using var select = new NpgsqlCommand("SELECT id FROM rl_t", b);
        await select.PrepareAsync();
        Assert.Equal(1, await select.ExecuteScalarAsync());

        await a.ExecuteAsync("BEGIN; ALTER TABLE rl_t ADD COLUMN v int DEFAULT 5");
        await b.ExecuteAsync("BEGIN");
        var nowait = await Assert.ThrowsAsync<PostgresException>(() => b.ExecuteAsync("LOCK TABLE rl_t IN ACCESS SHARE MODE NOWAIT"));
        Assert.Equal("55P03", nowait.SqlState);
        Assert.Equal("could not obtain lock on relation \"rl_t\"", nowait.MessageText);
        await b.ExecuteAsync("ROLLBACK");

        // The prepared statement waits at execution (its binding's locks are taken again), then runs on the committed table.
        var run = select.ExecuteScalarAsync();
        await Task.Delay(300);
        Assert.False(run.IsCompleted);
        await a.ExecuteAsync("UPDATE rl_t SET id = 2; COMMIT");
        Assert.Equal(2, await run);
    }

    private Task<NpgsqlConnection> ConnectAsync() => InProcessServer.ConnectWithDetailAsync(_server.Port);
}
