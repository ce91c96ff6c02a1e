using System.Runtime.InteropServices;
using OmenDb.Storage.Native;

namespace OmenDb.Storage.Kv;

/// <summary>
/// The result of <see cref="IKvStore.Get"/>: the stored bytes without a copy. For RocksDB it wraps a pinnable slice
/// (the value stays in the block cache or memtable while pinned) and holds a reference on the DB, so it must be
/// disposed, exactly once, promptly. Being a <c>ref struct</c>, it cannot outlive the calling method.
/// </summary>
public ref struct KvValue
{
    private readonly ReadOnlySpan<byte> _value;
    private nint _pinnedSlice;
    private SafeHandle? _owner;

    /// <summary>A value backed by managed memory that nobody mutates (the in-memory store's immutable arrays).</summary>
    internal KvValue(ReadOnlySpan<byte> value)
    {
        _value = value;
        Exists = true;
    }

    /// <summary>A value backed by a <c>rocksdb_pinnableslice_t</c>; takes over one reference on <paramref name="owner"/>.</summary>
    internal KvValue(ReadOnlySpan<byte> value, nint pinnedSlice, SafeHandle owner)
    {
        _value = value;
        _pinnedSlice = pinnedSlice;
        _owner = owner;
        Exists = true;
    }

    /// <summary>True when the key was found.</summary>
    public readonly bool Exists { get; }

    /// <summary>The value bytes (empty when absent; an existing value may be empty too).</summary>
    public readonly ReadOnlySpan<byte> Span => _value;

    /// <summary>The value length in bytes.</summary>
    public readonly int Length => _value.Length;

    /// <summary>Copies the value to a new array (allocates; for tests and cold paths).</summary>
    public readonly byte[] ToArray() => _value.ToArray();

    /// <summary>Unpins the value. Call exactly once (use <c>using</c>).</summary>
    public void Dispose()
    {
        if (_pinnedSlice != 0)
        {
            RocksDbNative.rocksdb_pinnableslice_destroy(_pinnedSlice);
            _pinnedSlice = 0;
            _owner!.DangerousRelease();
            _owner = null;
        }
    }
}
