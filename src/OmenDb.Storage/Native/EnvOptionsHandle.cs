namespace OmenDb.Storage.Native;

/// <summary>Owns a <c>rocksdb_envoptions_t</c>.</summary>
internal sealed class EnvOptionsHandle : RocksDbSafeHandle
{
    private EnvOptionsHandle(nint pointer)
        : base(pointer)
    {
    }

    /// <summary>Creates the native object; never returns an invalid handle.</summary>
    internal static EnvOptionsHandle Create()
    {
        var pointer = RocksDbNative.rocksdb_envoptions_create();
        return pointer == 0 ? throw new OutOfMemoryException("rocksdb_envoptions_create returned NULL") : new EnvOptionsHandle(pointer);
    }

    protected override bool ReleaseHandle()
    {
        RocksDbNative.rocksdb_envoptions_destroy(handle);
        return true;
    }
}
