using System.Buffers;
using OmenDb.Common;
using OmenDb.Storage.Kv;

namespace OmenDb.Engine.Tests.Support;

/// <summary>
/// Passes everything to the real store, except that writes fail with <see cref="Failure"/> while it is set and WAL syncs
/// with <see cref="SyncFailure"/>; counts writes and syncs, and can hold a sync (<see cref="BeforeSync"/>) or act after a
/// write (<see cref="AfterWrite"/>).
/// </summary>
internal sealed class FaultyStore(IKvStore inner) : IKvStore
{
    private int _writes;
    private int _syncs;
    private int _syncedThrough;
    private readonly ThreadLocal<int> _lastWrite = new();

    public PgException? Failure { get; set; }

    /// <summary>Thrown by <see cref="FlushWal"/> with sync (after <see cref="BeforeSync"/>) while set.</summary>
    public PgException? SyncFailure { get; set; }

    /// <summary>Runs at the start of every <see cref="FlushWal"/> with sync, on the syncing thread.</summary>
    public Action? BeforeSync { get; set; }

    /// <summary>Batches written (<see cref="Write"/> calls that reached the store).</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary><see cref="FlushWal"/> calls with sync, failed ones included.</summary>
    public int Syncs => Volatile.Read(ref _syncs);

    /// <summary>
    /// The most batches a successful sync is known to cover: the count of writes that had returned when that sync
    /// started. A write numbered at or below it is durable.
    /// </summary>
    public int SyncedThrough => Volatile.Read(ref _syncedThrough);

    /// <summary>The number (1-based, in <see cref="Writes"/>) of the last batch the calling thread wrote, 0 if none.</summary>
    public int LastWriteOnThisThread => _lastWrite.Value;

    public KvValue Get(ReadOnlySpan<byte> key, IKvSnapshot? snapshot = null) => inner.Get(key, snapshot);

    public bool TryGet(ReadOnlySpan<byte> key, IBufferWriter<byte> destination, IKvSnapshot? snapshot = null) => inner.TryGet(key, destination, snapshot);

    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        ThrowIfFailing();
        inner.Put(key, value);
    }

    public void Delete(ReadOnlySpan<byte> key)
    {
        ThrowIfFailing();
        inner.Delete(key);
    }

    public IKvWriteBatch CreateWriteBatch() => inner.CreateWriteBatch();

    public void Write(IKvWriteBatch batch, bool sync)
    {
        ThrowIfFailing();
        inner.Write(batch, sync);
        _lastWrite.Value = Interlocked.Increment(ref _writes);
        AfterWrite?.Invoke();
    }

    /// <summary>Runs after every batch <see cref="Write"/> stored, on the writing thread.</summary>
    public Action? AfterWrite { get; set; }

    public IKvIngestFile CreateIngestFile() => inner.CreateIngestFile();

    /// <summary>Calls of <see cref="Ingest"/>, failed ones included: proof that a commit took the ingestion path.</summary>
    public int IngestCalls { get; private set; }

    public void Ingest(IReadOnlyList<IKvIngestFile> files)
    {
        IngestCalls++;
        ThrowIfFailing();
        inner.Ingest(files);
    }

    public IKvIterator CreateIterator(ReadOnlySpan<byte> lowerBound, ReadOnlySpan<byte> upperBound, IKvSnapshot? snapshot = null)
        => inner.CreateIterator(lowerBound, upperBound, snapshot);

    public IKvIterator CreateIterator(IKvSnapshot? snapshot = null) => inner.CreateIterator(snapshot);

    public IKvSnapshot CreateSnapshot() => inner.CreateSnapshot();

    public void Flush() => inner.Flush();

    public void FlushWal(bool sync)
    {
        var covers = Writes;
        if (sync)
        {
            Interlocked.Increment(ref _syncs);
            BeforeSync?.Invoke();
            if (SyncFailure is { } failure)
            {
                throw new PgException(failure.SqlState, failure.Message);
            }
        }

        inner.FlushWal(sync);
        if (sync)
        {
            int seen;
            while ((seen = Volatile.Read(ref _syncedThrough)) < covers
                   && Interlocked.CompareExchange(ref _syncedThrough, covers, seen) != seen)
            {
            }
        }
    }

    public void CompactRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> limit) => inner.CompactRange(start, limit);

    public long GetApproximateKeyCount() => inner.GetApproximateKeyCount();

    public void Dispose()
    {
        _lastWrite.Dispose();
        inner.Dispose();
    }

    private void ThrowIfFailing()
    {
        if (Failure is { } failure)
        {
            throw new PgException(failure.SqlState, failure.Message);
        }
    }
}
