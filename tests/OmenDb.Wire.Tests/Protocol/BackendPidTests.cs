using Npgsql;
using OmenDb.Wire.Tests.Support;
using static OmenDb.Wire.Tests.Support.NpgsqlCommands;

namespace OmenDb.Wire.Tests.Protocol;

/// <summary>
/// One backend pid per session, as in PostgreSQL: the BackendKeyData of the startup, pg_backend_pid(), pg_locks.pid and
/// pg_stat_activity.pid agree, and pg_cancel_backend / pg_terminate_backend reach the session that has it.
/// </summary>
public sealed class BackendPidTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task BackendKeyData_pg_backend_pid_pg_locks_and_pg_stat_activity_agree()
    {
        await using var a = await NpgsqlConnections.OpenAsync(fixture.Port, "bp_a");
        await using var b = await NpgsqlConnections.OpenAsync(fixture.Port, "bp_b");
        var pid = a.ProcessID;
        Assert.NotEqual(pid, b.ProcessID);
        Assert.Equal(pid, await ScalarAsync(a, "SELECT pg_backend_pid()"));
        Assert.Equal(b.ProcessID, await ScalarAsync(b, "SELECT pg_backend_pid()"));

        await ExecAsync(a, "CREATE TABLE bp_t (id int)");
        await ExecAsync(a, "BEGIN; LOCK TABLE bp_t IN SHARE MODE");
        Assert.Equal(pid, await ScalarAsync(b, "SELECT pid FROM pg_locks WHERE relation = 'bp_t'::regclass"));
        Assert.Equal("bp_a|idle in transaction|LOCK TABLE bp_t IN SHARE MODE", await ScalarTextAsync(b,
            $"SELECT application_name || '|' || state || '|' || query FROM pg_stat_activity WHERE pid = {pid}"));
        Assert.Equal("bp_b|active", await ScalarTextAsync(b, "SELECT application_name || '|' || state FROM pg_stat_activity WHERE pid = pg_backend_pid()"));
        await ExecAsync(a, "ROLLBACK; SET application_name = 'bp_a2'");
        Assert.Equal("bp_a2|idle", await ScalarTextAsync(b, $"SELECT application_name || '|' || state FROM pg_stat_activity WHERE pid = {pid}"));
        await ExecAsync(a, "DROP TABLE bp_t");
    }

    [Fact]
    public async Task pg_cancel_backend_cancels_the_other_sessions_statement()
    {
        await using var a = await NpgsqlConnections.OpenAsync(fixture.Port);
        await using var b = await NpgsqlConnections.OpenAsync(fixture.Port);
        var sleeping = ExecAsync(a, "SELECT pg_sleep(60)");
        await WaitUntilAsync(b, $"SELECT state = 'active' AND query LIKE '%pg_sleep%' FROM pg_stat_activity WHERE pid = {a.ProcessID}");
        Assert.Equal(true, await ScalarAsync(b, $"SELECT pg_cancel_backend({a.ProcessID})"));
        var error = await Assert.ThrowsAsync<PostgresException>(() => sleeping);
        Assert.Equal(("57014", "canceling statement due to user request"), (error.SqlState, error.MessageText));
        Assert.Equal(1, await ScalarAsync(a, "SELECT 1"));
    }

    [Fact]
    public async Task pg_cancel_backend_of_an_idle_session_is_ignored_as_in_postgresql()
    {
        await using var a = await NpgsqlConnections.OpenAsync(fixture.Port);
        await using var b = await NpgsqlConnections.OpenAsync(fixture.Port);
        await WaitUntilAsync(b, $"SELECT state = 'idle' FROM pg_stat_activity WHERE pid = {a.ProcessID}");
        Assert.Equal(true, await ScalarAsync(b, $"SELECT pg_cancel_backend({a.ProcessID})"));
        await ExecAsync(a, "SELECT pg_sleep(0.05)");
        Assert.Equal(1, await ScalarAsync(a, "SELECT 1"));
    }

    [Fact]
    public async Task pg_terminate_backend_closes_the_other_sessions_connection()
    {
        await using var a = await NpgsqlConnections.OpenAsync(fixture.Port);
        await using var b = await NpgsqlConnections.OpenAsync(fixture.Port);
        var pid = a.ProcessID;
        await ExecAsync(a, "BEGIN; CREATE TABLE bp_gone (id int)");
        Assert.Equal(true, await ScalarAsync(b, $"SELECT pg_terminate_backend({pid})"));

        // The idle session is told FATAL 57P01 and closed; its transaction rolled back.
        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(a, "SELECT 1"));
        Assert.True(error is PostgresException { SqlState: "57P01" } || a.FullState.HasFlag(System.Data.ConnectionState.Broken)
            || a.State == System.Data.ConnectionState.Closed, error.ToString());
        await WaitUntilAsync(b, $"SELECT count(*) = 0 FROM pg_stat_activity WHERE pid = {pid}");
        Assert.Equal(0L, await ScalarAsync(b, "SELECT count(*) FROM pg_class WHERE relname = 'bp_gone'"));

        var stranger = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(b, $"SELECT pg_terminate_backend({pid}, -1)"));
        Assert.Equal(("22023", "\"timeout\" must not be negative"), (stranger.SqlState, stranger.MessageText));
        Assert.Equal(false, await ScalarAsync(b, $"SELECT pg_terminate_backend({pid})"));
    }

    [Fact]
    public async Task pg_terminate_backend_of_oneself_is_fatal()
    {
        await using var a = await NpgsqlConnections.OpenAsync(fixture.Port);
        var error = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(a, "SELECT pg_terminate_backend(pg_backend_pid())"));
        Assert.Equal(("57P01", "FATAL"), (error.SqlState, error.Severity));
        Assert.NotEqual(System.Data.ConnectionState.Open, a.State);
    }

    /// <summary>Polls <paramref name="sql"/> (a boolean query) until it is true; fails after 30 s.</summary>
    private static async Task WaitUntilAsync(NpgsqlConnection connection, string sql)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await ScalarAsync(connection, sql) is not true)
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for: {sql}");
            await Task.Delay(10);
        }
    }
}
