namespace OmenDb.Storage.Native;

/// <summary>
/// Owns one reference to a <c>rocksdb_cache_t</c> (an LRU block cache). The block-based table options take their own
/// <c>shared_ptr</c> copy, so releasing this wrapper never frees a cache a live DB still uses.
/// </summary>
internal sealed class CacheHandle : RocksDbSafeHandle
{
    private CacheHandle(nint pointer)
        : base(pointer)
    {
    }

    /// <summary>Creates an LRU cache of <paramref name="capacityBytes"/> bytes.</summary>
    internal static CacheHandle CreateLru(long capacityBytes)
    {
        var pointer = RocksDbNative.rocksdb_cache_create_lru((nuint)capacityBytes);
        return pointer == 0 ? throw new OutOfMemoryException("rocksdb_cache_create_lru returned NULL") : new CacheHandle(pointer);
    }

    protected override bool ReleaseHandle()
    {
        RocksDbNative.rocksdb_cache_destroy(handle);
        return true;
    }
}
