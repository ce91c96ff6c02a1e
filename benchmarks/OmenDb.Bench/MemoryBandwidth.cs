using System.Diagnostics;
using System.Numerics;

namespace OmenDb.Bench;

/// <summary>
/// The machine's memory read bandwidth, measured once: every core streams through its share of a 512 MB buffer
/// (far beyond the caches), summing it with SIMD; the best of five passes, in GB/s (10^9 bytes).
/// </summary>
internal static class MemoryBandwidth
{
    private const int Bytes = 512 << 20;

    /// <summary>Measures (about a second).</summary>
    public static double MeasureGBps()
    {
        var data = GC.AllocateUninitializedArray<long>(Bytes / sizeof(long));
        Array.Fill(data, 1L); // touch every page before timing
        var workers = Environment.ProcessorCount;
        var share = data.Length / workers / Vector<long>.Count * Vector<long>.Count;
        var sums = new long[workers];
        var best = 0.0;
        for (var pass = 0; pass < 5; pass++)
        {
            var clock = Stopwatch.StartNew();
            Parallel.For(0, workers, w => sums[w] = Sum(data.AsSpan(w * share, share)));
            var seconds = clock.Elapsed.TotalSeconds;
            if (sums.Sum() != (long)share * workers)
            {
                throw new BenchException("memory bandwidth: wrong sum");
            }

            best = Math.Max(best, (double)share * workers * sizeof(long) / seconds / 1e9);
        }

        return best;
    }

    private static long Sum(ReadOnlySpan<long> values)
    {
        var acc0 = Vector<long>.Zero;
        var acc1 = Vector<long>.Zero;
        var step = Vector<long>.Count;
        var i = 0;
        for (; i + 2 * step <= values.Length; i += 2 * step)
        {
            acc0 += new Vector<long>(values[i..]);
            acc1 += new Vector<long>(values[(i + step)..]);
        }

        var sum = Vector.Sum(acc0 + acc1);
        for (; i < values.Length; i++)
        {
            sum += values[i];
        }

        return sum;
    }
}
