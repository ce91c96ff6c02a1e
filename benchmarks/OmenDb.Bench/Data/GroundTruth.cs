using System.Numerics.Tensors;

namespace OmenDb.Bench.Data;

/// <summary>
/// Exact top-k by squared L2 in double, in dimension order, ties to the smaller id (datasets.md): a float shortlist
/// of <see cref="Shortlist"/> candidates per query over all base vectors (all cores), re-ranked in double. A float
/// error of 1e-6 relative cannot move a vector from beyond the 64th place into the top 10.
/// </summary>
internal static class GroundTruth
{
    private const int Shortlist = 64;

    /// <summary>For each query, the ids of its <paramref name="k"/> nearest base vectors, nearest first.</summary>
    public static int[][] Compute(float[] baseVectors, float[] queries, int dimensions, int k, CancellationToken cancellationToken)
    {
        var count = baseVectors.Length / dimensions;
        var answers = new int[queries.Length / dimensions][];
        Parallel.For(0, answers.Length, new ParallelOptions { CancellationToken = cancellationToken }, q =>
        {
            var query = queries.AsSpan(q * dimensions, dimensions);
            var heap = new PriorityQueue<int, float>(Shortlist + 1, Comparer<float>.Create((a, b) => b.CompareTo(a)));
            var worst = float.PositiveInfinity;
            for (var i = 0; i < count; i++)
            {
                var distance = TensorPrimitives.Distance(query, baseVectors.AsSpan(i * dimensions, dimensions));
                if (heap.Count < Shortlist)
                {
                    heap.Enqueue(i, distance);
                    if (heap.Count == Shortlist)
                    {
                        heap.TryPeek(out _, out worst);
                    }
                }
                else if (distance < worst)
                {
                    heap.EnqueueDequeue(i, distance);
                    heap.TryPeek(out _, out worst);
                }
            }

            var candidates = new (double Distance, int Id)[heap.Count];
            var n = 0;
            while (heap.TryDequeue(out var id, out _))
            {
                candidates[n++] = (SquaredL2(query, baseVectors.AsSpan(id * dimensions, dimensions)), id);
            }

            Array.Sort(candidates);
            answers[q] = [.. candidates.Take(k).Select(c => c.Id)];
        });

        return answers;
    }

    /// <summary>Squared L2 distance in double, in dimension order.</summary>
    public static double SquaredL2(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0.0;
        for (var d = 0; d < a.Length; d++)
        {
            var diff = (double)a[d] - b[d];
            sum += diff * diff;
        }

        return sum;
    }

    /// <summary>recall@k: the share of the true k nearest found among the first k answers.</summary>
    public static double Recall(int[] truth, IReadOnlyList<int> found, int k)
    {
        var hits = 0;
        var limit = Math.Min(k, found.Count);
        for (var i = 0; i < limit; i++)
        {
            if (Array.IndexOf(truth, found[i], 0, k) >= 0)
            {
                hits++;
            }
        }

        return (double)hits / k;
    }
}
