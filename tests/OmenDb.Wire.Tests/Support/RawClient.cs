using System.Buffers.Binary;
using System.Net.Sockets;

namespace OmenDb.Wire.Tests.Support;

/// <summary>
/// A bare TCP client speaking the protocol by hand, to send exactly the bytes a test wants (including invalid
/// ones) and read back every message. Reads are bounded by a generous timeout so that a broken server fails the
/// test instead of hanging it; no test asserts on time.
/// </summary>
internal sealed class RawClient : IAsyncDisposable
{
    private static readonly TimeSpan s_readTimeout = TimeSpan.FromSeconds(30);
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port);
        return new RawClient(tcp);
    }

    /// <summary>Connects and completes a trust startup as postgres; returns the messages up to ReadyForQuery.</summary>
    public static async Task<RawClient> ConnectReadyAsync(int port)
    {
        var client = await ConnectAsync(port);
        await client.SendAsync(Msg.Startup(("user", "postgres"), ("database", "postgres")));
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal('Z', messages[^1].Code);
        client.BackendKey = messages.Single(m => m.Code == 'K');
        return client;
    }

    public BackendMessage? BackendKey { get; private set; }

    public async Task SendAsync(params byte[][] chunks)
    {
        foreach (var chunk in chunks)
        {
            await _stream.WriteAsync(chunk);
        }

        await _stream.FlushAsync();
    }

    /// <summary>Sends, ignoring a connection the server already closed (it may stop reading a message it rejected).</summary>
    public async Task SendIgnoringResetAsync(byte[] data)
    {
        try
        {
            await _stream.WriteAsync(data);
        }
        catch (IOException)
        {
        }
    }

    public void ShutdownSend() => _tcp.Client.Shutdown(SocketShutdown.Send);

    /// <summary>Reads one raw byte (the answer to SSLRequest), or -1 on EOF.</summary>
    public async Task<int> ReadByteAsync()
    {
        var one = new byte[1];
        using var cts = new CancellationTokenSource(s_readTimeout);
        var n = await _stream.ReadAsync(one, cts.Token);
        return n == 0 ? -1 : one[0];
    }

    /// <summary>The next message, or null on EOF (also on a reset: the server has gone away either way).</summary>
    public async Task<BackendMessage?> ReadMessageAsync()
    {
        var header = new byte[5];
        if (!await ReadExactlyAsync(header))
        {
            return null;
        }

        var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4];
        if (!await ReadExactlyAsync(payload))
        {
            return null;
        }

        return new BackendMessage((char)header[0], payload);
    }

    /// <summary>Messages up to and including ReadyForQuery (or up to EOF).</summary>
    public async Task<List<BackendMessage>> ReadUntilReadyAsync()
    {
        var messages = new List<BackendMessage>();
        while (await ReadMessageAsync() is { } message)
        {
            messages.Add(message);
            if (message.Code == 'Z')
            {
                break;
            }
        }

        return messages;
    }

    /// <summary>Everything until the server closes the connection.</summary>
    public async Task<List<BackendMessage>> ReadUntilClosedAsync()
    {
        var messages = new List<BackendMessage>();
        while (await ReadMessageAsync() is { } message)
        {
            messages.Add(message);
        }

        return messages;
    }

    /// <summary>All bytes until the server closes the connection.</summary>
    public async Task<byte[]> ReadAllBytesAsync()
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        using var cts = new CancellationTokenSource(s_readTimeout);
        try
        {
            int n;
            while ((n = await _stream.ReadAsync(chunk, cts.Token)) > 0)
            {
                buffer.Write(chunk, 0, n);
            }
        }
        catch (IOException)
        {
        }

        return buffer.ToArray();
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer)
    {
        using var cts = new CancellationTokenSource(s_readTimeout);
        try
        {
            await _stream.ReadExactlyAsync(buffer, cts.Token);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
