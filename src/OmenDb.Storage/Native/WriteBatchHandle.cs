namespace OmenDb.Storage.Native;

/// <summary>Owns a <c>rocksdb_writebatch_t</c>; a batch belongs to one thread at a time.</summary>
internal sealed class WriteBatchHandle : RocksDbSafeHandle
{
    private WriteBatchHandle(nint pointer)
        : base(pointer)
    {
    }

    /// <summary>Creates the native object; never returns an invalid handle.</summary>
    internal static WriteBatchHandle Create()
    {
        var pointer = RocksDbNative.rocksdb_writebatch_create();
        return pointer == 0 ? throw new OutOfMemoryException("rocksdb_writebatch_create returned NULL") : new WriteBatchHandle(pointer);
    }

    protected override bool ReleaseHandle()
    {
        RocksDbNative.rocksdb_writebatch_destroy(handle);
        return true;
    }
}
