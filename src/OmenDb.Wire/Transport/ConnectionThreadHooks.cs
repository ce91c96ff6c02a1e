using System.Net.Sockets;

namespace OmenDb.Wire.Transport;

/// <summary>
/// The operations of <see cref="ConnectionThreadListener"/> that can fail for reasons outside the server (the thread
/// limit, the file-descriptor limit), as replaceable steps so that tests can make them fail on demand.
/// </summary>
internal sealed class ConnectionThreadHooks
{
    /// <summary>The real operations.</summary>
    public static ConnectionThreadHooks Default { get; } = new();

    /// <summary>Accepts the next socket of the listening one.</summary>
    public Func<Socket, CancellationToken, ValueTask<Socket>> Accept { get; init; } = static (listen, token) => listen.AcceptAsync(token);

    /// <summary>Starts a connection's thread (throws OutOfMemoryException or ThreadStartException when none can be created).</summary>
    public Action<Thread> StartThread { get; init; } = static thread => thread.Start();

    /// <summary>Waits before accepting again after a failed accept.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = static (delay, token) => Task.Delay(delay, token);
}
