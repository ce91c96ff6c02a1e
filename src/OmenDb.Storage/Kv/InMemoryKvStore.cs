using System.Buffers;
using System.Collections.Immutable;

namespace OmenDb.Storage.Kv;

/// <summary>
/// <see cref="IKvStore"/> held in memory: the same semantics as <see cref="RocksDbStore"/> without durability, for
/// tests and temporary databases.
/// </summary>
/// <remarks>
/// The state is an immutable sorted set (a persistent AVL tree) published through one volatile field. Readers take the
/// current root without locking, so a snapshot or an iterator is just a root reference; writers serialise on a lock,
/// build the next root copy-on-write (O(log n) new nodes per key) and publish it in one store, which is what makes a
/// batch atomic. Entries are never mutated, so a span handed out by <see cref="Get"/> stays valid after overwrites.
/// </remarks>
public sealed class InMemoryKvStore : IKvStore
{
    private readonly Lock _writeLock = new();
    private volatile ImmutableSortedSet<KvEntry> _root = ImmutableSortedSet.Create(KvEntry.Comparer);
    private volatile bool _disposed;

    /// <inheritdoc/>
    public KvValue Get(ReadOnlySpan<byte> key, IKvSnapshot? snapshot = null)
    {
        var root = Root(snapshot);
        return root.TryGetValue(KvEntry.Probe(key), out var entry) ? new KvValue(entry.Value) : default;
    }

    /// <inheritdoc/>
    public bool TryGet(ReadOnlySpan<byte> key, IBufferWriter<byte> destination, IKvSnapshot? snapshot = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var value = Get(key, snapshot);
        if (!value.Exists)
        {
            return false;
        }
        destination.Write(value.Span);
        return true;
    }

    /// <inheritdoc/>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var entry = new KvEntry(key.ToArray(), value.ToArray());
        lock (_writeLock)
        {
            ThrowIfDisposed();
            _root = _root.Remove(entry).Add(entry);
        }
    }

    /// <inheritdoc/>
    public void Delete(ReadOnlySpan<byte> key)
    {
        var probe = KvEntry.Probe(key);
        lock (_writeLock)
        {
            ThrowIfDisposed();
            _root = _root.Remove(probe);
        }
    }

    /// <inheritdoc/>
    public IKvWriteBatch CreateWriteBatch()
    {
        ThrowIfDisposed();
        return new InMemoryWriteBatch(this);
    }

    /// <inheritdoc/>
    public void Write(IKvWriteBatch batch, bool sync)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch is not InMemoryWriteBatch memoryBatch || memoryBatch.Store != this)
        {
            throw new ArgumentException("the batch was created by another store", nameof(batch));
        }
        lock (_writeLock)
        {
            ThrowIfDisposed();
            var builder = _root.ToBuilder();
            memoryBatch.ApplyTo(builder);
            _root = builder.ToImmutable();
        }
    }

    /// <inheritdoc/>
    public IKvIngestFile CreateIngestFile()
    {
        ThrowIfDisposed();
        return new InMemoryIngestFile(this);
    }

    /// <inheritdoc/>
    public void Ingest(IReadOnlyList<IKvIngestFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var own = new InMemoryIngestFile[files.Count];
        for (var i = 0; i < own.Length; i++)
        {
            own[i] = files[i] is InMemoryIngestFile file && file.Store == this
                ? file
                : throw new ArgumentException("the file was created by another store", nameof(files));
            own[i].Consume();
        }

        IngestKeyRange.CheckAscending([.. own.Select(f => f.Range)]);
        lock (_writeLock)
        {
            ThrowIfDisposed();
            var builder = _root.ToBuilder();
            foreach (var file in own)
            {
                file.ApplyTo(builder);
            }

            _root = builder.ToImmutable();
        }
    }

    /// <inheritdoc/>
    public IKvIterator CreateIterator(ReadOnlySpan<byte> lowerBound, ReadOnlySpan<byte> upperBound, IKvSnapshot? snapshot = null) =>
        new InMemoryIterator(Root(snapshot), lowerBound, upperBound);

    /// <inheritdoc/>
    public IKvIterator CreateIterator(IKvSnapshot? snapshot = null) => CreateIterator([], [], snapshot);

    /// <inheritdoc/>
    public IKvSnapshot CreateSnapshot()
    {
        ThrowIfDisposed();
        return new InMemorySnapshot(this, _root);
    }

    /// <inheritdoc/>
    public void Flush() => ThrowIfDisposed();

    /// <inheritdoc/>
    public void FlushWal(bool sync) => ThrowIfDisposed();

    /// <inheritdoc/>
    public void CompactRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> limit) => ThrowIfDisposed();

    /// <inheritdoc/>
    public long GetApproximateKeyCount() => Root(null).Count;

    /// <summary>Drops the contents; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_writeLock)
        {
            _disposed = true;
            _root = _root.Clear();
        }
    }

    private ImmutableSortedSet<KvEntry> Root(IKvSnapshot? snapshot)
    {
        ThrowIfDisposed();
        if (snapshot is null)
        {
            return _root;
        }
        if (snapshot is not InMemorySnapshot memorySnapshot || memorySnapshot.Store != this)
        {
            throw new ArgumentException("the snapshot was taken from another store", nameof(snapshot));
        }
        ObjectDisposedException.ThrowIf(memorySnapshot.IsDisposed, snapshot);
        return memorySnapshot.Root;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
