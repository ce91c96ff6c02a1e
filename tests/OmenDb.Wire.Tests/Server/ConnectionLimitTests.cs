using Microsoft.Extensions.Logging;
using Npgsql;
using OmenDb.Server;
using OmenDb.Wire.Tests.Support;
using static OmenDb.Wire.Tests.Support.NpgsqlCommands;

namespace OmenDb.Wire.Tests.Server;

/// <summary>
/// max_connections as PostgreSQL enforces it: past max_connections − superuser_reserved_connections (3) sessions only
/// superusers get in, past max_connections nobody, both with FATAL 53300; a slot frees when its session ends, and the
/// sessions already in are untouched.
/// </summary>
public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task SessionsBeyondTheLimit_AreRefused53300_UntilASlotFrees()
    {
        await using var server = await OmenDbServer.StartAsync(new ServerOptions
        {
            Port = 0,
            InMemory = true,
            MaxConnections = 5,
            Transport = ServerOptions.TestTransport,
            ConfigureLogging = b => b.ClearProviders(),
        });
        var open = new List<NpgsqlConnection>();
        try
        {
            var admin = await OpenAsync(server.Port, "postgres");
            open.Add(admin);
            await ExecAsync(admin, "CREATE ROLE cl_user LOGIN");
            Assert.Equal(("5", "3"), ((string)(await ScalarAsync(admin, "SHOW max_connections"))!, (string)(await ScalarAsync(admin, "SHOW superuser_reserved_connections"))!));

            // Two slots for ordinary roles (5 − 3): the admin's session and one more.
            open.Add(await OpenAsync(server.Port, "cl_user"));
            var reserved = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(server.Port, "cl_user"));
            Assert.Equal(("FATAL", "53300", "remaining connection slots are reserved for non-replication superuser connections"), (reserved.Severity, reserved.SqlState, reserved.MessageText));

            // Superusers take the reserved three, then nobody gets in.
            for (var i = 0; i < 3; i++)
            {
                open.Add(await OpenAsync(server.Port, "postgres"));
            }

            var full = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(server.Port, "postgres"));
            Assert.Equal(("FATAL", "53300", "sorry, too many clients already"), (full.Severity, full.SqlState, full.MessageText));

            // The sessions in are untouched; a closed one frees its slot once the server has seen it go.
            Assert.Equal(5L, await ScalarAsync(admin, "SELECT count(*) FROM pg_stat_activity"));
            await open[^1].DisposeAsync();
            open.RemoveAt(open.Count - 1);
            NpgsqlConnection? again = null;
            for (var i = 0; i < 100 && again is null; i++)
            {
                try
                {
                    again = await OpenAsync(server.Port, "postgres");
                }
                catch (PostgresException e) when (e.SqlState == "53300")
                {
                    await Task.Delay(50);
                }
            }

            Assert.NotNull(again);
            open.Add(again);
            Assert.Equal(1, await ScalarAsync(again, "SELECT 1"));
        }
        finally
        {
            foreach (var connection in open)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_limit_within_the_reserved_slots_is_refused_at_start()
        => await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => OmenDbServer.StartAsync(new ServerOptions
        {
            Port = 0,
            InMemory = true,
            MaxConnections = 3,
            ConfigureLogging = b => b.ClearProviders(),
        }));

    [Fact]
    public void CommandLine_MaxConnections()
    {
        Assert.Equal(100, CommandLine.Parse([], _ => null, out _).MaxConnections);
        Assert.Equal(250, CommandLine.Parse(["--max-connections", "250"], _ => null, out _).MaxConnections);
        Assert.Throws<FormatException>(() => CommandLine.Parse(["--max-connections", "3"], _ => null, out _));
        Assert.Throws<FormatException>(() => CommandLine.Parse(["--max-connections", "many"], _ => null, out _));
    }

    private static Task<NpgsqlConnection> OpenAsync(int port, string user) => NpgsqlConnections.OpenAsync(port, user: user);
}
