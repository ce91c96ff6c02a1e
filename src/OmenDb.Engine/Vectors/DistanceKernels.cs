using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// The SIMD distance kernels that rank rows in vector search (the exact top-k and the HNSW graph), on
/// System.Numerics.Tensors' TensorPrimitives (which picks Vector512/256/128 at run time) except for L2's own Vector512
/// path (<see cref="L2"/>). They return float32 scores that order rows exactly as pgvector's distances do
/// (rounded to float32); <see cref="VectorMath"/> computes the float8 values
/// that clients see. benchmarks/OmenDb.Benchmarks/Vectors compares them with scalar loops.
/// </summary>
internal static class DistanceKernels
{
    /// <summary>Score of one candidate against the query (smaller is closer). NaN for a cosine against a zero vector.</summary>
    public static float Score(VectorMetric metric, ReadOnlySpan<float> query, ReadOnlySpan<float> candidate, Span<float> scratch) => metric switch
    {
        VectorMetric.L2 => L2(query, candidate),
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

    /// <summary>
    /// ‖a−b‖. With Vector512 and a dimension that is a multiple of 16 (128 for SIFT-like data), two FMA accumulators
    /// over the differences: about 15 ns against TensorPrimitives.Distance's 18.6 ns per 128-dimension pair (CPU
    /// time, cache-resident), which matters to HNSW, whose walks are chains of single pairs. Otherwise TensorPrimitives.
    /// </summary>
    public static float L2(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var width = Vector512<float>.Count;
        if (!Vector512.IsHardwareAccelerated || a.Length % width != 0 || b.Length != a.Length)
        {
            return TensorPrimitives.Distance(a, b);
        }

        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b);
        var acc0 = Vector512<float>.Zero;
        var acc1 = Vector512<float>.Zero;
        var i = 0;
        for (; i + (2 * width) <= a.Length; i += 2 * width)
        {
            var d0 = Vector512.LoadUnsafe(ref x, (nuint)i) - Vector512.LoadUnsafe(ref y, (nuint)i);
            var d1 = Vector512.LoadUnsafe(ref x, (nuint)(i + width)) - Vector512.LoadUnsafe(ref y, (nuint)(i + width));
            acc0 = Vector512.FusedMultiplyAdd(d0, d0, acc0);
            acc1 = Vector512.FusedMultiplyAdd(d1, d1, acc1);
        }

        if (i < a.Length)
        {
            var d = Vector512.LoadUnsafe(ref x, (nuint)i) - Vector512.LoadUnsafe(ref y, (nuint)i);
            acc0 = Vector512.FusedMultiplyAdd(d, d, acc0);
        }

        return MathF.Sqrt(Vector512.Sum(acc0 + acc1));
    }

    /// <summary>Σ |a−b|.</summary>
    public static float L1(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> scratch)
    {
        var diff = scratch[..a.Length];
        TensorPrimitives.Subtract(a, b, diff);
        return TensorPrimitives.SumOfMagnitudes(diff);
    }
}
