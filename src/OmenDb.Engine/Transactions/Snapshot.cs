namespace OmenDb.Engine.Transactions;

/// <summary>
/// What a statement (READ COMMITTED) or a transaction (REPEATABLE READ) can see: everything committed at
/// or before <see cref="Sequence"/>, plus the reader's own non-aborted (sub)transactions.
/// </summary>
internal sealed class Snapshot
{
    private readonly TransactionManager _manager;
    private readonly HashSet<long> _own;

    public Snapshot(TransactionManager manager, long sequence, HashSet<long> own)
    {
        _manager = manager;
        Sequence = sequence;
        _own = own;
    }

    /// <summary>The commit sequence this snapshot reads at.</summary>
    public long Sequence { get; }

    /// <summary>
    /// A copy that keeps today's own set: (sub)transactions the reader starts later stay invisible to it, as the
    /// changes of data-modifying WITH queries are to the rest of their statement.
    /// </summary>
    public Snapshot Freeze() => new(_manager, Sequence, [.. _own]);

    /// <summary>Whether a row version created by <paramref name="createdTx"/> and deleted by <paramref name="deletedTx"/> (0 = never) is visible.</summary>
    public bool IsVisible(long createdTx, long deletedTx)
        => IsEffective(createdTx) && (deletedTx == 0 || !IsEffective(deletedTx));

    /// <summary>Whether the work of transaction <paramref name="txId"/> is in effect for this snapshot.</summary>
    public bool IsEffective(long txId)
    {
        if (txId == 0)
        {
            return false;
        }

        if (txId < _manager.FrozenBelow)
        {
            // Forgotten: committed before every snapshot that can exist, unless aborted.
            return !_manager.IsFrozenAborted(txId);
        }

        // Rows come in runs stamped by the same transaction (a bulk load, a batch of inserts): remember the last
        // answer about another transaction. It cannot change for this snapshot: a transaction committed at or
        // before Sequence stays so, and one that was not will commit later, if at all. Own transactions are never
        // cached (ROLLBACK TO ends them within a snapshot). One long, so threads sharing the snapshot read it whole.
        var last = Volatile.Read(ref _lastAnswer);
        if (last >> 1 == txId)
        {
            return (last & 1) != 0;
        }

        if (_own.Contains(txId))
        {
            return true;
        }

        var state = _manager.Get(txId);
        var effective = state is { Aborted: false } && state.CommitSequence != 0 && state.CommitSequence <= Sequence;
        Volatile.Write(ref _lastAnswer, (txId << 1) | (effective ? 1L : 0L));
        return effective;
    }

    /// <summary>The last answer of <see cref="IsEffective"/> from the transaction manager: txId &lt;&lt; 1 | effective.</summary>
    private long _lastAnswer;
}
