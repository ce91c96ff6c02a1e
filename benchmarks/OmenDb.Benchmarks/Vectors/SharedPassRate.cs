using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using OmenDb.Engine.Vectors;

namespace OmenDb.Benchmarks.Vectors;

/// <summary>
/// <c>shared-pass [N]</c>: the CPU cost of the shared exact pass's kernel (BlockDistanceKernel, L2) over N clusters-128
/// vectors in 2,048-row segments, as SharedVectorPass calls it, for 1, 8, 16, 24 and 32 queries per pass on one thread
/// (with the multiply-adds per second it reaches against a loop of FMAs on registers only, the compute floor), with a
/// top-18 heap per query fed by the kernel's candidates (k = 10 plus the re-ranking margin of 8), the rows' squared norms
/// computed once beforehand as the column caches them: CPU milliseconds per
/// pass and per query, the per-query time both cores would give, and the candidates each query's heap was offered.
/// Process CPU time is measured, so other load on the machine does not inflate it. Figures go to benchmarks/RESULTS.md.
/// </summary>
internal static class SharedPassRate
{
    public static void Print(int count)
    {
        const int dims = 128, block = 2048;
        var rows = HnswRate.Clusters128(2, count);
        var data = new float[count * dims];
        for (var i = 0; i < count; i++)
        {
            rows[i].CopyTo(data, i * dims);
        }

        var norms = new float[count];
        for (var i = 0; i < count; i++)
        {
            norms[i] = BlockDistanceKernel.SquaredNorm(rows[i]);
        }

        var queries = HnswRate.Clusters128(3, 32);
        var peak = PeakFmaRate();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"register-only Vector512 FMA loop (24 chains): {peak:0.0} G multiply-adds/s on one thread (the compute floor)"));
        foreach (var q in new[] { 1, 8, 16, 24, 32 })
        {
            var best = double.MaxValue;
            long offered = 0;
            for (var round = 0; round < 3; round++)
            {
                var sink = new TopK(QueryLanes.Pack(VectorMetric.L2, queries[..q], dims), queries[..q], norms);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                for (var from = 0; from < count; from += block)
                {
                    sink.Scan(data, from, Math.Min(block, count - from));
                }

                best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
                offered = sink.Offered;
            }

            var rate = (double)q * count * dims / (best / 1000) / 1e9;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{q,2} queries x {count} x {dims}: {best:0} CPU ms per pass, {best / q:0.00} CPU ms per query, " +
                $"{best / q / Environment.ProcessorCount:0.00} ms per query on {Environment.ProcessorCount} cores, {offered / q} candidates per query, " +
                $"{rate:0.0} G multiply-adds/s ({rate / peak:P0} of the loop's)"));
        }
    }

    /// <summary>Multiply-adds per second (16 per Vector512 FMA) of a loop of independent FMAs on registers only, one thread,
    /// best of 3 runs of process CPU time: what the kernel could reach if loads and the tile's checks cost nothing.</summary>
    private static double PeakFmaRate()
    {
        const long steps = 20_000_000;
        var best = double.MaxValue;
        var sum = 0f;
        for (var round = 0; round < 3; round++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            sum += FmaLoop(steps, 1.0000001f);
            best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        }

        GC.KeepAlive(sum);
        return steps * 24 * 16 / best / 1e9;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static float FmaLoop(long steps, float m)
    {
        var x = Vector512.Create(m);
        var y = Vector512.Create(1e-7f);
        Vector512<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        Vector512<float> b0 = y, b1 = y, b2 = y, b3 = y, b4 = y, b5 = y, b6 = y, b7 = y, b8 = y, b9 = y, b10 = y, b11 = y;
        for (long i = 0; i < steps; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, x, y);
            a1 = Vector512.FusedMultiplyAdd(a1, x, y);
            a2 = Vector512.FusedMultiplyAdd(a2, x, y);
            a3 = Vector512.FusedMultiplyAdd(a3, x, y);
            a4 = Vector512.FusedMultiplyAdd(a4, x, y);
            a5 = Vector512.FusedMultiplyAdd(a5, x, y);
            a6 = Vector512.FusedMultiplyAdd(a6, x, y);
            a7 = Vector512.FusedMultiplyAdd(a7, x, y);
            a8 = Vector512.FusedMultiplyAdd(a8, x, y);
            a9 = Vector512.FusedMultiplyAdd(a9, x, y);
            a10 = Vector512.FusedMultiplyAdd(a10, x, y);
            a11 = Vector512.FusedMultiplyAdd(a11, x, y);
            b0 = Vector512.FusedMultiplyAdd(b0, x, y);
            b1 = Vector512.FusedMultiplyAdd(b1, x, y);
            b2 = Vector512.FusedMultiplyAdd(b2, x, y);
            b3 = Vector512.FusedMultiplyAdd(b3, x, y);
            b4 = Vector512.FusedMultiplyAdd(b4, x, y);
            b5 = Vector512.FusedMultiplyAdd(b5, x, y);
            b6 = Vector512.FusedMultiplyAdd(b6, x, y);
            b7 = Vector512.FusedMultiplyAdd(b7, x, y);
            b8 = Vector512.FusedMultiplyAdd(b8, x, y);
            b9 = Vector512.FusedMultiplyAdd(b9, x, y);
            b10 = Vector512.FusedMultiplyAdd(b10, x, y);
            b11 = Vector512.FusedMultiplyAdd(b11, x, y);
        }

        var total = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + b0 + b1 + b2 + b3 + b4 + b5 + b6 + b7 + b8 + b9 + b10 + b11;
        return Vector512.Sum(total);
    }

    /// <summary>Bounded heaps of exact scores, one per query, and the thresholds the kernel compares with.</summary>
    private sealed class TopK(QueryLanes lanes, float[][] queries, float[] norms) : ICandidateSink
    {
        private const int Capacity = 18;
        private readonly PriorityQueue<int, float>[] _heaps = [.. queries.Select(_ => new PriorityQueue<int, float>(Comparer<float>.Create((a, b) => b.CompareTo(a))))];
        private readonly float[] _thresholds = [.. Enumerable.Repeat(float.PositiveInfinity, lanes.Groups * QueryLanes.Width)];
        private readonly uint[] _valid = [.. Enumerable.Range(0, lanes.Groups).Select(g => (uint)((1UL << Math.Min(16, queries.Length - (g * 16))) - 1))];
        private readonly float[] _rowTerms = new float[2048];
        private readonly float[] _scratch = new float[queries[0].Length];
        private float[] _data = [];
        private int _from;

        public long Offered { get; private set; }

        public void Scan(float[] data, int from, int rows)
        {
            (_data, _from) = (data, from);
            BlockDistanceKernel.Scan(lanes, data.AsSpan(from * lanes.Dimensions, rows * lanes.Dimensions), rows, norms.AsSpan(from, rows),
                _thresholds, _valid, _rowTerms, this);
        }

        public void Candidates(int row, int firstQuery, uint mask)
        {
            var dims = lanes.Dimensions;
            for (; mask != 0; mask &= mask - 1)
            {
                var q = firstQuery + System.Numerics.BitOperations.TrailingZeroCount(mask);
                var score = DistanceKernels.Score(VectorMetric.L2, queries[q], _data.AsSpan((_from + row) * dims, dims), _scratch);
                Offered++;
                var heap = _heaps[q];
                if (heap.Count < Capacity)
                {
                    heap.Enqueue(row, score);
                }
                else if (heap.TryPeek(out _, out var top) && score < top)
                {
                    heap.EnqueueDequeue(row, score);
                }

                if (heap.Count == Capacity && heap.TryPeek(out _, out var worst))
                {
                    _thresholds[q] = lanes.Threshold(q, worst);
                }
            }
        }
    }
}
