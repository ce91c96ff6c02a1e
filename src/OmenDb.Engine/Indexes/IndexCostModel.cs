namespace OmenDb.Engine.Indexes;

/// <summary>
/// Expected ns per single lookup of the B+-tree and of a PGM index, counted in cache misses by the layout of each
/// engine (<see cref="IndexEngineChooser"/> takes the PGM index only where it wins by <see cref="PgmMargin"/>; from
/// <see cref="IndexCalibration.MinKeys"/> keys on the chooser times both engines instead).
/// <para>
/// A lookup walks a fixed path of structures, each read at one random place: the B+-tree's levels from the root,
/// the PGM index's radix table, segment records and key window. The structures near the start of the path are
/// read by every lookup and stay cached; each step is charged the latency of the cache that holds the cumulative
/// bytes of the path up to it (<see cref="CacheModel.ReadNs"/>): at 10M keys the B+-tree's upper four levels
/// (333 KB) sit in L2 and only its two lowest levels (5 MB and 80 MB) miss, while the PGM index (about 1 MB of
/// model) misses once, in the key array. Extra lines of a node or window load in parallel with the first and
/// cost <see cref="ParallelLine"/> of a read each. Compute per lookup (compares, the float prediction, the
/// count) is a constant per engine.
/// </para>
/// </summary>
internal static class IndexCostModel
{
    /// <summary>Cost of each further line read in parallel with the first, as a fraction of a read.</summary>
    public const double ParallelLine = 0.15;

    /// <summary>ns of compute per B+-tree level (two 512-bit compares, a popcount, the child's address).</summary>
    public const double BTreeLevelNs = 2;

    /// <summary>ns of compute per PGM lookup (radix index, four record compares, the prediction, the window count).</summary>
    public const double PgmComputeNs = 12;

    /// <summary>
    /// Predicted speed-up the PGM index needs over the B+-tree before the chooser takes it, where the engines are not
    /// timed (<see cref="IndexCalibration.MinKeys"/>): at 10M keys the model predicts 1.14–1.16× on uniform and
    /// lognormal keys where a quiet machine measured 1.09× and 0.98× (benchmarks/RESULTS.md 11:46), too coarse for the
    /// 0.9× floor at that size, hence the calibration there.
    /// </summary>
    public const double PgmMargin = 1.1;

    /// <summary>ns per lookup of a <see cref="BPlusTreeEngine"/> over <paramref name="count"/> keys.</summary>
    public static double BTree(long count, CacheModel cache)
    {
        // Level sizes as BPlusTreeEngine lays them out: 16 keys (128 bytes, two lines) per node.
        var levels = new List<long> { Math.Max(1, count) };
        while (levels[^1] > BPlusTreeEngine.Fanout)
        {
            levels.Add((levels[^1] + BPlusTreeEngine.Fanout - 1) / BPlusTreeEngine.Fanout);
        }

        levels.Reverse();
        long path = 0;
        double ns = 0;
        foreach (var keys in levels)
        {
            path += RoundUp(keys, BPlusTreeEngine.Fanout) * sizeof(long);
            ns += (cache.ReadNs(path) * (1 + ParallelLine)) + BTreeLevelNs;
        }

        return ns;
    }

    /// <summary>ns per lookup of a PGM index of <paramref name="shape"/>.</summary>
    public static double Pgm(PgmShape shape, CacheModel cache)
    {
        // Skewed keys descend into sub-tables in some buckets: count half a read more.
        var path = shape.RadixBytes;
        var ns = cache.ReadNs(path) * (shape.SubTables ? 1.5 : 1);
        path += shape.SegmentBytes;
        ns += cache.ReadNs(path) * (1 + ParallelLine);
        path += shape.Count * sizeof(long);

        // An unaligned window of w keys spans w / 8 + 1 lines.
        var lines = (shape.Window / 8) + 1;
        ns += cache.ReadNs(path) * (1 + (ParallelLine * (lines - 1)));
        return ns + PgmComputeNs;
    }

    private static long RoundUp(long n, int multiple) => (n + multiple - 1) / multiple * multiple;
}
