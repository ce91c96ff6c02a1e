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

    /// <summary>
    /// <see cref="Valid"/> answered true and the iterator has not moved since: <see cref="Key"/>, <see cref="Value"/>
    /// and <see cref="Next"/> need not ask RocksDB again (a scan makes four native calls per entry instead of seven).
    /// </summary>
    private bool _positioned;

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
                _positioned = true;
                return true;
            }

            _positioned = false;
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
    public void SeekToFirst() => RocksDbNative.rocksdb_iter_seek_to_first(Moving());

    /// <inheritdoc/>
    public void SeekToLast() => RocksDbNative.rocksdb_iter_seek_to_last(Moving());

    /// <inheritdoc/>
    public void Seek(ReadOnlySpan<byte> key)
    {
        var iterator = Moving();
        fixed (byte* k = key)
        {
            RocksDbNative.rocksdb_iter_seek(iterator, RocksDbStore.NonNull(k), (nuint)key.Length);
        }
    }

    /// <inheritdoc/>
    public void SeekForPrev(ReadOnlySpan<byte> key)
    {
        var iterator = Moving();
        fixed (byte* k = key)
        {
            RocksDbNative.rocksdb_iter_seek_for_prev(iterator, RocksDbStore.NonNull(k), (nuint)key.Length);
        }
    }

    /// <inheritdoc/>
    public void Next()
    {
        var iterator = PositionedIterator();
        _positioned = false;
        RocksDbNative.rocksdb_iter_next(iterator);
    }

    /// <inheritdoc/>
    public void Prev()
    {
        var iterator = PositionedIterator();
        _positioned = false;
        RocksDbNative.rocksdb_iter_prev(iterator);
    }

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();

    /// <summary>The iterator about to be repositioned.</summary>
    private nint Moving()
    {
        var iterator = Iterator;
        _positioned = false;
        return iterator;
    }

    private nint PositionedIterator()
    {
        var iterator = Iterator;
        if (!_positioned && RocksDbNative.rocksdb_iter_valid(iterator) == 0)
        {
            throw new InvalidOperationException("the iterator is not positioned on an entry");
        }
        return iterator;
    }
}
