namespace OmenDb.Engine.Indexes;

/// <summary>
/// A read-only search structure over a strictly increasing array of 64-bit keys (a table's sorted key column;
/// position i of the array is the i-th smallest key). Engines answer positions; the owner of the keys maps a
/// position to row ids. Built once in O(n) from the sorted keys, then shared by any number of concurrent readers
/// without locks (nothing in an engine changes after its build). New keys go to <see cref="KeyIndexDelta"/> and
/// reach an engine through a rebuild (<see cref="OrderedKeyIndex"/>).
/// </summary>
internal interface IIndexEngine
{
    /// <summary>Which engine this is.</summary>
    IndexEngineKind Kind { get; }

    /// <summary>Number of keys.</summary>
    int Count { get; }

    /// <summary>The first position whose key is ≥ <paramref name="key"/>, or <see cref="Count"/> when every key is smaller.</summary>
    int LowerBound(long key);

    /// <summary>
    /// Lower bounds of many keys at once (IN lists, the inner side of an index nested-loop join): positions[i] is
    /// <see cref="LowerBound"/>(keys[i]). Engines that can overlap the cache misses of independent lookups (software
    /// prefetch) override this; the default answers one key after the other.
    /// </summary>
    void LowerBoundBatch(ReadOnlySpan<long> keys, Span<int> positions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(positions.Length, keys.Length, nameof(positions));
        for (var i = 0; i < keys.Length; i++)
        {
            positions[i] = LowerBound(keys[i]);
        }
    }

    /// <summary>
    /// Advises the engine's own large arrays into huge pages (<see cref="HugePages"/>), once the engine is chosen: the
    /// owner of the keys advises the shared key array itself. Engines that keep no large arrays of their own do nothing.
    /// </summary>
    void AdviseHugePages()
    {
    }

    /// <summary>Bytes held by the engine beyond the shared key array (its own copies and models included).</summary>
    long ModelBytes { get; }

    /// <summary>Largest distance between a predicted and a true position over every key (0 for exact engines).</summary>
    int MaxError { get; }

    /// <summary>Mean distance between a predicted and a true position (0 for exact engines).</summary>
    double MeanError { get; }

    /// <summary>Models (linear segments over all levels) or inner nodes, for the statistics view.</summary>
    int Models { get; }

    /// <summary>One-line description for EXPLAIN, e.g. "pgm (eps 32, 2 levels, 1204 segments, max error 31)".</summary>
    string Describe();
}

/// <summary>The search operations every engine derives from <see cref="IIndexEngine.LowerBound"/>.</summary>
internal static class IndexEngineExtensions
{
    /// <summary>The position of <paramref name="key"/>, or -1 when absent.</summary>
    public static int Lookup(this IIndexEngine engine, long key, ReadOnlySpan<long> keys)
    {
        var p = engine.LowerBound(key);
        return p < keys.Length && keys[p] == key ? p : -1;
    }

    /// <summary>Positions [Start, End) of the keys in [<paramref name="low"/>, <paramref name="high"/>] (both inclusive).</summary>
    public static (int Start, int End) Range(this IIndexEngine engine, long low, long high)
    {
        if (low > high)
        {
            return (0, 0);
        }

        var start = engine.LowerBound(low);
        var end = high == long.MaxValue ? engine.Count : engine.LowerBound(high + 1);
        return (start, Math.Max(start, end));
    }
}
