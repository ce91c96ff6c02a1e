using System.Diagnostics;
using OmenDb.Engine.Indexes;
using OmenDb.Engine.Tests.Indexes;

namespace OmenDb.Benchmarks.Indexes;

/// <summary>
/// `dotnet run -c Release -- index-compare [N...]`: the lookup benchmark as interleaved rounds. The machine these
/// figures come from is shared (two cores, load often far above two), which makes BenchmarkDotNet's consecutive
/// runs of one case after another incomparable. Here every round times each engine once on 4,096 fresh random probes,
/// in rotating order, each right after 16,384 other lookups on the same engine that warm its upper levels as
/// BenchmarkDotNet's back-to-back invocations do (OMENDB_INDEX_COLD=1 skips the warming), and the table reports the best round (the least disturbed) and the median, so that the
/// ratios between engines hold even when the absolute numbers drift.
/// </summary>
internal static class IndexComparison
{
    private const int ProbeCount = 4096;
    private const int Rounds = 21;

    public static void Print(int[] sizes)
    {
        Console.WriteLine("| keys | distribution | engine | lookup ns (best) | lookup ns (median) | x binary | x btree | isolated ns (best) | isolated x btree | batched ns (best) | batched median | batched x btree | batched x btree batched | range-100 ns (best) | auto choice |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        // OMENDB_INDEX_ENGINES=binary,btree,pgm16 picks the engines (the first is the baseline of the "x binary" column).
        var names = Environment.GetEnvironmentVariable("OMENDB_INDEX_ENGINES")?.Split(',') ?? IndexBenchmarkData.EngineNames;
        foreach (var n in sizes)
        {
            // OMENDB_INDEX_DISTRIBUTIONS=uniform,lognormal limits the key sets.
            var distributions = Environment.GetEnvironmentVariable("OMENDB_INDEX_DISTRIBUTIONS")?.Split(',')
                ?? KeyDistributions.Names;
            foreach (var distribution in distributions)
            {
                var keys = IndexBenchmarkData.Keys(distribution, n);
                var engines = names.Select(e => IndexBenchmarkData.Build(e, keys)).ToArray();
                var lookups = engines.Select(_ => new List<double>()).ToArray();
                var ranges = engines.Select(_ => new List<double>()).ToArray();
                var batches = engines.Select(_ => new List<double>()).ToArray();
                var isolated = engines.Select(_ => new List<double>()).ToArray();
                for (var round = 0; round < Rounds; round++)
                {
                    for (var j = 0; j < engines.Length; j++)
                    {
                        var e = (round + j) % engines.Length;
                        // Fresh probes for every timing: probes searched before would find their lines in the caches.
                        var seed = ((round * engines.Length) + e) * 3;
                        var warm = IndexBenchmarkData.Probes(keys, 4 * ProbeCount, seed + 4);
                        lookups[e].Add(TimeLookups(engines[e], warm, IndexBenchmarkData.Probes(keys, ProbeCount, seed + 1)));
                        ranges[e].Add(TimeRanges(engines[e], keys, IndexBenchmarkData.Probes(keys, ProbeCount, seed + 2)));
                        batches[e].Add(TimeBatch(engines[e], warm, IndexBenchmarkData.Probes(keys, ProbeCount, seed + 3)));
                        isolated[e].Add(TimeIsolated(engines[e], warm, IndexBenchmarkData.Probes(keys, ProbeCount, seed + 5)));
                    }
                }

                var chosen = IndexEngineChooser.Choose(keys, out _).Kind;
                var baseline = lookups[0].Min();
                var btree = Array.IndexOf(names, "btree");
                var btreeLookup = btree < 0 ? double.NaN : lookups[btree].Min();
                var btreeBatch = btree < 0 ? double.NaN : batches[btree].Min();
                var btreeIsolated = btree < 0 ? double.NaN : isolated[btree].Min();
                for (var e = 0; e < engines.Length; e++)
                {
                    lookups[e].Sort();
                    batches[e].Sort();
                    Console.WriteLine($"| {n:N0} | {distribution} | {names[e]} | {lookups[e][0]:0.0} | {lookups[e][Rounds / 2]:0.0} | {baseline / lookups[e][0]:0.00} | {btreeLookup / lookups[e][0]:0.00} | {isolated[e].Min():0.0} | {btreeIsolated / isolated[e].Min():0.00} | {batches[e][0]:0.0} | {batches[e][Rounds / 2]:0.0} | {btreeLookup / batches[e][0]:0.00} | {btreeBatch / batches[e][0]:0.00} | {ranges[e].Min():0.0} | {(engines[e].Kind == chosen && (!names[e].StartsWith("pgm", StringComparison.Ordinal) || names[e] == "pgm") ? "chosen" : "")} |");
                }

                IndexBenchmarkData.Forget(distribution, n);
            }
        }
    }

    /// <summary>OMENDB_INDEX_COLD=1: time right after the other engines ran, without warming this one's upper levels first.</summary>
    private static readonly bool Cold = Environment.GetEnvironmentVariable("OMENDB_INDEX_COLD") == "1";

    private static double TimeLookups(IIndexEngine engine, long[] warm, long[] probes)
    {
        // Warm the engine's upper levels (B+-tree inner nodes, radix table and segments) with other probes first, as
        // BenchmarkDotNet's back-to-back invocations do.
        long sum = 0;
        if (!Cold)
        {
            foreach (var p in warm)
            {
                sum += engine.LowerBound(p);
            }
        }

        var start = Stopwatch.GetTimestamp();
        foreach (var p in probes)
        {
            sum += engine.LowerBound(p);
        }

        var ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds / probes.Length;
        GC.KeepAlive(sum);
        return ns;
    }

    private static double TimeIsolated(IIndexEngine engine, long[] warm, long[] probes)
    {
        var sum = Cold ? 0 : IndexLookupBenchmarks.IsolatedSum(engine, warm);
        var start = Stopwatch.GetTimestamp();
        sum += IndexLookupBenchmarks.IsolatedSum(engine, probes);
        var ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds / probes.Length;
        GC.KeepAlive(sum);
        return ns;
    }

    private static double TimeBatch(IIndexEngine engine, long[] warm, long[] probes)
    {
        var positions = new int[Math.Max(warm.Length, probes.Length)];
        if (!Cold)
        {
            engine.LowerBoundBatch(warm, positions);
        }

        var start = Stopwatch.GetTimestamp();
        engine.LowerBoundBatch(probes, positions);
        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / probes.Length;
    }

    private static double TimeRanges(IIndexEngine engine, long[] keys, long[] probes)
    {
        long sum = 0;
        var start = Stopwatch.GetTimestamp();
        foreach (var p in probes)
        {
            var from = engine.LowerBound(p);
            var to = Math.Min(keys.Length, from + 100);
            for (var i = from; i < to; i++)
            {
                sum += keys[i];
            }
        }

        var ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds / probes.Length;
        GC.KeepAlive(sum);
        return ns;
    }
}
