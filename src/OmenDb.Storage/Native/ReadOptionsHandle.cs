namespace OmenDb.Storage.Native;

/// <summary>Owns a <c>rocksdb_readoptions_t</c>. Bounds set on it point into caller memory, so see <see cref="IteratorHandle"/>.</summary>
internal sealed class ReadOptionsHandle : RocksDbSafeHandle
{
    private ReadOptionsHandle(nint pointer)
        : base(pointer)
    {
    }

    /// <summary>Creates the native object; never returns an invalid handle.</summary>
    internal static ReadOptionsHandle Create()
    {
        var pointer = RocksDbNative.rocksdb_readoptions_create();
        return pointer == 0 ? throw new OutOfMemoryException("rocksdb_readoptions_create returned NULL") : new ReadOptionsHandle(pointer);
    }

    protected override bool ReleaseHandle()
    {
        RocksDbNative.rocksdb_readoptions_destroy(handle);
        return true;
    }
}
