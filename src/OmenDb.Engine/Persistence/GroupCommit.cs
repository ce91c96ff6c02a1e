using OmenDb.Common;
using OmenDb.Storage.Kv;

namespace OmenDb.Engine.Persistence;

/// <summary>
/// Group commit the way PostgreSQL's WAL flush does it (commit_delay 0): a committer writes its batch to the WAL
/// without a sync, then waits until a sync covers it. Whoever finds no sync running becomes the leader and syncs
/// everything written so far on its own thread (one <see cref="IKvStore.FlushWal"/> with sync, RocksDB's <c>SyncWAL</c>,
/// which does not block writers); committers that arrive meanwhile have already written their batches and ride the
/// next sync.
/// </summary>
/// <remarks>
/// <para>Why not RocksDB's own sync write: its write group holds the write path through the fsync, so a commit that
/// arrives during one waits for it before even writing, and the group's followers spin (adaptive yield) and are then
/// woken one by one for their memtable inserts before the next group may start. With two cores and a client on the
/// same machine that made most groups hold one or two commits (strace: about one fdatasync per write with 16 clients).</para>
/// <para>Tickets: a writer counts its write (<see cref="_written"/>) only after the write returned, so when a leader
/// reads the count, every write counted so far is in the WAL file, and the sync that starts after the read covers them
/// all. <see cref="_synced"/> is the count the last successful sync covered.</para>
/// <para>Waiting: each sync is a <see cref="Round"/> with the count it covers. A committer whose ticket the running
/// round covers waits for that round; one it does not cover waits for the next round, which the thread that finishes
/// the running one starts at once, naming the next round's first waiter its leader. Every waiter sleeps on its own
/// thread's event and is woken once, by the round that covers it (or to lead): no waiter wakes to find that it must
/// wait again, and none contends for a shared lock on waking (a monitor's PulseAll woke every waiter of every round,
/// and they re-entered the lock one after another: about three futex sleeps per commit with 16 clients).</para>
/// <para>A failed sync fails every commit it covered with the storage error (58030 / 53100), and every later one: after
/// a failed fsync the OS may have dropped the unsynced pages and a later fsync could succeed without them (PostgreSQL
/// PANICs for the same reason), so no later commit can be acknowledged as durable. The batches of the failed commits
/// are in the WAL file, so after a restart they may be there. Reads go on; a restart recovers.</para>
/// </remarks>
internal sealed class GroupCommit(IKvStore kv)
{
    private readonly object _lock = new();
    private long _written;
    private long _synced;

    /// <summary>The sync in flight, or null when none runs.</summary>
    private Round? _running;

    /// <summary>Committers the running sync does not cover, waiting for the one after it (null: none yet).</summary>
    private Round? _next;

    private PgException? _failure;

    /// <summary>The highest count a failed sync was to cover: those commits get the failure's own text.</summary>
    private long _failedTarget;

    /// <summary>This thread's waiter, reused by every commit the thread waits for.</summary>
    [ThreadStatic]
    private static Waiter? t_waiter;

    /// <summary>Successful syncs so far (commits per sync = durable commits / syncs).</summary>
    public long Syncs { get; private set; }

    /// <summary>
    /// Writes <paramref name="batch"/> to the WAL without a sync and returns its ticket for <see cref="WaitDurable"/>
    /// (which a caller may leave for after releasing a lock it wrote under).
    /// </summary>
    public long Write(IKvWriteBatch batch)
    {
        ThrowIfFailed();
        kv.Write(batch, sync: false);
        return Interlocked.Increment(ref _written);
    }

    /// <summary>
    /// Writes <paramref name="batch"/> (it may be empty) and waits for a sync that covers it and every write before it,
    /// counted or not (<c>synchronous_commit = off</c> commits, logged sequence positions): the ticket is taken after
    /// those writes, so the sync that covers it starts after them.
    /// </summary>
    public void WriteAndSync(IKvWriteBatch batch)
    {
        ThrowIfFailed();
        if (batch.Count > 0)
        {
            kv.Write(batch, sync: false);
        }

        WaitDurable(Interlocked.Increment(ref _written));
    }

    /// <summary>Waits until a sync covered the write counted as <paramref name="ticket"/>, leading one when none runs.</summary>
    public void WaitDurable(long ticket)
    {
        while (true)
        {
            Round round;
            Waiter? waiter = null;
            lock (_lock)
            {
                if (_failure is { } failed)
                {
                    throw ticket <= _failedTarget ? new PgException(failed.SqlState, failed.Message) : Failed(failed);
                }

                if (_synced >= ticket)
                {
                    return;
                }

                if (_running is null)
                {
                    round = StartRound(new Round());
                }
                else
                {
                    round = ticket <= _running.Target ? _running : _next ??= new Round();
                    waiter = t_waiter ??= new Waiter();
                    waiter.Reset();
                    round.Waiters.Add(waiter);
                }
            }

            if (waiter is not null)
            {
                // Woken by the round that covers the ticket, or named the leader of the round it waited for (which the
                // finishing thread has started), or told to look again (a failure to report, or a sync that ended
                // without an outcome).
                var outcome = waiter.Wait();
                if (outcome == WaitOutcome.Covered)
                {
                    return;
                }

                if (outcome == WaitOutcome.Retry)
                {
                    continue;
                }
            }

            Sync(round);
            return;
        }
    }

    /// <summary>Makes <paramref name="round"/> the running sync, covering every write counted so far. Called under the lock.</summary>
    private Round StartRound(Round round)
    {
        round.Target = Volatile.Read(ref _written);
        _running = round;
        return round;
    }

    /// <summary>Runs the sync of <paramref name="round"/> on this thread, then wakes its waiters and starts the next round.</summary>
    private void Sync(Round round)
    {
        PgException? failure = null;
        var synced = false;
        try
        {
            kv.FlushWal(sync: true);
            synced = true;
        }
        catch (PgException e)
        {
            failure = e;
        }
        catch (ObjectDisposedException)
        {
            failure = new PgException(SqlState.IoError, "could not sync the WAL: the store is closed");
        }
        finally
        {
            Finish(round, synced, failure);
        }

        if (failure is not null)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Ends the running round: records its outcome, wakes its waiters, and starts the next round for the committers it
    /// did not cover with the first of them as its leader (or, after a failure, fails them too).
    /// </summary>
    private void Finish(Round round, bool synced, PgException? failure)
    {
        Round? next;
        Waiter? leader = null;
        lock (_lock)
        {
            System.Diagnostics.Debug.Assert(ReferenceEquals(_running, round), "only the running round finishes");
            _running = null;
            next = _next;
            _next = null;
            if (synced)
            {
                _synced = round.Target;
                Syncs++;
            }
            else if (failure is not null)
            {
                _failure ??= failure;
                _failedTarget = Math.Max(_failedTarget, round.Target);
            }

            if (next is { Waiters.Count: > 0 } && _failure is null)
            {
                StartRound(next);
                leader = next.Waiters[0];
                next.Waiters.RemoveAt(0);
            }
        }

        // The next sync's leader first, so that the sync starts before this round's waiters are woken one by one.
        if (next is not null)
        {
            if (leader is not null)
            {
                leader.Wake(WaitOutcome.Lead);
            }
            else
            {
                foreach (var waiter in next.Waiters)
                {
                    waiter.Wake(WaitOutcome.Retry);
                }
            }
        }

        // After a failure every waiter looks again and finds it; after an unexpected exception (neither outcome) the
        // waiters look again and one of them leads a new sync.
        var outcome = synced ? WaitOutcome.Covered : WaitOutcome.Retry;
        foreach (var waiter in round.Waiters)
        {
            waiter.Wake(outcome);
        }
    }

    /// <summary>Throws the storage error of a failed sync, if one failed: no commit may be acknowledged after it.</summary>
    public void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure)
        {
            throw Failed(failure);
        }
    }

    /// <summary>The error for a commit after (or covered by) a failed sync: the failure's SQLSTATE and text, a fresh exception.</summary>
    private static PgException Failed(PgException failure)
        => new(failure.SqlState, failure.Message + " (an earlier WAL sync failed; restart the server to write again)");

    /// <summary>One WAL sync: the write count it covers (set when it starts) and the committers waiting for it.</summary>
    private sealed class Round
    {
        public long Target;

        /// <summary>Waiting committers; the first one leads the round when it is started by the previous round's end.</summary>
        public readonly List<Waiter> Waiters = [];
    }

    private enum WaitOutcome : byte
    {
        /// <summary>Still asleep.</summary>
        Waiting,

        /// <summary>The round covering the ticket synced.</summary>
        Covered,

        /// <summary>The round waited for has started: run its sync.</summary>
        Lead,

        /// <summary>Look at the state again (a failure to report, or a sync that ended without an outcome).</summary>
        Retry,
    }

    /// <summary>A committer's sleep: one thread waits, one other thread wakes it once.</summary>
    private sealed class Waiter
    {
        private WaitOutcome _outcome;

        public void Reset() => _outcome = WaitOutcome.Waiting;

        public WaitOutcome Wait()
        {
            lock (this)
            {
                while (_outcome == WaitOutcome.Waiting)
                {
                    Monitor.Wait(this);
                }

                return _outcome;
            }
        }

        public void Wake(WaitOutcome outcome)
        {
            lock (this)
            {
                _outcome = outcome;
                Monitor.Pulse(this);
            }
        }
    }
}
