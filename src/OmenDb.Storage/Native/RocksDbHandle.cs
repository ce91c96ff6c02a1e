namespace OmenDb.Storage.Native;

/// <summary>
/// Owns an open <c>rocksdb_t</c> and the native objects that live exactly as long as it: the default read options,
/// the two write options (sync and no-sync), the flush options and the block cache.
/// </summary>
/// <remarks>
/// Ownership: iterators, snapshots and pinned values take a reference (<see cref="System.Runtime.InteropServices.SafeHandle.DangerousAddRef"/>)
/// on this handle, so <c>rocksdb_close</c> runs only after the last of them is released, never under them. Store calls
/// take a reference for the duration of the call, so a concurrent <c>Dispose</c> surfaces as
/// <see cref="ObjectDisposedException"/> instead of a use-after-free.
/// </remarks>
internal sealed class RocksDbHandle : RocksDbSafeHandle
{
    private readonly ReadOptionsHandle _readOptions;
    private readonly WriteOptionsHandle _writeOptions;
    private readonly WriteOptionsHandle _syncWriteOptions;
    private readonly FlushOptionsHandle _flushOptions;
    private readonly CacheHandle _blockCache;

    internal RocksDbHandle(
        nint db,
        ReadOptionsHandle readOptions,
        WriteOptionsHandle writeOptions,
        WriteOptionsHandle syncWriteOptions,
        FlushOptionsHandle flushOptions,
        CacheHandle blockCache)
        : base(db)
    {
        _readOptions = readOptions;
        _writeOptions = writeOptions;
        _syncWriteOptions = syncWriteOptions;
        _flushOptions = flushOptions;
        _blockCache = blockCache;
    }

    /// <summary>Read options without snapshot or bounds, shared by all point reads (RocksDB only reads them).</summary>
    internal nint ReadOptions => _readOptions.Pointer;

    /// <summary>Write options with <c>sync = false</c>.</summary>
    internal nint WriteOptions => _writeOptions.Pointer;

    /// <summary>Write options with <c>sync = true</c>.</summary>
    internal nint SyncWriteOptions => _syncWriteOptions.Pointer;

    /// <summary>Flush options with <c>wait = true</c>.</summary>
    internal nint FlushOptions => _flushOptions.Pointer;

    protected override bool ReleaseHandle()
    {
        // Close first: the DB may still flush through its own copies of the options while closing.
        RocksDbNative.rocksdb_close(handle);
        _readOptions.Dispose();
        _writeOptions.Dispose();
        _syncWriteOptions.Dispose();
        _flushOptions.Dispose();
        _blockCache.Dispose();
        return true;
    }
}
