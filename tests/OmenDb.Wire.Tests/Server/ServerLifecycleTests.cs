using System.Diagnostics;
using System.Runtime.InteropServices;
using OmenDb.Server;
using OmenDb.Wire.Tests.Support;

namespace OmenDb.Wire.Tests.Server;

/// <summary>Starting and stopping: the in-process host and the omendb executable.</summary>
public sealed class ServerLifecycleTests
{
    [Fact]
    public async Task EphemeralPorts_AreBoundAndDistinct()
    {
        await using var a = await OmenDbServer.StartAsync(ServerOptions.ForTests());
        await using var b = await OmenDbServer.StartAsync(ServerOptions.ForTests());
        Assert.NotEqual(0, a.Port);
        Assert.NotEqual(a.Port, b.Port);
        await using var client = await RawClient.ConnectReadyAsync(b.Port);
    }

    [Fact]
    public async Task MessageLargerThanTheTransportBuffer_IsReadWhole()
    {
        // 3 MiB, above Kestrel's default 1 MiB read buffer and below the 1 GiB default cap: answered, not stalled.
        await using var server = await OmenDbServer.StartAsync(ServerOptions.ForTests());
        await using var client = await RawClient.ConnectReadyAsync(server.Port);
        await client.SendAsync(Msg.Query("select 1" + new string(' ', 3 << 20)));
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal('Z', reply[^1].Code);
    }

    [Fact]
    public async Task Dispose_TellsConnectedClients57P01()
    {
        var server = await OmenDbServer.StartAsync(ServerOptions.ForTests());
        await using var client = await RawClient.ConnectReadyAsync(server.Port);
        await server.DisposeAsync();
        var error = Assert.Single(await client.ReadUntilClosedAsync());
        Assert.Equal(("FATAL", "57P01", "terminating connection due to administrator command"), (error.Severity, error.SqlState, error.MessageText));
    }

    [Fact]
    public async Task Executable_StopsOnSigtermWithExitCode0()
    {
        // POSIX only (the machines running this suite are Linux).
        var dll = Path.Combine(AppContext.BaseDirectory, "omendb.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--in-memory", "--port", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        try
        {
            // The start line names the bound address: "OmenDb listening on 127.0.0.1:PORT, data (in memory), ...".
            string? line;
            var port = 0;
            while ((line = await process.StandardOutput.ReadLineAsync()) is not null)
            {
                var at = line.IndexOf("listening on 127.0.0.1:", StringComparison.Ordinal);
                if (at >= 0)
                {
                    var rest = line[(at + "listening on 127.0.0.1:".Length)..];
                    port = int.Parse(rest[..rest.IndexOf(',', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                }
            }

            Assert.NotEqual(0, port);
            await using (var client = await RawClient.ConnectReadyAsync(port))
            {
                Assert.Equal(0, Kill(process.Id, 15));
                var error = Assert.Single(await client.ReadUntilClosedAsync());
                Assert.Equal("57P01", error.SqlState);
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(cts.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
