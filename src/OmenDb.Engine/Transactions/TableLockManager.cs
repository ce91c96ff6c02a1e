namespace OmenDb.Engine.Transactions;

/// <summary>
/// Table locks taken by LOCK TABLE, held by a session until its transaction ends, with PostgreSQL's conflict table
/// (explicit-locking.html, table 13.2). A session never conflicts with itself. Only LOCK TABLE takes these locks
/// today: ordinary statements do not take their implicit ACCESS SHARE / ROW EXCLUSIVE locks, so LOCK TABLE orders
/// LOCK TABLEs but does not block reads or writes.
/// </summary>
internal sealed class TableLockManager
{
    /// <summary>For each mode, the bit set (1 &lt;&lt; mode) of the modes it conflicts with.</summary>
    private static readonly int[] Conflicts =
    [
        0,
        Bits(8),
        Bits(7, 8),
        Bits(5, 6, 7, 8),
        Bits(4, 5, 6, 7, 8),
        Bits(3, 4, 6, 7, 8),
        Bits(3, 4, 5, 6, 7, 8),
        Bits(2, 3, 4, 5, 6, 7, 8),
        Bits(1, 2, 3, 4, 5, 6, 7, 8),
    ];

    private readonly object _lock = new();
    private readonly Dictionary<uint, List<(int Process, TableLockMode Mode)>> _held = [];

    /// <summary>PostgreSQL's name of a mode as the deadlock DETAIL prints it, e.g. "AccessExclusiveLock".</summary>
    public static string Name(TableLockMode mode) => mode + "Lock";

    /// <summary>The mode named in LOCK TABLE ... IN <paramref name="words"/> MODE (null: ACCESS EXCLUSIVE), or null when no mode has that name.</summary>
    public static TableLockMode? Parse(string? words) => words switch
    {
        null or "ACCESS EXCLUSIVE" => TableLockMode.AccessExclusive,
        "ACCESS SHARE" => TableLockMode.AccessShare,
        "ROW SHARE" => TableLockMode.RowShare,
        "ROW EXCLUSIVE" => TableLockMode.RowExclusive,
        "SHARE UPDATE EXCLUSIVE" => TableLockMode.ShareUpdateExclusive,
        "SHARE" => TableLockMode.Share,
        "SHARE ROW EXCLUSIVE" => TableLockMode.ShareRowExclusive,
        "EXCLUSIVE" => TableLockMode.Exclusive,
        _ => null,
    };

    /// <summary>Takes the lock if no other session holds a conflicting one.</summary>
    public bool TryAcquire(uint relation, TableLockMode mode, int process)
    {
        lock (_lock)
        {
            return TryAcquireCore(relation, mode, process);
        }
    }

    /// <summary>Waits up to <paramref name="milliseconds"/> for the lock to become free, then tries once more.</summary>
    public bool WaitAndTryAcquire(uint relation, TableLockMode mode, int process, int milliseconds)
    {
        lock (_lock)
        {
            if (TryAcquireCore(relation, mode, process))
            {
                return true;
            }

            Monitor.Wait(_lock, milliseconds);
            return TryAcquireCore(relation, mode, process);
        }
    }

    /// <summary>The sessions holding a lock on <paramref name="relation"/> that conflicts with <paramref name="mode"/>.</summary>
    public IReadOnlyList<int> Blockers(uint relation, TableLockMode mode, int process)
    {
        lock (_lock)
        {
            var blockers = new List<int>();
            if (_held.TryGetValue(relation, out var holders))
            {
                foreach (var (p, m) in holders)
                {
                    if (p != process && (Conflicts[(int)mode] & (1 << (int)m)) != 0 && !blockers.Contains(p))
                    {
                        blockers.Add(p);
                    }
                }
            }

            return blockers;
        }
    }

    /// <summary>Releases every lock of <paramref name="process"/> (its transaction ended) and wakes the waiters.</summary>
    public void ReleaseAll(int process)
    {
        lock (_lock)
        {
            List<uint>? empty = null;
            foreach (var (relation, holders) in _held)
            {
                holders.RemoveAll(h => h.Process == process);
                if (holders.Count == 0)
                {
                    (empty ??= []).Add(relation);
                }
            }

            foreach (var relation in empty ?? [])
            {
                _held.Remove(relation);
            }

            Monitor.PulseAll(_lock);
        }
    }

    private bool TryAcquireCore(uint relation, TableLockMode mode, int process)
    {
        if (!_held.TryGetValue(relation, out var holders))
        {
            _held[relation] = [(process, mode)];
            return true;
        }

        foreach (var (p, m) in holders)
        {
            if (p != process && (Conflicts[(int)mode] & (1 << (int)m)) != 0)
            {
                return false;
            }
        }

        if (!holders.Contains((process, mode)))
        {
            holders.Add((process, mode));
        }

        return true;
    }

    private static int Bits(params int[] modes)
    {
        var bits = 0;
        foreach (var m in modes)
        {
            bits |= 1 << m;
        }

        return bits;
    }
}
