using OmenDb.Engine.Indexes;

namespace OmenDb.Engine.Tests.Indexes;

/// <summary>
/// The cost model's engine choice (decisions only, never timings): the linear model for sequences, the PGM index only
/// where the cost model expects it to beat the B+-tree by the margin, the B+-tree everywhere else. The chooser uses
/// the model below <see cref="IndexCalibration.MinKeys"/> keys and times the engines above (IndexCalibrationTests);
/// the model's decisions at larger sizes stay pinned here as the fallback without a high-resolution timer. Sizes of 10M and
/// 100M keys are reached by scaling the shape of a PGM index built over 200,000 keys of the same distribution
/// (segments and radix tables grow in proportion to the keys: index-stats counts 6,653 uniform segments at 1M and
/// 66,412 at 10M), so the decisions are checked where they matter without building 100M-key indexes in a test.
/// </summary>
public sealed class IndexEngineChooserTests
{
    /// <summary>The machine of benchmarks/RESULTS.md: 48 KiB L1, 2 MiB L2 per core, 105 MiB shared L3.</summary>
    private static readonly CacheModel ThisMachine = new(48 << 10, 2 << 20, 105 << 20);

    /// <summary>A server share: 32 KiB L1, 1 MiB L2, 32 MiB L3.</summary>
    private static readonly CacheModel ServerShare = new(32 << 10, 1 << 20, 32 << 20);

    /// <summary>A small machine: 32 KiB L1, 512 KiB L2, 16 MiB L3.</summary>
    private static readonly CacheModel SmallCache = new(32 << 10, 512 << 10, 16 << 20);

    private const int Sample = 200_000;

    private static readonly Dictionary<string, PgmShape> s_shapes = [];

    [Theory]
    // 1M keys: the B+-tree's upper levels and the key array share the L2/L3 with the PGM model: too close to call.
    [InlineData("uniform", 1_000_000, "BTree")]
    [InlineData("lognormal", 1_000_000, "BTree")]
    [InlineData("gapped", 1_000_000, "BTree")]
    // 10M keys: the B+-tree misses twice (5 MB level in L3, 80 MB leaves beyond half the L3), the PGM index (1–2 MB
    // of model in L2) once, with two or three window lines: about 1.15× predicted (1.19–1.48× measured).
    [InlineData("uniform", 10_000_000, "Pgm")]
    [InlineData("lognormal", 10_000_000, "Pgm")]
    [InlineData("normal", 10_000_000, "Pgm")]
    [InlineData("gapped", 10_000_000, "Pgm")]
    [InlineData("piecewise", 10_000_000, "Pgm")]
    // Skewed keys need many more segments (books: 30 keys per segment, 5 MB of model at 10M keys; measured 0.65×).
    [InlineData("books", 10_000_000, "BTree")]
    [InlineData("osm", 10_000_000, "BTree")]
    [InlineData("clustered", 10_000_000, "BTree")]
    // 100M keys: 10 MB of segments leave L2 too, so both engines pay about the same misses.
    [InlineData("uniform", 100_000_000, "BTree")]
    [InlineData("lognormal", 100_000_000, "BTree")]
    [InlineData("books", 100_000_000, "BTree")]
    public void Decision_on_this_machine(string distribution, long keys, string expected)
        => Assert.Equal(expected == "Pgm", Decide(distribution, keys, ThisMachine));

    [Theory]
    // A 16 MiB L3: the 1M B+-tree's 8.5 MB of leaves come from memory while the PGM index's key window still hits L3.
    [InlineData("uniform", 1_000_000, "Pgm")]
    [InlineData("lognormal", 1_000_000, "Pgm")]
    [InlineData("gapped", 1_000_000, "Pgm")]
    [InlineData("books", 1_000_000, "BTree")]
    [InlineData("uniform", 10_000_000, "BTree")]
    [InlineData("books", 100_000_000, "BTree")]
    public void Decision_on_a_small_cache(string distribution, long keys, string expected)
        => Assert.Equal(expected == "Pgm", Decide(distribution, keys, SmallCache));

    [Theory]
    // A 32 MiB L3: at 100M keys the B+-tree's 50 MB level joins its leaves in memory; uniform PGM segments stay in L3.
    [InlineData("uniform", 100_000_000, "Pgm")]
    [InlineData("lognormal", 100_000_000, "BTree")]
    [InlineData("osm", 100_000_000, "BTree")]
    [InlineData("books", 100_000_000, "BTree")]
    [InlineData("uniform", 10_000_000, "BTree")]
    public void Decision_on_a_server_share(string distribution, long keys, string expected)
        => Assert.Equal(expected == "Pgm", Decide(distribution, keys, ServerShare));

    [Theory]
    // 100,000 keys: every structure of both engines fits L2; the PGM index reads three of them, the B+-tree five levels.
    [InlineData("sequential", "Linear")]
    [InlineData("uniform", "Pgm")]
    [InlineData("books", "BTree")]
    public void Chooser_builds_what_the_model_decides(string distribution, string expected)
    {
        var keys = KeyDistributions.Generate(distribution, 100_000);
        var engine = IndexEngineChooser.Choose(keys, out var reason, cache: ThisMachine);
        Assert.Equal(Enum.Parse<IndexEngineKind>(expected), engine.Kind);
        Assert.Contains(expected == "Linear" ? "linear model error" : "ns vs btree", reason);
    }

    [Fact]
    public void Using_learned_keeps_the_pgm_index_where_the_model_prefers_the_btree()
    {
        var keys = KeyDistributions.Generate("books", 100_000);
        var engine = IndexEngineChooser.Choose(KeyIndexMethod.Learned, keys, out var reason);
        Assert.Equal(IndexEngineKind.Pgm, engine.Kind);
        Assert.StartsWith("USING learned", reason);
        Assert.Equal(IndexEngineKind.BTree, IndexEngineChooser.Choose(KeyIndexMethod.BTree, keys, out _).Kind);
    }

    [Fact]
    public void BTree_cost_counts_only_the_levels_beyond_the_caches()
    {
        // 1M keys: 8.5 MB of leaves in L3, the rest in L2 and L1; 10M: 85 MB of leaves beyond half the L3.
        var oneMillion = IndexCostModel.BTree(1_000_000, ThisMachine);
        var tenMillion = IndexCostModel.BTree(10_000_000, ThisMachine);
        Assert.InRange(oneMillion, CacheModel.L3Ns, CacheModel.L3Ns + (3 * CacheModel.L2Ns) + 20);
        Assert.InRange(tenMillion, CacheModel.MemoryNs + CacheModel.L3Ns, (1.2 * (CacheModel.MemoryNs + CacheModel.L3Ns + CacheModel.L2Ns)) + 20);
        Assert.True(IndexCostModel.BTree(100_000_000, ServerShare) > IndexCostModel.BTree(100_000_000, ThisMachine));
    }

    [Theory]
    [InlineData("48K", 48L << 10)]
    [InlineData("2048K", 2L << 20)]
    [InlineData("105M", 105L << 20)]
    [InlineData("1G", 1L << 30)]
    [InlineData("512", 512L)]
    [InlineData("", null)]
    [InlineData("big", null)]
    public void Cache_sizes_parse_as_sysfs_writes_them(string text, long? bytes) => Assert.Equal(bytes, CacheModel.ParseSize(text));

    [Fact]
    public void Reads_cost_by_the_cache_that_holds_the_path()
    {
        Assert.Equal(CacheModel.L1Ns, ThisMachine.ReadNs(32 << 10));
        Assert.Equal(CacheModel.L2Ns, ThisMachine.ReadNs(1 << 20));
        Assert.Equal(CacheModel.L3Ns, ThisMachine.ReadNs(40 << 20));
        Assert.Equal(CacheModel.MemoryNs, ThisMachine.ReadNs(80 << 20));
        Assert.True(CacheModel.Machine.L2Bytes > 0 && CacheModel.Machine.L3Bytes >= CacheModel.Machine.L2Bytes);
    }

    private static bool Decide(string distribution, long keys, CacheModel cache)
    {
        PgmShape shape;
        lock (s_shapes)
        {
            if (!s_shapes.TryGetValue(distribution, out shape))
            {
                var sample = KeyDistributions.Generate(distribution, Sample);
                shape = PgmShape.Of(new PgmEngine(sample));
                s_shapes[distribution] = shape;
            }
        }

        return IndexEngineChooser.PgmWins(shape.Scaled((double)keys / shape.Count), cache).Wins;
    }
}
