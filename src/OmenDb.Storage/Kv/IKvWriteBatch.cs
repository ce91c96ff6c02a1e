namespace OmenDb.Storage.Kv;

/// <summary>
/// A list of puts and deletes applied atomically by <see cref="IKvStore.Write"/>. Operations apply in the order they
/// were added (a later put of the same key wins). The batch copies keys and values, so the caller's buffers may be
/// reused at once. Not thread-safe; belongs to the store that created it.
/// </summary>
public interface IKvWriteBatch : IDisposable
{
    /// <summary>The number of operations added since creation or the last <see cref="Clear"/>.</summary>
    int Count { get; }

    /// <summary>Adds "set <paramref name="key"/> to <paramref name="value"/>".</summary>
    void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

    /// <summary>Adds "remove <paramref name="key"/>".</summary>
    void Delete(ReadOnlySpan<byte> key);

    /// <summary>
    /// Adds "remove every key in [<paramref name="start"/>, <paramref name="end"/>)". An empty range
    /// (<paramref name="start"/> equal to <paramref name="end"/>) adds nothing; a reversed range is an argument error.
    /// </summary>
    void DeleteRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> end);

    /// <summary>Removes every operation, keeping the allocated memory for reuse.</summary>
    void Clear();
}
