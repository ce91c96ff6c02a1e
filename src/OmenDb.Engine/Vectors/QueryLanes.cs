using System.Numerics.Tensors;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// The queries of one shared exact pass laid out for <see cref="BlockDistanceKernel"/>: 16 queries per group, one per
/// lane of a Vector512, stored dimension-major (group g's dimension d at floats [(g·dims + d)·16, +16)), so that the
/// kernel loads one vector per group and dimension and broadcasts the row's element straight from memory. The metric
/// is folded into the layout so that every kernel step is one FMA: L2 keeps q (the kernel forms ‖x‖² − 2q·x), cosine
/// stores −q/‖q‖ and inner product −q, so the dot product already is the score's variable part; L1 keeps q.
/// <para>
/// The kernel's values are not the float32 scores <see cref="DistanceKernels.Score"/> gives (the dot form rounds
/// differently), so they only decide which rows to re-score: <see cref="Threshold"/> widens each query's current k-th
/// score by <see cref="Tolerance"/>, a bound on both computations' rounding error, so that every row whose exact score
/// could reach the heap passes, and the heaps hold exactly the scores the row-by-row path would give.
/// </para>
/// </summary>
internal sealed class QueryLanes
{
    /// <summary>Queries per group: the float lanes of a Vector512.</summary>
    public const int Width = 16;

    /// <summary>Queries of the paired layout (<see cref="Paired"/>): slots 0 to 7, two dimensions each per Vector512.</summary>
    public const int PairedQueries = Width / 2;

    /// <summary>Lanes for up to <paramref name="count"/> queries of <paramref name="dimensions"/> floats, all zero until
    /// <see cref="Set"/> fills them.</summary>
    public QueryLanes(VectorMetric metric, int dimensions, int count)
    {
        Metric = metric;
        Dimensions = dimensions;
        Count = count;
        Groups = (count + Width - 1) / Width;
        Transposed = new float[Groups * dimensions * Width];
        Paired = dimensions % 2 == 0 ? new float[dimensions * PairedQueries] : null;
        QueryTerms = new float[Groups * Width];
        SquaredNorms = new float[count];
        Usable = new bool[count];

        // Relative rounding error of a float32 dot product or sum of n terms is at most n·2^-24 (γn); the kernel's value
        // and the exact kernel's score each carry up to about twice that (norms, products, the final combination), so
        // 4n + 32 units of 2^-23 bound their difference with room to spare.
        Tolerance = ((4f * dimensions) + 32f) * MathF.Pow(2f, -23);
    }

    public VectorMetric Metric { get; }

    public int Dimensions { get; }

    /// <summary>Query slots (lane q of group q / 16).</summary>
    public int Count { get; }

    /// <summary>Vector512 groups of 16 queries; the last one's unused lanes hold zeros.</summary>
    public int Groups { get; }

    /// <summary>Relative (L2, L1, inner product) or absolute (cosine) slack of <see cref="Threshold"/>.</summary>
    public float Tolerance { get; }

    /// <summary>Dimension-major query values per group, transformed per metric (see the class remarks).</summary>
    internal float[] Transposed { get; }

    /// <summary>
    /// Slots 0 to 7 again, two dimensions per query in each Vector512 (step p: floats [16p, +16), lane 2q + j holding query
    /// q's dimension 2p + j, transformed as in <see cref="Transposed"/>), so that eight queries fill a vector's lanes: the
    /// kernel broadcasts a row's two elements as one 64-bit value and each FMA does 16 useful multiply-adds instead of 8 of
    /// a half-empty group. Null for an odd dimension count.
    /// </summary>
    internal float[]? Paired { get; }

    /// <summary>Per lane: ‖q‖ for inner product (its tolerance scales with ‖q‖·‖x‖), else zero.</summary>
    internal float[] QueryTerms { get; }

    /// <summary>‖q‖² per query (L2's threshold subtracts it).</summary>
    private float[] SquaredNorms { get; }

    /// <summary>Whether query q can go through the kernel: false for a zero query under cosine (every score is NaN).</summary>
    public bool[] Usable { get; }

    /// <summary>Packs <paramref name="queries"/> (each <paramref name="dimensions"/> floats) for <paramref name="metric"/>.</summary>
    public static QueryLanes Pack(VectorMetric metric, IReadOnlyList<float[]> queries, int dimensions)
    {
        var lanes = new QueryLanes(metric, dimensions, queries.Count);
        for (var q = 0; q < queries.Count; q++)
        {
            lanes.Set(q, queries[q]);
        }

        return lanes;
    }

    /// <summary>A copy with room for <paramref name="count"/> queries (at least <see cref="Count"/>), the same ones in the
    /// same slots.</summary>
    public QueryLanes Grow(int count)
    {
        var lanes = new QueryLanes(Metric, Dimensions, count);
        Transposed.CopyTo(lanes.Transposed, 0); // groups are laid out one after another: the old ones come first
        Paired?.CopyTo(lanes.Paired!, 0);
        QueryTerms.CopyTo(lanes.QueryTerms, 0);
        SquaredNorms.CopyTo(lanes.SquaredNorms, 0);
        Usable.CopyTo(lanes.Usable, 0);
        return lanes;
    }

    /// <summary>Puts <paramref name="query"/> (<see cref="Dimensions"/> floats) in slot <paramref name="q"/>. A kernel
    /// scanning meanwhile may read the slot half written, which is harmless as long as its valid masks leave the slot out.</summary>
    public void Set(int q, float[] query)
    {
        var squared = TensorPrimitives.SumOfSquares(query);
        var norm = MathF.Sqrt(squared);
        SquaredNorms[q] = squared;
        Usable[q] = Metric != VectorMetric.Cosine || norm > 0f;
        var factor = Metric switch
        {
            VectorMetric.Cosine => norm > 0f ? -1f / norm : 0f,
            VectorMetric.NegativeInnerProduct => -1f,
            _ => 1f,
        };
        var group = q / Width;
        var lane = q % Width;
        var baseIndex = (group * Dimensions * Width) + lane;
        for (var d = 0; d < Dimensions; d++)
        {
            Transposed[baseIndex + (d * Width)] = query[d] * factor;
        }

        if (Paired is not null && q < PairedQueries)
        {
            for (var d = 0; d < Dimensions; d++)
            {
                Paired[((d / 2) * Width) + (2 * q) + (d % 2)] = query[d] * factor;
            }
        }

        QueryTerms[q] = Metric == VectorMetric.NegativeInnerProduct ? norm : 0f;
    }

    /// <summary>
    /// The kernel's threshold for query <paramref name="q"/> whose heap is full with <paramref name="worst"/> as its worst
    /// score (an exact float32 score): a row whose kernel value is above it cannot reach the heap. NaN (a heap of NaN
    /// scores) rejects nothing, as NaN compares false.
    /// </summary>
    public float Threshold(int q, float worst) => Metric switch
    {
        // value = ‖x‖²(1 − c) − 2q·x against d² + ‖q‖² slack: w²(1 + c) − ‖q‖²(1 − c).
        VectorMetric.L2 => (worst * worst * (1f + Tolerance)) - (SquaredNorms[q] * (1f - Tolerance)),
        // value = −cos: −cos ≤ w − 1, with an absolute slack (cosines are at most 1).
        VectorMetric.Cosine => worst - 1f + Tolerance,
        // value = −q·x − c·‖q‖·‖x‖ already carries the slack.
        VectorMetric.NegativeInnerProduct => worst,
        _ => worst * (1f + Tolerance),
    };
}
