using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace OmenDb.Wire.Transport;

/// <summary>
/// One accepted socket of <see cref="ConnectionThreadTransport"/> and the thread that owns it.
/// </summary>
/// <remarks>
/// Ownership and concurrency: the connection's thread is the only one that calls <c>recv</c> and writes the input
/// pipe; the application's reads continue inline on it (<see cref="ConnectionThreadScheduler"/>), so it also runs the
/// statements and sends the replies. Another thread touches the connection only to end it: a cancelled read (server
/// shutdown, pg_terminate_backend) resumes the application on the thread pool, and <see cref="Abort"/> /
/// <see cref="DisposeAsync"/> shut the socket down, which wakes a blocked <c>recv</c> (end of input) and fails a
/// blocked <c>send</c>.
/// How the thread ends: the client closes or resets the socket (end of input), the application stops reading (the
/// flush reports the reader completed), or the socket is shut down by <see cref="Abort"/> / <see cref="DisposeAsync"/>.
/// In every case it completes the input pipe and exits; it never outlives the socket.
/// </remarks>
internal sealed class ConnectionThreadConnection : ConnectionContext
{
    /// <summary>Bytes asked of the pipe per <c>recv</c>: a point query is ~50 bytes, a COPY chunk up to 64 KiB.</summary>
    private const int ReceiveSize = 16 * 1024;

    private readonly Socket _socket;
    private readonly Pipe _input;
    private readonly SocketOutput _output;
    private readonly ConnectionThreadScheduler _scheduler = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly ILogger _logger;
    private int _shutdown;

    private ConnectionThreadConnection(Socket socket, string id, long maxBufferedInput, ILogger logger)
    {
        _socket = socket;
        _logger = logger;
        ConnectionId = id;
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;
        ConnectionClosed = _closed.Token;
        _input = new Pipe(new PipeOptions(
            readerScheduler: _scheduler,
            writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: maxBufferedInput,
            resumeWriterThreshold: maxBufferedInput / 2,
            minimumSegmentSize: ReceiveSize,
            useSynchronizationContext: false));
        _output = new SocketOutput(socket);
        Transport = new DuplexPipe(_input.Reader, _output);
    }

    /// <inheritdoc/>
    public override string ConnectionId { get; set; }

    /// <inheritdoc/>
    public override IFeatureCollection Features { get; } = new FeatureCollection();

    /// <inheritdoc/>
    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    /// <inheritdoc/>
    public override IDuplexPipe Transport { get; set; }

    /// <inheritdoc/>
    public override CancellationToken ConnectionClosed { get; set; }

    /// <inheritdoc/>
    public override EndPoint? LocalEndPoint { get; set; }

    /// <inheritdoc/>
    public override EndPoint? RemoteEndPoint { get; set; }

    /// <summary>
    /// Takes over an accepted socket and starts its thread with <paramref name="startThread"/>. When that throws (no
    /// thread can be created), the exception propagates and the socket is left open for the caller to refuse.
    /// </summary>
    public static ConnectionThreadConnection Start(Socket socket, string id, long maxBufferedInput, ILogger logger, Action<Thread> startThread)
    {
        // Every reply is complete when it is flushed: send it now (PostgreSQL sets TCP_NODELAY too).
        socket.NoDelay = true;
        var connection = new ConnectionThreadConnection(socket, id, maxBufferedInput, logger);
        var thread = new Thread(connection.ReceiveLoop) { IsBackground = true, Name = "omendb " + id };
        connection._scheduler.Owner = thread;
        try
        {
            startThread(thread);
        }
        catch
        {
            // Nobody will read or write the pipes: give their buffers back.
            connection._output.Complete();
            connection._input.Writer.Complete();
            connection._input.Reader.Complete();
            connection._closed.Dispose();
            throw;
        }

        return connection;
    }

    /// <inheritdoc/>
    public override void Abort(ConnectionAbortedException abortReason) => Shutdown();

    /// <inheritdoc/>
    public override ValueTask DisposeAsync()
    {
        Shutdown();
        _output.Complete();
        _input.Reader.Complete();
        _socket.Dispose();
        _closed.Dispose();
        return ValueTask.CompletedTask;
    }

    private void ReceiveLoop()
    {
        var writer = _input.Writer;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(ReceiveSize);
                int received;
                try
                {
                    received = _socket.Receive(memory.Span);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // Reset by the client, or shut down by Abort/Dispose: the end of the input either way.
                    break;
                }

                if (received == 0)
                {
                    break;
                }

                writer.Advance(received);

                // The application's read continues inline here: this call returns once it waits for more input.
                var flush = writer.FlushAsync();
                var result = flush.IsCompleted ? flush.Result : flush.AsTask().GetAwaiter().GetResult();
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            writer.Complete();
            SignalClosed();
        }
    }

    private void Shutdown()
    {
        if (Interlocked.Exchange(ref _shutdown, 1) != 0)
        {
            return;
        }

        _output.Break();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed by the client or disposed.
        }

        SignalClosed();
    }

    /// <summary>
    /// Cancels <see cref="ConnectionClosed"/>. Its callbacks run here, on the connection's thread or the one ending
    /// it; an exception from one is logged, never let loose on a thread with nothing above it to catch it (that would
    /// end the process).
    /// </summary>
    private void SignalClosed()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed: nobody is listening any more.
        }
        catch (Exception e)
        {
            TransportLog.ClosedCallbackFailed(_logger, ConnectionId, e);
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
