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

    /// <summary>Nothing to release: the tree is freed by the GC once nobody references it.</summary>
    public void Dispose()
    {
    }
}
