namespace OmenDb.Engine.Transactions;

/// <summary>
/// One session's relation locks as <see cref="TableLockManager"/> keeps them. Weak locks (ACCESS SHARE, ROW SHARE,
/// ROW EXCLUSIVE) taken while nobody holds or awaits a strong lock on the relation live only here, in the session's
/// fast-path list (PostgreSQL's per-backend fast-path slots): taking one locks this object, never the manager. A
/// strong request moves every session's fast-path entries for its relation into the manager's shared table first.
/// The list is guarded by this object's monitor; the owning session and a strong requester are the only contenders.
/// </summary>
internal sealed class LockOwner
{
    private readonly List<(uint Relation, TableLockMode Mode)> _fastPath = [];

    public LockOwner(int processId, uint databaseOid)
    {
        ProcessId = processId;
        DatabaseOid = databaseOid;
    }

    /// <summary>The session's process id (pg_locks.pid).</summary>
    public int ProcessId { get; }

    /// <summary>The session's database (pg_locks.database).</summary>
    public uint DatabaseOid { get; }

    /// <summary>Whether the shared table may hold locks of this session (guarded by this object's monitor).</summary>
    internal bool InSharedTable { get; set; }

    /// <summary>Relations whose strong-lock counter this session raised (guarded by the manager's lock).</summary>
    internal List<uint> StrongCounted { get; } = [];

    /// <summary>The fast-path entries (guarded by this object's monitor).</summary>
    internal List<(uint Relation, TableLockMode Mode)> FastPath => _fastPath;

    /// <summary>Whether the fast path already holds <paramref name="mode"/> on <paramref name="relation"/>; call under the monitor.</summary>
    internal bool HoldsFast(uint relation, TableLockMode mode)
    {
        foreach (var (r, m) in _fastPath)
        {
            if (r == relation && m == mode)
            {
                return true;
            }
        }

        return false;
    }
}
