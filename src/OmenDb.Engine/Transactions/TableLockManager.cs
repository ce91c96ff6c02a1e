namespace OmenDb.Engine.Transactions;

/// <summary>
/// Relation locks with PostgreSQL's modes and conflict table (explicit-locking.html, table 13.2), held by a session
/// until its transaction ends: the implicit locks of every statement (SELECT ACCESS SHARE, DML ROW EXCLUSIVE, DDL
/// ACCESS EXCLUSIVE ...) and LOCK TABLE. A session never conflicts with itself.
/// <para>The hot path is PostgreSQL's fast path (lock.c): a weak lock (ACCESS SHARE, ROW SHARE, ROW EXCLUSIVE; they
/// conflict with no other weak mode) goes into the session's own <see cref="LockOwner"/> list when no strong lock on
/// the relation is held or awaited, which one counter per relation hash slot tells. That costs one uncontended
/// monitor on the session's own object and no allocation. A strong request raises the counter first, then moves every
/// session's fast-path entries for the relation into the shared table, where conflicts, waits and deadlock edges are
/// computed; while the counter is up, weak requests for that slot go to the shared table too.</para>
/// <para>Waiters queue as in PostgreSQL: a request from a session that holds no lock on the relation also waits
/// behind an earlier waiting request it conflicts with (a SELECT queues behind an ALTER TABLE that waits for another
/// reader), and that waiter counts as a blocker for deadlock detection.</para>
/// </summary>
internal sealed class TableLockManager
{
    /// <summary>Hash slots of the strong-lock counters (PostgreSQL's FAST_PATH_STRONG_LOCK_HASH_PARTITIONS).</summary>
    private const int StrongSlots = 1024;

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
    private readonly Dictionary<int, LockOwner> _owners = [];
    private readonly Dictionary<int, (uint Relation, TableLockMode Mode, long Since, long Ticket)> _waiting = [];
    private long _nextTicket;

    /// <summary>Strong locks held or awaited per relation hash slot; non-zero sends weak requests to the shared table.</summary>
    private readonly int[] _strong = new int[StrongSlots];

    /// <summary>PostgreSQL's name of a mode as the deadlock DETAIL and pg_locks print it, e.g. "AccessExclusiveLock".</summary>
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

    /// <summary>Whether <paramref name="mode"/> conflicts with one of the weak modes (and so must empty the fast paths).</summary>
    private static bool IsStrong(TableLockMode mode) => mode > TableLockMode.ShareUpdateExclusive;

    private static int Slot(uint relation) => (int)(relation % StrongSlots);

    /// <summary>Registers a session; its locks are released by <see cref="ReleaseAll"/> and it leaves with <see cref="Unregister"/>.</summary>
    public LockOwner Register(int processId, uint databaseOid)
    {
        var owner = new LockOwner(processId, databaseOid);
        lock (_lock)
        {
            _owners[processId] = owner;
        }

        return owner;
    }

    /// <summary>Forgets a session that ended (after its last <see cref="ReleaseAll"/>).</summary>
    public void Unregister(LockOwner owner)
    {
        ReleaseAll(owner);
        lock (_lock)
        {
            _owners.Remove(owner.ProcessId);
        }
    }

    /// <summary>Takes the lock if no other session holds a conflicting one.</summary>
    public bool TryAcquire(LockOwner owner, uint relation, TableLockMode mode)
    {
        if (!IsStrong(mode))
        {
            lock (owner)
            {
                if (owner.HoldsFast(relation, mode))
                {
                    return true;
                }

                // Read under the owner's monitor: a strong requester raises the counter before it empties this list.
                if (Volatile.Read(ref _strong[Slot(relation)]) == 0)
                {
                    owner.FastPath.Add((relation, mode));
                    return true;
                }
            }
        }

        lock (_lock)
        {
            return TryAcquireShared(owner, relation, mode);
        }
    }

    /// <summary>Waits up to <paramref name="milliseconds"/> for the lock to become free, then tries once more.</summary>
    public bool WaitAndTryAcquire(LockOwner owner, uint relation, TableLockMode mode, int milliseconds)
    {
        lock (_lock)
        {
            if (TryAcquireShared(owner, relation, mode))
            {
                return true;
            }

            Monitor.Wait(_lock, milliseconds);
            return TryAcquireShared(owner, relation, mode);
        }
    }

    /// <summary>Records (or with null clears) what a session waits for: its place in the queue, and pg_locks.</summary>
    public void SetWaiting(int process, uint relation, TableLockMode? mode, long sinceMicros)
    {
        lock (_lock)
        {
            if (mode is { } m)
            {
                _waiting[process] = (relation, m, sinceMicros, ++_nextTicket);
            }
            else if (_waiting.Remove(process))
            {
                // Requests queued behind this one may go now.
                Monitor.PulseAll(_lock);
            }
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

            if (_owners.TryGetValue(process, out var owner) && QueuedBehind(owner, relation, mode) is { } ahead && !blockers.Contains(ahead))
            {
                blockers.Add(ahead);
            }

            return blockers;
        }
    }

    /// <summary>Releases every lock of <paramref name="owner"/> (its transaction ended) and wakes the waiters.</summary>
    public void ReleaseAll(LockOwner owner)
    {
        bool shared;
        lock (owner)
        {
            owner.FastPath.Clear();
            shared = owner.InSharedTable;
            owner.InSharedTable = false;
        }

        if (!shared && owner.StrongCounted.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            // A local, not the parameter: a lambda capturing the parameter allocates its closure at every call, also
            // on the early return above (every statement's end).
            var process = owner.ProcessId;
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

            foreach (var relation in owner.StrongCounted)
            {
                Interlocked.Decrement(ref _strong[Slot(relation)]);
            }

            owner.StrongCounted.Clear();
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Every relation lock, granted or awaited, for pg_locks: fast-path entries, the shared table and the waits.</summary>
    public List<(uint Database, uint Relation, int Process, TableLockMode Mode, bool Granted, bool FastPath, long WaitStart)> Snapshot()
    {
        var rows = new List<(uint, uint, int, TableLockMode, bool, bool, long)>();
        lock (_lock)
        {
            foreach (var (relation, holders) in _held)
            {
                foreach (var (p, m) in holders)
                {
                    rows.Add((_owners.TryGetValue(p, out var o) ? o.DatabaseOid : 0, relation, p, m, true, false, 0));
                }
            }

            foreach (var owner in _owners.Values)
            {
                lock (owner)
                {
                    foreach (var (r, m) in owner.FastPath)
                    {
                        rows.Add((owner.DatabaseOid, r, owner.ProcessId, m, true, true, 0));
                    }
                }

                if (_waiting.TryGetValue(owner.ProcessId, out var w))
                {
                    rows.Add((owner.DatabaseOid, w.Relation, owner.ProcessId, w.Mode, false, false, w.Since));
                }
            }
        }

        return rows;
    }

    /// <summary>The shared-table path, under <see cref="_lock"/>: strong requests first empty the fast paths of the relation.</summary>
    private bool TryAcquireShared(LockOwner owner, uint relation, TableLockMode mode)
    {
        if (IsStrong(mode) && !owner.StrongCounted.Contains(relation))
        {
            owner.StrongCounted.Add(relation);
            Interlocked.Increment(ref _strong[Slot(relation)]);
            MoveFastPathEntries(relation);
        }

        if (!_held.TryGetValue(relation, out var holders))
        {
            _held[relation] = holders = [];
        }

        var blocked = false;
        foreach (var (p, m) in holders)
        {
            blocked |= p != owner.ProcessId && (Conflicts[(int)mode] & (1 << (int)m)) != 0;
        }

        if (blocked || QueuedBehind(owner, relation, mode) is not null)
        {
            if (holders.Count == 0)
            {
                _held.Remove(relation);
            }

            return false;
        }

        if (!holders.Contains((owner.ProcessId, mode)))
        {
            holders.Add((owner.ProcessId, mode));
        }

        lock (owner)
        {
            owner.InSharedTable = true;
        }

        return true;
    }

    /// <summary>
    /// The process of an earlier waiting request on <paramref name="relation"/> that <paramref name="mode"/> conflicts
    /// with, when <paramref name="owner"/> holds no lock on the relation yet (a holder goes ahead, as in PostgreSQL,
    /// since making it wait could only deadlock); else null. Under <see cref="_lock"/>.
    /// </summary>
    private int? QueuedBehind(LockOwner owner, uint relation, TableLockMode mode)
    {
        if (_waiting.Count == 0 || HoldsAny(owner, relation))
        {
            return null;
        }

        var ticket = _waiting.TryGetValue(owner.ProcessId, out var own) && own.Relation == relation ? own.Ticket : long.MaxValue;
        int? first = null;
        var firstTicket = long.MaxValue;
        foreach (var (p, w) in _waiting)
        {
            if (p != owner.ProcessId && w.Relation == relation && w.Ticket < ticket && w.Ticket < firstTicket
                && (Conflicts[(int)mode] & (1 << (int)w.Mode)) != 0)
            {
                (first, firstTicket) = (p, w.Ticket);
            }
        }

        return first;
    }

    /// <summary>Whether <paramref name="owner"/> holds any lock on <paramref name="relation"/> (under <see cref="_lock"/>).</summary>
    private bool HoldsAny(LockOwner owner, uint relation)
    {
        if (_held.TryGetValue(relation, out var holders))
        {
            foreach (var (p, _) in holders)
            {
                if (p == owner.ProcessId)
                {
                    return true;
                }
            }
        }

        lock (owner)
        {
            foreach (var (r, _) in owner.FastPath)
            {
                if (r == relation)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Moves every session's fast-path locks on <paramref name="relation"/> into the shared table (under <see cref="_lock"/>).</summary>
    private void MoveFastPathEntries(uint relation)
    {
        foreach (var owner in _owners.Values)
        {
            lock (owner)
            {
                var list = owner.FastPath;
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    if (list[i].Relation != relation)
                    {
                        continue;
                    }

                    if (!_held.TryGetValue(relation, out var holders))
                    {
                        _held[relation] = holders = [];
                    }

                    if (!holders.Contains((owner.ProcessId, list[i].Mode)))
                    {
                        holders.Add((owner.ProcessId, list[i].Mode));
                    }

                    list.RemoveAt(i);
                    owner.InSharedTable = true;
                }
            }
        }
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
