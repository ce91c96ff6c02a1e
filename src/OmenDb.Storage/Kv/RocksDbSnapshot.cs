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

    /// <summary>Set by <see cref="Dispose"/>; the handle itself stays open while iterators still read through it.</summary>
    internal bool IsDisposed { get; private set; }

    /// <summary>Releases the snapshot (after the iterators that read through it).</summary>
    public void Dispose()
    {
        IsDisposed = true;
        Handle.Dispose();
    }
}
