using OmenDb.Engine.Indexes;

namespace OmenDb.Engine.Tests.Indexes;

/// <summary>
/// The chooser's calibration, with injected timings (the decision logic only, never a timed assertion): the PGM index
/// is taken from measured medians only with the single-lookup margin and the batched floor, disturbed samples do not
/// move the decision, the engines are timed interleaved, a decision is reused while it covers the key count, and
/// small builds keep the cost model.
/// </summary>
public sealed class IndexCalibrationTests
{
    private static readonly long[] s_uniform = KeyDistributions.Generate("uniform", IndexCalibration.MinKeys + 10_000);

    [Theory]
    // single pgm/btree ns, batched pgm/btree ns, PGM chosen
    [InlineData(80, 86, 27, 24, false)] // 1.075x single, 0.89x batched: refused for the batch
    [InlineData(80, 86, 24, 24, true)] // 1.075x single, 1.0x batched
    [InlineData(82, 86, 24, 24, false)] // 1.049x single: under the 1.05 margin
    [InlineData(81.9, 86, 25.2, 24, true)] // 1.05x single, 0.952x batched: both just met
    [InlineData(88, 86, 20, 24, false)] // 0.98x single (lognormal at 10M, RESULTS.md 11:46): the B+-tree
    [InlineData(50, 100, 30, 24, false)] // 2x single but 0.8x batched
    public void Pgm_needs_the_margin_on_single_lookups_and_the_floor_on_batched_ones(double pgm, double btree, double pgmBatch, double btreeBatch, bool wins)
        => Assert.Equal(wins, new IndexCalibration(pgm, btree, pgmBatch, btreeBatch, 1_000_000).PgmWins);

    [Fact]
    public void Medians_ignore_a_disturbed_sample_and_engines_alternate()
    {
        var keys = s_uniform;
        var warm = IndexCalibration.WarmupRounds(keys.Length);
        Assert.InRange(warm, 2, IndexCalibration.MaxWarmupRounds);
        var order = new List<IndexEngineKind>();
        var calls = new Dictionary<(IndexEngineKind, bool), int>();
        var clock = new LookupClock((engine, probes, batched) =>
        {
            Assert.Equal(IndexCalibration.ProbesPerSample, probes.Length);
            if (!batched)
            {
                order.Add(engine.Kind);
            }

            var n = calls.GetValueOrDefault((engine.Kind, batched));
            calls[(engine.Kind, batched)] = n + 1;
            // The PGM index is steadily 70 ns but for one timed sample of 5,000 ns (a GC, another process) and the
            // warm-up's first (a cold cache); the B+-tree 90 ns.
            return (engine.Kind, batched) switch
            {
                (IndexEngineKind.Pgm, false) => n == warm + 3 || n == 0 ? 5_000 : 70,
                (IndexEngineKind.Pgm, true) => 20,
                (_, false) => 90,
                _ => n == warm + 2 ? 1 : 22,
            };
        });

        var result = IndexCalibration.Measure(new PgmEngine(keys), new BPlusTreeEngine(keys), keys, clock);
        Assert.Equal(70, result.PgmNs);
        Assert.Equal(90, result.BTreeNs);
        Assert.Equal(20, result.PgmBatchNs);
        Assert.Equal(22, result.BTreeBatchNs);
        Assert.True(result.PgmWins);
        Assert.Contains("measured at", result.Describe());

        // Untimed warm-up rounds, then timed ones; every round alternates which engine goes first.
        Assert.Equal((2 * warm) + (2 * IndexCalibration.Rounds), order.Count);
        Assert.Equal(warm + IndexCalibration.Rounds, calls[(IndexEngineKind.Pgm, true)]);
        for (var round = 0; round < warm + IndexCalibration.Rounds; round++)
        {
            var first = order[2 * round];
            Assert.NotEqual(first, order[(2 * round) + 1]);
            Assert.Equal((round < warm ? round : round - warm) % 2 == 0 ? IndexEngineKind.Pgm : IndexEngineKind.BTree, first);
        }
    }

    [Theory]
    [InlineData(70, 90, "Pgm")]
    [InlineData(90, 88, "BTree")]
    public void Chooser_takes_the_engine_the_timings_favour(double pgmNs, double btreeNs, string expected)
    {
        var clock = new LookupClock((engine, _, batched) => engine.Kind == IndexEngineKind.Pgm ? (batched ? pgmNs / 3 : pgmNs) : (batched ? btreeNs / 3 : btreeNs));
        IndexCalibration? calibration = null;
        var engine = IndexEngineChooser.Choose(s_uniform, out var reason, ref calibration, clock: clock);
        Assert.Equal(Enum.Parse<IndexEngineKind>(expected), engine.Kind);
        Assert.NotNull(calibration);
        Assert.Equal(s_uniform.Length, calibration.Keys);
        Assert.Contains("measured at", reason);
        Assert.EndsWith(expected == "Pgm" ? ": pgm" : ": btree", reason);

        // A rebuild of about the same size reuses the decision without timing anything.
        var again = IndexEngineChooser.Choose(s_uniform, out var reused, ref calibration, clock: (_, _, _) => throw new InvalidOperationException("timed again"));
        Assert.Equal(engine.Kind, again.Kind);
        Assert.Equal(reason, reused);
    }

    [Fact]
    public void A_calibration_covers_key_counts_within_a_factor_of_two()
    {
        var calibration = new IndexCalibration(70, 90, 20, 22, 1_000_000);
        Assert.True(calibration.Covers(500_000));
        Assert.True(calibration.Covers(2_000_000));
        Assert.False(calibration.Covers(499_999));
        Assert.False(calibration.Covers(2_000_002));
    }

    [Fact]
    public void A_stale_calibration_is_measured_again()
    {
        IndexCalibration? calibration = new(70, 90, 20, 22, 10 * s_uniform.Length);
        var timed = 0;
        var engine = IndexEngineChooser.Choose(s_uniform, out _, ref calibration, clock: (e, _, _) =>
        {
            timed++;
            return e.Kind == IndexEngineKind.Pgm ? 100 : 50;
        });
        Assert.True(timed > 0);
        Assert.Equal(IndexEngineKind.BTree, engine.Kind);
        Assert.Equal(s_uniform.Length, calibration!.Keys);
    }

    [Fact]
    public void A_sample_keeps_every_kth_key_up_to_the_cap()
    {
        var keys = KeyDistributions.Generate("lognormal", 2_500);
        Assert.Same(keys, IndexCalibration.Sample(keys, 2_500));
        var sample = IndexCalibration.Sample(keys, 1_000);
        Assert.Equal(834, sample.Length); // stride 3
        Assert.True(sample.Length <= 1_000);
        Assert.Equal(Enumerable.Range(0, 834).Select(i => keys[i * 3]), sample);
    }

    [Fact]
    public void A_large_index_is_timed_on_a_sample_and_keeps_a_full_engine()
    {
        // The timing builds its B+-tree over at most maxTimedKeys keys (no full-size B+-tree only to be timed) and
        // times the PGM index that would serve (a PGM model of the sample would be smaller, hence faster, than it);
        // the decision is recorded for the whole index and the engine returned covers every key.
        var timedCounts = new HashSet<(IndexEngineKind, int)>();
        var cap = IndexCalibration.MinKeys / 2;
        foreach (var pgmFaster in new[] { true, false })
        {
            IndexCalibration? calibration = null;
            var engine = IndexEngineChooser.Choose(s_uniform, out var reason, ref calibration, clock: (e, _, batched) =>
            {
                timedCounts.Add((e.Kind, e.Count));
                return (e.Kind == IndexEngineKind.Pgm) == pgmFaster ? 50 : 100;
            }, maxTimedKeys: cap);
            Assert.Equal(pgmFaster ? IndexEngineKind.Pgm : IndexEngineKind.BTree, engine.Kind);
            Assert.Equal(s_uniform.Length, engine.Count);
            Assert.Equal(s_uniform.Length, calibration!.Keys);
            Assert.Contains("measured at " + s_uniform.Length, reason);
            for (var i = 0; i < s_uniform.Length; i += 997)
            {
                Assert.Equal(i, engine.LowerBound(s_uniform[i]));
            }
        }

        Assert.Contains((IndexEngineKind.Pgm, s_uniform.Length), timedCounts);
        Assert.All(timedCounts, t => Assert.True(t.Item1 == IndexEngineKind.Pgm ? t.Item2 == s_uniform.Length : t.Item2 <= cap, $"timed {t}"));
    }

    [Fact]
    public void The_calibration_travels_with_the_version_it_was_measured_for()
    {
        var keys = s_uniform;
        var index = new OrderedKeyIndex(null, mergeThreshold: 1 << 20, backgroundMerge: false);
        index.Load((long[])keys.Clone(), [.. Enumerable.Range(0, keys.Length).Select(i => (long)i)]);
        var measured = index.Current.Calibration;
        Assert.NotNull(measured);
        Assert.Equal(keys.Length, measured.Keys);

        // A merge of about the same size reuses its basis's decision, inside the new version.
        index.Add(long.MinValue, -1);
        index.Merge();
        Assert.Same(measured, index.Current.Calibration);

        // New content starts without one: nothing measured on the old keys survives a Load or a Clear. (The small load
        // is below MinKeys, so it measures nothing itself: a calibration carried over would show.)
        var small = KeyDistributions.Generate("books", 1_000);
        index.Load(small, [.. Enumerable.Range(0, small.Length).Select(i => (long)i)]);
        Assert.Null(index.Current.Calibration);
        index.Load((long[])keys.Clone(), [.. Enumerable.Range(0, keys.Length).Select(i => (long)i)]);
        Assert.NotNull(index.Current.Calibration);
        index.Clear();
        Assert.Null(index.Current.Calibration);
    }

    [Theory]
    [InlineData("uniform")]
    [InlineData("books")]
    public void Small_builds_and_sequences_are_never_timed(string distribution)
    {
        var clock = new LookupClock((_, _, _) => throw new InvalidOperationException("timed"));
        IndexCalibration? calibration = null;
        var small = KeyDistributions.Generate(distribution, IndexCalibration.MinKeys - 1);
        var engine = IndexEngineChooser.Choose(small, out var reason, ref calibration, clock: clock);
        Assert.Contains("ns vs btree", reason);
        Assert.Null(calibration);
        Assert.NotEqual(IndexEngineKind.Linear, engine.Kind);

        var sequence = KeyDistributions.Generate("sequential", IndexCalibration.MinKeys * 2);
        Assert.Equal(IndexEngineKind.Linear, IndexEngineChooser.Choose(sequence, out _, ref calibration, clock: clock).Kind);
        Assert.Equal(IndexEngineKind.Pgm, IndexEngineChooser.Choose(s_uniform, out _, ref calibration, learnedOnly: true, clock: clock).Kind);
    }

    [Fact]
    public void An_automatic_index_records_its_measured_choice_and_answers_exactly()
    {
        var keys = s_uniform;
        var index = new OrderedKeyIndex(null, mergeThreshold: 1 << 20, backgroundMerge: false);
        index.Load((long[])keys.Clone(), [.. Enumerable.Range(0, keys.Length).Select(i => (long)i)]);
        Assert.Contains("measured at", index.Current.Choice);
        var rows = new List<long>();
        var rng = new Random(3);
        for (var i = 0; i < 1000; i++)
        {
            var p = rng.Next(keys.Length);
            rows.Clear();
            index.Lookup(keys[p], rows);
            Assert.Equal([(long)p], rows);
        }
    }
}
