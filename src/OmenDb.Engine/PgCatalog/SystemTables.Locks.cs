using OmenDb.Engine.Transactions;

namespace OmenDb.Engine.PgCatalog;

// pg_locks: the relation locks of every session (locktype 'relation'), granted ones and the one a session waits for,
// with PostgreSQL's mode names and its fastpath flag. Transaction and virtual-transaction locks are not listed:
// waits for a transaction's rows are tracked by the wait graph, not as locks.
internal static partial class SystemTables
{
    private static void RegisterLocks()
    {
        Set("pg_locks", static (r, t) => r.Locks().OrderBy(l => l.Process).ThenBy(l => l.Relation).Select(l => t.Row(
            ("locktype", "relation"), ("database", l.Database), ("relation", l.Relation), ("pid", l.Process),
            ("mode", TableLockManager.Name(l.Mode)), ("granted", l.Granted), ("fastpath", l.FastPath),
            ("waitstart", l.Granted ? null : l.WaitStart))));
    }
}
