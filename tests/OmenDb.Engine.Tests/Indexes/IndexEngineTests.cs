using OmenDb.Engine.Indexes;

namespace OmenDb.Engine.Tests.Indexes;

/// <summary>
/// Property tests: every engine answers lower bound, lookup and range exactly as a binary search over the sorted
/// array does, for every key, its neighbours, random probes and the type's extremes, on every distribution.
/// </summary>
public sealed class IndexEngineTests
{
    public static TheoryData<string, int> Sets()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in KeyDistributions.Names)
        {
            data.Add(name, 20_000);
        }

        data.Add("uniform", 0);
        data.Add("uniform", 1);
        data.Add("extremes", 2);
        data.Add("extremes", 9);
        data.Add("sequential", 17);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Every_engine_matches_binary_search(string distribution, int n)
    {
        var keys = KeyDistributions.Generate(distribution, n);
        var probes = Probes(keys, 7);
        foreach (var engine in Engines(keys))
        {
            Assert.Equal(keys.Length, engine.Count);
            foreach (var q in probes)
            {
                var expected = ReferenceLowerBound(keys, q);
                var actual = engine.LowerBound(q);
                if (actual != expected)
                {
                    Assert.Fail($"{engine.Describe()} on {distribution}/{n}: LowerBound({q}) = {actual}, expected {expected}");
                }

                Assert.Equal(expected < keys.Length && keys[expected] == q ? expected : -1, engine.Lookup(q, keys));
            }

            var rng = new Random(3);
            for (var i = 0; i < 200 && probes.Length > 1; i++)
            {
                var a = probes[rng.Next(probes.Length)];
                var b = probes[rng.Next(probes.Length)];
                var expectedStart = ReferenceLowerBound(keys, a);
                var expectedEnd = b == long.MaxValue ? keys.Length : ReferenceLowerBound(keys, b + 1);
                var expectedRange = a > b ? (0, 0) : (expectedStart, Math.Max(expectedStart, expectedEnd));
                Assert.Equal(expectedRange, engine.Range(a, b));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Batched_lookups_match_single_lookups(string distribution, int n)
    {
        var keys = KeyDistributions.Generate(distribution, n);

        // Probes in random order (a batch is not sorted), with repeats, misses and the type's extremes.
        var rng = new Random(11);
        var probes = Probes(keys, 13).OrderBy(_ => rng.Next()).ToArray();
        var positions = new int[probes.Length];
        foreach (var engine in Engines(keys))
        {
            Array.Fill(positions, -2);
            engine.LowerBoundBatch(probes, positions);
            for (var i = 0; i < probes.Length; i++)
            {
                if (positions[i] != ReferenceLowerBound(keys, probes[i]))
                {
                    Assert.Fail($"{engine.Describe()} on {distribution}/{n}: batched LowerBound({probes[i]}) = {positions[i]}, expected {ReferenceLowerBound(keys, probes[i])}");
                }
            }

            // Batches of every small size, including the partial last group.
            for (var size = 0; size <= 2 * PgmEngine.BatchGroup + 1; size++)
            {
                engine.LowerBoundBatch(probes.AsSpan(0, Math.Min(size, probes.Length)), positions);
                for (var i = 0; i < Math.Min(size, probes.Length); i++)
                {
                    Assert.Equal(ReferenceLowerBound(keys, probes[i]), positions[i]);
                }
            }
        }
    }

    [Theory]
    [InlineData("uniform", 1)]
    [InlineData("lognormal", 4)]
    [InlineData("osm", 16)]
    [InlineData("books", 64)]
    [InlineData("extremes", 2)]
    public void Pgm_error_stays_within_its_bound(string distribution, int epsilon)
    {
        var keys = KeyDistributions.Generate(distribution, 20_000);
        var pgm = new PgmEngine(keys, epsilon, radixBits: Math.Min(epsilon, 4));
        Assert.True(pgm.WithinBound, pgm.Describe());
        Assert.InRange(pgm.MaxError, 0, epsilon);
        Assert.True(pgm.MeanError <= epsilon);
        foreach (var q in Probes(keys, 11))
        {
            Assert.Equal(ReferenceLowerBound(keys, q), pgm.LowerBound(q));
        }
    }

    [Fact]
    public void Linear_model_is_exact_on_a_dense_sequence()
    {
        var keys = KeyDistributions.Generate("sequential", 10_000);
        var linear = new LinearModelEngine(keys);
        Assert.Equal(0, linear.MaxError);
        Assert.Equal(IndexEngineKind.Linear, IndexEngineChooser.Choose(keys, out _).Kind);
    }

    [Fact]
    public void BTree_depth_is_log16()
    {
        Assert.Equal(1, new BPlusTreeEngine([]).Depth);
        Assert.Equal(1, new BPlusTreeEngine(KeyDistributions.Generate("sequential", 16)).Depth);
        Assert.Equal(2, new BPlusTreeEngine(KeyDistributions.Generate("sequential", 17)).Depth);
        Assert.Equal(5, new BPlusTreeEngine(KeyDistributions.Generate("sequential", 65_537)).Depth);
    }

    internal static IIndexEngine[] Engines(long[] keys) =>
    [
        new BinarySearchEngine(keys),
        new BPlusTreeEngine(keys),
        new LinearModelEngine(keys),
        new PgmEngine(keys),
        new PgmEngine(keys, 1, radixBits: 1),
        new PgmEngine(keys, 32, radixBits: 2),
        new PgmEngine(keys, 15),
        new PgmEngine(keys, 4, radixBits: 20),
    ];

    /// <summary>Every key, its neighbours, random values, and the type's extremes.</summary>
    internal static long[] Probes(long[] keys, int seed)
    {
        var rng = new Random(seed);
        var probes = new List<long> { long.MinValue, long.MinValue + 1, -1, 0, 1, long.MaxValue - 1, long.MaxValue };
        foreach (var k in keys)
        {
            probes.Add(k);
            probes.Add(unchecked(k - 1));
            probes.Add(unchecked(k + 1));
        }

        for (var i = 0; i < 2000; i++)
        {
            probes.Add(rng.NextInt64(long.MinValue, long.MaxValue));
            if (keys.Length > 1)
            {
                var j = rng.Next(keys.Length - 1);
                probes.Add(keys[j] + ((keys[j + 1] - keys[j]) / 2));
            }
        }

        return [.. probes];
    }

    internal static int ReferenceLowerBound(long[] keys, long key)
    {
        var i = Array.BinarySearch(keys, key);
        return i >= 0 ? i : ~i;
    }
}
