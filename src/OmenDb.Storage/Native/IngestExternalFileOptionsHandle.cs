namespace OmenDb.Storage.Native;

/// <summary>Owns a <c>rocksdb_ingestexternalfileoptions_t</c>.</summary>
internal sealed class IngestExternalFileOptionsHandle : RocksDbSafeHandle
{
    private IngestExternalFileOptionsHandle(nint pointer)
        : base(pointer)
    {
    }

    /// <summary>Creates the native object; never returns an invalid handle.</summary>
    internal static IngestExternalFileOptionsHandle Create()
    {
        var pointer = RocksDbNative.rocksdb_ingestexternalfileoptions_create();
        return pointer == 0 ? throw new OutOfMemoryException("rocksdb_ingestexternalfileoptions_create returned NULL") : new IngestExternalFileOptionsHandle(pointer);
    }

    protected override bool ReleaseHandle()
    {
        RocksDbNative.rocksdb_ingestexternalfileoptions_destroy(handle);
        return true;
    }
}
