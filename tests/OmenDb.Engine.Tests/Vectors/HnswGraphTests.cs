using System.Runtime.Intrinsics.X86;
using OmenDb.Engine.Vectors;
using Xunit.Abstractions;

namespace OmenDb.Engine.Tests.Vectors;

/// <summary>
/// HNSW recall@10 against exact ground truth: on the deterministic clusters-128 data of docs/datasets.md (always), and on
/// the real SIFT sample in ../shared/data when it is present (held out: base vectors 100..9,999, the first 100 as queries).
/// </summary>
public sealed class HnswGraphTests(ITestOutputHelper output)
{
    private const int K = 10;

    [Fact]
    public void Recall_OnClusteredVectors_IsAtLeast95Percent()
    {
        var data = Clusters128(seed: 2, count: 5000);
        var queries = Clusters128(seed: 3, count: 50);
        var graph = Build(data, VectorMetric.L2, parallel: true);
        Assert.Equal(data.Length, graph.Count);
        var recall = Recall(graph, data, queries, ef: 40);
        Assert.True(recall >= 0.95, $"recall@10 = {recall:0.000}");
    }

    [Theory]
    [InlineData(20_000)]
    public void Recall_AtTheDefaultEfSearch_OnScaledClusters_IsAtLeast95Percent(int count)
    {
        var data = Clusters128(seed: 2, count: count);
        var queries = Clusters128(seed: 3, count: 100);
        var graph = Build(data, VectorMetric.L2, parallel: true);
        var recall = Recall(graph, data, queries, ef: 40);
        output.WriteLine($"{count} clustered vectors: recall@10 at ef_search 40 = {recall:0.000}");
        Assert.True(recall >= 0.95, $"{count}: recall@10 = {recall:0.000}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Recall_AtTheDefaultEfSearch_On100000ClusteredVectors_IsAtLeast95Percent()
        => Recall_AtTheDefaultEfSearch_OnScaledClusters_IsAtLeast95Percent(100_000);

    [Fact]
    public void ParallelBuild_IsDeterministic()
    {
        // Two builds of the same rows on all cores link the same graph whatever the threads' interleaving: every
        // search returns the same labels with the same scores.
        var data = Clusters128(seed: 2, count: 6000);
        var queries = Clusters128(seed: 3, count: 30);
        var first = Build(data, VectorMetric.L2, parallel: true);
        var second = Build(data, VectorMetric.L2, parallel: true);
        foreach (var q in queries)
        {
            Assert.Equal(first.Search(q, K, 16), second.Search(q, K, 16));
        }
    }

    [Fact]
    public void A_bulk_build_in_cell_order_links_every_row_once_and_is_deterministic()
    {
        // 17,000 pending nodes make two cells: the nodes are renumbered by cell before they are linked, so each node
        // must still carry its own row's vector, every row must be there once, and a second build must link the
        // same graph.
        var data = Clusters128(seed: 2, count: 17_000);
        var queries = Clusters128(seed: 3, count: 20);
        var first = Build(data, VectorMetric.L2, parallel: true);
        var labels = new HashSet<long>();
        var moved = 0;
        for (var node = 0; node < first.Count; node++)
        {
            var label = first.LabelOf(node);
            Assert.True(labels.Add(label), $"label {label} twice");
            Assert.True(first.VectorOf(node).SequenceEqual(data[label]), $"node {node} does not hold row {label}'s vector");
            moved += label == node ? 0 : 1;
        }

        Assert.Equal(data.Length, labels.Count);
        Assert.True(moved > data.Length / 2, $"only {moved} nodes moved: not linked in cell order");
        var second = Build(data, VectorMetric.L2, parallel: true);
        foreach (var q in queries)
        {
            Assert.Equal(first.Search(q, K, 16), second.Search(q, K, 16));
        }

        var inRowOrder = new HnswGraph(128, VectorMetric.L2) { OrdersPending = false };
        for (var i = 0; i < data.Length; i++)
        {
            inRowOrder.Append(data[i], i);
        }

        inRowOrder.LinkPending();
        Assert.Equal(Enumerable.Range(0, data.Length).Select(static i => (long)i), Enumerable.Range(0, data.Length).Select(inRowOrder.LabelOf));
    }

    [Fact]
    public void Search_on_the_compact_copy_ranks_its_candidates_by_exact_score()
    {
        // The walk reads the compact copy; the k returned are ranked by the float32 score (the one the float32 walk
        // gives), and without the rescoring the ef candidates come back for the caller to rank, the k best among them.
        var data = Clusters128(seed: 2, count: 3000);
        var queries = Clusters128(seed: 3, count: 20);
        var graph = Build(data, VectorMetric.L2, parallel: true);
        var scratch = new float[128];
        foreach (var q in queries)
        {
            var found = graph.Search(q, K, 40);
            Assert.Equal(K, found.Count);
            for (var i = 0; i < found.Count; i++)
            {
                Assert.Equal(DistanceKernels.Score(VectorMetric.L2, q, data[found[i].Label], scratch), found[i].Score);
                Assert.True(i == 0 || found[i - 1].Score <= found[i].Score, "not closest first");
            }

            var candidates = graph.Search(q, 40, 40, rescore: false);
            Assert.Equal(40, candidates.Count);
            Assert.Subset(candidates.Select(static c => c.Label).ToHashSet(), found.Select(static f => f.Label).ToHashSet());
        }

        var compact = Recall(graph, data, queries, ef: 40);
        graph.WalksCompact = false;
        var float32 = Recall(graph, data, queries, ef: 40);
        output.WriteLine($"recall@10 at ef_search 40: compact walk {compact:0.000}, float32 walk {float32:0.000}");
        Assert.True(compact >= 0.95 && float32 >= 0.95, $"compact {compact:0.000}, float32 {float32:0.000}");
    }

    [Fact]
    public void A_compact_copy_that_ranks_unlike_the_vectors_is_not_walked()
    {
        // One huge component in every vector (the "massive activation" dimension some embedding models have) sets each
        // vector's int8 scale, so every other component rounds to -1, 0 or 1: the compact copy can no longer tell
        // neighbours apart, and walks go back to the float32 vectors. Ordinary data keeps the compact walk.
        if (!Avx512F.IsSupported)
        {
            return; // no compact copy without AVX-512: walks read the float32 vectors anyway
        }

        var data = WithOutlierComponent(Clusters128(seed: 2, count: 3000));
        var queries = WithOutlierComponent(Clusters128(seed: 3, count: 20));
        var graph = Build(data, VectorMetric.L2, parallel: true);
        var recall = Recall(graph, data, queries, ef: 40);
        var plain = Build(Clusters128(seed: 2, count: 3000), VectorMetric.L2, parallel: true);
        output.WriteLine($"compact fidelity: outlier component {graph.CompactFidelity:0.000}, clusters-128 {plain.CompactFidelity:0.000}; recall@10 with the outlier {recall:0.000}");
        Assert.True(graph.CompactFidelity < HnswGraph.FidelityFloor, $"fidelity {graph.CompactFidelity:0.000}");
        Assert.True(plain.CompactFidelity >= HnswGraph.FidelityFloor, $"fidelity {plain.CompactFidelity:0.000}");
        Assert.True(recall >= 0.95, $"recall@10 = {recall:0.000}");
    }

    [Theory]
    [InlineData(VectorMetric.Cosine)]
    [InlineData(VectorMetric.NegativeInnerProduct)]
    [InlineData(VectorMetric.L1)]
    public void Recall_ForEveryMetric_IsHigh(VectorMetric metric)
    {
        var data = Clusters128(seed: 2, count: 1000);
        var queries = Clusters128(seed: 3, count: 20);
        var graph = Build(data, metric, parallel: false);
        var recall = Recall(graph, data, queries, ef: 64);
        Assert.True(recall >= 0.9, $"{metric}: recall@10 = {recall:0.000}");
    }

    [Fact]
    public void Search_SkipsRejectedLabels_AndStillReturnsK()
    {
        var data = Clusters128(seed: 2, count: 1000);
        var graph = Build(data, VectorMetric.L2, parallel: false);
        var found = graph.Search(data[0], K, 100, label => label % 2 == 1);
        Assert.Equal(K, found.Count);
        Assert.All(found, f => Assert.Equal(1, f.Label % 2));
        Assert.DoesNotContain(found, f => f.Label == 0);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Recall_OnTheSiftSample_IsAtLeast95Percent()
    {
        var path = FindSiftSample();
        if (path is null)
        {
            return; // the sample is optional: the suite passes without it
        }

        var all = ReadFvecs(path);
        var data = all[100..];
        var queries = all[..100];
        var graph = Build(data, VectorMetric.L2, parallel: true);
        var recall = Recall(graph, data, queries, ef: 40);
        output.WriteLine($"SIFT sample: recall@10 {recall:0.000}, compact fidelity {graph.CompactFidelity:0.000}");
        Assert.True(!Avx512F.IsSupported || graph.CompactFidelity >= HnswGraph.FidelityFloor, $"SIFT compact fidelity {graph.CompactFidelity:0.000}");
        Assert.True(recall >= 0.95, $"SIFT recall@10 = {recall:0.000}");
    }

    [Fact]
    public void A_stored_graph_missing_a_quarter_of_its_rows_is_repaired_on_load()
    {
        // Every fourth row is gone since the graph was written (deleted, or rows an update replaced): the load bridges
        // the links through the missing nodes instead of rebuilding, and recall stays where a build's is.
        var data = Clusters128(seed: 2, count: 8000);
        var queries = Clusters128(seed: 3, count: 50);
        var graph = Build(data, VectorMetric.L2, parallel: true);
        var chunks = Enumerable.Range(0, graph.StoredChunks).Select(c => graph.ExportChunk(c, static label => label + 1)).ToList();
        var loaded = HnswGraph.Import(new HnswGraph(128, VectorMetric.L2), chunks, graph.Count, graph.EntryNode,
            static key => (key - 1) % 4 == 0 ? -1 : key - 1, row => data[row], out var problem);
        Assert.True(loaded is not null, problem);
        Assert.Equal(6000, loaded.Count);
        var kept = Enumerable.Range(0, data.Length).Where(static i => i % 4 != 0).ToArray();
        var hits = 0;
        foreach (var q in queries)
        {
            var exact = kept.OrderBy(i => Reference(VectorMetric.L2, data[i], q)).ThenBy(i => i).Take(K).ToHashSet();
            var found = loaded.Search(q, K, 40);
            Assert.Equal(K, found.Count);
            hits += found.Count(f => exact.Contains((int)f.Label));
        }

        var recall = (double)hits / (queries.Length * K);
        output.WriteLine($"recall@10 at ef_search 40 after the repair: {recall:0.000}");
        Assert.True(recall >= 0.95, $"recall@10 = {recall:0.000}");
    }

    private static HnswGraph Build(float[][] data, VectorMetric metric, bool parallel)
    {
        var graph = new HnswGraph(data[0].Length, metric);
        if (parallel)
        {
            foreach (var (vector, i) in data.Select((v, i) => (v, i)))
            {
                graph.Append(vector, i);
            }

            graph.LinkPending(); // batches on all cores
        }
        else
        {
            for (var i = 0; i < data.Length; i++)
            {
                graph.Add(data[i], i);
            }
        }

        return graph;
    }

    /// <summary>Mean fraction of the exact top-10 (scalar double reference) that the graph returns.</summary>
    private static double Recall(HnswGraph graph, float[][] data, float[][] queries, int ef)
    {
        var hits = 0;
        foreach (var q in queries)
        {
            var exact = Enumerable.Range(0, data.Length).OrderBy(i => Reference(graph.Metric, data[i], q)).ThenBy(i => i).Take(K).ToHashSet();
            var found = graph.Search(q, K, ef);
            Assert.Equal(K, found.Count);
            hits += found.Count(f => exact.Contains((int)f.Label));
        }

        return (double)hits / (queries.Length * K);
    }

    private static double Reference(VectorMetric metric, float[] a, float[] b)
    {
        double dot = 0, l2 = 0, l1 = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            l2 += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
            l1 += Math.Abs((double)a[i] - b[i]);
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return metric switch
        {
            VectorMetric.L2 => l2,
            VectorMetric.Cosine => 1 - (dot / Math.Sqrt(na * nb)),
            VectorMetric.NegativeInnerProduct => -dot,
            _ => l1,
        };
    }

    /// <summary>The vectors with component 0 replaced by 1,000 plus the noise it had: 250 times any other component.</summary>
    private static float[][] WithOutlierComponent(float[][] vectors)
    {
        foreach (var v in vectors)
        {
            v[0] += 1000;
        }

        return vectors;
    }

    /// <summary>clusters-128 (docs/datasets.md): 100 Gaussian centres from seed 1, then vectors centre + 0.5·Gauss().</summary>
    internal static float[][] Clusters128(ulong seed, int count)
    {
        var centres = new double[100][];
        var c = new SplitMix64(1);
        for (var i = 0; i < 100; i++)
        {
            centres[i] = new double[128];
            for (var d = 0; d < 128; d++)
            {
                centres[i][d] = c.Gauss();
            }
        }

        var g = new SplitMix64(seed);
        var result = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var centre = centres[g.Next() % 100];
            result[i] = new float[128];
            for (var d = 0; d < 128; d++)
            {
                result[i][d] = (float)(centre[d] + (0.5 * g.Gauss()));
            }
        }

        return result;
    }

    private static string? FindSiftSample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "shared", "data", "bigann10k_base.fvecs");
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>texmex .fvecs: per vector an int32 dimension count then that many float32, little-endian.</summary>
    private static float[][] ReadFvecs(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var vectors = new List<float[]>();
        for (var offset = 0; offset < bytes.Length;)
        {
            var dims = BitConverter.ToInt32(bytes, offset);
            var v = new float[dims];
            Buffer.BlockCopy(bytes, offset + 4, v, 0, dims * 4);
            vectors.Add(v);
            offset += 4 + (dims * 4);
        }

        return [.. vectors];
    }

    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            _state += 0x9E3779B97F4A7C15;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }

        public double Uniform() => (Next() >> 11) * (1.0 / (1UL << 53));

        public double Gauss()
        {
            var sum = 0.0;
            for (var i = 0; i < 12; i++)
            {
                sum += Uniform();
            }

            return sum - 6.0;
        }
    }
}
