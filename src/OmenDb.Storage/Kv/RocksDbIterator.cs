using OmenDb.Storage.Native;

namespace OmenDb.Storage.Kv;

/// <summary>
/// A RocksDB iterator. Position checks guard every access: RocksDB only asserts validity in debug builds, so a stray
/// <c>Next</c> past the end would otherwise be undefined behaviour in the release library.
/// </summary>
internal sealed unsafe class RocksDbIterator : IKvIterator
{
    private readonly IteratorHandle _handle;
    private readonly string _path;

    internal RocksDbIterator(IteratorHandle handle, string path)
    {
        _handle = handle;
        _path = path;
    }

    private nint Iterator
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.Pointer;
        }
    }

    /// <inheritdoc/>
    public bool Valid
    {
        get
        {
            var iterator = Iterator;
            if (RocksDbNative.rocksdb_iter_valid(iterator) != 0)
            {
                return true;
            }
            byte* error = null;
            RocksDbNative.rocksdb_iter_get_error(iterator, &error);
            RocksDbErrors.ThrowIfError(error, "read from", _path);
            return false;
        }
    }

    /// <inheritdoc/>
    public ReadOnlySpan<byte> Key
    {
        get
        {
            var iterator = PositionedIterator();
            nuint length;
            var key = RocksDbNative.rocksdb_iter_key(iterator, &length);
            return new ReadOnlySpan<byte>(key, (int)length);
        }
    }

    /// <inheritdoc/>
    public ReadOnlySpan<byte> Value
    {
        get
        {
            var iterator = PositionedIterator();
            nuint length;
            var value = RocksDbNative.rocksdb_iter_value(iterator, &length);
            return new ReadOnlySpan<byte>(value, checked((int)length));
        }
    }

    /// <inheritdoc/>
    public void SeekToFirst() => RocksDbNative.rocksdb_iter_seek_to_first(Iterator);

    /// <inheritdoc/>
    public void SeekToLast() => RocksDbNative.rocksdb_iter_seek_to_last(Iterator);

    /// <inheritdoc/>
    public void Seek(ReadOnlySpan<byte> key)
    {
        var iterator = Iterator;
        fixed (byte* k = key)
        {
            RocksDbNative.rocksdb_iter_seek(iterator, RocksDbStore.NonNull(k), (nuint)key.Length);
        }
    }

    /// <inheritdoc/>
    public void SeekForPrev(ReadOnlySpan<byte> key)
    {
        var iterator = Iterator;
        fixed (byte* k = key)
        {
            RocksDbNative.rocksdb_iter_seek_for_prev(iterator, RocksDbStore.NonNull(k), (nuint)key.Length);
        }
    }

    /// <inheritdoc/>
    public void Next() => RocksDbNative.rocksdb_iter_next(PositionedIterator());

    /// <inheritdoc/>
    public void Prev() => RocksDbNative.rocksdb_iter_prev(PositionedIterator());

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();

    private nint PositionedIterator()
    {
        var iterator = Iterator;
        if (RocksDbNative.rocksdb_iter_valid(iterator) == 0)
        {
            throw new InvalidOperationException("the iterator is not positioned on an entry");
        }
        return iterator;
    }
}
