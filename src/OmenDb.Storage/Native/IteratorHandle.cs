using System.Runtime.InteropServices;

namespace OmenDb.Storage.Native;

/// <summary>
/// Owns a <c>rocksdb_iterator_t</c> together with what it points into: its read options, the native copy of its
/// bounds (the C API stores a Slice to the caller's bytes, not a copy) and references on its DB and snapshot.
/// </summary>
internal sealed unsafe class IteratorHandle : RocksDbSafeHandle
{
    private readonly RocksDbHandle _db;
    private readonly SnapshotHandle? _snapshot;
    private nint _readOptions;
    private byte* _bounds;

    /// <summary>Read-ahead of a scan iterator: 2 MiB, a few hundred 4 KiB blocks per read call.</summary>
    private const nuint ScanReadahead = 2 << 20;

    /// <summary>
    /// Creates an iterator over <paramref name="db"/>; an empty <paramref name="upperBound"/> means none. A
    /// <paramref name="scan"/> iterator is for one pass over a large range: the blocks it reads stay out of the block
    /// cache (they would only evict the hot ones) and files are read ahead in large pieces.
    /// </summary>
    internal IteratorHandle(RocksDbHandle db, SnapshotHandle? snapshot, ReadOnlySpan<byte> lowerBound, ReadOnlySpan<byte> upperBound,
        bool scan = false)
    {
        var dbAdded = false;
        var snapshotAdded = false;
        try
        {
            db.DangerousAddRef(ref dbAdded);
            snapshot?.DangerousAddRef(ref snapshotAdded);
            _db = db;
            _snapshot = snapshot;
            _readOptions = RocksDbNative.rocksdb_readoptions_create();
            if (_readOptions == 0)
            {
                throw new OutOfMemoryException("rocksdb_readoptions_create returned NULL");
            }
            var boundBytes = lowerBound.Length + upperBound.Length;
            if (boundBytes > 0)
            {
                _bounds = (byte*)NativeMemory.Alloc((nuint)boundBytes);
                lowerBound.CopyTo(new Span<byte>(_bounds, lowerBound.Length));
                upperBound.CopyTo(new Span<byte>(_bounds + lowerBound.Length, upperBound.Length));
            }
            if (lowerBound.Length > 0)
            {
                RocksDbNative.rocksdb_readoptions_set_iterate_lower_bound(_readOptions, _bounds, (nuint)lowerBound.Length);
            }
            if (upperBound.Length > 0)
            {
                RocksDbNative.rocksdb_readoptions_set_iterate_upper_bound(
                    _readOptions, _bounds + lowerBound.Length, (nuint)upperBound.Length);
            }
            if (snapshot is not null)
            {
                RocksDbNative.rocksdb_readoptions_set_snapshot(_readOptions, snapshot.Pointer);
            }
            if (scan)
            {
                RocksDbNative.rocksdb_readoptions_set_fill_cache(_readOptions, 0);
                RocksDbNative.rocksdb_readoptions_set_readahead_size(_readOptions, ScanReadahead);
            }
            var iterator = RocksDbNative.rocksdb_create_iterator(db.Pointer, _readOptions);
            if (iterator == 0)
            {
                throw new OutOfMemoryException("rocksdb_create_iterator returned NULL");
            }
            SetHandle(iterator);
        }
        catch
        {
            FreeOwned();
            if (snapshotAdded)
            {
                snapshot!.DangerousRelease();
            }
            if (dbAdded)
            {
                db.DangerousRelease();
            }
            throw;
        }
    }

    protected override bool ReleaseHandle()
    {
        RocksDbNative.rocksdb_iter_destroy(handle);
        FreeOwned();
        _snapshot?.DangerousRelease();
        _db.DangerousRelease();
        return true;
    }

    private void FreeOwned()
    {
        if (_readOptions != 0)
        {
            RocksDbNative.rocksdb_readoptions_destroy(_readOptions);
            _readOptions = 0;
        }
        if (_bounds != null)
        {
            NativeMemory.Free(_bounds);
            _bounds = null;
        }
    }
}
