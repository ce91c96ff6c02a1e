using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// Scores a block of rows against several queries at once (a small GEMM-like loop), for the shared pass of concurrent
/// exact searches (<see cref="SharedVectorPass"/>): a tile of 4 rows × 4 queries keeps 16 Vector512 accumulators in
/// registers, so each row's floats are loaded once per 4 queries while the block sits in L1/L2, and the pass is bound by
/// FMA throughput instead of memory bandwidth. Scores are on <see cref="DistanceKernels.Score"/>'s scale (L2 is the
/// distance, not its square; cosine is 1 − similarity; inner product is negated), so rows scored one by one elsewhere
/// rank consistently with them. Without AVX-512 (or below 16 dimensions) every pair goes through DistanceKernels.
/// </summary>
internal static class BlockDistanceKernel
{
    /// <summary>Rows and queries per register tile: 4 × 4 accumulators + 4 query + 4 row registers = 24 of the 32.</summary>
    private const int Tile = 4;

    /// <summary>Queries from which the transposed path (<see cref="Lanes"/>) pays for its transpose.</summary>
    private const int LanesMinQueries = 4;

    /// <summary>Largest dimension the transposed path takes: its per-thread buffer is dims × 16 floats (64 KB at 1,024).</summary>
    private const int LanesMaxDims = 1024;

    [ThreadStatic]
    private static float[]? t_transposed;

    /// <summary>
    /// Writes the score of row r of <paramref name="block"/> (floats [r·dims, (r+1)·dims), r &lt; <paramref name="rows"/>)
    /// against query q of <paramref name="queries"/> (packed the same way) to <c>scores[q·stride + r]</c>.
    /// <paramref name="queryNorms"/> holds ‖q‖ per query (cosine only); <paramref name="rowNorms"/> (at least
    /// <paramref name="rows"/> floats) and <paramref name="scratch"/> (at least dims floats) are work space.
    /// </summary>
    public static void Score(VectorMetric metric, ReadOnlySpan<float> queries, ReadOnlySpan<float> queryNorms, int dims,
        ReadOnlySpan<float> block, int rows, Span<float> scores, int stride, Span<float> rowNorms, Span<float> scratch)
    {
        var queryCount = queries.Length / dims;
        if (!Vector512.IsHardwareAccelerated || dims < Vector512<float>.Count)
        {
            for (var q = 0; q < queryCount; q++)
            {
                var query = queries.Slice(q * dims, dims);
                for (var r = 0; r < rows; r++)
                {
                    scores[q * stride + r] = DistanceKernels.Score(metric, query, block.Slice(r * dims, dims), scratch);
                }
            }

            return;
        }

        switch (metric)
        {
            case VectorMetric.L2:
                Sums<SquaredDifference>(queries, dims, block, rows, scores, stride);
                Finish(scores, stride, queryCount, rows, squareRoot: true);
                break;
            case VectorMetric.NegativeInnerProduct:
                Sums<Product>(queries, dims, block, rows, scores, stride);
                Finish(scores, stride, queryCount, rows, squareRoot: false);
                break;
            case VectorMetric.Cosine:
                Sums<Product>(queries, dims, block, rows, scores, stride);
                for (var r = 0; r < rows; r++)
                {
                    var row = block.Slice(r * dims, dims);
                    rowNorms[r] = MathF.Sqrt(TensorPrimitives.Dot(row, row));
                }

                for (var q = 0; q < queryCount; q++)
                {
                    for (var r = 0; r < rows; r++)
                    {
                        scores[q * stride + r] = 1f - (scores[q * stride + r] / (queryNorms[q] * rowNorms[r]));
                    }
                }

                break;
            default:
                Sums<AbsoluteDifference>(queries, dims, block, rows, scores, stride);
                break;
        }
    }

    /// <summary>Turns every sum written into the distance (its square root) or the negated inner product.</summary>
    private static void Finish(Span<float> scores, int stride, int queryCount, int rows, bool squareRoot)
    {
        for (var q = 0; q < queryCount; q++)
        {
            var line = scores.Slice(q * stride, rows);
            if (squareRoot)
            {
                TensorPrimitives.Sqrt(line, line);
            }
            else
            {
                TensorPrimitives.Negate(line, line);
            }
        }
    }

    /// <summary>Σ over dimensions of <typeparamref name="TOp"/> for every (query, row) pair.</summary>
    private static void Sums<TOp>(ReadOnlySpan<float> queries, int dims, ReadOnlySpan<float> block, int rows, Span<float> scores, int stride)
        where TOp : struct, IPairOp
    {
        var queryCount = queries.Length / dims;
        ref var q0 = ref MemoryMarshal.GetReference(queries);
        ref var b0 = ref MemoryMarshal.GetReference(block);
        var start = 0;
        if (queryCount >= LanesMinQueries && dims <= LanesMaxDims)
        {
            start = rows - (rows % Vector512<float>.Count);
            Lanes<TOp>(ref q0, queryCount, ref b0, dims, start, scores, stride);
        }

        var fullQueries = queryCount - (queryCount % Tile);
        var fullRows = rows - ((rows - start) % Tile);
        for (var r = start; r < fullRows; r += Tile)
        {
            for (var q = 0; q < fullQueries; q += Tile)
            {
                Tile4x4<TOp>(ref q0, ref b0, dims, q, r, stride, scores);
            }

            for (var q = fullQueries; q < queryCount; q++)
            {
                for (var i = 0; i < Tile; i++)
                {
                    scores[q * stride + r + i] = Pair<TOp>(ref Unsafe.Add(ref q0, q * dims), ref Unsafe.Add(ref b0, (r + i) * dims), dims);
                }
            }
        }

        for (var r = fullRows; r < rows; r++)
        {
            for (var q = 0; q < queryCount; q++)
            {
                scores[q * stride + r] = Pair<TOp>(ref Unsafe.Add(ref q0, q * dims), ref Unsafe.Add(ref b0, r * dims), dims);
            }
        }
    }

    /// <summary>
    /// Rows [0, <paramref name="rows"/>) (a multiple of 16) with 16 rows in the lanes of one accumulator: each group of 16
    /// rows is transposed once (dimension-major), then every query's elements are broadcast against it, 4 queries at a
    /// time, so no score needs a horizontal sum. The transpose (16·dims moves) is shared by all queries of the pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Lanes<TOp>(ref float queries, int queryCount, ref float block, int dims, int rows, Span<float> scores, int stride)
        where TOp : struct, IPairOp
    {
        var width = Vector512<float>.Count;
        var transposed = t_transposed is { } buffer && buffer.Length >= dims * width ? buffer : t_transposed = new float[LanesMaxDims * width];
        ref var t = ref MemoryMarshal.GetArrayDataReference(transposed);
        var fullQueries = queryCount - (queryCount % Tile);
        for (var r = 0; r < rows; r += width)
        {
            for (var i = 0; i < width; i++)
            {
                ref var row = ref Unsafe.Add(ref block, (r + i) * dims);
                for (var d = 0; d < dims; d++)
                {
                    Unsafe.Add(ref t, (d * width) + i) = Unsafe.Add(ref row, d);
                }
            }

            for (var q = 0; q < fullQueries; q += Tile)
            {
                ref var qa = ref Unsafe.Add(ref queries, q * dims);
                ref var qb = ref Unsafe.Add(ref qa, dims);
                ref var qc = ref Unsafe.Add(ref qb, dims);
                ref var qd = ref Unsafe.Add(ref qc, dims);
                Vector512<float> a = default, b = default, c = default, e = default;
                for (var d = 0; d < dims; d++)
                {
                    var x = Vector512.LoadUnsafe(ref t, (nuint)(d * width));
                    a = TOp.Accumulate(a, x, Vector512.Create(Unsafe.Add(ref qa, d)));
                    b = TOp.Accumulate(b, x, Vector512.Create(Unsafe.Add(ref qb, d)));
                    c = TOp.Accumulate(c, x, Vector512.Create(Unsafe.Add(ref qc, d)));
                    e = TOp.Accumulate(e, x, Vector512.Create(Unsafe.Add(ref qd, d)));
                }

                a.CopyTo(scores.Slice((q * stride) + r, width));
                b.CopyTo(scores.Slice(((q + 1) * stride) + r, width));
                c.CopyTo(scores.Slice(((q + 2) * stride) + r, width));
                e.CopyTo(scores.Slice(((q + 3) * stride) + r, width));
            }

            for (var q = fullQueries; q < queryCount; q++)
            {
                ref var qa = ref Unsafe.Add(ref queries, q * dims);
                var a = Vector512<float>.Zero;
                for (var d = 0; d < dims; d++)
                {
                    a = TOp.Accumulate(a, Vector512.LoadUnsafe(ref t, (nuint)(d * width)), Vector512.Create(Unsafe.Add(ref qa, d)));
                }

                a.CopyTo(scores.Slice((q * stride) + r, width));
            }
        }
    }

    /// <summary>One 4 × 4 tile: queries q..q+3 against rows r..r+3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x4<TOp>(ref float queries, ref float block, int dims, int q, int r, int stride, Span<float> scores)
        where TOp : struct, IPairOp
    {
        ref var qa = ref Unsafe.Add(ref queries, q * dims);
        ref var qb = ref Unsafe.Add(ref qa, dims);
        ref var qc = ref Unsafe.Add(ref qb, dims);
        ref var qd = ref Unsafe.Add(ref qc, dims);
        ref var ra = ref Unsafe.Add(ref block, r * dims);
        ref var rb = ref Unsafe.Add(ref ra, dims);
        ref var rc = ref Unsafe.Add(ref rb, dims);
        ref var rd = ref Unsafe.Add(ref rc, dims);
        Vector512<float> aa = default, ab = default, ac = default, ad = default;
        Vector512<float> ba = default, bb = default, bc = default, bd = default;
        Vector512<float> ca = default, cb = default, cc = default, cd = default;
        Vector512<float> da = default, db = default, dc = default, dd = default;
        var width = Vector512<float>.Count;
        var full = dims - (dims % width);
        for (var i = 0; i < full; i += width)
        {
            var x0 = Vector512.LoadUnsafe(ref ra, (nuint)i);
            var x1 = Vector512.LoadUnsafe(ref rb, (nuint)i);
            var x2 = Vector512.LoadUnsafe(ref rc, (nuint)i);
            var x3 = Vector512.LoadUnsafe(ref rd, (nuint)i);
            var y = Vector512.LoadUnsafe(ref qa, (nuint)i);
            aa = TOp.Accumulate(aa, x0, y);
            ab = TOp.Accumulate(ab, x1, y);
            ac = TOp.Accumulate(ac, x2, y);
            ad = TOp.Accumulate(ad, x3, y);
            y = Vector512.LoadUnsafe(ref qb, (nuint)i);
            ba = TOp.Accumulate(ba, x0, y);
            bb = TOp.Accumulate(bb, x1, y);
            bc = TOp.Accumulate(bc, x2, y);
            bd = TOp.Accumulate(bd, x3, y);
            y = Vector512.LoadUnsafe(ref qc, (nuint)i);
            ca = TOp.Accumulate(ca, x0, y);
            cb = TOp.Accumulate(cb, x1, y);
            cc = TOp.Accumulate(cc, x2, y);
            cd = TOp.Accumulate(cd, x3, y);
            y = Vector512.LoadUnsafe(ref qd, (nuint)i);
            da = TOp.Accumulate(da, x0, y);
            db = TOp.Accumulate(db, x1, y);
            dc = TOp.Accumulate(dc, x2, y);
            dd = TOp.Accumulate(dd, x3, y);
        }

        var s = scores[(q * stride)..];
        Store<TOp>(s, r, Vector512.Sum(aa), Vector512.Sum(ab), Vector512.Sum(ac), Vector512.Sum(ad), ref qa, ref ra, full, dims);
        s = scores[((q + 1) * stride)..];
        Store<TOp>(s, r, Vector512.Sum(ba), Vector512.Sum(bb), Vector512.Sum(bc), Vector512.Sum(bd), ref qb, ref ra, full, dims);
        s = scores[((q + 2) * stride)..];
        Store<TOp>(s, r, Vector512.Sum(ca), Vector512.Sum(cb), Vector512.Sum(cc), Vector512.Sum(cd), ref qc, ref ra, full, dims);
        s = scores[((q + 3) * stride)..];
        Store<TOp>(s, r, Vector512.Sum(da), Vector512.Sum(db), Vector512.Sum(dc), Vector512.Sum(dd), ref qd, ref ra, full, dims);
    }

    /// <summary>Stores one query's four row sums, adding the dimensions past the last full vector one by one.</summary>
    private static void Store<TOp>(Span<float> scores, int r, float s0, float s1, float s2, float s3, ref float query, ref float rows,
        int from, int dims)
        where TOp : struct, IPairOp
    {
        scores[r] = s0 + Tail<TOp>(ref query, ref rows, from, dims);
        scores[r + 1] = s1 + Tail<TOp>(ref query, ref Unsafe.Add(ref rows, dims), from, dims);
        scores[r + 2] = s2 + Tail<TOp>(ref query, ref Unsafe.Add(ref rows, 2 * dims), from, dims);
        scores[r + 3] = s3 + Tail<TOp>(ref query, ref Unsafe.Add(ref rows, 3 * dims), from, dims);
    }

    /// <summary>One (query, row) pair.</summary>
    private static float Pair<TOp>(ref float query, ref float row, int dims)
        where TOp : struct, IPairOp
    {
        var acc = Vector512<float>.Zero;
        var width = Vector512<float>.Count;
        var full = dims - (dims % width);
        for (var i = 0; i < full; i += width)
        {
            acc = TOp.Accumulate(acc, Vector512.LoadUnsafe(ref row, (nuint)i), Vector512.LoadUnsafe(ref query, (nuint)i));
        }

        return Vector512.Sum(acc) + Tail<TOp>(ref query, ref row, full, dims);
    }

    private static float Tail<TOp>(ref float query, ref float row, int from, int dims)
        where TOp : struct, IPairOp
    {
        var sum = 0f;
        for (var i = from; i < dims; i++)
        {
            sum += TOp.Scalar(Unsafe.Add(ref row, i), Unsafe.Add(ref query, i));
        }

        return sum;
    }

    /// <summary>The per-dimension term a metric sums.</summary>
    private interface IPairOp
    {
        static abstract Vector512<float> Accumulate(Vector512<float> acc, Vector512<float> x, Vector512<float> y);

        static abstract float Scalar(float x, float y);
    }

    /// <summary>(x − y)², for L2.</summary>
    private readonly struct SquaredDifference : IPairOp
    {
        public static Vector512<float> Accumulate(Vector512<float> acc, Vector512<float> x, Vector512<float> y)
        {
            var d = x - y;
            return Vector512.FusedMultiplyAdd(d, d, acc);
        }

        public static float Scalar(float x, float y) => (x - y) * (x - y);
    }

    /// <summary>x·y, for inner product and cosine.</summary>
    private readonly struct Product : IPairOp
    {
        public static Vector512<float> Accumulate(Vector512<float> acc, Vector512<float> x, Vector512<float> y) =>
            Vector512.FusedMultiplyAdd(x, y, acc);

        public static float Scalar(float x, float y) => x * y;
    }

    /// <summary>|x − y|, for L1.</summary>
    private readonly struct AbsoluteDifference : IPairOp
    {
        public static Vector512<float> Accumulate(Vector512<float> acc, Vector512<float> x, Vector512<float> y) =>
            acc + Vector512.Abs(x - y);

        public static float Scalar(float x, float y) => MathF.Abs(x - y);
    }
}
