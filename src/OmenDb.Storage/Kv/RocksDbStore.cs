using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using OmenDb.Common;
using OmenDb.Storage.Native;

namespace OmenDb.Storage.Kv;

/// <summary>
/// <see cref="IKvStore"/> over RocksDB 7.8 (the default column family), through <see cref="RocksDbNative"/>.
/// Native errors become <see cref="PgException"/> (58030 I/O, 53100 disk full, XX001 corruption, F0001 directory in
/// use), with RocksDB's text in the message.
/// </summary>
/// <remarks>
/// Every call leases the DB handle (one interlocked increment and decrement), which turns a call racing with
/// <see cref="Dispose"/> into <see cref="ObjectDisposedException"/> rather than a crash. Keys and values cross
/// as pinned spans: no managed allocation per call. The tuning is RocksDB's level-style preset plus our block cache,
/// bloom filter and compression; see <see cref="RocksDbOptions"/>.
/// </remarks>
public sealed unsafe class RocksDbStore : IKvStore
{
    /// <summary>The seven levels of RocksDB's default <c>num_levels</c>, for the per-level compression list.</summary>
    private const int LevelCount = 7;

    /// <summary>A readable non-null address for empty spans, so RocksDB never sees a NULL <c>char*</c> (it treats a NULL
    /// bound as "unset" in some calls, and <c>memcpy</c> from NULL is undefined even for zero bytes).</summary>
    private static readonly byte* s_empty = (byte*)NativeMemory.AllocZeroed(1);

    private readonly RocksDbHandle _db;
    private readonly string _path;
    private readonly bool _syncWrites;
    private readonly string _ingestDirectory;
    private long _ingestFiles;
    private volatile bool _disposed;
    private int _compactionsResumed;

    private RocksDbStore(RocksDbHandle db, RocksDbOptions options, RocksDbCompression compression)
    {
        _db = db;
        _path = options.Path;
        _syncWrites = options.SyncWrites;
        _ingestDirectory = IngestDirectory(options.Path);
        Options = options;
        EffectiveCompression = compression;
    }

    /// <summary>The options the store was opened with.</summary>
    public RocksDbOptions Options { get; }

    /// <summary>The compression actually in use, after falling back when the library lacks the requested codec.</summary>
    public RocksDbCompression EffectiveCompression { get; }

    /// <summary>
    /// Opens (or creates) the store at <see cref="RocksDbOptions.Path"/>. Throws <see cref="PgException"/>: F0001 when
    /// another server holds the directory, 58P01 when the library or the store is missing, XX001 on corruption.
    /// </summary>
    public static RocksDbStore Open(RocksDbOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Path);
        ArgumentOutOfRangeException.ThrowIfNegative(options.BlockCacheBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(options.BloomBitsPerKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WriteBufferBytes, 64L << 10);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallelism, 1);
        RocksDbLibrary.EnsureLoaded();
        if (options.CreateIfMissing)
        {
            // RocksDB creates only the last path component.
            Directory.CreateDirectory(options.Path);
        }
        var compression = options.Compression;
        while (true)
        {
            try
            {
                var store = new RocksDbStore(OpenHandle(options, compression), options, compression);
                // Files left by a crash while they were written were never ingested (an ingested file's name is gone):
                // drop them, now that the DB's lock says no other server uses the directory.
                if (Directory.Exists(store._ingestDirectory))
                {
                    Directory.Delete(store._ingestDirectory, recursive: true);
                }

                return store;
            }
            catch (PgException e) when (compression != RocksDbCompression.None
                                        && e.Message.Contains("is not linked with the binary", StringComparison.Ordinal))
            {
                compression = compression == RocksDbCompression.Lz4 ? RocksDbCompression.Snappy : RocksDbCompression.None;
            }
        }
    }

    private static RocksDbHandle OpenHandle(RocksDbOptions options, RocksDbCompression compression)
    {
        // The DB options live on in the handle on success: SST files for ingestion are written with them.
        var dbOptions = OptionsHandle.Create();
        using var tableOptions = BlockBasedTableOptionsHandle.Create();
        EnvOptionsHandle? envOptions = null;
        IngestExternalFileOptionsHandle? ingestOptions = null;
        ReadOptionsHandle? readOptions = null;
        WriteOptionsHandle? writeOptions = null;
        WriteOptionsHandle? syncWriteOptions = null;
        FlushOptionsHandle? flushOptions = null;
        CacheHandle? cache = null;
        try
        {
            readOptions = ReadOptionsHandle.Create();
            writeOptions = WriteOptionsHandle.Create();
            syncWriteOptions = WriteOptionsHandle.Create();
            flushOptions = FlushOptionsHandle.Create();
            cache = CacheHandle.CreateLru(options.BlockCacheBytes);
            envOptions = EnvOptionsHandle.Create();
            ingestOptions = IngestExternalFileOptionsHandle.Create();
            RocksDbNative.rocksdb_ingestexternalfileoptions_set_move_files(ingestOptions.Pointer, 1);

            var o = dbOptions.Pointer;
            RocksDbNative.rocksdb_options_increase_parallelism(o, options.Parallelism);
            // The preset sizes memtables, L0 triggers and level targets from a memtable budget; it also installs a
            // per-level compression list, which ours replaces below.
            RocksDbNative.rocksdb_options_optimize_level_style_compaction(o, (ulong)options.WriteBufferBytes * 4);
            RocksDbNative.rocksdb_options_set_write_buffer_size(o, (nuint)options.WriteBufferBytes);
            RocksDbNative.rocksdb_options_set_create_if_missing(o, ToByte(options.CreateIfMissing));
            RocksDbNative.rocksdb_options_set_error_if_exists(o, ToByte(options.ErrorIfExists));
            RocksDbNative.rocksdb_options_set_paranoid_checks(o, ToByte(options.ParanoidChecks));
            RocksDbNative.rocksdb_options_set_max_open_files(o, options.MaxOpenFiles);
            RocksDbNative.rocksdb_options_set_disable_auto_compactions(o, options.DeferCompactions ? 1 : 0);
            RocksDbNative.rocksdb_options_set_compression(o, (int)compression);
            var levels = stackalloc int[LevelCount];
            for (var i = 0; i < LevelCount; i++)
            {
                levels[i] = i < 2 ? (int)RocksDbCompression.None : (int)compression;
            }
            RocksDbNative.rocksdb_options_set_compression_per_level(o, levels, LevelCount);

            var t = tableOptions.Pointer;
            RocksDbNative.rocksdb_block_based_options_set_block_cache(t, cache.Pointer);
            if (options.BloomBitsPerKey > 0)
            {
                // set_filter_policy takes ownership of the policy.
                RocksDbNative.rocksdb_block_based_options_set_filter_policy(
                    t, RocksDbNative.rocksdb_filterpolicy_create_bloom_full(options.BloomBitsPerKey));
            }
            RocksDbNative.rocksdb_options_set_block_based_table_factory(o, t);

            if (options.DisableWal)
            {
                // RocksDB rejects sync together with disableWAL ("Sync writes has to enable WAL"): without a WAL
                // there is nothing to sync, so a "sync" write is a plain one.
                RocksDbNative.rocksdb_writeoptions_disable_WAL(writeOptions.Pointer, 1);
                RocksDbNative.rocksdb_writeoptions_disable_WAL(syncWriteOptions.Pointer, 1);
            }
            else
            {
                RocksDbNative.rocksdb_writeoptions_set_sync(syncWriteOptions.Pointer, 1);
            }
            RocksDbNative.rocksdb_flushoptions_set_wait(flushOptions.Pointer, 1);

            var name = System.Text.Encoding.UTF8.GetBytes(options.Path + "\0");
            nint db;
            byte* error = null;
            fixed (byte* n = name)
            {
                db = RocksDbNative.rocksdb_open(o, n, &error);
            }
            RocksDbErrors.ThrowIfError(error, "open", options.Path);

            // The open DB has its own copy of the options; this one only writes ingest files from here on. An SST file
            // writer compresses with the last level's entry of the per-level list.
            var ingestCompression = options.CompressIngestFiles ? compression : RocksDbCompression.None;
            for (var i = 0; i < LevelCount; i++)
            {
                levels[i] = (int)ingestCompression;
            }
            RocksDbNative.rocksdb_options_set_compression_per_level(o, levels, LevelCount);
            RocksDbNative.rocksdb_options_set_compression(o, (int)ingestCompression);
            return new RocksDbHandle(db, readOptions, writeOptions, syncWriteOptions, flushOptions, cache, dbOptions, envOptions, ingestOptions);
        }
        catch
        {
            dbOptions.Dispose();
            envOptions?.Dispose();
            ingestOptions?.Dispose();
            readOptions?.Dispose();
            writeOptions?.Dispose();
            syncWriteOptions?.Dispose();
            flushOptions?.Dispose();
            cache?.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public KvValue Get(ReadOnlySpan<byte> key, IKvSnapshot? snapshot = null)
    {
        var snapshotHandle = OwnSnapshot(snapshot);
        var dbAdded = false;
        var snapshotAdded = false;
        nint pinned;
        try
        {
            Lease(ref dbAdded);
            snapshotHandle?.DangerousAddRef(ref snapshotAdded);
            var readOptions = snapshotHandle is null ? _db.ReadOptions : snapshotHandle.ReadOptions;
            byte* error = null;
            fixed (byte* k = key)
            {
                pinned = RocksDbNative.rocksdb_get_pinned(_db.Pointer, readOptions, NonNull(k), (nuint)key.Length, &error);
            }
            RocksDbErrors.ThrowIfError(error, "read from", _path);
        }
        catch
        {
            if (dbAdded)
            {
                _db.DangerousRelease();
            }
            throw;
        }
        finally
        {
            // The pinned slice stays valid without the snapshot: it pins the data, not the sequence number.
            if (snapshotAdded)
            {
                snapshotHandle!.DangerousRelease();
            }
        }
        if (pinned == 0)
        {
            _db.DangerousRelease();
            return default;
        }
        nuint length;
        var value = RocksDbNative.rocksdb_pinnableslice_value(pinned, &length);
        // The DB reference taken above now belongs to the KvValue, released by its Dispose.
        return new KvValue(new ReadOnlySpan<byte>(value, checked((int)length)), pinned, _db);
    }

    /// <inheritdoc/>
    public bool TryGet(ReadOnlySpan<byte> key, IBufferWriter<byte> destination, IKvSnapshot? snapshot = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var value = Get(key, snapshot);
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
        var added = false;
        try
        {
            Lease(ref added);
            byte* error = null;
            fixed (byte* k = key)
            fixed (byte* v = value)
            {
                RocksDbNative.rocksdb_put(_db.Pointer, WriteOptions(_syncWrites), NonNull(k), (nuint)key.Length,
                    NonNull(v), (nuint)value.Length, &error);
            }
            RocksDbErrors.ThrowIfError(error, "write to", _path);
        }
        finally
        {
            if (added)
            {
                _db.DangerousRelease();
            }
        }
    }

    /// <inheritdoc/>
    public void Delete(ReadOnlySpan<byte> key)
    {
        var added = false;
        try
        {
            Lease(ref added);
            byte* error = null;
            fixed (byte* k = key)
            {
                RocksDbNative.rocksdb_delete(_db.Pointer, WriteOptions(_syncWrites), NonNull(k), (nuint)key.Length, &error);
            }
            RocksDbErrors.ThrowIfError(error, "write to", _path);
        }
        finally
        {
            if (added)
            {
                _db.DangerousRelease();
            }
        }
    }

    /// <inheritdoc/>
    public IKvWriteBatch CreateWriteBatch()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new RocksDbWriteBatch(this, WriteBatchHandle.Create());
    }

    /// <inheritdoc/>
    public void Write(IKvWriteBatch batch, bool sync)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch is not RocksDbWriteBatch rocksBatch || rocksBatch.Store != this)
        {
            throw new ArgumentException("the batch was created by another store", nameof(batch));
        }
        var batchPointer = rocksBatch.Pointer;
        var added = false;
        try
        {
            Lease(ref added);
            byte* error = null;
            RocksDbNative.rocksdb_write(_db.Pointer, WriteOptions(sync), batchPointer, &error);
            RocksDbErrors.ThrowIfError(error, "write to", _path);
        }
        finally
        {
            if (added)
            {
                _db.DangerousRelease();
            }
        }
    }

    /// <inheritdoc/>
    public IKvIngestFile CreateIngestFile()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Directory.CreateDirectory(_ingestDirectory);
        var path = Path.Combine(_ingestDirectory, $"{Interlocked.Increment(ref _ingestFiles)}.sst");
        var added = false;
        try
        {
            Lease(ref added);
            return new RocksDbIngestFile(this, SstFileWriterHandle.Create(_db.EnvOptions, _db.Options), path);
        }
        finally
        {
            if (added)
            {
                _db.DangerousRelease();
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Each non-empty file is finished (which fsyncs it), then all are added by one <c>rocksdb_ingest_external_file</c>
    /// with <c>move_files</c>: RocksDB hard-links them into the DB, fsyncs them, assigns them a sequence number above
    /// every earlier write (flushing the memtable first when it holds keys in their range), and commits them with one
    /// synced MANIFEST record, which is what makes the ingestion atomic and durable.
    /// </remarks>
    public void Ingest(IReadOnlyList<IKvIngestFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var own = new RocksDbIngestFile[files.Count];
        for (var i = 0; i < own.Length; i++)
        {
            own[i] = files[i] is RocksDbIngestFile file && file.Store == this
                ? file
                : throw new ArgumentException("the file was created by another store", nameof(files));
            own[i].Consume();
        }

        IngestKeyRange.CheckAscending([.. own.Select(f => f.Range)]);
        var names = new List<byte[]>(own.Length);
        foreach (var file in own)
        {
            if (file.Count > 0)
            {
                file.Finish();
                names.Add(System.Text.Encoding.UTF8.GetBytes(file.FilePath + "\0"));
            }
        }

        if (names.Count == 0)
        {
            return;
        }

        var handles = new GCHandle[names.Count];
        var pointers = stackalloc byte*[names.Count];
        var added = false;
        try
        {
            for (var i = 0; i < names.Count; i++)
            {
                handles[i] = GCHandle.Alloc(names[i], GCHandleType.Pinned);
                pointers[i] = (byte*)handles[i].AddrOfPinnedObject();
            }

            Lease(ref added);
            byte* error = null;
            RocksDbNative.rocksdb_ingest_external_file(_db.Pointer, pointers, (nuint)names.Count, _db.IngestOptions, &error);
            RocksDbErrors.ThrowIfError(error, "ingest files into", _path);
        }
        finally
        {
            foreach (var handle in handles)
            {
                if (handle.IsAllocated)
                {
                    handle.Free();
                }
            }

            if (added)
            {
                _db.DangerousRelease();
            }
        }
    }

    /// <summary>Where ingest files are written before RocksDB links them in: next to the DB, on the same volume.</summary>
    private static string IngestDirectory(string path) => Path.TrimEndingDirectorySeparator(path) + ".ingest";

    /// <inheritdoc/>
    public IKvIterator CreateIterator(ReadOnlySpan<byte> lowerBound, ReadOnlySpan<byte> upperBound, IKvSnapshot? snapshot = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new RocksDbIterator(new IteratorHandle(_db, OwnSnapshot(snapshot), lowerBound, upperBound), _path);
    }

    /// <inheritdoc/>
    public IKvIterator CreateIterator(IKvSnapshot? snapshot = null) => CreateIterator([], [], snapshot);

    /// <inheritdoc/>
    public IKvIterator CreateScanIterator(ReadOnlySpan<byte> lowerBound, ReadOnlySpan<byte> upperBound)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new RocksDbIterator(new IteratorHandle(_db, null, lowerBound, upperBound, scan: true), _path);
    }

    /// <inheritdoc/>
    public IKvSnapshot CreateSnapshot()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new RocksDbSnapshot(this, new SnapshotHandle(_db));
    }

    /// <inheritdoc/>
    public void Flush()
    {
        var added = false;
        try
        {
            Lease(ref added);
            byte* error = null;
            RocksDbNative.rocksdb_flush(_db.Pointer, _db.FlushOptions, &error);
            RocksDbErrors.ThrowIfError(error, "flush", _path);
        }
        finally
        {
            if (added)
            {
                _db.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Turns automatic compactions on after an open with <see cref="RocksDbOptions.DeferCompactions"/> (RocksDB then
    /// schedules what is due); does nothing otherwise or when already done.
    /// </summary>
    public void ResumeCompactions()
    {
        if (!Options.DeferCompactions || Interlocked.Exchange(ref _compactionsResumed, 1) != 0)
        {
            return;
        }

        var added = false;
        try
        {
            Lease(ref added);
            byte* error = null;
            fixed (byte* key = "disable_auto_compactions\0"u8, value = "false\0"u8)
            {
                var keys = key;
                var values = value;
                RocksDbNative.rocksdb_set_options(_db.Pointer, 1, &keys, &values, &error);
            }

            RocksDbErrors.ThrowIfError(error, "configure", _path);
        }
        finally
        {
            if (added)
            {
                _db.DangerousRelease();
            }
        }
    }

    /// <inheritdoc/>
    public void FlushWal(bool sync)
    {
        var added = false;
        try
        {
            Lease(ref added);
            byte* error = null;
            RocksDbNative.rocksdb_flush_wal(_db.Pointer, ToByte(sync), &error);
            RocksDbErrors.ThrowIfError(error, "flush the WAL of", _path);
        }
        finally
        {
            if (added)
            {
                _db.DangerousRelease();
            }
        }
    }

    /// <inheritdoc/>
    public void CompactRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> limit)
    {
        var added = false;
        try
        {
            Lease(ref added);
            // NULL start or limit means "unbounded" in the C API, which is what an empty span asks for.
            fixed (byte* s = start)
            fixed (byte* l = limit)
            {
                RocksDbNative.rocksdb_compact_range(_db.Pointer, start.IsEmpty ? null : s, (nuint)start.Length,
                    limit.IsEmpty ? null : l, (nuint)limit.Length);
            }
        }
        finally
        {
            if (added)
            {
                _db.DangerousRelease();
            }
        }
    }

    /// <inheritdoc/>
    public long GetApproximateKeyCount()
    {
        var added = false;
        try
        {
            Lease(ref added);
            fixed (byte* name = "rocksdb.estimate-num-keys\0"u8)
            {
                var text = RocksDbNative.rocksdb_property_value(_db.Pointer, name);
                if (text == null)
                {
                    return 0;
                }
                var parsed = Utf8Parser.TryParse(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text), out ulong count, out _);
                RocksDbNative.rocksdb_free(text);
                return parsed ? (long)Math.Min(count, long.MaxValue) : 0;
            }
        }
        finally
        {
            if (added)
            {
                _db.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Closes the store. RocksDB closes once the last iterator, snapshot and value still open is disposed too.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        _db.Dispose();
    }

    internal RocksDbHandle Handle => _db;

    /// <summary>
    /// Takes a reference on the DB for one call. The flag is needed because <see cref="SafeHandle.Dispose()"/> only
    /// marks the handle closed once no iterator or snapshot holds it any more.
    /// </summary>
    private void Lease(ref bool added)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _db.DangerousAddRef(ref added);
    }

    private nint WriteOptions(bool sync) => sync ? _db.SyncWriteOptions : _db.WriteOptions;

    private SnapshotHandle? OwnSnapshot(IKvSnapshot? snapshot)
    {
        if (snapshot is null)
        {
            return null;
        }
        if (snapshot is not RocksDbSnapshot rocksSnapshot || rocksSnapshot.Store != this)
        {
            throw new ArgumentException("the snapshot was taken from another store", nameof(snapshot));
        }
        ObjectDisposedException.ThrowIf(rocksSnapshot.IsDisposed, snapshot);
        return rocksSnapshot.Handle;
    }

    private static byte ToByte(bool value) => value ? (byte)1 : (byte)0;

    internal static byte* NonNull(byte* pointer) => pointer != null ? pointer : s_empty;
}
