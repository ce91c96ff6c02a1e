namespace OmenDb.Storage.Kv;

/// <summary>An ingest file for <see cref="InMemoryKvStore"/>: the copied operations, applied under the store's write lock.</summary>
internal sealed class InMemoryIngestFile : IKvIngestFile
{
    private readonly List<(byte[] Key, byte[]? Value)> _operations = [];
    private bool _consumed;

    internal InMemoryIngestFile(InMemoryKvStore store) => Store = store;

    internal InMemoryKvStore Store { get; }

    internal IngestKeyRange Range { get; } = new();

    /// <inheritdoc/>
    public long Count => Range.Count;

    /// <inheritdoc/>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        ObjectDisposedException.ThrowIf(_consumed, this);
        Range.Add(key);
        _operations.Add((key.ToArray(), value.ToArray()));
    }

    /// <inheritdoc/>
    public void Delete(ReadOnlySpan<byte> key)
    {
        ObjectDisposedException.ThrowIf(_consumed, this);
        Range.Add(key);
        _operations.Add((key.ToArray(), null));
    }

    /// <summary>Marks the file used; a second ingestion or a later add throws <see cref="ObjectDisposedException"/>.</summary>
    internal void Consume()
    {
        ObjectDisposedException.ThrowIf(_consumed, this);
        _consumed = true;
    }

    /// <summary>Replays the operations; the caller holds the store's write lock.</summary>
    internal void ApplyTo(System.Collections.Immutable.ImmutableSortedSet<KvEntry>.Builder builder)
    {
        foreach (var (key, value) in _operations)
        {
            var entry = new KvEntry(key, value ?? []);
            builder.Remove(entry);
            if (value is not null)
            {
                builder.Add(entry);
            }
        }

        _operations.Clear();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _consumed = true;
        _operations.Clear();
    }
}
