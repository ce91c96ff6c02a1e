using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Attributes;
using OmenDb.Engine.Indexes;
using OmenDb.Engine.Tests.Indexes;

namespace OmenDb.Benchmarks.Indexes;

/// <summary>
/// Point lookups and short range scans on 1M, 10M (and on request 100M) 64-bit keys: binary search (the baseline),
/// the B+-tree, the linear model and the PGM index. Each operation is one lower bound for an existing key at a random
/// position; every invocation takes the next of 64 sets of 4,096 probes, so that probes searched before do not find
/// their lines in the caches. ns/op is ns per lookup and 1e9 / ns lookups per second: <see cref="Lookup"/> on one
/// thread, <see cref="LookupTwoThreads"/> on two (each thread its own probes; ns/op is then wall time per lookup of
/// the pair), <see cref="LookupBatch"/> through the engine's batched search (IN lists, join probes), and
/// <see cref="LookupIsolated"/> one lookup after the other, fenced so that no two overlap: the latency of one lookup, as a
/// point query through the server sees it (a query runs thousands of instructions between two lookups, more than the
/// processor looks ahead). The range scan
/// adds reading the next 100 keys. <c>OMENDB_INDEX_KEYS</c>, <c>OMENDB_INDEX_DISTRIBUTIONS</c> and
/// <c>OMENDB_INDEX_ENGINES</c> (comma-separated) narrow the parameters, e.g. for a short 100M run.
/// </summary>
[MemoryDiagnoser]
public class IndexLookupBenchmarks
{
    private const int ProbeCount = 4096;
    private const int ProbeSets = 64;
    private long[] _keys = [];
    private long[][] _probes = [];
    private int[] _positions = [];
    private int _round;
    private IIndexEngine _index = null!;

    [ParamsSource(nameof(Sizes))]
    public int Keys { get; set; }

    [ParamsSource(nameof(Distributions))]
    public string Distribution { get; set; } = "";

    [ParamsSource(nameof(Engines))]
    public string Engine { get; set; } = "";

    public static IEnumerable<int> Sizes => Environment.GetEnvironmentVariable("OMENDB_INDEX_KEYS") is { } s
        ? s.Split(',').Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture))
        : [1_000_000, 10_000_000];

    public static IEnumerable<string> Distributions => Environment.GetEnvironmentVariable("OMENDB_INDEX_DISTRIBUTIONS")?.Split(',')
        ?? KeyDistributions.Names;

    public static IEnumerable<string> Engines => Environment.GetEnvironmentVariable("OMENDB_INDEX_ENGINES")?.Split(',')
        ?? IndexBenchmarkData.EngineNames;

    [GlobalSetup]
    public void Setup()
    {
        _keys = IndexBenchmarkData.Keys(Distribution, Keys);
        _probes = [.. Enumerable.Range(0, ProbeSets).Select(s => IndexBenchmarkData.Probes(_keys, ProbeCount, s + 1))];
        _positions = new int[ProbeCount];
        _index = IndexBenchmarkData.Build(Engine, _keys);
    }

    private long[] NextProbes() => _probes[_round++ % ProbeSets];

    [Benchmark(OperationsPerInvoke = ProbeCount)]
    public long Lookup() => Sum(_index, NextProbes());

    [Benchmark(OperationsPerInvoke = ProbeCount)]
    public long LookupIsolated() => IsolatedSum(_index, NextProbes());

    [Benchmark(OperationsPerInvoke = ProbeCount)]
    public int LookupBatch()
    {
        _index.LowerBoundBatch(NextProbes(), _positions);
        return _positions[ProbeCount - 1];
    }

    [Benchmark(OperationsPerInvoke = 2 * ProbeCount)]
    public long LookupTwoThreads()
    {
        var a = NextProbes();
        var b = NextProbes();
        var other = Task.Run(() => Sum(_index, b));
        return Sum(_index, a) + other.Result;
    }

    [Benchmark(OperationsPerInvoke = ProbeCount)]
    public long RangeScan100()
    {
        long sum = 0;
        var keys = _keys;
        foreach (var p in NextProbes())
        {
            var start = _index.LowerBound(p);
            var end = Math.Min(keys.Length, start + 100);
            for (var i = start; i < end; i++)
            {
                sum += keys[i];
            }
        }

        return sum;
    }

    /// <summary>
    /// Lookups one at a time: a load fence after each one keeps the next from starting before every instruction of
    /// this one has completed, so no two lookups overlap their cache misses and no branch prediction runs ahead (a
    /// chain through the answers would not do: a predicted branch in the search turns the data dependency into a
    /// control dependency). Without SSE2, plain lookups.
    /// </summary>
    internal static long IsolatedSum(IIndexEngine index, long[] probes)
    {
        long sum = 0;
        foreach (var p in probes)
        {
            sum += index.LowerBound(p);
            if (Sse2.IsSupported)
            {
                Sse2.LoadFence();
            }
        }

        return sum;
    }

    private static long Sum(IIndexEngine index, long[] probes)
    {
        long sum = 0;
        foreach (var p in probes)
        {
            sum += index.LowerBound(p);
        }

        return sum;
    }
}
