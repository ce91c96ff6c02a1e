using System.Numerics.Tensors;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// The SIMD distance kernels that rank rows in vector search, on System.Numerics.Tensors' TensorPrimitives (which picks
/// Vector512/256/128 at run time). They return float32 scores that order rows exactly as pgvector's distances do
/// (rounded to float32); <see cref="VectorMath"/> computes the float8 values
/// that clients see. benchmarks/OmenDb.Benchmarks/Vectors compares them with scalar loops.
/// </summary>
internal static class DistanceKernels
{
    /// <summary>Score of one candidate against the query (smaller is closer). NaN for a cosine against a zero vector.</summary>
    public static float Score(VectorMetric metric, ReadOnlySpan<float> query, ReadOnlySpan<float> candidate, Span<float> scratch) => metric switch
    {
        VectorMetric.L2 => TensorPrimitives.Distance(query, candidate),
        VectorMetric.Cosine => 1f - TensorPrimitives.CosineSimilarity(query, candidate),
        VectorMetric.NegativeInnerProduct => -TensorPrimitives.Dot(query, candidate),
        _ => L1(query, candidate, scratch),
    };

    /// <summary>Scores rows <paramref name="rows"/> of a contiguous block (row r at floats [r·dims, (r+1)·dims)) into
    /// <paramref name="scores"/>. <paramref name="scratch"/> holds at least dims floats.</summary>
    public static void ScoreRows(VectorMetric metric, ReadOnlySpan<float> query, ReadOnlySpan<float> block, ReadOnlySpan<int> rows,
        Span<float> scores, Span<float> scratch)
    {
        var dims = query.Length;
        for (var i = 0; i < rows.Length; i++)
        {
            scores[i] = Score(metric, query, block.Slice(rows[i] * dims, dims), scratch);
        }
    }

    /// <summary>Σ |a−b|.</summary>
    public static float L1(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> scratch)
    {
        var diff = scratch[..a.Length];
        TensorPrimitives.Subtract(a, b, diff);
        return TensorPrimitives.SumOfMagnitudes(diff);
    }
}
