namespace OmenDb.Storage.Native;

/// <summary>Owns a <c>rocksdb_flushoptions_t</c>.</summary>
internal sealed class FlushOptionsHandle : RocksDbSafeHandle
{
    private FlushOptionsHandle(nint pointer)
        : base(pointer)
    {
    }

    /// <summary>Creates the native object; never returns an invalid handle.</summary>
    internal static FlushOptionsHandle Create()
    {
        var pointer = RocksDbNative.rocksdb_flushoptions_create();
        return pointer == 0 ? throw new OutOfMemoryException("rocksdb_flushoptions_create returned NULL") : new FlushOptionsHandle(pointer);
    }

    protected override bool ReleaseHandle()
    {
        RocksDbNative.rocksdb_flushoptions_destroy(handle);
        return true;
    }
}
