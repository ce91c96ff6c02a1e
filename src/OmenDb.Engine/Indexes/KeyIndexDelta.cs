using System.Numerics;
using System.Runtime.Intrinsics;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// The small write buffer of an <see cref="OrderedKeyIndex"/>: (key, row id) pairs appended since the last
/// build, in arrival order. One writer at a time appends (under the index's lock) and then publishes the new
/// count with a volatile write; readers read the count once and only look below it, so they never lock. Keys
/// that arrive in non-decreasing order (sequences, timestamps) keep <see cref="Sorted"/> set and are binary
/// searched; otherwise a lookup scans the keys with 512-bit compares (a few hundred ns for 4,096 keys), which is
/// why the index merges the buffer in the background once it holds <see cref="OrderedKeyIndex.MergeThreshold"/> pairs.
/// </summary>
internal sealed class KeyIndexDelta
{
    private readonly long[] _keys;
    private readonly long[] _rowIds;
    private int _count;
    private volatile bool _sorted = true;

    public KeyIndexDelta(int capacity)
    {
        _keys = new long[Math.Max(capacity, 16)];
        _rowIds = new long[_keys.Length];
    }

    /// <summary>Pairs published so far.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Room for pairs.</summary>
    public int Capacity => _keys.Length;

    /// <summary>Whether the keys below <see cref="Count"/> are in non-decreasing order (read it after Count).</summary>
    public bool Sorted => _sorted;

    /// <summary>The keys (valid below a count read earlier).</summary>
    public ReadOnlySpan<long> Keys(int count) => _keys.AsSpan(0, count);

    /// <summary>The row ids (valid below a count read earlier).</summary>
    public ReadOnlySpan<long> RowIds(int count) => _rowIds.AsSpan(0, count);

    /// <summary>Appends a pair (caller holds the index's write lock); false when full.</summary>
    public bool TryAppend(long key, long rowId)
    {
        var n = _count;
        if (n == _keys.Length)
        {
            return false;
        }

        _keys[n] = key;
        _rowIds[n] = rowId;
        if (n > 0 && key < _keys[n - 1])
        {
            _sorted = false;
        }

        Volatile.Write(ref _count, n + 1);
        return true;
    }

    /// <summary>A new buffer of <paramref name="capacity"/> holding the pairs from <paramref name="from"/> on (caller holds the write lock).</summary>
    public KeyIndexDelta CopyFrom(int from, int capacity)
    {
        var copy = new KeyIndexDelta(Math.Max(capacity, _count - from));
        for (var i = from; i < _count; i++)
        {
            copy.TryAppend(_keys[i], _rowIds[i]);
        }

        return copy;
    }

    /// <summary>Appends to <paramref name="into"/> the (key, row id) pairs among the first <paramref name="count"/> with a key in [low, high].</summary>
    public void Collect(int count, long low, long high, List<(long Key, long RowId)> into)
    {
        var keys = _keys.AsSpan(0, count);
        if (Sorted)
        {
            var start = SortedSearch.LowerBound(_keys, 0, count, low);
            for (var i = start; i < count && keys[i] <= high; i++)
            {
                into.Add((keys[i], _rowIds[i]));
            }

            return;
        }

        var i0 = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var lo = Vector512.Create(low);
            var hi = Vector512.Create(high);
            for (; i0 + 8 <= count; i0 += 8)
            {
                var v = Vector512.Create(keys.Slice(i0, 8));
                var mask = (Vector512.GreaterThanOrEqual(v, lo) & Vector512.LessThanOrEqual(v, hi)).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    var j = i0 + BitOperations.TrailingZeroCount(mask);
                    into.Add((keys[j], _rowIds[j]));
                    mask &= mask - 1;
                }
            }
        }

        for (; i0 < count; i0++)
        {
            if (keys[i0] >= low && keys[i0] <= high)
            {
                into.Add((keys[i0], _rowIds[i0]));
            }
        }
    }
}
