namespace OmenDb.Storage.Kv;

/// <summary>Range checks shared by the store implementations, so that both agree on edge cases.</summary>
internal static class KvRanges
{
    /// <summary>
    /// True for a range [<paramref name="start"/>, <paramref name="end"/>) that holds keys; false when empty
    /// (equal ends). A reversed range is a caller bug: RocksDB would reject the whole batch at write time.
    /// </summary>
    internal static bool IsNonEmptyRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> end)
    {
        var order = start.SequenceCompareTo(end);
        return order < 0 || (order == 0 ? false : throw new ArgumentException("the range end sorts before its start", nameof(end)));
    }

    /// <summary>True when <paramref name="key"/> lies in [<paramref name="lower"/>, <paramref name="upper"/>), an empty
    /// <paramref name="upper"/> meaning no upper bound.</summary>
    internal static bool Contains(ReadOnlySpan<byte> key, ReadOnlySpan<byte> lower, ReadOnlySpan<byte> upper) =>
        key.SequenceCompareTo(lower) >= 0 && (upper.IsEmpty || key.SequenceCompareTo(upper) < 0);
}
