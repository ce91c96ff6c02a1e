using Microsoft.Extensions.Logging;
using Npgsql;
using OmenDb.Server;
using OmenDb.Wire.Tests.Support;
using static OmenDb.Wire.Tests.Support.NpgsqlCommands;

namespace OmenDb.Wire.Tests.Server;

/// <summary>
/// Both transports (<c>--transport threads | kestrel</c>): the protocol through each, and every way its connections
/// end (client close mid-transaction, cancel, pg_terminate_backend, server shutdown). The rest of the suite runs on
/// the one <c>OMENDB_TRANSPORT</c> names (the default, threads, in CI).
/// </summary>
public sealed class TransportTests
{
    public static TheoryData<ServerTransport> Transports => [ServerTransport.Threads, ServerTransport.Kestrel];

    private static Task<OmenDbServer> StartAsync(ServerTransport transport) => OmenDbServer.StartAsync(new ServerOptions
    {
        Port = 0,
        InMemory = true,
        Transport = transport,
        ConfigureLogging = b => b.ClearProviders(),
    });

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task PreparedLookups_LargeResults_AndCopy(ServerTransport transport)
    {
        await using var server = await StartAsync(transport);
        await using var connection = await NpgsqlConnections.OpenAsync(server.Port);
        await ExecAsync(connection, "CREATE TABLE tpc_t (id bigint PRIMARY KEY, v text)");
        await using (var import = await connection.BeginTextImportAsync("COPY tpc_t FROM STDIN"))
        {
            for (var i = 1; i <= 5000; i++)
            {
                await import.WriteLineAsync($"{i}\tv{i}");
            }
        }

        await using (var lookup = new NpgsqlCommand("SELECT v FROM tpc_t WHERE id = $1", connection))
        {
            var id = new NpgsqlParameter<long>();
            lookup.Parameters.Add(id);
            await lookup.PrepareAsync();
            for (var i = 1; i <= 5000; i += 37)
            {
                id.TypedValue = i;
                Assert.Equal($"v{i}", await lookup.ExecuteScalarAsync());
            }

            id.TypedValue = 5001;
            Assert.Null(await lookup.ExecuteScalarAsync());
        }

        // About 2.5 MB of DataRows: several flushes of the output (FlushThreshold 256 KiB) between recv calls.
        await using var big = new NpgsqlCommand("SELECT g, repeat('x', 100) FROM generate_series(1, 25000) g", connection);
        await using var reader = await big.ExecuteReaderAsync();
        long sum = 0;
        var rows = 0;
        while (await reader.ReadAsync())
        {
            sum += reader.GetInt32(0);
            Assert.Equal(100, reader.GetString(1).Length);
            rows++;
        }

        Assert.Equal((25000, 25000L * 25001 / 2), (rows, sum));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task MessageLargerThanOneReceive_IsReadWhole(ServerTransport transport)
    {
        await using var server = await StartAsync(transport);
        await using var client = await RawClient.ConnectReadyAsync(server.Port);
        await client.SendAsync(Msg.Query("select 1" + new string(' ', 3 << 20)));
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal('Z', reply[^1].Code);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ClientGoneMidTransaction_RollsBack_AndTheServerGoesOn(ServerTransport transport)
    {
        await using var server = await StartAsync(transport);
        await using var other = await NpgsqlConnections.OpenAsync(server.Port);
        await ExecAsync(other, "CREATE TABLE tpc_gone (id int PRIMARY KEY)");
        await using (var client = await RawClient.ConnectReadyAsync(server.Port))
        {
            await client.SendAsync(Msg.Query("BEGIN; INSERT INTO tpc_gone VALUES (1)"));
            await client.ReadUntilReadyAsync();
        }

        // The abandoned transaction is rolled back once its connection's thread sees the end of input.
        for (var i = 0; i < 300 && (long)(await ScalarAsync(other, "SELECT count(*) FROM pg_stat_activity"))! > 1; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0L, await ScalarAsync(other, "SELECT count(*) FROM tpc_gone"));
        await ExecAsync(other, "INSERT INTO tpc_gone VALUES (1)");
        Assert.Equal(1L, await ScalarAsync(other, "SELECT count(*) FROM tpc_gone"));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task CancelRequest_StopsTheRunningStatement_AndTheConnectionStaysUsable(ServerTransport transport)
    {
        await using var server = await StartAsync(transport);
        await using var observer = await NpgsqlConnections.OpenAsync(server.Port);
        await using var target = await RawClient.ConnectReadyAsync(server.Port);
        await target.SendAsync(Msg.Query("SELECT pg_sleep(60)"));

        // Cancel only once the statement runs (a CancelRequest that finds the session idle is dropped, as PostgreSQL does).
        const string Running = "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = 'SELECT pg_sleep(60)'";
        for (var i = 0; i < 300 && (long)(await ScalarAsync(observer, Running))! == 0; i++)
        {
            await Task.Delay(100);
        }

        await using (var canceller = await RawClient.ConnectAsync(server.Port))
        {
            await canceller.SendAsync(Msg.CancelRequest(target.BackendKey!.Int32At(0), target.BackendKey.Int32At(4)));
            Assert.Empty(await canceller.ReadAllBytesAsync());
        }

        var reply = await target.ReadUntilReadyAsync();
        Assert.Equal('Z', reply[^1].Code);
        Assert.Equal("57014", Assert.Single(reply, m => m.Code == 'E').SqlState);
        await target.SendAsync(Msg.Query("SELECT 1"));
        Assert.Equal("TDCZ", string.Concat((await target.ReadUntilReadyAsync()).Select(m => m.Code)));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task TerminateBackend_ClosesTheIdleConnection(ServerTransport transport)
    {
        await using var server = await StartAsync(transport);
        await using var a = await NpgsqlConnections.OpenAsync(server.Port);
        await using var b = await NpgsqlConnections.OpenAsync(server.Port);
        await ExecAsync(a, "BEGIN; CREATE TABLE tpc_term (id int)");
        Assert.Equal(true, await ScalarAsync(b, $"SELECT pg_terminate_backend({a.ProcessID})"));
        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(a, "SELECT 1"));
        Assert.True(error is PostgresException { SqlState: "57P01" } || a.State != System.Data.ConnectionState.Open, error.ToString());
        Assert.Equal(0L, await ScalarAsync(b, "SELECT count(*) FROM pg_class WHERE relname = 'tpc_term'"));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Dispose_TellsConnectedClients57P01(ServerTransport transport)
    {
        var server = await StartAsync(transport);
        await using var client = await RawClient.ConnectReadyAsync(server.Port);
        await server.DisposeAsync();
        var error = Assert.Single(await client.ReadUntilClosedAsync());
        Assert.Equal(("FATAL", "57P01"), (error.Severity, error.SqlState));
    }

    [Fact]
    public void CommandLine_FlagAndEnvironment()
    {
        Assert.Equal(ServerTransport.Threads, CommandLine.Parse([], _ => null, out _).Transport);
        Assert.Equal(ServerTransport.Kestrel, CommandLine.Parse(["--transport", "kestrel"], _ => null, out _).Transport);
        Assert.Equal(ServerTransport.Kestrel, CommandLine.Parse([], name => name == "OMENDB_TRANSPORT" ? "Kestrel" : null, out _).Transport);
        Assert.Equal(ServerTransport.Threads, CommandLine.Parse(["--transport=threads"], name => name == "OMENDB_TRANSPORT" ? "kestrel" : null, out _).Transport);
        Assert.Throws<FormatException>(() => CommandLine.Parse(["--transport", "epoll"], _ => null, out _));
    }
}
