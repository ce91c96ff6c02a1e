using Microsoft.Extensions.Logging;
using OmenDb.Server;

namespace OmenDb.Wire.Tests.Support;

/// <summary>
/// An in-process server (in memory, 127.0.0.1, ephemeral port, 1 MiB message cap) shared by a test class, with an
/// observer connection opened at the start: after every abusive input the observer must still answer.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    /// <summary>The message cap configured for the tests (--max-message-size 1MiB).</summary>
    public const int MaxMessageSize = 1 << 20;

    private OmenDbServer? _server;
    private RawClient? _observer;

    public int Port => _server!.Port;

    public async Task InitializeAsync()
    {
        _server = await OmenDbServer.StartAsync(new ServerOptions
        {
            Port = 0,
            InMemory = true,
            MaxMessageSize = MaxMessageSize,
            Transport = ServerOptions.TestTransport,
            ConfigureLogging = b => b.ClearProviders(),
        });
        _observer = await RawClient.ConnectReadyAsync(Port);
    }

    /// <summary>The observer connection still works: Sync is answered by ReadyForQuery('I').</summary>
    internal async Task AssertObserverAliveAsync()
    {
        await _observer!.SendAsync(Msg.Sync);
        var reply = await _observer.ReadUntilReadyAsync();
        var ready = Assert.Single(reply);
        Assert.Equal('Z', ready.Code);
        Assert.Equal((byte)'I', ready.Payload[0]);
    }

    public async Task DisposeAsync()
    {
        if (_observer is not null)
        {
            await _observer.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
