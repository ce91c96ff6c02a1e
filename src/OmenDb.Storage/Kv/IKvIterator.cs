namespace OmenDb.Storage.Kv;

/// <summary>
/// A cursor over a consistent view of the store, restricted to the bounds it was created with. Moves in both
/// directions. <see cref="Key"/> and <see cref="Value"/> are valid until the next move or <see cref="IDisposable.Dispose"/>.
/// Not thread-safe.
/// </summary>
/// <example><code>
/// using var it = store.CreateIterator(lower, upper);
/// for (it.SeekToFirst(); it.Valid; it.Next()) { Use(it.Key, it.Value); }
/// </code></example>
public interface IKvIterator : IDisposable
{
    /// <summary>True when positioned on an entry. When false after a move, a storage error (if any) is thrown here.</summary>
    bool Valid { get; }

    /// <summary>The current key; only while <see cref="Valid"/>.</summary>
    ReadOnlySpan<byte> Key { get; }

    /// <summary>The current value; only while <see cref="Valid"/>.</summary>
    ReadOnlySpan<byte> Value { get; }

    /// <summary>Positions on the first entry within the bounds.</summary>
    void SeekToFirst();

    /// <summary>Positions on the last entry within the bounds.</summary>
    void SeekToLast();

    /// <summary>Positions on the first entry with key ≥ <paramref name="key"/> (a key under the lower bound seeks to it).</summary>
    void Seek(ReadOnlySpan<byte> key);

    /// <summary>Positions on the last entry with key ≤ <paramref name="key"/> (a key at or past the upper bound seeks below it).</summary>
    void SeekForPrev(ReadOnlySpan<byte> key);

    /// <summary>Moves to the next entry; only while <see cref="Valid"/>.</summary>
    void Next();

    /// <summary>Moves to the previous entry; only while <see cref="Valid"/>.</summary>
    void Prev();
}
