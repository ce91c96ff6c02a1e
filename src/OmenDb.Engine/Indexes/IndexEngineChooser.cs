namespace OmenDb.Engine.Indexes;

/// <summary>
/// Builds engines, and picks one per index from the key distribution. The rule compares what a lookup costs in
/// dependent cache misses (about 300 ns each from DRAM on this machine class):
/// <list type="bullet">
/// <item>the linear model when its measured error is at most <see cref="LinearMaxError"/>: one model (always
/// cached) and a search of ≤ 2 × 64 + 2 keys, i.e. 1–3 misses;</item>
/// <item>otherwise the PGM index when its error bound held and its data-level segments average at least
/// <see cref="MinKeysPerSegment"/> keys: its model is then at most a quarter of the B+-tree's inner levels, so
/// it stays cached where the B+-tree's lower levels do not;</item>
/// <item>otherwise the B+-tree (irregular keys where segments would be tiny, or a bound broken by rounding).</item>
/// </list>
/// The thresholds come from the measurements in benchmarks/RESULTS.md.
/// </summary>
internal static class IndexEngineChooser
{
    /// <summary>Largest linear-model error still worth one model (a 130-key window, 8 probes).</summary>
    public const int LinearMaxError = 64;

    /// <summary>Average keys per PGM segment below which the B+-tree's 16 keys per inner entry is the better deal.</summary>
    public const int MinKeysPerSegment = 64;

    /// <summary>Builds the engine of <paramref name="kind"/> over <paramref name="keys"/> (strictly increasing).</summary>
    public static IIndexEngine Build(IndexEngineKind kind, long[] keys) => kind switch
    {
        IndexEngineKind.BinarySearch => new BinarySearchEngine(keys),
        IndexEngineKind.BTree => new BPlusTreeEngine(keys),
        IndexEngineKind.Linear => new LinearModelEngine(keys),
        _ => new PgmEngine(keys),
    };

    /// <summary>Builds the engine the key distribution calls for; <paramref name="reason"/> says why (for the statistics view and the log).</summary>
    public static IIndexEngine Choose(long[] keys, out string reason)
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

        if ((long)pgm.Segments * MinKeysPerSegment > keys.Length)
        {
            reason = $"pgm needs {pgm.Segments} segments for {keys.Length} keys: btree";
            return new BPlusTreeEngine(keys);
        }

        reason = $"linear model error {linear.MaxError} > {LinearMaxError}; pgm {pgm.Segments} segments";
        return pgm;
    }
}
