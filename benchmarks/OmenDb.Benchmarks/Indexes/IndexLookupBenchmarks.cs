using BenchmarkDotNet.Attributes;
using OmenDb.Engine.Indexes;

namespace OmenDb.Benchmarks.Indexes;

/// <summary>
/// Point lookups and short range scans on 1M and 10M 64-bit keys: binary search (the baseline), the B+-tree,
/// the linear model and the PGM index. Each operation is one lower bound for an existing key at a random
/// position (4,096 different probes per invocation, so large key sets are mostly out of cache); ns/op is ns per
/// lookup and 1e9 / ns is lookups per second on one thread. The range scan adds reading the next 100 keys.
/// </summary>
[MemoryDiagnoser]
public class IndexLookupBenchmarks
{
    private const int ProbeCount = 4096;
    private long[] _keys = [];
    private long[] _probes = [];
    private IIndexEngine _index = null!;

    [Params(1_000_000, 10_000_000)]
    public int Keys { get; set; }

    [Params("sequential", "gapped", "uniform", "lognormal", "books", "osm")]
    public string Distribution { get; set; } = "";

    [ParamsSource(nameof(Engines))]
    public string Engine { get; set; } = "";

    public static IEnumerable<string> Engines => IndexBenchmarkData.EngineNames;

    [GlobalSetup]
    public void Setup()
    {
        _keys = IndexBenchmarkData.Keys(Distribution, Keys);
        _probes = IndexBenchmarkData.Probes(_keys, ProbeCount);
        _index = IndexBenchmarkData.Build(Engine, _keys);
    }

    [Benchmark(OperationsPerInvoke = ProbeCount)]
    public long Lookup()
    {
        long sum = 0;
        foreach (var p in _probes)
        {
            sum += _index.LowerBound(p);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = ProbeCount)]
    public long RangeScan100()
    {
        long sum = 0;
        var keys = _keys;
        foreach (var p in _probes)
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
}
