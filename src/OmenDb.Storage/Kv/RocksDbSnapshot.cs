using OmenDb.Storage.Native;

namespace OmenDb.Storage.Kv;

/// <summary>A RocksDB snapshot of one <see cref="RocksDbStore"/>.</summary>
internal sealed class RocksDbSnapshot : IKvSnapshot
{
    internal RocksDbSnapshot(RocksDbStore store, SnapshotHandle handle)
    {
        Store = store;
        Handle = handle;
    }

    internal RocksDbStore Store { get; }

    internal SnapshotHandle Handle { get; }

    /// <summary>Releases the snapshot (after the iterators that read through it).</summary>
    public void Dispose() => Handle.Dispose();
}
