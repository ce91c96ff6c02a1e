using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OmenDb.Wire.Transport;

/// <summary>
/// Kestrel's transport for the PostgreSQL protocol: one thread per connection that blocks in <c>recv</c> and runs the
/// connection's message loop itself, as a PostgreSQL backend process does.
/// </summary>
/// <remarks>
/// <para>Why not Kestrel's socket transport: there a request crosses three threads (the epoll thread wakes a pool
/// worker for the receive, the application's continuation and the send are scheduled again), and on 2 cores each
/// wake-up is several microseconds of latency; a prepared point query took 2.2-3.3 context switches in the server
/// against PostgreSQL's one. Here the connection's thread wakes once per request: <c>recv</c> returns, the pipe's
/// reader continuation runs inline (<see cref="ConnectionThreadScheduler"/>), the statement executes, the reply is
/// sent with a blocking <c>send</c> (<see cref="SocketOutput"/>), and the thread goes back to <c>recv</c>.</para>
/// <para>Blocking waits (a commit waiting for its WAL sync, a lock wait) block the connection's own thread, never a
/// thread-pool worker that other connections need.</para>
/// </remarks>
public sealed class ConnectionThreadTransport : IConnectionListenerFactory
{
    private readonly long _maxBufferedInput;
    private readonly ILogger _logger;

    /// <summary>
    /// A transport whose connections buffer at most <paramref name="maxBufferedInput"/> unread bytes (a whole largest
    /// message); failed accepts, refused connections and failing ConnectionClosed callbacks go to <paramref name="logger"/>.
    /// </summary>
    public ConnectionThreadTransport(long maxBufferedInput, ILogger? logger = null)
    {
        _maxBufferedInput = maxBufferedInput;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Tests: accept, thread start and retry wait made to fail on demand.</summary>
    internal ConnectionThreadHooks Hooks { get; init; } = ConnectionThreadHooks.Default;

    /// <inheritdoc/>
    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint is IPEndPoint { Address: var address } && address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(endpoint);
            socket.Listen(512);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();
            throw new AddressInUseException(e.Message, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return ValueTask.FromResult<IConnectionListener>(new ConnectionThreadListener(socket, _maxBufferedInput, _logger, Hooks));
    }
}
