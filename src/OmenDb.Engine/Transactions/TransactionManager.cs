using System.Collections.Concurrent;

namespace OmenDb.Engine.Transactions;

/// <summary>
/// Hands out transaction ids and commit sequence numbers and answers "did transaction X commit, and when".
/// Visibility follows PostgreSQL's rules expressed with commit sequences: a row version is visible to a
/// snapshot when its creator committed at or before the snapshot's sequence (or is the reader itself)
/// and its deleter did not. Transaction ids and sequences only grow; both start at 1.
/// </summary>
internal sealed class TransactionManager
{
    private readonly ConcurrentDictionary<long, TransactionState> _states = new();
    private readonly object _commitLock = new();
    private long _nextTxId;
    private long _commitSeq;

    /// <summary>The sequence of the latest commit: a new snapshot sees everything committed up to it.</summary>
    public long CurrentSequence => Volatile.Read(ref _commitSeq);

    /// <summary>Starts a (sub)transaction and returns its state.</summary>
    public TransactionState Begin()
    {
        var id = Interlocked.Increment(ref _nextTxId);
        var state = new TransactionState(id);
        _states[id] = state;
        return state;
    }

    /// <summary>Commits the given (sub)transactions atomically under one new sequence number.</summary>
    public long Commit(IReadOnlyList<TransactionState> transactions)
    {
        lock (_commitLock)
        {
            var seq = _commitSeq + 1;
            foreach (var tx in transactions)
            {
                tx.CommitSequence = seq;
            }

            Volatile.Write(ref _commitSeq, seq);
            foreach (var tx in transactions)
            {
                tx.Finish();
            }

            return seq;
        }
    }

    /// <summary>Aborts a (sub)transaction: its row versions never become visible.</summary>
    public void Abort(TransactionState tx)
    {
        tx.Aborted = true;
        tx.Finish();
    }

    /// <summary>The state of transaction <paramref name="txId"/> (ids are never reused).</summary>
    public TransactionState? Get(long txId) => _states.GetValueOrDefault(txId);
}

/// <summary>One (sub)transaction's outcome. Written once, read by any thread.</summary>
internal sealed class TransactionState
{
    private readonly ManualResetEventSlim _done = new(false);

    public TransactionState(long id) => Id = id;

    /// <summary>The transaction id stamped on the row versions it creates or deletes.</summary>
    public long Id { get; }

    /// <summary>0 while running; the commit sequence once committed.</summary>
    public long CommitSequence { get; set; }

    /// <summary>True once rolled back.</summary>
    public bool Aborted { get; set; }

    /// <summary>Whether the transaction has ended (committed or aborted).</summary>
    public bool IsFinished => _done.IsSet;

    /// <summary>Marks the end and wakes waiters.</summary>
    public void Finish() => _done.Set();

    /// <summary>Waits for the transaction to end (a writer waiting on a row lock).</summary>
    public bool WaitFinished(TimeSpan timeout, CancellationToken cancel) => _done.Wait(timeout, cancel);
}
