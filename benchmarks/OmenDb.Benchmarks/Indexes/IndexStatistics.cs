namespace OmenDb.Benchmarks.Indexes;

/// <summary>
/// `dotnet run -c Release -- index-stats [N]`: per distribution and engine, bytes per key beyond the keys, build time, max
/// and mean error, models, and the automatic choice, as a Markdown table for benchmarks/RESULTS.md.
/// </summary>
internal static class IndexStatistics
{
    public static void Print(int n)
    {
        Console.WriteLine($"| keys | distribution | engine | build ms | bytes/key (beyond keys) | max error | mean error | models | description |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---|");
        var distributions = Environment.GetEnvironmentVariable("OMENDB_INDEX_DISTRIBUTIONS")?.Split(',') ?? Engine.Tests.Indexes.KeyDistributions.Names;
        foreach (var distribution in distributions)
        {
            var keys = IndexBenchmarkData.Keys(distribution, n);
            foreach (var name in Environment.GetEnvironmentVariable("OMENDB_INDEX_ENGINES")?.Split(',') ?? IndexBenchmarkData.EngineNames.Skip(1))
            {
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                var engine = IndexBenchmarkData.Build(name, keys);
                var ms = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Console.WriteLine($"| {keys.Length:N0} | {distribution} | {name} | {ms:0} | {(double)engine.ModelBytes / keys.Length:0.###} | {engine.MaxError} | {engine.MeanError:0.#} | {engine.Models:N0} | {engine.Describe()} |");
            }

            var chosen = Engine.Indexes.IndexEngineChooser.Choose(keys, out var reason);
            Console.WriteLine($"| {keys.Length:N0} | {distribution} | **auto** | | | | | | {chosen.Kind}: {reason} |");
        }
    }
}
