namespace OmenDb.Engine.Indexes;

/// <summary>
/// Builds engines, and picks one per index from the key distribution:
/// <list type="bullet">
/// <item>the linear model when its measured error is at most <see cref="LinearMaxError"/>: one model (always
/// cached) and one window of ≤ 130 keys whose lines load in parallel: 4–6× faster than the B+-tree on sequences;</item>
/// <item>the PGM index when its error bound held and the cost model (<see cref="IndexCostModel"/>: cache misses by
/// the layout of each engine and this machine's cache sizes) predicts it at least
/// <see cref="IndexCostModel.PgmMargin"/>× faster than the B+-tree;</item>
/// <item>otherwise the B+-tree. Where the two are close the B+-tree wins the tie: issue 6 asks that the automatic
/// choice never runs below 0.9× the B+-tree, and the margin covers the model's error (at 10M keys the PGM index
/// measured 0.98–1.09× the B+-tree on lognormal and uniform keys on a quiet machine, benchmarks/RESULTS.md 11:46).</item>
/// </list>
/// </summary>
internal static class IndexEngineChooser
{
    /// <summary>Largest linear-model error still worth one model (a 130-key window, 8 probes).</summary>
    public const int LinearMaxError = 64;

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
    /// and the log). With <paramref name="learnedOnly"/> (USING learned) the PGM index is kept even when the model
    /// expects the B+-tree to be faster; a broken error bound still falls back to the B+-tree.
    /// <paramref name="cache"/> replaces this machine's caches (tests).
    /// </summary>
    public static IIndexEngine Choose(long[] keys, out string reason, bool learnedOnly = false, CacheModel? cache = null)
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

        var (pgmWins, estimate) = PgmWins(PgmShape.Of(pgm), cache ?? CacheModel.Machine);
        estimate = $"pgm {pgm.Segments} segments, {estimate}";
        if (learnedOnly)
        {
            reason = $"USING learned; {estimate}";
            return pgm;
        }

        if (!pgmWins)
        {
            reason = $"{estimate}: btree";
            return new BPlusTreeEngine(keys);
        }

        reason = $"linear model error {linear.MaxError} > {LinearMaxError}; {estimate}";
        return pgm;
    }

    /// <summary>Whether the cost model expects a PGM index of <paramref name="shape"/> to beat the B+-tree by the margin, and the estimate in words.</summary>
    internal static (bool Wins, string Estimate) PgmWins(PgmShape shape, CacheModel cache)
    {
        var pgmNs = IndexCostModel.Pgm(shape, cache);
        var btreeNs = IndexCostModel.BTree(shape.Count, cache);
        var wins = pgmNs * IndexCostModel.PgmMargin <= btreeNs;
        return (wins, FormattableString.Invariant(
            $"model {pgmNs:0} ns vs btree {btreeNs:0} ns per lookup ({(wins ? "" : "under ")}the {IndexCostModel.PgmMargin}x margin)"));
    }
}
