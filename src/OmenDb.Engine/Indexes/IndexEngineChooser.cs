namespace OmenDb.Engine.Indexes;

/// <summary>
/// Builds engines, and picks one per index from the key distribution:
/// <list type="bullet">
/// <item>the linear model when its measured error is at most <see cref="LinearMaxError"/>: one model (always
/// cached) and one window of ≤ 130 keys whose lines load in parallel: 3–5× faster than the B+-tree on sequences;</item>
/// <item>the PGM index when its error bound held and it is measured faster than the B+-tree: from
/// <see cref="IndexCalibration.MinKeys"/> keys on, both engines are built and timed on samples of lookups
/// (<see cref="IndexCalibration"/>: medians of interleaved samples, PGM only at ≥ 1.05× single and ≥ 0.95× batched);
/// below that, or without a high-resolution timer, the cost model (<see cref="IndexCostModel"/>: cache misses by
/// the layout of each engine and this machine's cache sizes) must predict it <see cref="IndexCostModel.PgmMargin"/>×
/// faster;</item>
/// <item>otherwise the B+-tree. Where the two are close the B+-tree wins the tie: issue 6 asks that the automatic
/// choice never runs below 0.9× the B+-tree.</item>
/// </list>
/// A calibration is reused by the rebuilds of the same index while its key count stays within a factor of two
/// (<see cref="IndexCalibration.Covers"/>), so background merges do not build and time a second engine every time.
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
        IndexCalibration? none = null;
        return Choose(method, keys, out reason, ref none);
    }

    /// <summary>
    /// Builds the engine <paramref name="method"/> and the key distribution call for; <paramref name="reason"/> says
    /// why. <paramref name="calibration"/> is the index's last measured decision: reused while it covers the key
    /// count, replaced when the engines are timed anew.
    /// </summary>
    public static IIndexEngine Choose(KeyIndexMethod method, long[] keys, out string reason, ref IndexCalibration? calibration)
    {
        if (method == KeyIndexMethod.BTree)
        {
            reason = "USING btree";
            return new BPlusTreeEngine(keys);
        }

        return Choose(keys, out reason, ref calibration, learnedOnly: method == KeyIndexMethod.Learned);
    }

    /// <inheritdoc cref="Choose(long[], out string, ref IndexCalibration?, bool, CacheModel?, LookupClock?, int)"/>
    public static IIndexEngine Choose(long[] keys, out string reason, bool learnedOnly = false, CacheModel? cache = null, LookupClock? clock = null)
    {
        IndexCalibration? none = null;
        return Choose(keys, out reason, ref none, learnedOnly, cache, clock);
    }

    /// <summary>
    /// Builds the engine the key distribution calls for; <paramref name="reason"/> says why (for the statistics view
    /// and the log). With <paramref name="learnedOnly"/> (USING learned) the PGM index is kept even when the B+-tree
    /// is faster; a broken error bound still falls back to the B+-tree. <paramref name="calibration"/>: see
    /// <see cref="Choose(KeyIndexMethod, long[], out string, ref IndexCalibration?)"/>. <paramref name="cache"/>
    /// replaces this machine's caches, <paramref name="clock"/> the timing of lookups and <paramref name="maxTimedKeys"/>
    /// the size above which the engines are timed on a sample (tests).
    /// </summary>
    public static IIndexEngine Choose(long[] keys, out string reason, ref IndexCalibration? calibration, bool learnedOnly = false,
        CacheModel? cache = null, LookupClock? clock = null, int maxTimedKeys = IndexCalibration.MaxKeys)
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

        if (learnedOnly)
        {
            reason = $"USING learned; pgm {pgm.Segments} segments";
            return pgm;
        }

        if (keys.Length < IndexCalibration.MinKeys || (clock is null && !System.Diagnostics.Stopwatch.IsHighResolution))
        {
            var (pgmWins, estimate) = PgmWins(PgmShape.Of(pgm), cache ?? CacheModel.Machine);
            reason = $"pgm {pgm.Segments} segments, {estimate}: {(pgmWins ? "pgm" : "btree")}";
            return pgmWins ? pgm : new BPlusTreeEngine(keys);
        }

        BPlusTreeEngine? btree = null;
        if (calibration is null || !calibration.Covers(keys.Length))
        {
            // Time the B+-tree as it would serve: in huge pages (OrderedKeyIndex advises the key array before choosing).
            // Large indexes time a B+-tree over a strided sample (IndexCalibration.MaxKeys), so the timing never holds a
            // full-size B+-tree next to the PGM index, against the PGM index that would serve, probed with the sample's
            // keys (which it holds): a smaller tree can only look faster than the full one, so the sample errs toward
            // the B+-tree. (A PGM model of the sample would not: every sampled gap sums k real ones, so its model is
            // far smaller and more cache-resident than the full one.)
            var sample = IndexCalibration.Sample(keys, maxTimedKeys);
            if (!ReferenceEquals(sample, keys))
            {
                HugePages.Advise(sample);
            }

            var timedTree = new BPlusTreeEngine(sample);
            timedTree.AdviseHugePages();
            btree = ReferenceEquals(sample, keys) ? timedTree : null;
            calibration = IndexCalibration.Measure(pgm, timedTree, sample, clock, keys.Length);
        }

        reason = $"pgm {pgm.Segments} segments, {calibration.Describe()}: {(calibration.PgmWins ? "pgm" : "btree")}";
        return calibration.PgmWins ? pgm : btree ?? new BPlusTreeEngine(keys);
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
