namespace OmenDb.Storage.Native;

/// <summary>Owns a <c>rocksdb_sstfilewriter_t</c>; a writer belongs to one thread at a time.</summary>
internal sealed class SstFileWriterHandle : RocksDbSafeHandle
{
    private SstFileWriterHandle(nint pointer)
        : base(pointer)
    {
    }

    /// <summary>
    /// Creates a writer that builds files in the table format of <paramref name="options"/> (block size, filter,
    /// compression of the last level); never returns an invalid handle.
    /// </summary>
    internal static SstFileWriterHandle Create(EnvOptionsHandle env, nint options)
    {
        var pointer = RocksDbNative.rocksdb_sstfilewriter_create(env.Pointer, options);
        return pointer == 0 ? throw new OutOfMemoryException("rocksdb_sstfilewriter_create returned NULL") : new SstFileWriterHandle(pointer);
    }

    protected override bool ReleaseHandle()
    {
        RocksDbNative.rocksdb_sstfilewriter_destroy(handle);
        return true;
    }
}
