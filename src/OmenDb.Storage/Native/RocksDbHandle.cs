namespace OmenDb.Storage.Native;

/// <summary>
/// Owns an open <c>rocksdb_t</c> and the native objects that live exactly as long as it: the default read options,
/// the two write options (sync and no-sync), the flush options, the block cache, and what SST files for ingestion are
/// built and added with (the options the DB was opened with, env options, ingestion options).
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
    private readonly OptionsHandle _options;
    private readonly EnvOptionsHandle _envOptions;
    private readonly IngestExternalFileOptionsHandle _ingestOptions;

    internal RocksDbHandle(
        nint db,
        ReadOptionsHandle readOptions,
        WriteOptionsHandle writeOptions,
        WriteOptionsHandle syncWriteOptions,
        FlushOptionsHandle flushOptions,
        CacheHandle blockCache,
        OptionsHandle options,
        EnvOptionsHandle envOptions,
        IngestExternalFileOptionsHandle ingestOptions)
        : base(db)
    {
        _readOptions = readOptions;
        _writeOptions = writeOptions;
        _syncWriteOptions = syncWriteOptions;
        _flushOptions = flushOptions;
        _blockCache = blockCache;
        _options = options;
        _envOptions = envOptions;
        _ingestOptions = ingestOptions;
    }

    /// <summary>Read options without snapshot or bounds, shared by all point reads (RocksDB only reads them).</summary>
    internal nint ReadOptions => _readOptions.Pointer;

    /// <summary>Write options with <c>sync = false</c>.</summary>
    internal nint WriteOptions => _writeOptions.Pointer;

    /// <summary>Write options with <c>sync = true</c>.</summary>
    internal nint SyncWriteOptions => _syncWriteOptions.Pointer;

    /// <summary>Flush options with <c>wait = true</c>.</summary>
    internal nint FlushOptions => _flushOptions.Pointer;

    /// <summary>The options the DB was opened with: SST files for ingestion are written with its table format.</summary>
    internal nint Options => _options.Pointer;

    /// <summary>Env options for SST file writers (defaults).</summary>
    internal EnvOptionsHandle EnvOptions => _envOptions;

    /// <summary>Ingestion options: the files are moved (hard-linked) into the DB rather than copied.</summary>
    internal nint IngestOptions => _ingestOptions.Pointer;

    protected override bool ReleaseHandle()
    {
        // Close first: the DB may still flush through its own copies of the options while closing.
        RocksDbNative.rocksdb_close(handle);
        _readOptions.Dispose();
        _writeOptions.Dispose();
        _syncWriteOptions.Dispose();
        _flushOptions.Dispose();
        _blockCache.Dispose();
        _options.Dispose();
        _envOptions.Dispose();
        _ingestOptions.Dispose();
        return true;
    }
}
