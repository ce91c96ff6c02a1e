using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using OmenDb.Common;
using OmenDb.Wire.Messages;

namespace OmenDb.Wire.Transport;

/// <summary>Accepts connections for <see cref="ConnectionThreadTransport"/>; each accepted socket gets its own thread.</summary>
/// <remarks>
/// Kestrel's accept loop ends for good when <see cref="AcceptAsync"/> throws, so nothing a single connection or a
/// passing resource shortage does may escape it: a failed accept (no file descriptors: EMFILE, ENFILE; no buffers)
/// waits with a growing delay and tries again (the clients wait in the listen backlog meanwhile), and a connection
/// whose thread cannot be started is refused with FATAL 53000, as PostgreSQL's postmaster reports a failed fork.
/// </remarks>
internal sealed class ConnectionThreadListener(Socket listen, long maxBufferedInput, ILogger logger, ConnectionThreadHooks hooks)
    : IConnectionListener
{
    /// <summary>The wait after the first of consecutive failed accepts; it doubles with each further one.</summary>
    internal static readonly TimeSpan FirstAcceptRetryDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest wait between accepts that keep failing.</summary>
    internal static readonly TimeSpan LongestAcceptRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>How long a refused client may take to read its error and close before its socket is closed anyway.</summary>
    private static readonly TimeSpan s_refusedLinger = TimeSpan.FromSeconds(1);

    /// <summary>Cancelled at unbind, so that a wait between failed accepts does not hold up the server's stop (Kestrel
    /// calls <see cref="AcceptAsync"/> without a token and waits for the accept loop to end).</summary>
    private readonly CancellationTokenSource _unbound = new();

    private long _nextId;

    /// <inheritdoc/>
    public EndPoint EndPoint { get; } = listen.LocalEndPoint!;

    /// <inheritdoc/>
    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        var delay = TimeSpan.Zero;
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await hooks.Accept(listen, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.Zero;
            }
            catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException
                || e is SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted })
            {
                // Unbound: no more connections.
                return null;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted
                or SocketError.NetworkDown or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.HostUnreachable
                or SocketError.ProtocolOption or SocketError.OperationNotSupported)
            {
                // The client went away between connecting and being accepted, or an error of that one connection (accept(2)
                // says to retry these at once): accept the next.
                continue;
            }
            catch (SocketException e)
            {
                // Out of descriptors or buffers: accepting again at once would fail again at once (a busy loop).
                delay = delay == TimeSpan.Zero ? FirstAcceptRetryDelay : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestAcceptRetryDelay.Ticks));
                TransportLog.AcceptFailed(logger, e.Message, (long)delay.TotalMilliseconds);
                try
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _unbound.Token);
                    await hooks.Delay(delay, wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }

                continue;
            }

            var id = "pg" + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                return ConnectionThreadConnection.Start(accepted, id, maxBufferedInput, logger, hooks.StartThread);
            }
            catch (Exception e)
            {
                // No thread (the process's thread limit, no memory for its stack), or the client reset the socket
                // while it was being set up: refuse this one connection and go on accepting.
                TransportLog.ThreadStartFailed(logger, id, e);
                _ = RefuseAsync(accepted, e.Message);
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _unbound.Cancel();
        listen.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => UnbindAsync();

    /// <summary>
    /// Sends FATAL 53000 before the startup packet is read (as PostgreSQL does when it cannot fork a backend) and
    /// closes the socket once the client has closed its side or a second has passed: closing with the client's
    /// startup packet unread would reset the connection and could discard the error before the client reads it.
    /// </summary>
    private static async Task RefuseAsync(Socket socket, string reason)
    {
        try
        {
            var message = new ArrayBufferWriter<byte>(256);
            new PgOutput(message).WriteError(new PgException(SqlState.InsufficientResources,
                "could not start a thread for the new connection: " + reason) { Severity = "FATAL" });
            using var linger = new CancellationTokenSource(s_refusedLinger);
            await socket.SendAsync(message.WrittenMemory, SocketFlags.None, linger.Token).ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Send);
            var discard = new byte[512];
            while (await socket.ReceiveAsync(discard, SocketFlags.None, linger.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone, or does not close: close it from here.
        }
        finally
        {
            socket.Dispose();
        }
    }
}
