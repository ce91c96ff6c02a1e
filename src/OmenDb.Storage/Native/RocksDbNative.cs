using System.Runtime.InteropServices;

namespace OmenDb.Storage.Native;

/// <summary>
/// <c>[LibraryImport]</c> declarations, one-to-one with RocksDB 7.8's <c>rocksdb/c.h</c>, for the subset OmenDb uses.
/// Pointers to RocksDB's opaque structs are <see cref="nint"/>, <c>const char*</c> buffers are <c>byte*</c>,
/// <c>size_t</c> is <see cref="nuint"/> and <c>unsigned char</c> booleans are <see cref="byte"/>. Errors come back
/// through <c>char** errptr</c>: a <c>malloc</c>ed message that must be released with <see cref="rocksdb_free"/>
/// (<see cref="RocksDbErrors"/> does that). Nothing here owns anything: lifetimes live in the SafeHandles.
/// </summary>
/// <remarks>
/// Calls that are a few loads (<c>rocksdb_iter_valid</c>, <c>_key</c>, <c>_value</c>, <c>rocksdb_pinnableslice_value</c>)
/// are <see cref="SuppressGCTransitionAttribute"/>: they never block, never call back and never take locks.
/// </remarks>
internal static unsafe partial class RocksDbNative
{
    // The explicit static constructor makes the type non-beforefieldinit, so the resolver is registered before the
    // first native call of this class is bound.
    static RocksDbNative() => RocksDbLibrary.RegisterResolver();

    // ---- DB operations -------------------------------------------------------------------------------------

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial nint rocksdb_open(nint options, byte* name, byte** errptr);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_close(nint db);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_put(nint db, nint options, byte* key, nuint keylen, byte* val, nuint vallen, byte** errptr);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_delete(nint db, nint options, byte* key, nuint keylen, byte** errptr);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_write(nint db, nint options, nint batch, byte** errptr);

    /// <summary>Returns NULL if not found, else a <c>malloc</c>ed copy (free with <see cref="rocksdb_free"/>).</summary>
    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial byte* rocksdb_get(nint db, nint options, byte* key, nuint keylen, nuint* vallen, byte** errptr);

    /// <summary>Returns NULL if not found, else a pinnable slice (destroy with <see cref="rocksdb_pinnableslice_destroy"/>).</summary>
    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial nint rocksdb_get_pinned(nint db, nint options, byte* key, nuint keylen, byte** errptr);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_pinnableslice_destroy(nint v);

    [LibraryImport(RocksDbLibrary.Name), SuppressGCTransition]
    internal static partial byte* rocksdb_pinnableslice_value(nint t, nuint* vlen);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial nint rocksdb_create_iterator(nint db, nint options);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial nint rocksdb_create_snapshot(nint db);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_release_snapshot(nint db, nint snapshot);

    /// <summary>Returns NULL if the property is unknown, else a <c>malloc</c>ed NUL-terminated string.</summary>
    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial byte* rocksdb_property_value(nint db, byte* propname);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_compact_range(nint db, byte* startKey, nuint startKeyLen, byte* limitKey, nuint limitKeyLen);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_flush(nint db, nint options, byte** errptr);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_flush_wal(nint db, byte sync, byte** errptr);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_free(void* ptr);

    // ---- Iterator ------------------------------------------------------------------------------------------

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_iter_destroy(nint iter);

    [LibraryImport(RocksDbLibrary.Name), SuppressGCTransition]
    internal static partial byte rocksdb_iter_valid(nint iter);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_iter_seek_to_first(nint iter);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_iter_seek_to_last(nint iter);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_iter_seek(nint iter, byte* k, nuint klen);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_iter_seek_for_prev(nint iter, byte* k, nuint klen);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_iter_next(nint iter);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_iter_prev(nint iter);

    [LibraryImport(RocksDbLibrary.Name), SuppressGCTransition]
    internal static partial byte* rocksdb_iter_key(nint iter, nuint* klen);

    [LibraryImport(RocksDbLibrary.Name), SuppressGCTransition]
    internal static partial byte* rocksdb_iter_value(nint iter, nuint* vlen);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_iter_get_error(nint iter, byte** errptr);

    // ---- Write batch ---------------------------------------------------------------------------------------

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial nint rocksdb_writebatch_create();

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_writebatch_destroy(nint batch);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_writebatch_clear(nint batch);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial int rocksdb_writebatch_count(nint batch);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_writebatch_put(nint batch, byte* key, nuint klen, byte* val, nuint vlen);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_writebatch_delete(nint batch, byte* key, nuint klen);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_writebatch_delete_range(nint batch, byte* startKey, nuint startKeyLen, byte* endKey, nuint endKeyLen);

    // ---- Block-based table options, cache, filter policy ---------------------------------------------------

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial nint rocksdb_block_based_options_create();

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_block_based_options_destroy(nint options);

    /// <summary>Takes ownership of <paramref name="filterPolicy"/>: never destroy it afterwards.</summary>
    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_block_based_options_set_filter_policy(nint options, nint filterPolicy);

    /// <summary>Shares the cache (a <c>shared_ptr</c> copy): the caller still destroys its own cache wrapper.</summary>
    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_block_based_options_set_block_cache(nint options, nint blockCache);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_options_set_block_based_table_factory(nint opt, nint tableOptions);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial nint rocksdb_cache_create_lru(nuint capacity);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_cache_destroy(nint cache);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial nint rocksdb_filterpolicy_create_bloom_full(double bitsPerKey);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_filterpolicy_destroy(nint policy);

    // ---- Options -------------------------------------------------------------------------------------------

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial nint rocksdb_options_create();

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_options_destroy(nint options);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_options_increase_parallelism(nint opt, int totalThreads);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_options_optimize_level_style_compaction(nint opt, ulong memtableMemoryBudget);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_options_set_create_if_missing(nint options, byte value);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_options_set_error_if_exists(nint options, byte value);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_options_set_paranoid_checks(nint options, byte value);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_options_set_write_buffer_size(nint options, nuint size);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_options_set_max_open_files(nint options, int value);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_options_set_disable_auto_compactions(nint options, int disable);

    /// <summary>Changes mutable column-family options of an open DB: <paramref name="count"/> NUL-terminated names and values.</summary>
    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_set_options(nint db, int count, byte** keys, byte** values, byte** errptr);

    /// <summary><paramref name="compression"/> is one of the <c>rocksdb_*_compression</c> enum values (<see cref="Kv.RocksDbCompression"/> carries the same numbers).</summary>
    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_options_set_compression(nint options, int compression);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_options_set_compression_per_level(nint opt, int* levelValues, nuint numLevels);

    // ---- Read options --------------------------------------------------------------------------------------

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial nint rocksdb_readoptions_create();

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_readoptions_destroy(nint options);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_readoptions_set_snapshot(nint options, nint snapshot);

    /// <summary>Stores a Slice pointing at <paramref name="key"/> (no copy): the bytes must outlive every iterator.</summary>
    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_readoptions_set_iterate_upper_bound(nint options, byte* key, nuint keylen);

    /// <summary>Stores a Slice pointing at <paramref name="key"/> (no copy): the bytes must outlive every iterator.</summary>
    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_readoptions_set_iterate_lower_bound(nint options, byte* key, nuint keylen);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_readoptions_set_fill_cache(nint options, byte value);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_readoptions_set_readahead_size(nint options, nuint size);

    // ---- Write options -------------------------------------------------------------------------------------

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial nint rocksdb_writeoptions_create();

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_writeoptions_destroy(nint options);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_writeoptions_set_sync(nint options, byte value);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_writeoptions_disable_WAL(nint opt, int disable);

    // ---- Flush options -------------------------------------------------------------------------------------

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial nint rocksdb_flushoptions_create();

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_flushoptions_destroy(nint options);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_flushoptions_set_wait(nint options, byte value);

    // ---- SST files and ingestion ---------------------------------------------------------------------------

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial nint rocksdb_envoptions_create();

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_envoptions_destroy(nint opt);

    /// <summary>Copies what it needs from both arguments: they may be destroyed once the writer exists.</summary>
    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial nint rocksdb_sstfilewriter_create(nint env, nint ioOptions);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_sstfilewriter_open(nint writer, byte* name, byte** errptr);

    /// <summary>Keys must ascend strictly (by the options' comparator) across puts and deletes of one file.</summary>
    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_sstfilewriter_put(nint writer, byte* key, nuint keylen, byte* val, nuint vallen, byte** errptr);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_sstfilewriter_delete(nint writer, byte* key, nuint keylen, byte** errptr);

    /// <summary>Writes the index and footer and syncs the file; a file with no entries is an error.</summary>
    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_sstfilewriter_finish(nint writer, byte** errptr);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_sstfilewriter_file_size(nint writer, ulong* fileSize);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_sstfilewriter_destroy(nint writer);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial nint rocksdb_ingestexternalfileoptions_create();

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_ingestexternalfileoptions_set_move_files(nint opt, byte moveFiles);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_ingestexternalfileoptions_set_snapshot_consistency(nint opt, byte snapshotConsistency);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_ingestexternalfileoptions_set_allow_global_seqno(nint opt, byte allowGlobalSeqno);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_ingestexternalfileoptions_set_allow_blocking_flush(nint opt, byte allowBlockingFlush);

    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_ingestexternalfileoptions_destroy(nint opt);

    /// <summary>Adds the files in one atomic version edit (a synced MANIFEST record): after a crash all are there or none.</summary>
    [LibraryImport(RocksDbLibrary.Name)]
    internal static partial void rocksdb_ingest_external_file(nint db, byte** fileList, nuint listLen, nint opt, byte** errptr);
}
