namespace OmenDb.Storage.Native;

/// <summary>Owns a <c>rocksdb_options_t</c>; needed only while opening (RocksDB copies the options into the DB).</summary>
internal sealed class OptionsHandle : RocksDbSafeHandle
{
    private OptionsHandle(nint pointer)
        : base(pointer)
    {
    }

    /// <summary>Creates the native object; never returns an invalid handle.</summary>
    internal static OptionsHandle Create()
    {
        var pointer = RocksDbNative.rocksdb_options_create();
        return pointer == 0 ? throw new OutOfMemoryException("rocksdb_options_create returned NULL") : new OptionsHandle(pointer);
    }

    protected override bool ReleaseHandle()
    {
        RocksDbNative.rocksdb_options_destroy(handle);
        return true;
    }
}
