using Npgsql;

namespace OmenDb.Durability.Tests;

/// <summary>
/// ALTER SEQUENCE is transactional, as in PostgreSQL (issue 5): another session sees the committed definition until
/// COMMIT, and its nextval waits on the ALTER's SHARE ROW EXCLUSIVE lock; a committed ALTER survives a restart, a
/// rolled-back one leaves neither its options nor its RESTART behind, and another session's COMMIT meanwhile persists
/// the committed definition.
/// </summary>
public sealed class SequenceDefinitionVersionTests
{
    private const string Definition =
        "SELECT increment_by || '|' || min_value || '|' || max_value || '|' || cycle || '|' || cache_size FROM pg_sequences WHERE sequencename = 'sv_s'";

    [Fact]
    public async Task Another_sessions_uncommitted_alter_sequence_is_invisible_and_blocks_nextval_until_commit()
    {
        using var dir = new TempDataDirectory();
        await using var server = await InProcessServer.StartAsync(dir.Path);
        await using var a = await InProcessServer.ConnectAsync(server.Port);
        await using var b = await InProcessServer.ConnectAsync(server.Port);
        await a.ExecuteAsync("CREATE SEQUENCE sv_s; SELECT nextval('sv_s')::text");
        var committed = await b.RowsAsync(Definition);
        Assert.Equal(["1|1|9223372036854775807|false|1"], committed);

        await a.ExecuteAsync("BEGIN; ALTER SEQUENCE sv_s INCREMENT 5 MAXVALUE 1000 CYCLE CACHE 2 RESTART 100");
        Assert.Equal(["5|1|1000|true|2"], await a.RowsAsync(Definition));
        Assert.Equal(committed, await b.RowsAsync(Definition));
        Assert.Equal(committed, await b.RowsAsync(
            "SELECT seqincrement || '|' || seqmin || '|' || seqmax || '|' || seqcycle || '|' || seqcache FROM pg_sequence WHERE seqrelid = 'sv_s'::regclass"));

        // nextval takes ROW EXCLUSIVE, which conflicts with the ALTER's SHARE ROW EXCLUSIVE.
        await b.ExecuteAsync("SET lock_timeout = '50ms'");
        var blocked = await Assert.ThrowsAsync<PostgresException>(() => b.ExecuteAsync("SELECT nextval('sv_s')::text"));
        Assert.Equal("55P03", blocked.SqlState);
        var blockedSetval = await Assert.ThrowsAsync<PostgresException>(() => b.ExecuteAsync("SELECT setval('sv_s', 7)"));
        Assert.Equal("55P03", blockedSetval.SqlState);

        await a.ExecuteAsync("COMMIT");
        Assert.Equal(["5|1|1000|true|2"], await b.RowsAsync(Definition));
        Assert.Equal(["100", "105"], await b.RowsAsync("SELECT nextval('sv_s')::text FROM generate_series(1, 2)"));
    }

    [Fact]
    public async Task A_committed_alter_sequence_survives_a_restart_and_a_rolled_back_one_does_not()
    {
        using var dir = new TempDataDirectory();
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        {
            await using var a = await InProcessServer.ConnectAsync(server.Port);
            await using var b = await InProcessServer.ConnectAsync(server.Port);
            await a.ExecuteAsync("CREATE SEQUENCE sv_s; SELECT nextval('sv_s'); CREATE SEQUENCE sv_other");
            await a.ExecuteAsync("BEGIN; ALTER SEQUENCE sv_s INCREMENT 10 MAXVALUE 5000; COMMIT");
            Assert.Equal(["11"], await a.RowsAsync("SELECT nextval('sv_s')::text"));

            // Rolled back: options and RESTART both go, even though another session commits DDL meanwhile.
            await a.ExecuteAsync("BEGIN; ALTER SEQUENCE sv_s INCREMENT 3 MINVALUE -5 RESTART 2000 NO CYCLE");
            Assert.Equal(["2000"], await a.RowsAsync("SELECT nextval('sv_s')::text"));
            await b.ExecuteAsync("ALTER SEQUENCE sv_other INCREMENT 2");
            await a.ExecuteAsync("ROLLBACK");
            Assert.Equal(["21"], await b.RowsAsync("SELECT nextval('sv_s')::text"));

            // Uncommitted when the server stops: the definition other sessions saw is the one persisted.
            await a.ExecuteAsync("BEGIN; ALTER SEQUENCE sv_s INCREMENT 7 MAXVALUE 900");
            await b.ExecuteAsync("CREATE TABLE sv_t (x int)");
        }

        await using (var server = await InProcessServer.StartAsync(dir.Path))
        {
            await using var c = await InProcessServer.ConnectAsync(server.Port);
            Assert.Equal(["10|1|5000|false|1"], await c.RowsAsync(Definition));
            Assert.Equal(["2|1|9223372036854775807|false|1"], await c.RowsAsync(Definition.Replace("'sv_s'", "'sv_other'", StringComparison.Ordinal)));
            Assert.Equal(["31"], await c.RowsAsync("SELECT nextval('sv_s')::text"));
        }
    }

    [Fact]
    public async Task An_uncommitted_restart_of_a_sequence_does_not_survive_kill_9_when_another_session_commits()
    {
        using var dir = new TempDataDirectory();
        await using (var server = await ServerProcess.StartAsync(dir.Path))
        {
            await using var a = await InProcessServer.ConnectAsync(server.Port);
            await using var b = await InProcessServer.ConnectAsync(server.Port);
            await a.ExecuteAsync("CREATE SEQUENCE sv_s; SELECT setval('sv_s', 1000); CREATE TABLE sv_t (x int)");

            // The rewritten sequence hands out 1 and 2 in the ALTER's transaction; another session's synced commit
            // must not carry those positions to disk, since the ALTER never commits.
            await b.ExecuteAsync("BEGIN; ALTER SEQUENCE sv_s RESTART 1");
            Assert.Equal(["1", "2"], await b.RowsAsync("SELECT nextval('sv_s')::text FROM generate_series(1, 2)"));
            await a.ExecuteAsync("INSERT INTO sv_t VALUES (1)");
            await server.KillAsync();
        }

        await using (var server = await ServerProcess.StartAsync(dir.Path))
        {
            await using var c = await InProcessServer.ConnectAsync(server.Port);
            Assert.Equal(["1"], await c.RowsAsync("SELECT count(*)::text FROM sv_t"));
            var next = long.Parse((await c.RowsAsync("SELECT nextval('sv_s')::text"))[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(next > 1000, $"nextval after the crash: {next}, a value handed out before it");

            // Committed, the rewrite's position is durable with it: no value it handed out comes again.
            await c.ExecuteAsync("BEGIN; ALTER SEQUENCE sv_s RESTART 5");
            Assert.Equal(["5"], await c.RowsAsync("SELECT nextval('sv_s')::text"));
            await c.ExecuteAsync("COMMIT");
            await server.KillAsync();
        }

        await using (var server = await ServerProcess.StartAsync(dir.Path))
        {
            await using var c = await InProcessServer.ConnectAsync(server.Port);
            var next = long.Parse((await c.RowsAsync("SELECT nextval('sv_s')::text"))[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(next, 6, 1000);
        }
    }
}
