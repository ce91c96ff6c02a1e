using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace OmenDb.Wire.Transport;

/// <summary>Accepts connections for <see cref="ConnectionThreadTransport"/>; each accepted socket gets its own thread.</summary>
internal sealed class ConnectionThreadListener(Socket listen, long maxBufferedInput) : IConnectionListener
{
    private long _nextId;

    /// <inheritdoc/>
    public EndPoint EndPoint { get; } = listen.LocalEndPoint!;

    /// <inheritdoc/>
    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await listen.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException
                || e is SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted })
            {
                // Unbound: no more connections.
                return null;
            }
            catch (SocketException)
            {
                // The client went away between connecting and being accepted (ECONNRESET, ECONNABORTED): accept the next.
                continue;
            }

            var id = Interlocked.Increment(ref _nextId);
            return ConnectionThreadConnection.Start(accepted, "pg" + id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                maxBufferedInput);
        }
    }

    /// <inheritdoc/>
    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        listen.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        listen.Dispose();
        return ValueTask.CompletedTask;
    }
}
