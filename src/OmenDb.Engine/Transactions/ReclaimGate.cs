namespace OmenDb.Engine.Transactions;

/// <summary>
/// Keeps row-id holders and version reclamation apart. Reclaiming old row versions compacts a table's segments, which
/// renumbers its row ids; every piece of work that holds row ids (a running or suspended portal, COPY, a commit that
/// reads its journal) therefore holds the gate open, and the reclaimer runs only while it holds the gate closed.
/// <para>Entering is two interlocked operations when the gate is open. Closing has priority: once the reclaimer
/// starts closing, new entrants wait, and the reclaimer waits (bounded) for the current holders to leave. A holder
/// that waits for something an entrant would do (a row lock held by a transaction whose COMMIT waits at the gate)
/// is released by that bound: the reclaimer gives up and reopens.</para>
/// </summary>
internal sealed class ReclaimGate
{
    private readonly object _lock = new();
    private int _holders;
    private volatile bool _closing;

    /// <summary>Current holders (for tests).</summary>
    public int Holders => Volatile.Read(ref _holders);

    /// <summary>Holds the gate open; waits while the reclaimer has it closed.</summary>
    public void Enter()
    {
        while (true)
        {
            Interlocked.Increment(ref _holders);
            if (!_closing)
            {
                return;
            }

            Exit();
            lock (_lock)
            {
                while (_closing)
                {
                    Monitor.Wait(_lock);
                }
            }
        }
    }

    /// <summary>Releases a hold taken by <see cref="Enter"/>.</summary>
    public void Exit()
    {
        if (Interlocked.Decrement(ref _holders) == 0 && _closing)
        {
            lock (_lock)
            {
                Monitor.PulseAll(_lock);
            }
        }
    }

    /// <summary>
    /// Closes the gate once at most <paramref name="ownHolds"/> holds remain (the caller's own, e.g. VACUUM's
    /// statement), waiting up to <paramref name="timeout"/>; false (and the gate open again) when they did not leave.
    /// </summary>
    public bool TryClose(int ownHolds, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_lock)
        {
            if (_closing)
            {
                return false;
            }

            _closing = true;
            Interlocked.MemoryBarrier(); // pairs with Enter's increment-then-check
            while (Volatile.Read(ref _holders) > ownHolds)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    _closing = false;
                    Monitor.PulseAll(_lock);
                    return false;
                }

                Monitor.Wait(_lock, (int)Math.Min(left, 50));
            }

            return true;
        }
    }

    /// <summary>Reopens the gate after <see cref="TryClose"/> succeeded and wakes the waiting entrants.</summary>
    public void Open()
    {
        lock (_lock)
        {
            _closing = false;
            Monitor.PulseAll(_lock);
        }
    }
}
