using OmenDb.Storage.Native;

namespace OmenDb.Storage.Kv;

/// <summary>A <c>rocksdb_writebatch_t</c>: operations are appended to one native buffer, copied from the spans.</summary>
internal sealed unsafe class RocksDbWriteBatch : IKvWriteBatch
{
    private readonly WriteBatchHandle _handle;

    internal RocksDbWriteBatch(RocksDbStore store, WriteBatchHandle handle)
    {
        Store = store;
        _handle = handle;
    }

    internal RocksDbStore Store { get; }

    /// <summary>The native batch; a batch is single-threaded, so a disposed check suffices (no lease).</summary>
    internal nint Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.Pointer;
        }
    }

    /// <inheritdoc/>
    public int Count => RocksDbNative.rocksdb_writebatch_count(Pointer);

    /// <inheritdoc/>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var batch = Pointer;
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            RocksDbNative.rocksdb_writebatch_put(batch, RocksDbStore.NonNull(k), (nuint)key.Length, RocksDbStore.NonNull(v), (nuint)value.Length);
        }
    }

    /// <inheritdoc/>
    public void Delete(ReadOnlySpan<byte> key)
    {
        var batch = Pointer;
        fixed (byte* k = key)
        {
            RocksDbNative.rocksdb_writebatch_delete(batch, RocksDbStore.NonNull(k), (nuint)key.Length);
        }
    }

    /// <inheritdoc/>
    public void DeleteRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> end)
    {
        if (!KvRanges.IsNonEmptyRange(start, end))
        {
            return;
        }
        var batch = Pointer;
        fixed (byte* s = start)
        fixed (byte* e = end)
        {
            RocksDbNative.rocksdb_writebatch_delete_range(batch, RocksDbStore.NonNull(s), (nuint)start.Length, RocksDbStore.NonNull(e), (nuint)end.Length);
        }
    }

    /// <inheritdoc/>
    public void Clear() => RocksDbNative.rocksdb_writebatch_clear(Pointer);

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();
}
