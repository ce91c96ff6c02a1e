using Npgsql;
using OmenDb.Wire.Tests.Support;

namespace OmenDb.Wire.Tests.Protocol;

/// <summary>
/// What pooled clients send when they reuse a connection (Npgsql: DISCARD ALL, or SET SESSION AUTHORIZATION DEFAULT;
/// RESET ALL; CLOSE ALL; UNLISTEN *; SELECT pg_advisory_unlock_all(); DISCARD SEQUENCES; DISCARD TEMP when it keeps
/// prepared statements), cancelling pg_sleep, and a Query pipelined ahead of more messages being answered at once.
/// </summary>
public sealed class SessionResetTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task DiscardAll_ResetsSettingsPreparedStatementsAndSequenceState()
    {
        await using var connection = await NpgsqlConnections.OpenAsync(fixture.Port);
        await ExecuteAsync(connection, "SET search_path = sr_nowhere, public; SET statement_timeout = '12s'; PREPARE sr_plan AS SELECT 1; "
            + "CREATE SEQUENCE sr_seq; SELECT nextval('sr_seq')");
        await ExecuteAsync(connection, "DISCARD ALL");
        Assert.Equal("\"$user\", public", await ScalarAsync(connection, "SHOW search_path"));
        Assert.Equal("0", await ScalarAsync(connection, "SHOW statement_timeout"));
        Assert.Equal("26000", (await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, "EXECUTE sr_plan"))).SqlState);
        var lastval = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(connection, "SELECT lastval()"));
        Assert.Equal(("55000", "lastval is not yet defined in this session"), (lastval.SqlState, lastval.MessageText));
        Assert.Equal(2L, await ScalarAsync(connection, "SELECT nextval('sr_seq')"));
        await ExecuteAsync(connection, "DROP SEQUENCE sr_seq");
    }

    [Fact]
    public async Task DiscardAll_InATransactionBlock_Is25001()
    {
        await using var connection = await NpgsqlConnections.OpenAsync(fixture.Port);
        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, "BEGIN; DISCARD ALL"));
        Assert.Equal(("25001", "DISCARD ALL cannot run inside a transaction block"), (error.SqlState, error.MessageText));
    }

    [Fact]
    public async Task NpgsqlResetMessage_Runs()
    {
        await using var connection = await NpgsqlConnections.OpenAsync(fixture.Port);
        await ExecuteAsync(connection, "SET extra_float_digits = 0");
        await ExecuteAsync(connection, "SET SESSION AUTHORIZATION DEFAULT;RESET ALL;CLOSE ALL;UNLISTEN *;SELECT pg_advisory_unlock_all();"
            + "DISCARD SEQUENCES;DISCARD TEMP");
        Assert.Equal("1", await ScalarAsync(connection, "SHOW extra_float_digits"));
        await using var client = await RawClient.ConnectReadyAsync(fixture.Port);
        foreach (var (sql, tag) in new[]
        {
            ("DISCARD ALL", "DISCARD ALL"), ("CLOSE ALL", "CLOSE CURSOR ALL"), ("UNLISTEN *", "UNLISTEN"), ("DISCARD SEQUENCES", "DISCARD SEQUENCES"),
            ("SET SESSION AUTHORIZATION postgres", "SET"), ("RESET SESSION AUTHORIZATION", "RESET"),
        })
        {
            await client.SendAsync(Msg.Query(sql));
            var reply = await client.ReadUntilReadyAsync();
            Assert.Equal("CZ", string.Concat(reply.Select(m => m.Code)));
            Assert.Equal(tag + "\0", System.Text.Encoding.UTF8.GetString(reply[0].Payload));
        }
    }

    [Theory]
    [InlineData("CLOSE sr_cursor", "34000", "cursor \"sr_cursor\" does not exist")]
    [InlineData("SET SESSION AUTHORIZATION sr_nobody", "42704", "role \"sr_nobody\" does not exist")]
    [InlineData("CREATE ROLE sr_other; SET SESSION AUTHORIZATION sr_other", "0A000", "SET SESSION AUTHORIZATION to another role is not supported")]
    public async Task ResetStatements_BadInput(string sql, string sqlState, string message)
    {
        await using var connection = await NpgsqlConnections.OpenAsync(fixture.Port);
        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, sql));
        Assert.Equal((sqlState, message), (error.SqlState, error.MessageText));
    }

    [Fact]
    public async Task PgSleep_IsCancelled_ByACancelRequest()
    {
        await using var observer = await NpgsqlConnections.OpenAsync(fixture.Port);

        // A loaded machine may answer the CancelRequest after Npgsql's 2 s default, which then breaks the connection.
        await using var connection = await NpgsqlConnections.OpenAsync(fixture.Port, cancellationTimeoutMs: 30_000);
        using var cts = new CancellationTokenSource();
        await using var command = new NpgsqlCommand("SELECT pg_sleep(60)", connection);
        var running = command.ExecuteNonQueryAsync(cts.Token);

        // Cancel only once the statement runs: a CancelRequest that finds the session idle is dropped, as PostgreSQL
        // drops it, and the sleep would then run its 60 s.
        await WaitUntilActiveAsync(observer, connection.ProcessID, running);
        cts.Cancel();
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        var error = Assert.IsType<PostgresException>(cancelled.InnerException);
        Assert.Equal(("57014", "canceling statement due to user request"), (error.SqlState, error.MessageText));
        Assert.Equal(1, await ScalarAsync(connection, "SELECT 1"));
    }

    [Fact]
    public async Task PgSleep_StopsAtStatementTimeout()
    {
        await using var connection = await NpgsqlConnections.OpenAsync(fixture.Port);
        await ExecuteAsync(connection, "SET statement_timeout = 100");
        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, "SELECT pg_sleep(60)"));
        Assert.Equal(("57014", "canceling statement due to statement timeout"), (error.SqlState, error.MessageText));
        await ExecuteAsync(connection, "RESET statement_timeout");
        Assert.Equal(DBNull.Value, await ScalarAsync(connection, "SELECT pg_sleep(0.01)") ?? DBNull.Value);
    }

    [Fact]
    public async Task QueryPipelinedAheadOfASlowStatement_IsAnsweredBeforeIt()
    {
        // Npgsql sends DISCARD ALL and the pooled connection's first command in one write, and can send a CancelRequest
        // only after DISCARD ALL's ReadyForQuery: without a flush there, the cancel would never come.
        await using var client = await RawClient.ConnectReadyAsync(fixture.Port);
        await client.SendAsync(Msg.Query("DISCARD ALL"), Msg.Parse("", "SELECT pg_sleep(60)"), Msg.Bind("", "", [], []), Msg.Execute(""), Msg.Sync);
        var discard = await client.ReadUntilReadyAsync();
        Assert.Equal("CZ", string.Concat(discard.Select(m => m.Code)));

        // The cancel must find the sleep running (one that finds the session idle is dropped): on a loaded machine the
        // pipelined Execute can start well after DISCARD ALL's answer has arrived.
        await using var observer = await NpgsqlConnections.OpenAsync(fixture.Port);
        await WaitUntilActiveAsync(observer, client.BackendKey!.Int32At(0));
        await using (var canceller = await RawClient.ConnectAsync(fixture.Port))
        {
            await canceller.SendAsync(Msg.CancelRequest(client.BackendKey!.Int32At(0), client.BackendKey.Int32At(4)));
        }

        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal("12EZ", string.Concat(reply.Select(m => m.Code)));
        Assert.Equal("57014", reply[2].SqlState);
    }

    [Fact]
    public async Task IdentityOfAMixedCaseTable_InsertsAndShowsAQuotedSequenceName()
    {
        // EF Core's tables: "Blogs" with "Id" GENERATED BY DEFAULT AS IDENTITY; the sequence is "Blogs_Id_seq", not blogs_id_seq.
        await using var connection = await NpgsqlConnections.OpenAsync(fixture.Port);
        await ExecuteAsync(connection, "CREATE TABLE \"SrBlogs\" (\"Id\" integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, \"N\" serial, v text)");
        Assert.Equal(1, await ScalarAsync(connection, "INSERT INTO \"SrBlogs\" (v) VALUES ('a') RETURNING \"Id\""));
        Assert.Equal(2, await ScalarAsync(connection, "INSERT INTO \"SrBlogs\" (v) VALUES ('b') RETURNING \"Id\""));
        Assert.Equal(2L, await ScalarAsync(connection, "SELECT nextval('\"SrBlogs_Id_seq\"') - 1"));
        Assert.Equal("nextval('\"SrBlogs_N_seq\"'::regclass)",
            await ScalarAsync(connection, "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = '\"SrBlogs\"'::regclass AND adnum = 2"));
        await ExecuteAsync(connection, "DROP TABLE \"SrBlogs\"");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Waits (at most about 30 s) until pg_stat_activity shows session <paramref name="pid"/> running a statement.</summary>
    private static async Task WaitUntilActiveAsync(NpgsqlConnection observer, int pid, Task? running = null)
    {
        var active = $"SELECT count(*) FROM pg_stat_activity WHERE pid = {pid} AND state = 'active'";
        var seen = false;
        for (var i = 0; i < 300 && running?.IsCompleted != true && !(seen = (long)(await ScalarAsync(observer, active))! == 1); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(seen, "pg_stat_activity never showed the statement running");
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
