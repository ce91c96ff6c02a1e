using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// The shared exact pass's kernel (<see cref="SharedVectorPass"/>): a block of rows against many queries at once, with
/// 16 queries in the lanes of a Vector512 (<see cref="QueryLanes"/>). Each step broadcasts one element of a row straight
/// from memory and adds its product with a group's 16 query elements (one FMA), so no score needs a horizontal sum and
/// the rows are read in their stored layout, without a transpose. A register tile of 12 rows × 2 groups keeps 24
/// independent accumulators, enough to cover the FMA latency on both FMA ports (4 cycles × 2 ports = 8 in flight),
/// with 2 query loads and 12 broadcasts per 24 FMAs, within the load ports' 2-3 per cycle. Eight or fewer queries (slots
/// 0 to 7, an even dimension) take the paired layout of <see cref="QueryLanes.Paired"/> instead, so that their FMAs carry
/// no empty lanes.
/// <para>
/// After a tile, each accumulator (one row, 16 queries) becomes the metric's value with one more vector operation
/// (L2: ‖x‖² − 2q·x with ‖x‖² cached per row with the column, shared by all queries and passes) and is compared in one instruction with the 16
/// queries' thresholds; only the lanes that pass reach the sink (<see cref="ICandidateSink"/>), which re-scores the row
/// exactly and offers it to the query's heap. In a pass over 1,000,000 rows a query's heap takes a few hundred rows,
/// so top-k maintenance costs next to nothing. Without AVX-512 every row is handed to the sink (scored row by row).
/// </para>
/// </summary>
internal static class BlockDistanceKernel
{
    /// <summary>Rows per register tile: 12 rows × 2 query groups = 24 accumulators + 2 query vectors + 1 broadcast of the 32
    /// vector registers.</summary>
    private const int TileRows = 12;

    /// <summary>Whether <see cref="Scan"/> reads the rows' squared norms for <paramref name="metric"/> (the caller may pass an
    /// empty span otherwise).</summary>
    public static bool UsesNorms(VectorMetric metric) => Vector512.IsHardwareAccelerated && metric != VectorMetric.L1;

    /// <summary>
    /// Scores rows [0, <paramref name="rows"/>) of <paramref name="block"/> (row r at floats [r·dims, (r+1)·dims)) against
    /// the queries of <paramref name="queries"/> whose bit is set in <paramref name="valid"/> (one mask of 16 lanes per
    /// group), and calls <paramref name="sink"/> for each row whose value is not above its query's entry in
    /// <paramref name="thresholds"/> (per query lane, <see cref="QueryLanes.Threshold"/> or +∞; read once per tile, so
    /// the sink may lower them as it goes). Rows reach the sink in ascending order for each query.
    /// <paramref name="squaredNorms"/> holds the rows' ‖x‖² (<see cref="FloatVectorColumn.SquaredNorms"/>, cached with the
    /// column, so that a pass only streams the rows); <paramref name="rowTerms"/> (at least <paramref name="rows"/> floats)
    /// is work space.
    /// </summary>
    public static void Scan(QueryLanes queries, ReadOnlySpan<float> block, int rows, ReadOnlySpan<float> squaredNorms,
        ReadOnlySpan<float> thresholds, ReadOnlySpan<uint> valid, Span<float> rowTerms, ICandidateSink sink)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            for (var r = 0; r < rows; r++)
            {
                for (var g = 0; g < queries.Groups; g++)
                {
                    if (valid[g] != 0)
                    {
                        sink.Candidates(r, g * QueryLanes.Width, valid[g]);
                    }
                }
            }

            return;
        }

        switch (queries.Metric)
        {
            case VectorMetric.L2:
                Rows<L2Value>(queries, block, rows, squaredNorms, thresholds, valid, rowTerms, sink);
                break;
            case VectorMetric.Cosine:
                Rows<CosineValue>(queries, block, rows, squaredNorms, thresholds, valid, rowTerms, sink);
                break;
            case VectorMetric.NegativeInnerProduct:
                Rows<InnerProductValue>(queries, block, rows, squaredNorms, thresholds, valid, rowTerms, sink);
                break;
            default:
                Rows<L1Value>(queries, block, rows, squaredNorms, thresholds, valid, rowTerms, sink);
                break;
        }
    }

    private static void Rows<TMetric>(QueryLanes queries, ReadOnlySpan<float> block, int rows, ReadOnlySpan<float> squaredNorms,
        ReadOnlySpan<float> thresholds, ReadOnlySpan<uint> valid, Span<float> rowTerms, ICandidateSink sink)
        where TMetric : struct, ILaneMetric
    {
        if (TMetric.UsesNorms)
        {
            for (var r = 0; r < rows; r++)
            {
                rowTerms[r] = TMetric.RowTerm(squaredNorms[r], queries.Tolerance);
            }
        }

        var dims = queries.Dimensions;
        var context = new Context(queries, thresholds, rowTerms, sink, stackalloc uint[2 * TileRows]);
        ref var x = ref MemoryMarshal.GetReference(block);
        var groups = queries.Groups;
        var full = rows - (rows % TileRows);
        var paired = queries.Paired is not null && OnlyPairedSlots(valid);
        var r0 = 0;
        for (; r0 < full; r0 += TileRows)
        {
            ref var tile = ref Unsafe.Add(ref x, r0 * dims);
            if (paired)
            {
                PairedTile<TMetric>(context, ref tile, r0, valid[0]);
                continue;
            }

            var g = 0;
            for (; g + 1 < groups; g += 2)
            {
                if ((valid[g] | valid[g + 1]) != 0)
                {
                    Pair<TMetric>(context, ref tile, r0, g, valid[g], valid[g + 1]);
                }
            }

            if (g < groups && valid[g] != 0)
            {
                Single<TMetric>(context, ref tile, r0, g, valid[g]);
            }
        }

        for (; r0 < rows; r0++)
        {
            for (var g = 0; g < groups; g++)
            {
                if (valid[g] != 0)
                {
                    OneRow<TMetric>(context, ref Unsafe.Add(ref x, r0 * dims), r0, g, valid[g]);
                }
            }
        }
    }

    /// <summary>Whether only slots 0 to 7 are valid (eight or fewer queries): the paired layout then fills the lanes.</summary>
    private static bool OnlyPairedSlots(ReadOnlySpan<uint> valid)
    {
        if (valid[0] == 0 || (valid[0] >> QueryLanes.PairedQueries) != 0)
        {
            return false;
        }

        for (var g = 1; g < valid.Length; g++)
        {
            if (valid[g] != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Σ x² over one row (<see cref="FloatVectorColumn.SquaredNorms"/> caches it per row).</summary>
    public static float SquaredNorm(ReadOnlySpan<float> row) => SquaredNorm(ref MemoryMarshal.GetReference(row), row.Length);

    /// <summary>Σ x² over one row: two accumulator chains, one horizontal sum (any order: the tolerance covers it).</summary>
    private static float SquaredNorm(ref float row, int dims)
    {
        var a = Vector512<float>.Zero;
        var b = Vector512<float>.Zero;
        var i = 0;
        for (; i + (2 * QueryLanes.Width) <= dims; i += 2 * QueryLanes.Width)
        {
            var u = Vector512.LoadUnsafe(ref row, (nuint)i);
            var v = Vector512.LoadUnsafe(ref row, (nuint)(i + QueryLanes.Width));
            a = Vector512.FusedMultiplyAdd(u, u, a);
            b = Vector512.FusedMultiplyAdd(v, v, b);
        }

        if (i + QueryLanes.Width <= dims)
        {
            var u = Vector512.LoadUnsafe(ref row, (nuint)i);
            a = Vector512.FusedMultiplyAdd(u, u, a);
            i += QueryLanes.Width;
        }

        var sum = Vector512.Sum(a + b);
        for (; i < dims; i++)
        {
            var u = Unsafe.Add(ref row, i);
            sum += u * u;
        }

        return sum;
    }

    /// <summary>Rows r0..r0+11 against groups g and g+1: 24 accumulators. Each step also prefetches 48 bytes of the tile
    /// after next (12 rows × dims floats over dims steps), so that the rows stream in while the FMAs run.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Pair<TMetric>(in Context context, ref float x0, int r0, int g, uint validA, uint validB)
        where TMetric : struct, ILaneMetric
    {
        var dims = context.Queries.Dimensions;
        ref var qa = ref context.Group(g);
        ref var qb = ref context.Group(g + 1);
        ref var x1 = ref Unsafe.Add(ref x0, dims);
        ref var x2 = ref Unsafe.Add(ref x1, dims);
        ref var x3 = ref Unsafe.Add(ref x2, dims);
        ref var x4 = ref Unsafe.Add(ref x3, dims);
        ref var x5 = ref Unsafe.Add(ref x4, dims);
        ref var x6 = ref Unsafe.Add(ref x5, dims);
        ref var x7 = ref Unsafe.Add(ref x6, dims);
        ref var x8 = ref Unsafe.Add(ref x7, dims);
        ref var x9 = ref Unsafe.Add(ref x8, dims);
        ref var x10 = ref Unsafe.Add(ref x9, dims);
        ref var x11 = ref Unsafe.Add(ref x10, dims);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
        Vector512<float> a6 = default, a7 = default, a8 = default, a9 = default, a10 = default, a11 = default;
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default;
        Vector512<float> b6 = default, b7 = default, b8 = default, b9 = default, b10 = default, b11 = default;
        ref var ahead = ref Unsafe.Add(ref x0, 2 * TileRows * dims);
        for (nuint d = 0; d < (nuint)dims; d++)
        {
            // Past the block's end this touches only addresses nothing reads (a prefetch never faults).
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref ahead, d * TileRows)));
            var qva = Vector512.LoadUnsafe(ref qa, d * QueryLanes.Width);
            var qvb = Vector512.LoadUnsafe(ref qb, d * QueryLanes.Width);
            var v = Vector512.Create(Unsafe.Add(ref x0, d));
            a0 = TMetric.Step(a0, qva, v);
            b0 = TMetric.Step(b0, qvb, v);
            v = Vector512.Create(Unsafe.Add(ref x1, d));
            a1 = TMetric.Step(a1, qva, v);
            b1 = TMetric.Step(b1, qvb, v);
            v = Vector512.Create(Unsafe.Add(ref x2, d));
            a2 = TMetric.Step(a2, qva, v);
            b2 = TMetric.Step(b2, qvb, v);
            v = Vector512.Create(Unsafe.Add(ref x3, d));
            a3 = TMetric.Step(a3, qva, v);
            b3 = TMetric.Step(b3, qvb, v);
            v = Vector512.Create(Unsafe.Add(ref x4, d));
            a4 = TMetric.Step(a4, qva, v);
            b4 = TMetric.Step(b4, qvb, v);
            v = Vector512.Create(Unsafe.Add(ref x5, d));
            a5 = TMetric.Step(a5, qva, v);
            b5 = TMetric.Step(b5, qvb, v);
            v = Vector512.Create(Unsafe.Add(ref x6, d));
            a6 = TMetric.Step(a6, qva, v);
            b6 = TMetric.Step(b6, qvb, v);
            v = Vector512.Create(Unsafe.Add(ref x7, d));
            a7 = TMetric.Step(a7, qva, v);
            b7 = TMetric.Step(b7, qvb, v);
            v = Vector512.Create(Unsafe.Add(ref x8, d));
            a8 = TMetric.Step(a8, qva, v);
            b8 = TMetric.Step(b8, qvb, v);
            v = Vector512.Create(Unsafe.Add(ref x9, d));
            a9 = TMetric.Step(a9, qva, v);
            b9 = TMetric.Step(b9, qvb, v);
            v = Vector512.Create(Unsafe.Add(ref x10, d));
            a10 = TMetric.Step(a10, qva, v);
            b10 = TMetric.Step(b10, qvb, v);
            v = Vector512.Create(Unsafe.Add(ref x11, d));
            a11 = TMetric.Step(a11, qva, v);
            b11 = TMetric.Step(b11, qvb, v);
        }

        var ta = context.Threshold(g);
        var ua = context.QueryTerm(g);
        var tb = context.Threshold(g + 1);
        var ub = context.QueryTerm(g + 1);
        var any = Pass<TMetric>(context, 0, a0, ta, ua, validA, r0) | Pass<TMetric>(context, 1, b0, tb, ub, validB, r0)
            | Pass<TMetric>(context, 2, a1, ta, ua, validA, r0 + 1) | Pass<TMetric>(context, 3, b1, tb, ub, validB, r0 + 1)
            | Pass<TMetric>(context, 4, a2, ta, ua, validA, r0 + 2) | Pass<TMetric>(context, 5, b2, tb, ub, validB, r0 + 2)
            | Pass<TMetric>(context, 6, a3, ta, ua, validA, r0 + 3) | Pass<TMetric>(context, 7, b3, tb, ub, validB, r0 + 3)
            | Pass<TMetric>(context, 8, a4, ta, ua, validA, r0 + 4) | Pass<TMetric>(context, 9, b4, tb, ub, validB, r0 + 4)
            | Pass<TMetric>(context, 10, a5, ta, ua, validA, r0 + 5) | Pass<TMetric>(context, 11, b5, tb, ub, validB, r0 + 5)
            | Pass<TMetric>(context, 12, a6, ta, ua, validA, r0 + 6) | Pass<TMetric>(context, 13, b6, tb, ub, validB, r0 + 6)
            | Pass<TMetric>(context, 14, a7, ta, ua, validA, r0 + 7) | Pass<TMetric>(context, 15, b7, tb, ub, validB, r0 + 7)
            | Pass<TMetric>(context, 16, a8, ta, ua, validA, r0 + 8) | Pass<TMetric>(context, 17, b8, tb, ub, validB, r0 + 8)
            | Pass<TMetric>(context, 18, a9, ta, ua, validA, r0 + 9) | Pass<TMetric>(context, 19, b9, tb, ub, validB, r0 + 9)
            | Pass<TMetric>(context, 20, a10, ta, ua, validA, r0 + 10) | Pass<TMetric>(context, 21, b10, tb, ub, validB, r0 + 10)
            | Pass<TMetric>(context, 22, a11, ta, ua, validA, r0 + 11) | Pass<TMetric>(context, 23, b11, tb, ub, validB, r0 + 11);
        if (any != 0)
        {
            Emit(context, r0, g, groups: 2);
        }
    }

    /// <summary>Rows r0..r0+11 against group g alone (the odd group of a pass): 12 accumulators, prefetching as <see cref="Pair"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Single<TMetric>(in Context context, ref float x0, int r0, int g, uint valid)
        where TMetric : struct, ILaneMetric
    {
        var dims = context.Queries.Dimensions;
        ref var qa = ref context.Group(g);
        ref var x1 = ref Unsafe.Add(ref x0, dims);
        ref var x2 = ref Unsafe.Add(ref x1, dims);
        ref var x3 = ref Unsafe.Add(ref x2, dims);
        ref var x4 = ref Unsafe.Add(ref x3, dims);
        ref var x5 = ref Unsafe.Add(ref x4, dims);
        ref var x6 = ref Unsafe.Add(ref x5, dims);
        ref var x7 = ref Unsafe.Add(ref x6, dims);
        ref var x8 = ref Unsafe.Add(ref x7, dims);
        ref var x9 = ref Unsafe.Add(ref x8, dims);
        ref var x10 = ref Unsafe.Add(ref x9, dims);
        ref var x11 = ref Unsafe.Add(ref x10, dims);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
        Vector512<float> a6 = default, a7 = default, a8 = default, a9 = default, a10 = default, a11 = default;
        ref var ahead = ref Unsafe.Add(ref x0, 2 * TileRows * dims);
        for (nuint d = 0; d < (nuint)dims; d++)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref ahead, d * TileRows)));
            var q = Vector512.LoadUnsafe(ref qa, d * QueryLanes.Width);
            a0 = TMetric.Step(a0, q, Vector512.Create(Unsafe.Add(ref x0, d)));
            a1 = TMetric.Step(a1, q, Vector512.Create(Unsafe.Add(ref x1, d)));
            a2 = TMetric.Step(a2, q, Vector512.Create(Unsafe.Add(ref x2, d)));
            a3 = TMetric.Step(a3, q, Vector512.Create(Unsafe.Add(ref x3, d)));
            a4 = TMetric.Step(a4, q, Vector512.Create(Unsafe.Add(ref x4, d)));
            a5 = TMetric.Step(a5, q, Vector512.Create(Unsafe.Add(ref x5, d)));
            a6 = TMetric.Step(a6, q, Vector512.Create(Unsafe.Add(ref x6, d)));
            a7 = TMetric.Step(a7, q, Vector512.Create(Unsafe.Add(ref x7, d)));
            a8 = TMetric.Step(a8, q, Vector512.Create(Unsafe.Add(ref x8, d)));
            a9 = TMetric.Step(a9, q, Vector512.Create(Unsafe.Add(ref x9, d)));
            a10 = TMetric.Step(a10, q, Vector512.Create(Unsafe.Add(ref x10, d)));
            a11 = TMetric.Step(a11, q, Vector512.Create(Unsafe.Add(ref x11, d)));
        }

        var t = context.Threshold(g);
        var u = context.QueryTerm(g);
        var any = Pass<TMetric>(context, 0, a0, t, u, valid, r0) | Pass<TMetric>(context, 1, a1, t, u, valid, r0 + 1)
            | Pass<TMetric>(context, 2, a2, t, u, valid, r0 + 2) | Pass<TMetric>(context, 3, a3, t, u, valid, r0 + 3)
            | Pass<TMetric>(context, 4, a4, t, u, valid, r0 + 4) | Pass<TMetric>(context, 5, a5, t, u, valid, r0 + 5)
            | Pass<TMetric>(context, 6, a6, t, u, valid, r0 + 6) | Pass<TMetric>(context, 7, a7, t, u, valid, r0 + 7)
            | Pass<TMetric>(context, 8, a8, t, u, valid, r0 + 8) | Pass<TMetric>(context, 9, a9, t, u, valid, r0 + 9)
            | Pass<TMetric>(context, 10, a10, t, u, valid, r0 + 10) | Pass<TMetric>(context, 11, a11, t, u, valid, r0 + 11);
        if (any != 0)
        {
            Emit(context, r0, g, groups: 1);
        }
    }

    /// <summary>Rows r0..r0+11 against slots 0 to 7 in the paired layout (<see cref="QueryLanes.Paired"/>): each step
    /// broadcasts two elements of a row (one 64-bit load) against two dimensions of 8 queries, so dims / 2 steps of 12 FMAs
    /// score the tile, half the FMAs of a group of 16 lanes of which 8 are empty. Each accumulator then adds its lane pairs
    /// (any summation order stays within the tolerance). Prefetches 96 bytes of the tile after next per step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PairedTile<TMetric>(in Context context, ref float x0, int r0, uint valid)
        where TMetric : struct, ILaneMetric
    {
        var dims = context.Queries.Dimensions;
        ref var qa = ref MemoryMarshal.GetArrayDataReference(context.Queries.Paired!);
        ref var x1 = ref Unsafe.Add(ref x0, dims);
        ref var x2 = ref Unsafe.Add(ref x1, dims);
        ref var x3 = ref Unsafe.Add(ref x2, dims);
        ref var x4 = ref Unsafe.Add(ref x3, dims);
        ref var x5 = ref Unsafe.Add(ref x4, dims);
        ref var x6 = ref Unsafe.Add(ref x5, dims);
        ref var x7 = ref Unsafe.Add(ref x6, dims);
        ref var x8 = ref Unsafe.Add(ref x7, dims);
        ref var x9 = ref Unsafe.Add(ref x8, dims);
        ref var x10 = ref Unsafe.Add(ref x9, dims);
        ref var x11 = ref Unsafe.Add(ref x10, dims);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
        Vector512<float> a6 = default, a7 = default, a8 = default, a9 = default, a10 = default, a11 = default;
        ref var ahead = ref Unsafe.Add(ref x0, 2 * TileRows * dims);
        for (nuint d = 0; d < (nuint)dims; d += 2)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref ahead, d * TileRows)));
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref ahead, (d * TileRows) + QueryLanes.Width)));
            var q = Vector512.LoadUnsafe(ref qa, d * QueryLanes.PairedQueries);
            a0 = TMetric.Step(a0, q, Two(ref x0, d));
            a1 = TMetric.Step(a1, q, Two(ref x1, d));
            a2 = TMetric.Step(a2, q, Two(ref x2, d));
            a3 = TMetric.Step(a3, q, Two(ref x3, d));
            a4 = TMetric.Step(a4, q, Two(ref x4, d));
            a5 = TMetric.Step(a5, q, Two(ref x5, d));
            a6 = TMetric.Step(a6, q, Two(ref x6, d));
            a7 = TMetric.Step(a7, q, Two(ref x7, d));
            a8 = TMetric.Step(a8, q, Two(ref x8, d));
            a9 = TMetric.Step(a9, q, Two(ref x9, d));
            a10 = TMetric.Step(a10, q, Two(ref x10, d));
            a11 = TMetric.Step(a11, q, Two(ref x11, d));
        }

        var t = context.Threshold(0);
        var u = context.QueryTerm(0);
        var any = Pass<TMetric>(context, 0, Fold(a0), t, u, valid, r0) | Pass<TMetric>(context, 1, Fold(a1), t, u, valid, r0 + 1)
            | Pass<TMetric>(context, 2, Fold(a2), t, u, valid, r0 + 2) | Pass<TMetric>(context, 3, Fold(a3), t, u, valid, r0 + 3)
            | Pass<TMetric>(context, 4, Fold(a4), t, u, valid, r0 + 4) | Pass<TMetric>(context, 5, Fold(a5), t, u, valid, r0 + 5)
            | Pass<TMetric>(context, 6, Fold(a6), t, u, valid, r0 + 6) | Pass<TMetric>(context, 7, Fold(a7), t, u, valid, r0 + 7)
            | Pass<TMetric>(context, 8, Fold(a8), t, u, valid, r0 + 8) | Pass<TMetric>(context, 9, Fold(a9), t, u, valid, r0 + 9)
            | Pass<TMetric>(context, 10, Fold(a10), t, u, valid, r0 + 10) | Pass<TMetric>(context, 11, Fold(a11), t, u, valid, r0 + 11);
        if (any != 0)
        {
            Emit(context, r0, 0, groups: 1);
        }
    }

    /// <summary>Elements d and d + 1 of a row in every lane pair (one 64-bit broadcast).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Two(ref float row, nuint d) =>
        Vector512.Create(Unsafe.ReadUnaligned<double>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref row, d)))).AsSingle();

    /// <summary>A paired accumulator's lane pairs added: lane q (0..7) holds query q's sum (lanes 8..15 repeat them and are
    /// left out by the valid mask).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fold(Vector512<float> acc) =>
        Vector512.Shuffle(acc, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 0, 2, 4, 6, 8, 10, 12, 14))
        + Vector512.Shuffle(acc, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 1, 3, 5, 7, 9, 11, 13, 15));

    /// <summary>One row against group g (the rows after the last full tile).</summary>
    private static void OneRow<TMetric>(in Context context, ref float x, int r, int g, uint valid)
        where TMetric : struct, ILaneMetric
    {
        ref var qa = ref context.Group(g);
        var acc = Vector512<float>.Zero;
        for (nuint d = 0; d < (nuint)context.Queries.Dimensions; d++)
        {
            acc = TMetric.Step(acc, Vector512.LoadUnsafe(ref qa, d * QueryLanes.Width), Vector512.Create(Unsafe.Add(ref x, d)));
        }

        if (Pass<TMetric>(context, 0, acc, context.Threshold(g), context.QueryTerm(g), valid, r) != 0)
        {
            Emit(context, r, g, groups: 1, rows: 1);
        }
    }

    /// <summary>Records in mask <paramref name="slot"/> the lanes of row <paramref name="r"/> whose value is not above the
    /// threshold (NaN passes), and returns them. The sink is called only after a tile's checks (<see cref="Emit"/>), so that
    /// the accumulators need not survive a call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Pass<TMetric>(in Context context, int slot, Vector512<float> acc, Vector512<float> threshold, Vector512<float> queryTerm,
        uint valid, int r)
        where TMetric : struct, ILaneMetric
    {
        var value = TMetric.Value(acc, Vector512.Create(context.RowTerm(r)), queryTerm);
        var pass = ~(uint)Vector512.GreaterThan(value, threshold).ExtractMostSignificantBits() & valid;
        context.Masks[slot] = pass;
        return pass;
    }

    /// <summary>Hands a tile's passing lanes to the sink: masks row by row, <paramref name="groups"/> per row (groups g, g+1).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Emit(in Context context, int r0, int g, int groups, int rows = TileRows)
    {
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < groups; j++)
            {
                if (context.Masks[(i * groups) + j] is var lanes and not 0)
                {
                    context.Sink.Candidates(r0 + i, (g + j) * QueryLanes.Width, lanes);
                }
            }
        }
    }

    /// <summary>What one scan reads besides the rows.</summary>
    private readonly ref struct Context(QueryLanes queries, ReadOnlySpan<float> thresholds, ReadOnlySpan<float> rowTerms, ICandidateSink sink,
        Span<uint> masks)
    {
        public QueryLanes Queries { get; } = queries;

        public ICandidateSink Sink { get; } = sink;

        /// <summary>A tile's passing lanes, one mask per (row, group) accumulator.</summary>
        public Span<uint> Masks { get; } = masks;

        private readonly ReadOnlySpan<float> _thresholds = thresholds;
        private readonly ReadOnlySpan<float> _rowTerms = rowTerms;

        /// <summary>Group g's dimension-major query floats.</summary>
        public ref float Group(int g) => ref Queries.Transposed[g * Queries.Dimensions * QueryLanes.Width];

        public Vector512<float> Threshold(int g) => Vector512.Create(_thresholds.Slice(g * QueryLanes.Width, QueryLanes.Width));

        public Vector512<float> QueryTerm(int g) => Vector512.Create(Queries.QueryTerms.AsSpan(g * QueryLanes.Width, QueryLanes.Width));

        public float RowTerm(int r) => _rowTerms[r];
    }

    /// <summary>How a metric accumulates one dimension and turns the sum into the value compared with the thresholds.</summary>
    private interface ILaneMetric
    {
        /// <summary>Whether <see cref="RowTerm"/> needs the row's squared norm.</summary>
        static abstract bool UsesNorms { get; }

        /// <summary>acc + the term of one dimension (q: 16 queries' elements, x: the row's element broadcast).</summary>
        static abstract Vector512<float> Step(Vector512<float> acc, Vector512<float> q, Vector512<float> x);

        /// <summary>The per-row constant <see cref="Value"/> takes, from ‖x‖² and the pass's tolerance.</summary>
        static abstract float RowTerm(float squaredNorm, float tolerance);

        /// <summary>The value compared with <see cref="QueryLanes.Threshold"/>: a lower bound of the row's score, in the
        /// threshold's units.</summary>
        static abstract Vector512<float> Value(Vector512<float> acc, Vector512<float> rowTerm, Vector512<float> queryTerm);
    }

    /// <summary>L2: acc = q·x; value = ‖x‖²(1 − c) − 2q·x (the squared distance minus ‖q‖², lowered by the slack).</summary>
    private readonly struct L2Value : ILaneMetric
    {
        public static bool UsesNorms => true;

        public static Vector512<float> Step(Vector512<float> acc, Vector512<float> q, Vector512<float> x) => Vector512.FusedMultiplyAdd(q, x, acc);

        public static float RowTerm(float squaredNorm, float tolerance) => squaredNorm * (1f - tolerance);

        public static Vector512<float> Value(Vector512<float> acc, Vector512<float> rowTerm, Vector512<float> queryTerm) =>
            Vector512.FusedMultiplyAdd(acc, Vector512.Create(-2f), rowTerm);
    }

    /// <summary>Cosine: acc = −q̂·x; value = acc / ‖x‖ = −cos (NaN for a zero row, which then goes to the sink).</summary>
    private readonly struct CosineValue : ILaneMetric
    {
        public static bool UsesNorms => true;

        public static Vector512<float> Step(Vector512<float> acc, Vector512<float> q, Vector512<float> x) => Vector512.FusedMultiplyAdd(q, x, acc);

        public static float RowTerm(float squaredNorm, float tolerance) =>
            squaredNorm > 0f && float.IsFinite(squaredNorm) ? 1f / MathF.Sqrt(squaredNorm) : float.NaN;

        public static Vector512<float> Value(Vector512<float> acc, Vector512<float> rowTerm, Vector512<float> queryTerm) => acc * rowTerm;
    }

    /// <summary>Negative inner product: acc = −q·x; value = acc − c·‖q‖·‖x‖.</summary>
    private readonly struct InnerProductValue : ILaneMetric
    {
        public static bool UsesNorms => true;

        public static Vector512<float> Step(Vector512<float> acc, Vector512<float> q, Vector512<float> x) => Vector512.FusedMultiplyAdd(q, x, acc);

        public static float RowTerm(float squaredNorm, float tolerance) => -tolerance * MathF.Sqrt(squaredNorm);

        public static Vector512<float> Value(Vector512<float> acc, Vector512<float> rowTerm, Vector512<float> queryTerm) =>
            Vector512.FusedMultiplyAdd(queryTerm, rowTerm, acc);
    }

    /// <summary>L1: acc = Σ|q − x| (three operations per lane instead of one FMA).</summary>
    private readonly struct L1Value : ILaneMetric
    {
        public static bool UsesNorms => false;

        public static Vector512<float> Step(Vector512<float> acc, Vector512<float> q, Vector512<float> x) => acc + Vector512.Abs(q - x);

        public static float RowTerm(float squaredNorm, float tolerance) => 0f;

        public static Vector512<float> Value(Vector512<float> acc, Vector512<float> rowTerm, Vector512<float> queryTerm) => acc;
    }
}

/// <summary>Receives the rows of a <see cref="BlockDistanceKernel"/> scan that may enter a query's heap.</summary>
internal interface ICandidateSink
{
    /// <summary>Row <paramref name="row"/> of the block passed for queries <paramref name="firstQuery"/> + i, for each bit i
    /// set in <paramref name="lanes"/>.</summary>
    void Candidates(int row, int firstQuery, uint lanes);
}
