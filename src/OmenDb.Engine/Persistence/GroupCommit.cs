using OmenDb.Common;
using OmenDb.Storage.Kv;

namespace OmenDb.Engine.Persistence;

/// <summary>
/// Group commit the way PostgreSQL's WAL flush does it (commit_delay 0): a committer writes its batch to the WAL
/// without a sync, then waits until a sync covers it. Whoever finds no sync running becomes the leader and syncs
/// everything written so far (one <see cref="IKvStore.FlushWal"/> with sync, RocksDB's <c>SyncWAL</c>, which does not
/// block writers); committers that arrive meanwhile have already written their batches and ride the next sync, whose
/// leader is the first of them to wake.
/// </summary>
/// <remarks>
/// <para>Why not RocksDB's own sync write: its write group holds the write path through the fsync, so a commit that
/// arrives during one waits for it before even writing, and the group's followers spin (adaptive yield) and are then
/// woken one by one for their memtable inserts before the next group may start. With two cores and a client on the
/// same machine that made most groups hold one or two commits (strace: about one fdatasync per write with 16 clients).</para>
/// <para>Tickets: a writer counts its write (<see cref="_written"/>) only after the write returned, so when a leader
/// reads the count, every write counted so far is in the WAL file, and the sync that starts after the read covers them
/// all. <see cref="_synced"/> is the count the last successful sync covered.</para>
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
    private bool _syncing;
    private PgException? _failure;

    /// <summary>The highest count a failed sync was to cover: those commits get the failure's own text.</summary>
    private long _failedTarget;

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
        long target;
        lock (_lock)
        {
            while (true)
            {
                if (_failure is { } failed)
                {
                    throw ticket <= _failedTarget ? new PgException(failed.SqlState, failed.Message) : Failed(failed);
                }

                if (_synced >= ticket)
                {
                    return;
                }

                if (!_syncing)
                {
                    break;
                }

                Monitor.Wait(_lock);
            }

            _syncing = true;
            target = Volatile.Read(ref _written);
        }

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
            lock (_lock)
            {
                _syncing = false;
                if (synced)
                {
                    _synced = target;
                    Syncs++;
                }
                else if (failure is not null)
                {
                    _failure ??= failure;
                    _failedTarget = Math.Max(_failedTarget, target);
                }

                Monitor.PulseAll(_lock);
            }
        }

        if (failure is not null)
        {
            throw failure;
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
}
