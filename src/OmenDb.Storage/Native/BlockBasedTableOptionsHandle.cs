namespace OmenDb.Storage.Native;

/// <summary>Owns a <c>rocksdb_block_based_table_options_t</c>; the table factory copies it, so it may die right after open.</summary>
internal sealed class BlockBasedTableOptionsHandle : RocksDbSafeHandle
{
    private BlockBasedTableOptionsHandle(nint pointer)
        : base(pointer)
    {
    }

    /// <summary>Creates the native object; never returns an invalid handle.</summary>
    internal static BlockBasedTableOptionsHandle Create()
    {
        var pointer = RocksDbNative.rocksdb_block_based_options_create();
        return pointer == 0 ? throw new OutOfMemoryException("rocksdb_block_based_options_create returned NULL") : new BlockBasedTableOptionsHandle(pointer);
    }

    protected override bool ReleaseHandle()
    {
        RocksDbNative.rocksdb_block_based_options_destroy(handle);
        return true;
    }
}
