namespace OmenDb.Storage.Native;

/// <summary>Owns a <c>rocksdb_writeoptions_t</c> (sync flag, WAL on or off).</summary>
internal sealed class WriteOptionsHandle : RocksDbSafeHandle
{
    private WriteOptionsHandle(nint pointer)
        : base(pointer)
    {
    }

    /// <summary>Creates the native object; never returns an invalid handle.</summary>
    internal static WriteOptionsHandle Create()
    {
        var pointer = RocksDbNative.rocksdb_writeoptions_create();
        return pointer == 0 ? throw new OutOfMemoryException("rocksdb_writeoptions_create returned NULL") : new WriteOptionsHandle(pointer);
    }

    protected override bool ReleaseHandle()
    {
        RocksDbNative.rocksdb_writeoptions_destroy(handle);
        return true;
    }
}
