using OmenDb.Engine.Vectors;

namespace OmenDb.Engine.Tests.Vectors;

/// <summary>
/// The shared exact pass's kernel (queries in the lanes, candidates by threshold) against the scalar reference: for every
/// metric, dimensions around the Vector512 width (1, 2, 15, 17, 128, 129, 1000; even ones take the paired layout up to 8
/// queries) and every query count from 1 to 40 (one, two and three lane groups, full and partial), bounded heaps fed only by the kernel's candidates must end with exactly the
/// k best exact scores of all rows, rank by rank as the double-precision reference orders them; lanes outside the valid
/// masks must never reach the sink, and rows must reach it in ascending order per query.
/// </summary>
public sealed class BlockDistanceKernelTests
{
    private const int K = 5;

    public static TheoryData<VectorMetric, int> Cases()
    {
        var data = new TheoryData<VectorMetric, int>();
        foreach (var metric in Enum.GetValues<VectorMetric>())
        {
            foreach (var dims in new[] { 1, 2, 15, 17, 128, 129, 1000 })
            {
                data.Add(metric, dims);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Heaps_HoldTheExactTopK_ForEveryQueryCount(VectorMetric metric, int dims)
    {
        var random = new Random((dims * 31) + (int)metric);
        var rows = dims >= 1000 ? 61 : 203; // 61 = 5 tiles of 12 and a row; 203 = 16 tiles and 11 rows
        var block = Values(random, rows * dims);
        block.AsSpan(7 * dims, dims).Clear(); // a zero row: NaN under cosine, which ranks last
        block.AsSpan(40 * dims, dims).CopyTo(block.AsSpan(41 * dims, dims)); // a tie
        for (var count = 1; count <= 40; count++)
        {
            var queries = new float[count][];
            for (var q = 0; q < count; q++)
            {
                // Some queries close to a row, so near-ties at the k-th place are common.
                queries[q] = q % 3 == 0 ? [.. block.AsSpan((q * 13 % rows) * dims, dims).ToArray().Select(x => x + 0.001f)] : Values(random, dims);
            }

            var lanes = QueryLanes.Pack(metric, queries, dims);
            var valid = new uint[lanes.Groups];
            for (var q = 0; q < count; q++)
            {
                if (q % 7 != 5)
                {
                    valid[q / QueryLanes.Width] |= 1u << (q % QueryLanes.Width);
                }
            }

            var sink = new HeapSink(metric, lanes, queries, block, valid);
            // Two calls, as two segments: thresholds carry over from the first.
            var split = (rows / 2) - 1;
            sink.Scan(0, split);
            sink.Scan(split, rows - split);
            for (var q = 0; q < count; q++)
            {
                var chosen = sink.Result(q);
                if ((valid[q / QueryLanes.Width] & (1u << (q % QueryLanes.Width))) == 0)
                {
                    Assert.Empty(chosen);
                    continue;
                }

                var scratch = new float[dims];
                var exact = Enumerable.Range(0, rows).Select(r => DistanceKernels.Score(metric, queries[q], block.AsSpan(r * dims, dims), scratch))
                    .Order(NaNLast.Instance).Take(K).ToArray();
                Assert.Equal(exact, chosen.Select(c => c.Score).Order(NaNLast.Instance).ToArray());
                var reference = Enumerable.Range(0, rows).Select(r => VectorMath.Distance(metric, block.AsSpan(r * dims, dims).ToArray(), queries[q]))
                    .Order(NaNLast.Instance).Take(K).ToArray();
                var got = chosen.Select(c => VectorMath.Distance(metric, block.AsSpan(c.Row * dims, dims).ToArray(), queries[q])).Order(NaNLast.Instance).ToArray();
                for (var i = 0; i < K; i++)
                {
                    if (double.IsNaN(reference[i]))
                    {
                        Assert.True(double.IsNaN(got[i]), $"{metric}, dims {dims}, {count} queries, query {q}, rank {i}: {got[i]}, expected NaN");
                    }
                    else
                    {
                        Assert.True(Math.Abs(reference[i] - got[i]) <= 1e-5 * Math.Max(1, Math.Abs(reference[i])),
                            $"{metric}, dims {dims}, {count} queries, query {q}, rank {i}: {got[i]}, expected {reference[i]}");
                    }
                }
            }
        }
    }

    private static float[] Values(Random random, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 4) - 2);
        }

        return values;
    }

    /// <summary>Ascending floats with NaN last, as ORDER BY ranks a cosine against a zero vector.</summary>
    private sealed class NaNLast : IComparer<float>, IComparer<double>
    {
        public static readonly NaNLast Instance = new();

        public int Compare(float x, float y) => Compare((double)x, y);

        public int Compare(double x, double y) => double.IsNaN(x) || double.IsNaN(y) ? double.IsNaN(x).CompareTo(double.IsNaN(y)) : x.CompareTo(y);
    }

    /// <summary>A bounded heap of exact scores per query, fed by the kernel's candidates, lowering the thresholds as the
    /// shared pass's workers do.</summary>
    private sealed class HeapSink(VectorMetric metric, QueryLanes lanes, float[][] queries, float[] block, uint[] valid) : ICandidateSink
    {
        private readonly List<(float Score, int Row)>[] _heaps = [.. queries.Select(_ => new List<(float Score, int Row)>())];
        private readonly int[] _lastRow = [.. queries.Select(_ => -1)];
        private readonly float[] _thresholds = [.. Enumerable.Repeat(float.PositiveInfinity, lanes.Groups * QueryLanes.Width)];
        private readonly float[] _scratch = new float[lanes.Dimensions];
        private int _from;

        public void Scan(int from, int rows)
        {
            _from = from;
            var dims = lanes.Dimensions;
            var norms = new float[rows];
            for (var r = 0; r < rows; r++)
            {
                norms[r] = BlockDistanceKernel.SquaredNorm(block.AsSpan((from + r) * dims, dims));
            }

            BlockDistanceKernel.Scan(lanes, block.AsSpan(from * dims, rows * dims), rows, norms, _thresholds, valid, new float[rows], this);
        }

        public List<(float Score, int Row)> Result(int q) => _heaps[q];

        public void Candidates(int row, int firstQuery, uint mask)
        {
            var dims = lanes.Dimensions;
            for (; mask != 0; mask &= mask - 1)
            {
                var q = firstQuery + System.Numerics.BitOperations.TrailingZeroCount(mask);
                Assert.True((valid[q / QueryLanes.Width] & (1u << (q % QueryLanes.Width))) != 0, $"query {q} is not valid");
                Assert.True(_from + row > _lastRow[q], $"row {_from + row} after row {_lastRow[q]} for query {q}");
                _lastRow[q] = _from + row;
                var heap = _heaps[q];
                var score = DistanceKernels.Score(metric, queries[q], block.AsSpan((_from + row) * dims, dims), _scratch);
                heap.Add((score, _from + row));
                heap.Sort((a, b) => NaNLast.Instance.Compare(a.Score, b.Score));
                if (heap.Count > K)
                {
                    heap.RemoveAt(K);
                }

                if (heap.Count == K)
                {
                    _thresholds[q] = lanes.Threshold(q, heap[K - 1].Score);
                }
            }
        }
    }
}
