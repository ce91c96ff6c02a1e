using System.Diagnostics.CodeAnalysis;
using OmenDb.Common;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// pgvector's SQL-visible vector arithmetic, one value at a time, with its rounding: distances accumulate in float32 in
/// dimension order and are widened to float8 at the end (so printed results match pgvector digit for digit), norms
/// accumulate in float8. The SIMD kernels in <see cref="DistanceKernels"/> rank rows; these functions produce the values
/// clients see.
/// </summary>
internal static class VectorMath
{
    /// <summary>22000 <c>different vector dimensions 3 and 2</c> (pgvector's CheckDims).</summary>
    public static void CheckSameDimensions(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw TypeErrors.Create(SqlState.DataException, $"different vector dimensions {a.Length} and {b.Length}");
        }
    }

    /// <summary>Dimension count of a result (pgvector's CheckDim): 22000 below 1, 54000 above 16,000.</summary>
    public static void CheckDimensionCount(int dimensions)
    {
        if (dimensions < 1)
        {
            throw TypeErrors.Create(SqlState.DataException, "vector must have at least 1 dimension");
        }

        if (dimensions > ValueText.MaxVectorDimensions)
        {
            throw TypeErrors.Create(SqlState.ProgramLimitExceeded, $"vector cannot have more than {ValueText.MaxVectorDimensions} dimensions");
        }
    }

    /// <summary>vector(n) type modifier (pgvector's vector_typmod_in): one number in 1..16,000, else a 22023 error for
    /// the caller to throw at the type name's position.</summary>
    public static bool TryCheckTypmod(int[] modifiers, [NotNullWhen(false)] out PgException? error)
    {
        error = modifiers.Length != 1 ? TypeErrors.Create(SqlState.InvalidParameterValue, "invalid type modifier")
            : modifiers[0] < 1 ? TypeErrors.Create(SqlState.InvalidParameterValue, "dimensions for type vector must be at least 1")
            : modifiers[0] > ValueText.MaxVectorDimensions
                ? TypeErrors.Create(SqlState.InvalidParameterValue, $"dimensions for type vector cannot exceed {ValueText.MaxVectorDimensions}")
                : null;
        return error is null;
    }

    /// <summary>The distance an operator of <paramref name="metric"/> returns (&lt;#&gt; is the negated inner product).</summary>
    public static double Distance(VectorMetric metric, float[] a, float[] b) => Distance(metric, a.AsSpan(), b.AsSpan());

    /// <summary>The distance an operator of <paramref name="metric"/> returns, over vectors read in place (a column's buffer).</summary>
    public static double Distance(VectorMetric metric, ReadOnlySpan<float> a, ReadOnlySpan<float> b) => metric switch
    {
        VectorMetric.L2 => L2Distance(a, b),
        VectorMetric.Cosine => CosineDistance(a, b),
        VectorMetric.NegativeInnerProduct => -InnerProduct(a, b),
        _ => L1Distance(a, b),
    };

    /// <summary>l2_distance / &lt;-&gt;.</summary>
    public static double L2Distance(float[] a, float[] b) => L2Distance(a.AsSpan(), b.AsSpan());

    /// <summary>l2_distance / &lt;-&gt; over spans.</summary>
    public static double L2Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Math.Sqrt(L2SquaredDistance(a, b));

    /// <summary>Squared Euclidean distance accumulated in float32.</summary>
    public static float L2SquaredDistance(float[] a, float[] b) => L2SquaredDistance(a.AsSpan(), b.AsSpan());

    /// <summary>Squared Euclidean distance accumulated in float32, over spans.</summary>
    public static float L2SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        CheckSameDimensions(a, b);
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }

    /// <summary>inner_product.</summary>
    public static double InnerProduct(float[] a, float[] b) => InnerProduct(a.AsSpan(), b.AsSpan());

    /// <summary>inner_product over spans.</summary>
    public static double InnerProduct(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        CheckSameDimensions(a, b);
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>cosine_distance / &lt;=&gt;: 1 - dot / sqrt(|a|² |b|²), similarity clamped to [-1, 1]; NaN for a zero vector.</summary>
    public static double CosineDistance(float[] a, float[] b) => CosineDistance(a.AsSpan(), b.AsSpan());

    /// <summary>cosine_distance / &lt;=&gt; over spans.</summary>
    public static double CosineDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        CheckSameDimensions(a, b);
        float dot = 0f, normA = 0f, normB = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }

        var similarity = dot / Math.Sqrt((double)normA * normB);
        if (double.IsNaN(similarity))
        {
            return double.NaN;
        }

        return 1.0 - Math.Clamp(similarity, -1.0, 1.0);
    }

    /// <summary>l1_distance / &lt;+&gt;.</summary>
    public static double L1Distance(float[] a, float[] b) => L1Distance(a.AsSpan(), b.AsSpan());

    /// <summary>l1_distance / &lt;+&gt; over spans.</summary>
    public static double L1Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        CheckSameDimensions(a, b);
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += MathF.Abs(a[i] - b[i]);
        }

        return sum;
    }

    /// <summary>vector_norm: Euclidean norm accumulated in float8.</summary>
    public static double Norm(float[] a)
    {
        var sum = 0.0;
        foreach (var x in a)
        {
            sum += (double)x * x;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>l2_normalize: a / |a|; a zero vector stays zero.</summary>
    public static float[] L2Normalize(float[] a)
    {
        var norm = Norm(a);
        var result = new float[a.Length];
        if (norm > 0)
        {
            for (var i = 0; i < a.Length; i++)
            {
                result[i] = (float)(a[i] / norm);
                if (float.IsInfinity(result[i]))
                {
                    FunctionErrors.FloatOverflow<int>();
                }
            }
        }

        return result;
    }

    /// <summary>subvector(v, start, count): 1-based like substring, clipped to the vector; at least one dimension must remain.</summary>
    public static float[] Subvector(float[] a, int start, int count)
    {
        if (count < 1)
        {
            CheckDimensionCount(0);
        }

        // end = start + count without overflow: past the end means "to the end".
        var end = start > a.Length - count ? a.Length + 1 : start + count;
        if (start < 1)
        {
            start = 1;
        }
        else if (start > a.Length)
        {
            CheckDimensionCount(0);
        }

        CheckDimensionCount(end - start);
        return a.AsSpan(start - 1, end - start).ToArray();
    }

    /// <summary>Element-wise + - *, 22003 on overflow (and on underflow for *), as pgvector's vector_add/sub/mul.</summary>
    public static float[] Elementwise(float[] a, float[] b, char op)
    {
        CheckSameDimensions(a, b);
        var result = new float[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            var r = op switch
            {
                '+' => a[i] + b[i],
                '-' => a[i] - b[i],
                _ => a[i] * b[i],
            };
            if (float.IsInfinity(r))
            {
                FunctionErrors.FloatOverflow<int>();
            }

            if (op == '*' && r == 0 && a[i] != 0 && b[i] != 0)
            {
                FunctionErrors.FloatUnderflow<int>();
            }

            result[i] = r;
        }

        return result;
    }

    /// <summary>vector || vector.</summary>
    public static float[] Concat(float[] a, float[] b)
    {
        CheckDimensionCount(a.Length + b.Length);
        return [.. a, .. b];
    }
}
