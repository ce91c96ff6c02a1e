using BenchmarkDotNet.Attributes;

namespace OmenDb.Benchmarks.Indexes;

/// <summary>Build time of each engine from 10M sorted keys (all O(n): one or two passes).</summary>
[MemoryDiagnoser]
public class IndexBuildBenchmarks
{
    private long[] _keys = [];

    [Params("sequential", "uniform", "lognormal", "osm")]
    public string Distribution { get; set; } = "";

    [ParamsSource(nameof(Engines))]
    public string Engine { get; set; } = "";

    public static IEnumerable<string> Engines => IndexBenchmarkData.EngineNames.Skip(1);

    [GlobalSetup]
    public void Setup() => _keys = IndexBenchmarkData.Keys(Distribution, 10_000_000);

    [Benchmark]
    public int Build() => IndexBenchmarkData.Build(Engine, _keys).Count;
}
