using System.Collections.Immutable;

namespace OmenDb.Storage.Kv;

/// <summary>A batch for <see cref="InMemoryKvStore"/>: a list of copied operations replayed under the store's write lock.</summary>
internal sealed class InMemoryWriteBatch : IKvWriteBatch
{
    private readonly List<Operation> _operations = [];
    private bool _disposed;

    internal InMemoryWriteBatch(InMemoryKvStore store) => Store = store;

    internal InMemoryKvStore Store { get; }

    /// <inheritdoc/>
    public int Count
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _operations.Count;
        }
    }

    /// <inheritdoc/>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _operations.Add(new Operation(OperationKind.Put, key.ToArray(), value.ToArray()));
    }

    /// <inheritdoc/>
    public void Delete(ReadOnlySpan<byte> key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _operations.Add(new Operation(OperationKind.Delete, key.ToArray(), []));
    }

    /// <inheritdoc/>
    public void DeleteRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> end)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (KvRanges.IsNonEmptyRange(start, end))
        {
            _operations.Add(new Operation(OperationKind.DeleteRange, start.ToArray(), end.ToArray()));
        }
    }

    /// <inheritdoc/>
    public void Clear()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _operations.Clear();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _disposed = true;
        _operations.Clear();
    }

    /// <summary>Replays the operations in order; the caller holds the store's write lock.</summary>
    internal void ApplyTo(ImmutableSortedSet<KvEntry>.Builder builder)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var operation in _operations)
        {
            switch (operation.Kind)
            {
                case OperationKind.Put:
                    var entry = new KvEntry(operation.Key, operation.Value);
                    builder.Remove(entry);
                    builder.Add(entry);
                    break;
                case OperationKind.Delete:
                    builder.Remove(new KvEntry(operation.Key, []));
                    break;
                case OperationKind.DeleteRange:
                    DeleteRange(builder, operation.Key, operation.Value);
                    break;
            }
        }
    }

    private static void DeleteRange(ImmutableSortedSet<KvEntry>.Builder builder, byte[] start, byte[] end)
    {
        // Freezing is O(1); the indexes are taken on the frozen tree, then the builder copies what it removes.
        var frozen = builder.ToImmutable();
        var from = KvEntry.LowerBound(frozen, start);
        var to = KvEntry.LowerBound(frozen, end);
        for (var i = from; i < to; i++)
        {
            builder.Remove(frozen[i]);
        }
    }

    private enum OperationKind : byte
    {
        Put,
        Delete,
        DeleteRange,
    }

    /// <summary>For <see cref="OperationKind.DeleteRange"/>, <see cref="Key"/> is the start and <see cref="Value"/> the end.</summary>
    private readonly record struct Operation(OperationKind Kind, byte[] Key, byte[] Value);
}
