using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using OmenDb.Wire.Tests.Support;
using OmenDb.Wire.Transport;

namespace OmenDb.Wire.Tests.Server;

/// <summary>
/// The thread-per-connection transport's accept loop under faults it cannot prevent: no thread can be started for a
/// connection, accept fails for want of file descriptors, a ConnectionClosed callback throws. Each must cost at most
/// the one connection, never the listener (Kestrel stops accepting for good once AcceptAsync throws) or the process.
/// </summary>
public sealed class ConnectionThreadListenerTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ThreadStartFailure_RefusesThatConnectionWith53000_AndTheListenerGoesOn()
    {
        var starts = 0;
        var log = new ListLogger();
        var transport = new ConnectionThreadTransport(1 << 20, log)
        {
            Hooks = new ConnectionThreadHooks
            {
                StartThread = thread =>
                {
                    if (Interlocked.Increment(ref starts) == 1)
                    {
                        throw new OutOfMemoryException("Thread failed to start.");
                    }

                    thread.Start();
                },
            },
        };
        await using var listener = await transport.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)listener.EndPoint).Port;
        var accepting = listener.AcceptAsync().AsTask();

        await using (var refused = await RawClient.ConnectAsync(port))
        {
            await refused.SendAsync(Msg.Startup(("user", "postgres"), ("database", "postgres")));
            var error = Assert.Single(await refused.ReadUntilClosedAsync());
            Assert.Equal(('E', "FATAL", "53000", "could not start a thread for the new connection: Thread failed to start."),
                (error.Code, error.Severity, error.SqlState, error.MessageText));
        }

        Assert.False(accepting.IsCompleted);
        using var next = new TcpClient(AddressFamily.InterNetwork);
        await next.ConnectAsync(IPAddress.Loopback, port);
        await using var connection = (await accepting.WaitAsync(s_bound))!;
        Assert.Equal(next.Client.LocalEndPoint, connection.RemoteEndPoint);
        Assert.Equal(2, starts);
        Assert.Contains(log.Entries, e => e.Exception is OutOfMemoryException);
    }

    [Fact]
    public async Task AcceptFailures_BackOffUpToASecond_AndTheNextClientIsAccepted()
    {
        var failures = 12;
        var delays = new List<TimeSpan>();
        var transport = new ConnectionThreadTransport(1 << 20, new ListLogger())
        {
            Hooks = new ConnectionThreadHooks
            {
                // EMFILE: the process is out of file descriptors, and stays so until some are closed.
                Accept = (listen, token) => Interlocked.Decrement(ref failures) >= 0
                    ? ValueTask.FromException<Socket>(new SocketException((int)SocketError.TooManyOpenSockets))
                    : listen.AcceptAsync(token),
                Delay = (delay, _) =>
                {
                    delays.Add(delay);
                    return Task.CompletedTask;
                },
            },
        };
        await using var listener = await transport.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.EndPoint).Port);
        await using var connection = (await listener.AcceptAsync().AsTask().WaitAsync(s_bound))!;

        Assert.Equal(client.Client.LocalEndPoint, connection.RemoteEndPoint);
        Assert.Equal([10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000, 1000, 1000], delays.Select(d => (int)d.TotalMilliseconds));
    }

    [Fact]
    public async Task AcceptFailure_WhileUnbinding_EndsTheLoop()
    {
        // Kestrel accepts without a token and stops a listener by unbinding it: the wait between failed accepts must end
        // at the unbind, not after its delay.
        IConnectionListener? bound = null;
        var transport = new ConnectionThreadTransport(1 << 20, new ListLogger())
        {
            Hooks = new ConnectionThreadHooks
            {
                Accept = (_, _) => ValueTask.FromException<Socket>(new SocketException((int)SocketError.TooManyOpenSockets)),
                Delay = async (_, token) =>
                {
                    await bound!.UnbindAsync();
                    await Task.Delay(Timeout.Infinite, token);
                },
            },
        };
        await using var listener = await transport.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        bound = listener;
        Assert.Null(await listener.AcceptAsync().AsTask().WaitAsync(s_bound));
    }

    [Fact]
    public async Task ConnectionLevelAcceptErrors_AreRetriedAtOnce()
    {
        var failures = 0;
        var transport = new ConnectionThreadTransport(1 << 20, new ListLogger())
        {
            Hooks = new ConnectionThreadHooks
            {
                Accept = (_, _) => ++failures <= 3
                    ? ValueTask.FromException<Socket>(new SocketException((int)SocketError.HostUnreachable))
                    : ValueTask.FromException<Socket>(new ObjectDisposedException("listener")),
                Delay = (_, _) => throw new Xunit.Sdk.XunitException("a connection's own accept error must not be waited on"),
            },
        };
        await using var listener = await transport.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.Null(await listener.AcceptAsync().AsTask().WaitAsync(s_bound));
        Assert.Equal(4, failures);
    }

    [Fact]
    public async Task ThrowingConnectionClosedCallback_IsLogged_NotLetLooseOnTheConnectionThread()
    {
        var log = new ListLogger();
        var transport = new ConnectionThreadTransport(1 << 20, log);
        await using var listener = await transport.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)listener.EndPoint).Port;
        using (var client = new TcpClient(AddressFamily.InterNetwork))
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            await using var connection = (await listener.AcceptAsync().AsTask().WaitAsync(s_bound))!;
            connection.ConnectionClosed.Register(() => throw new InvalidOperationException("callback failed"));
            client.Close();

            // The connection's thread sees the end of input and signals ConnectionClosed; unhandled there, the
            // callback's exception would end the test host.
            var entry = await log.Logged.Task.WaitAsync(s_bound);
            Assert.Equal("callback failed", Assert.IsType<InvalidOperationException>(
                Assert.Single(Assert.IsType<AggregateException>(entry.Exception).InnerExceptions)).Message);
        }

        using var next = new TcpClient(AddressFamily.InterNetwork);
        await next.ConnectAsync(IPAddress.Loopback, port);
        await using var accepted = (await listener.AcceptAsync().AsTask().WaitAsync(s_bound))!;
        Assert.Equal(next.Client.LocalEndPoint, accepted.RemoteEndPoint);
    }

    /// <summary>Keeps every entry logged at Error.</summary>
    private sealed class ListLogger : ILogger
    {
        public ConcurrentQueue<(string Message, Exception? Exception)> Entries { get; } = new();

        /// <summary>Completed with the first entry.</summary>
        public TaskCompletionSource<(string Message, Exception? Exception)> Logged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var entry = (formatter(state, exception), exception);
                Entries.Enqueue(entry);
                Logged.TrySetResult(entry);
            }
        }
    }
}
