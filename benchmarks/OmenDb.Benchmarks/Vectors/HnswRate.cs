using System.Diagnostics;
using System.Globalization;
using OmenDb.Engine.Vectors;
using OmenDb.Storage.Kv;

namespace OmenDb.Benchmarks.Vectors;

/// <summary>
/// <c>hnsw-rate [N]</c>: HnswGraph build rate (vectors/s, m = 16, ef_construction = 64, all cores) on the first N
/// clusters-128 vectors of docs/datasets.md, then per ef_search the single-thread search p50 and recall@10 of 200
/// queries against exact ground truth, walking the compact copy and then the float32 vectors; also how long the graph takes to store and to load back (a restart's cost
/// instead of a rebuild). Figures go to benchmarks/RESULTS.md.
/// </summary>
internal static class HnswRate
{
    public static void Print(int count, bool cellOrder)
    {
        var data = Clusters128(2, count);
        var queries = Clusters128(3, 200);
        Console.WriteLine($"load average before the build: {LoadAverage()}");
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var graph = new HnswGraph(128, VectorMetric.L2) { OrdersPending = cellOrder };
        for (var i = 0; i < data.Length; i++)
        {
            graph.Append(data[i], i);
        }

        graph.LinkPending();
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"build {count} x 128 ({(cellOrder ? "cell order" : "row order")}): {seconds:0.00} s, {count / seconds:0} vectors/s on {Environment.ProcessorCount} cores; {cpuSeconds:0.00} CPU s, {count / cpuSeconds * Environment.ProcessorCount:0} vectors/s at full use of the cores; load average {LoadAverage()}"));
        StoreAndLoad(graph, data);
        var truth = new HashSet<long>[queries.Length];
        Parallel.For(0, queries.Length, q => truth[q] = Nearest(data, queries[q], 10));
        foreach (var walk in new[] { true, false })
        {
            graph.WalksCompact = walk;
            foreach (var ef in new[] { 10, 20, 40, 80, 200 })
            {
                var times = new double[queries.Length];
                var hits = 0;
                var firstHalf = 0;
                for (var q = 0; q < queries.Length; q++)
                {
                    if (q == queries.Length / 2)
                    {
                        firstHalf = hits;
                    }

                    var start = Stopwatch.GetTimestamp();
                    var found = graph.Search(queries[q], 10, ef);
                    times[q] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    hits += found.Count(f => truth[q].Contains(f.Label));
                }

                Array.Sort(times);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(walk ? "compact walk" : "float32 walk")}, ef_search {ef,4}: p50 {times[times.Length / 2]:0.000} ms, mean {times.Average():0.000} ms, recall@10 {hits / (10.0 * queries.Length):0.000} (first half of the queries {firstHalf / (5.0 * queries.Length):0.000})"));
            }
        }
    }

    /// <summary>The labels of the <paramref name="k"/> nearest vectors (exact, ties by label).</summary>
    private static HashSet<long> Nearest(float[][] data, float[] query, int k)
    {
        var best = new List<(double D, int Id)>(k + 1);
        for (var i = 0; i < data.Length; i++)
        {
            var d = SquaredL2(data[i], query);
            if (best.Count == k && d >= best[^1].D)
            {
                continue;
            }

            var at = best.Count;
            while (at > 0 && best[at - 1].D > d)
            {
                at--;
            }

            best.Insert(at, (d, i));
            if (best.Count > k)
            {
                best.RemoveAt(k);
            }
        }

        return best.Select(static b => (long)b.Id).ToHashSet();
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    /// <summary>What a restart costs instead of a rebuild: the graph written to a scratch RocksDB store as
    /// HnswGraphStore writes it after a build, then read back and re-linked to its rows (vectors from the data, as the
    /// table would give them), checked to answer as the built graph does.</summary>
    private static void StoreAndLoad(HnswGraph graph, float[][] data)
    {
        var directory = Directory.CreateTempSubdirectory("omendb-hnsw-rate-").FullName;
        try
        {
            using var kv = RocksDbStore.Open(new RocksDbOptions(directory));
            var options = new HnswOptions(VectorMetric.L2, graph.M, graph.EfConstruction, graph.Dimensions);
            var clock = Stopwatch.StartNew();
            HnswGraphStore.Write(kv, 1, 1, options, graph, static label => label + 1);
            kv.Flush();
            var written = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var loaded = HnswGraphStore.Read(kv, 1, 1, options, new HnswGraph(graph.Dimensions, graph.Metric, graph.M, graph.EfConstruction),
                static key => key - 1, row => data[row], out var problem) ?? throw new InvalidOperationException(problem);
            var read = clock.Elapsed.TotalSeconds;
            var probe = data[data.Length / 2];
            var same = loaded.Search(probe, 10, 40).SequenceEqual(graph.Search(probe, 10, 40));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"stored graph: written in {written:0.00} s, loaded in {read:0.00} s ({loaded.Count} nodes, same answers: {same})"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double SquaredL2(float[] a, float[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = (double)a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }

    /// <summary>clusters-128: 100 centres from SplitMix64 seed 1, vectors centre + 0.5·Gauss() from seed <paramref name="seed"/>.</summary>
    internal static float[][] Clusters128(ulong seed, int count)
    {
        var centres = new SplitMix64(1);
        var c = new double[100][];
        for (var i = 0; i < 100; i++)
        {
            c[i] = new double[128];
            for (var d = 0; d < 128; d++)
            {
                c[i][d] = centres.Gauss();
            }
        }

        var g = new SplitMix64(seed);
        var result = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var centre = c[g.Next() % 100];
            result[i] = new float[128];
            for (var d = 0; d < 128; d++)
            {
                result[i][d] = (float)(centre[d] + (0.5 * g.Gauss()));
            }
        }

        return result;
    }

    private sealed class SplitMix64(ulong state)
    {
        public ulong Next()
        {
            state += 0x9E3779B97F4A7C15;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }

        public double Gauss()
        {
            var sum = 0.0;
            for (var i = 0; i < 12; i++)
            {
                sum += (Next() >> 11) * (1.0 / (1UL << 53));
            }

            return sum - 6.0;
        }
    }
}
