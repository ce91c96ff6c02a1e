namespace OmenDb.Storage.Native;

/// <summary>
/// Owns a <c>rocksdb_snapshot_t</c>, the read options that read at it (used by point reads through the snapshot) and a
/// reference on its DB, which <c>rocksdb_release_snapshot</c> needs.
/// </summary>
internal sealed class SnapshotHandle : RocksDbSafeHandle
{
    private readonly RocksDbHandle _db;
    private readonly nint _readOptions;

    /// <summary>Takes a snapshot; <paramref name="db"/> must be leased by the caller for the duration of the call.</summary>
    internal SnapshotHandle(RocksDbHandle db)
    {
        var added = false;
        db.DangerousAddRef(ref added);
        _db = db;
        var snapshot = RocksDbNative.rocksdb_create_snapshot(db.Pointer);
        if (snapshot == 0)
        {
            db.DangerousRelease();
            throw new OutOfMemoryException("rocksdb_create_snapshot returned NULL");
        }
        _readOptions = RocksDbNative.rocksdb_readoptions_create();
        if (_readOptions == 0)
        {
            RocksDbNative.rocksdb_release_snapshot(db.Pointer, snapshot);
            db.DangerousRelease();
            throw new OutOfMemoryException("rocksdb_readoptions_create returned NULL");
        }
        RocksDbNative.rocksdb_readoptions_set_snapshot(_readOptions, snapshot);
        SetHandle(snapshot);
    }

    /// <summary>Read options bound to this snapshot; valid while the handle is (leased).</summary>
    internal nint ReadOptions => _readOptions;

    protected override bool ReleaseHandle()
    {
        RocksDbNative.rocksdb_readoptions_destroy(_readOptions);
        RocksDbNative.rocksdb_release_snapshot(_db.Pointer, handle);
        _db.DangerousRelease();
        return true;
    }
}
