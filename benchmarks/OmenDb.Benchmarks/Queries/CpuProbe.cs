using System.Diagnostics;
using System.Globalization;

namespace OmenDb.Benchmarks.Queries;

/// <summary>
/// `cpu-probe`: the process CPU time and the bytes allocated per operation of <see cref="KeyQueryBenchmarks"/> (best of
/// five rounds). CPU time, unlike BenchmarkDotNet's wall-clock figures, stays comparable while other work shares the
/// machine, so a before/after comparison of the engine's key paths can be made on a busy machine.
/// </summary>
internal static class CpuProbe
{
    public static void Run()
    {
        var benchmarks = new KeyQueryBenchmarks();
        benchmarks.Setup();
        try
        {
            Measure("lookup", benchmarks.Lookup, 200_000);
            Measure("range 100", () => benchmarks.Range(100), 20_000);
            Measure("range 10000", () => benchmarks.Range(10_000), 400);
            Measure("insert", benchmarks.Insert, 100_000);
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private static void Measure(string name, Func<int> operation, int count)
    {
        for (var i = 0; i < count / 10; i++)
        {
            operation();
        }

        var best = double.MaxValue;
        var bytes = long.MaxValue;
        using var process = Process.GetCurrentProcess();
        for (var round = 0; round < 5; round++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < count; i++)
            {
                operation();
            }

            bytes = Math.Min(bytes, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / count);
            process.Refresh();
            best = Math.Min(best, (process.TotalProcessorTime - before).TotalMicroseconds / count);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {best:0.00} us CPU, {bytes:N0} B allocated per operation (best of 5)"));
    }
}
