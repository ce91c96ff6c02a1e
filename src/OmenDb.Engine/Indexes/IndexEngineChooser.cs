namespace OmenDb.Engine.Indexes;

/// <summary>
/// Builds engines, and picks one per index from the key distribution. The rule follows what a lookup costs in
/// dependent cache misses (about 300 ns each from DRAM on this machine class) as measured in
/// benchmarks/RESULTS.md:
/// <list type="bullet">
/// <item>the linear model when its measured error is at most <see cref="LinearMaxError"/>: one model (always
/// cached) and one window of ≤ 130 keys whose lines load in parallel: 4–6× faster than the B+-tree on sequences;</item>
/// <item>the PGM index (radix top level, ε = 16) when its error bound held and its segments average at least
/// <see cref="MinKeysPerSegment"/> keys: at 1M and 10M keys it beat the B+-tree on gapped, uniform and lognormal
/// keys;</item>
/// <item>otherwise the B+-tree: with fewer keys per segment (skewed "books"/"osm"-like keys) the PGM index measured
/// below the B+-tree.</item>
/// </list>
/// </summary>
internal static class IndexEngineChooser
{
    /// <summary>Largest linear-model error still worth one model (a 130-key window, 8 probes).</summary>
    public const int LinearMaxError = 64;

    /// <summary>Average keys per PGM segment below which the B+-tree was faster (skewed "books"/"osm"-like keys).</summary>
    public const int MinKeysPerSegment = 512;

    /// <summary>Builds the engine of <paramref name="kind"/> over <paramref name="keys"/> (strictly increasing).</summary>
    public static IIndexEngine Build(IndexEngineKind kind, long[] keys) => kind switch
    {
        IndexEngineKind.BinarySearch => new BinarySearchEngine(keys),
        IndexEngineKind.BTree => new BPlusTreeEngine(keys),
        IndexEngineKind.Linear => new LinearModelEngine(keys),
        _ => new PgmEngine(keys),
    };

    /// <summary>Builds the engine <paramref name="method"/> and the key distribution call for; <paramref name="reason"/> says why.</summary>
    public static IIndexEngine Choose(KeyIndexMethod method, long[] keys, out string reason)
    {
        if (method == KeyIndexMethod.BTree)
        {
            reason = "USING btree";
            return new BPlusTreeEngine(keys);
        }

        return Choose(keys, out reason, learnedOnly: method == KeyIndexMethod.Learned);
    }

    /// <summary>
    /// Builds the engine the key distribution calls for; <paramref name="reason"/> says why (for the statistics view
    /// and the log). With <paramref name="learnedOnly"/> (USING learned) the PGM index is kept even when it needs many
    /// segments; a broken error bound still falls back to the B+-tree.
    /// </summary>
    public static IIndexEngine Choose(long[] keys, out string reason, bool learnedOnly = false)
    {
        var linear = new LinearModelEngine(keys);
        if (linear.MaxError <= LinearMaxError)
        {
            reason = $"linear model error {linear.MaxError} <= {LinearMaxError}";
            return linear;
        }

        var pgm = new PgmEngine(keys);
        if (!pgm.WithinBound)
        {
            reason = $"pgm measured error {pgm.MaxError} exceeds its bound {pgm.Epsilon}: btree";
            return new BPlusTreeEngine(keys);
        }

        if (!learnedOnly && (long)pgm.Segments * MinKeysPerSegment > keys.Length)
        {
            reason = $"pgm needs {pgm.Segments} segments for {keys.Length} keys: btree";
            return new BPlusTreeEngine(keys);
        }

        reason = $"linear model error {linear.MaxError} > {LinearMaxError}; pgm {pgm.Segments} segments";
        return pgm;
    }
}
