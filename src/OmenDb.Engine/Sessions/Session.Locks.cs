using OmenDb.Common;
using OmenDb.Engine.Transactions;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// Lock waits: a row held by another transaction (UPDATE, DELETE, SELECT's writers) and relation locks (the implicit
// locks of statements, see Session.PendingCatalog.cs, and LOCK TABLE). A wait is registered in the engine's
// WaitGraph; after deadlock_timeout it checks once for a cycle back to this session (40P01, PostgreSQL's DETAIL),
// and lock_timeout (55P03), statement_timeout and cancel end it as in PostgreSQL.
public sealed partial class Session
{
    /// <summary>
    /// Waits until <paramref name="waitStep"/> (which waits up to the given milliseconds) reports the lock granted.
    /// <paramref name="what"/> names the lock for the deadlock report ("ShareLock on transaction 12");
    /// <paramref name="blockers"/> lists the process ids holding it.
    /// </summary>
    internal void WaitForLock(string what, Func<IReadOnlyList<int>> blockers, Func<int, bool> waitStep)
    {
        var graph = _engine.WaitGraph;
        var start = Environment.TickCount64;
        var deadlockAt = start + Math.Max(1, SettingDefinition.ParseStoredInteger(_settings["deadlock_timeout"], "ms"));
        var lockTimeout = SettingDefinition.ParseStoredInteger(_settings["lock_timeout"], "ms");
        var checkedDeadlock = false;
        graph.Enter(ProcessId, what, blockers);
        try
        {
            while (true)
            {
                var now = Environment.TickCount64;
                var next = checkedDeadlock ? now + 100 : Math.Min(now + 100, deadlockAt);
                if (lockTimeout > 0)
                {
                    next = Math.Min(next, start + lockTimeout);
                }

                if (waitStep((int)Math.Max(1, next - now)))
                {
                    return;
                }

                CheckCancel();
                CheckStatementTimeout();
                now = Environment.TickCount64;
                if (lockTimeout > 0 && now - start >= lockTimeout)
                {
                    ThrowHelper.Throw(SqlState.LockNotAvailable, "canceling statement due to lock timeout");
                }

                if (!checkedDeadlock && now >= deadlockAt)
                {
                    // Once, as PostgreSQL: a cycle formed later is found by the waiter that closes it.
                    checkedDeadlock = true;
                    if (graph.FindCycle(ProcessId) is { } detail)
                    {
                        throw new PgException(SqlState.TRDeadlockDetected, "deadlock detected")
                        {
                            Detail = detail,
                            Hint = "See server log for query details.",
                        };
                    }
                }
            }
        }
        finally
        {
            graph.Exit(ProcessId);
        }
    }

    /// <summary>Waits for the transaction holding a row (the id stamped on it) to end.</summary>
    internal void WaitForTransaction(TransactionState holder)
    {
        WaitForLock($"ShareLock on transaction {holder.Id}",
            () => holder.IsFinished || holder.ProcessId == 0 ? [] : [holder.ProcessId],
            ms => holder.WaitFinished(TimeSpan.FromMilliseconds(ms), CancellationToken.None));
    }

    /// <summary>LOCK TABLE: takes the mode on each table until the transaction ends.</summary>
    private void LockTables(LockStatement statement)
    {
        if (TableLockManager.Parse(statement.Mode) is not { } mode)
        {
            throw new PgException(SqlState.SyntaxError, $"syntax error at or near \"{statement.Mode!.Split(' ')[^1]}\"");
        }

        var binder = NewBinder([]);
        foreach (var target in statement.Tables)
        {
            LockForDdl(binder, target.Name, binder.RequireTable(target.Name), mode, statement.NoWait);
        }
    }
}
