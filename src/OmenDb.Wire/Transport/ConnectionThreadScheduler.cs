using System.IO.Pipelines;

namespace OmenDb.Wire.Transport;

/// <summary>
/// The reader scheduler of a connection's input pipe: a continuation released by the connection's own thread (data
/// received, end of input) runs inline on it; one released by any other thread (a cancelled read at shutdown or by
/// pg_terminate_backend) goes to the thread pool, so that a connection's work never runs on another session's thread.
/// </summary>
internal sealed class ConnectionThreadScheduler : PipeScheduler
{
    private Thread? _owner;

    /// <summary>The connection's thread; set before it first writes to the pipe.</summary>
    public Thread? Owner
    {
        get => Volatile.Read(ref _owner);
        set => Volatile.Write(ref _owner, value);
    }

    /// <inheritdoc/>
    public override void Schedule(Action<object?> action, object? state)
    {
        if (ReferenceEquals(Thread.CurrentThread, Owner))
        {
            action(state);
        }
        else
        {
            System.Threading.ThreadPool.UnsafeQueueUserWorkItem(action, state, preferLocal: false);
        }
    }
}
