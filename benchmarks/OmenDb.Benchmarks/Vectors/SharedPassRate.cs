using System.Diagnostics;
using System.Globalization;
using OmenDb.Engine.Vectors;

namespace OmenDb.Benchmarks.Vectors;

/// <summary>
/// <c>shared-pass [N]</c>: the CPU cost of the shared exact pass's kernel (BlockDistanceKernel, L2) over N clusters-128
/// vectors in 2,048-row blocks of 256-row chunks, as SharedVectorPass calls it, for 1, 8 and 32 queries per pass, on one
/// thread: CPU milliseconds per pass and per query, and the per-query time both cores would give. Process CPU time is
/// measured, so other load on the machine does not inflate it. Figures go to benchmarks/RESULTS.md.
/// </summary>
internal static class SharedPassRate
{
    public static void Print(int count)
    {
        const int dims = 128, block = 2048, chunk = 256;
        var rows = HnswRate.Clusters128(2, count);
        var data = new float[count * dims];
        for (var i = 0; i < count; i++)
        {
            rows[i].CopyTo(data, i * dims);
        }

        var queries = HnswRate.Clusters128(3, 32);
        foreach (var q in new[] { 1, 8, 32 })
        {
            var packed = new float[q * dims];
            var norms = new float[q];
            for (var i = 0; i < q; i++)
            {
                queries[i].CopyTo(packed, i * dims);
            }

            var scores = new float[q * block];
            var rowNorms = new float[chunk];
            var scratch = new float[dims];
            var best = double.MaxValue;
            for (var round = 0; round < 3; round++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                for (var from = 0; from < count; from += block)
                {
                    var n = Math.Min(block, count - from);
                    for (var c = 0; c < n; c += chunk)
                    {
                        var m = Math.Min(chunk, n - c);
                        BlockDistanceKernel.Score(VectorMetric.L2, packed, norms, dims, data.AsSpan((from + c) * dims, m * dims), m,
                            scores.AsSpan(c), block, rowNorms, scratch);
                    }
                }

                best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{q,2} queries x {count} x {dims}: {best:0} CPU ms per pass, {best / q:0.00} CPU ms per query, {best / q / Environment.ProcessorCount:0.00} ms per query on {Environment.ProcessorCount} cores"));
        }
    }
}
