using System.Collections.Concurrent;

namespace OmenDb.Engine.Transactions;

/// <summary>
/// Hands out transaction ids and commit sequence numbers and answers "did transaction X commit, and when".
/// Visibility follows PostgreSQL's rules expressed with commit sequences: a row version is visible to a
/// snapshot when its creator committed at or before the snapshot's sequence (or is the reader itself)
/// and its deleter did not. Transaction ids and sequences only grow; both start at 1.
/// <para>States do not pile up: <see cref="Truncate"/> forgets every transaction below a watermark once all of
/// them have ended and every commit among them is visible to every snapshot that can still exist (PostgreSQL's
/// frozen xids). Below the watermark a transaction is "committed before every snapshot" unless it is in the small
/// set of aborted ids kept for row versions that still carry them.</para>
/// </summary>
internal sealed class TransactionManager
{
    /// <summary>What <see cref="Get"/> answers for a committed transaction below the watermark: committed at sequence 1, before every live snapshot.</summary>
    private static readonly TransactionState FrozenCommitted = TransactionState.Frozen(aborted: false);

    /// <summary>What <see cref="Get"/> answers for an aborted transaction below the watermark.</summary>
    private static readonly TransactionState FrozenAborted = TransactionState.Frozen(aborted: true);

    private readonly ConcurrentDictionary<long, TransactionState> _states = new();
    private readonly ConcurrentDictionary<long, byte> _abortedBelow = new();
    private readonly object _commitLock = new();
    private readonly object _truncateLock = new();
    private long _nextTxId;
    private long _commitSeq;
    private long _frozenBelow = 1;

    /// <summary>The sequence of the latest commit: a new snapshot sees everything committed up to it.</summary>
    public long CurrentSequence => Volatile.Read(ref _commitSeq);

    /// <summary>Every transaction id below this one has ended and, if it committed, is visible to every snapshot.</summary>
    public long FrozenBelow => Volatile.Read(ref _frozenBelow);

    /// <summary>Transaction states currently held (for tests and monitoring).</summary>
    public int StateCount => _states.Count;

    /// <summary>Starts a (sub)transaction of the session <paramref name="processId"/> (0: none) and returns its state.</summary>
    public TransactionState Begin(int processId = 0)
    {
        var id = Interlocked.Increment(ref _nextTxId);
        var state = new TransactionState(id) { StartSequence = CurrentSequence, ProcessId = processId };
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

    /// <summary>The state of transaction <paramref name="txId"/> (ids are never reused), or null for an id never handed out.</summary>
    public TransactionState? Get(long txId)
    {
        if (_states.TryGetValue(txId, out var state))
        {
            return state;
        }

        // Truncate raises the watermark before it removes states, so a miss below it is a forgotten transaction.
        if (txId > 0 && txId < FrozenBelow)
        {
            return IsFrozenAborted(txId) ? FrozenAborted : FrozenCommitted;
        }

        return null;
    }

    /// <summary>Whether <paramref name="txId"/>, below the watermark, was aborted (the common case of none is one read).</summary>
    public bool IsFrozenAborted(long txId) => !_abortedBelow.IsEmpty && _abortedBelow.ContainsKey(txId);

    /// <summary>
    /// The oldest commit sequence a snapshot can still read at: the start of the oldest running transaction (every
    /// snapshot it takes is at least that), or the current sequence when none runs. A row version ended by a
    /// transaction committed at or before it is invisible to every snapshot. Only exact while no statement runs
    /// (the <see cref="ReclaimGate"/> is closed): a snapshot taken outside a transaction is not counted.
    /// </summary>
    public long Horizon()
    {
        var horizon = CurrentSequence;
        foreach (var state in _states.Values)
        {
            if (!state.IsFinished && state.StartSequence < horizon)
            {
                horizon = state.StartSequence;
            }
        }

        return horizon;
    }

    /// <summary>
    /// Forgets the states of the transactions below the first one that is still running or whose commit is newer
    /// than <paramref name="horizon"/>; aborted ones among them are remembered by id only. Returns how many were
    /// forgotten.
    /// </summary>
    public int Truncate(long horizon)
    {
        lock (_truncateLock)
        {
            var from = FrozenBelow;
            var next = Volatile.Read(ref _nextTxId) + 1;
            var to = from;
            while (to < next && _states.TryGetValue(to, out var s) && s.IsFinished && (s.Aborted || s.CommitSequence <= horizon))
            {
                if (s.Aborted)
                {
                    _abortedBelow[to] = 0;
                }

                to++;
            }

            // Publish the watermark before removing: a reader that misses a state then finds it frozen.
            Volatile.Write(ref _frozenBelow, to);
            for (var id = from; id < to; id++)
            {
                _states.TryRemove(id, out _);
            }

            return (int)(to - from);
        }
    }
}

/// <summary>One (sub)transaction's outcome. Written once, read by any thread.</summary>
internal sealed class TransactionState
{
    private ManualResetEventSlim? _done;
    private volatile bool _finished;

    public TransactionState(long id) => Id = id;

    /// <summary>A state standing for any transaction below the manager's watermark (finished; committed before every snapshot, or aborted).</summary>
    public static TransactionState Frozen(bool aborted)
        => new(0) { CommitSequence = aborted ? 0 : 1, Aborted = aborted, _finished = true };

    /// <summary>The transaction id stamped on the row versions it creates or deletes.</summary>
    public long Id { get; }

    /// <summary>The process id of the session running the transaction (0 for the engine's own), for lock waits.</summary>
    public int ProcessId { get; init; }

    /// <summary>The commit sequence current when the transaction began: its snapshots are at least this.</summary>
    public long StartSequence { get; init; }

    /// <summary>0 while running; the commit sequence once committed.</summary>
    public long CommitSequence { get; set; }

    /// <summary>True once rolled back.</summary>
    public bool Aborted { get; set; }

    /// <summary>Whether the transaction has ended (committed or aborted).</summary>
    public bool IsFinished => _finished;

    /// <summary>Marks the end and wakes waiters.</summary>
    public void Finish()
    {
        _finished = true;
        Interlocked.MemoryBarrier(); // pairs with the waiter's publish-then-check in WaitFinished
        Volatile.Read(ref _done)?.Set();
    }

    /// <summary>Waits for the transaction to end (a writer waiting on a row lock). The event exists only once someone waits.</summary>
    public bool WaitFinished(TimeSpan timeout, CancellationToken cancel)
    {
        if (_finished)
        {
            return true;
        }

        var done = Volatile.Read(ref _done);
        if (done is null)
        {
            var created = new ManualResetEventSlim(false);
            done = Interlocked.CompareExchange(ref _done, created, null) ?? created;
            if (!ReferenceEquals(done, created))
            {
                created.Dispose();
            }
        }

        // Finish may have run before the event was published: check the flag again after publishing it.
        return _finished || done.Wait(timeout, cancel) || _finished;
    }
}
