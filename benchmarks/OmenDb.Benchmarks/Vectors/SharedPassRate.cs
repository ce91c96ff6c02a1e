using System.Diagnostics;
using System.Globalization;
using OmenDb.Engine.Vectors;

namespace OmenDb.Benchmarks.Vectors;

/// <summary>
/// <c>shared-pass [N]</c>: the CPU cost of the shared exact pass's kernel (BlockDistanceKernel, L2) over N clusters-128
/// vectors in 2,048-row segments, as SharedVectorPass calls it, for 1, 8 and 32 queries per pass on one thread, with a
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
        foreach (var q in new[] { 1, 8, 32 })
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

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{q,2} queries x {count} x {dims}: {best:0} CPU ms per pass, {best / q:0.00} CPU ms per query, " +
                $"{best / q / Environment.ProcessorCount:0.00} ms per query on {Environment.ProcessorCount} cores, {offered / q} candidates per query"));
        }
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
