using System.Collections.Immutable;

namespace OmenDb.Storage.Kv;

/// <summary>A snapshot of <see cref="InMemoryKvStore"/>: the root of the immutable tree at the time it was taken.</summary>
internal sealed class InMemorySnapshot : IKvSnapshot
{
    internal InMemorySnapshot(InMemoryKvStore store, ImmutableSortedSet<KvEntry> root)
    {
        Store = store;
        Root = root;
    }

    internal InMemoryKvStore Store { get; }

    internal ImmutableSortedSet<KvEntry> Root { get; }

    internal bool IsDisposed { get; private set; }

    /// <summary>Nothing native to release (the GC frees the tree); later use throws, as with RocksDB.</summary>
    public void Dispose() => IsDisposed = true;
}
