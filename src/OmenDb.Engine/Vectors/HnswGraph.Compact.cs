using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// The compact copy of the vectors that graph walks read (a build's searches and queries): each vector as int8 codes with one float32 scale
/// (x ≈ scale · code, scale = max |x| / 127), in a row of <see cref="CompactStride"/> bytes (the scale, then the codes).
/// <para>Why: past the caches (1M × 128 float32 is 512 MB) a build is bound by misses, not arithmetic: every neighbour
/// scored during the search is a vector the core has not seen, 8 cache lines of float32 at 128 dimensions. Its code row
/// is 3 lines (132 bytes), so the search of the frozen graph, which scores a thousand or more of them per inserted node,
/// reads under half the memory. The search only has to find the candidates; the candidates the search returns are
/// scored again on the float32 vectors, and every choice of neighbours (the selection heuristic, pruning, the batch's
/// peers) uses the exact scores, so the links are chosen as before from candidates found on the compact copy.</para>
/// <para>Scores on the compact copy are on their own scale (L2 is squared, no root) and are compared only with one
/// another, within one search. Queries (<see cref="Search"/>) walk it too and score the ef candidates they find on the
/// float32 vectors (or leave that to the index scan, which ranks rows by their exact distance).</para>
/// </summary>
internal sealed partial class HnswGraph
{
    /// <summary>Compact rows requested ahead of the one being scored: a row is 3 lines against a vector's 8, so eight ahead
    /// keep about as many lines in flight as <see cref="PrefetchAhead"/> float32 vectors do.</summary>
    private const int CompactPrefetchAhead = 8;

    /// <summary>Linked nodes from which walks may read the compact copy, once it has passed the check
    /// (<see cref="CheckCompactWalk"/>); smaller graphs fit the caches, where the copy saves nothing.</summary>
    internal const int FidelityMinNodes = 256;

    /// <summary>Nodes whose neighbour lists one check ranks both ways.</summary>
    private const int FidelitySample = 256;

    /// <summary>
    /// Fewest pairs of neighbours, of those the float32 vectors tell apart, that the compact copy must order the same
    /// way for walks to read it. int8 codes of ordinary data order 99.5–99.7% of them alike (clusters-128, SIFT); one
    /// huge component in every vector, which sets each vector's scale, dropped that to 54–62%, near a coin toss.
    /// </summary>
    internal const double FidelityFloor = 0.9;

    private byte[][] _compactChunks = []; // [chunk][node in chunk · CompactStride] = scale (f32), then Dimensions codes (i8)
    private int _fidelityCheckedAt; // linked nodes at the last check (the writer's only)
    private volatile bool _walksCompactCopy; // the last check's verdict, read by every walk

    /// <summary>The share of neighbour pairs the compact copy ordered as the float32 vectors do at the last check
    /// (NaN before the first).</summary>
    internal double CompactFidelity { get; private set; } = double.NaN;

    /// <summary>
    /// Decides, for the walks that follow (a build's searches and queries), whether they read the compact copy: there is
    /// one, and it ranks like the float32 vectors. One scale per vector loses the small components of a vector with a
    /// huge one (x ≈ scale · code, scale = max |x| / 127), and a walk that ranks by what is left finds the wrong
    /// candidates. So once <see cref="FidelityMinNodes"/> nodes are linked, and again whenever the linked nodes have
    /// doubled, the neighbour lists of <see cref="FidelitySample"/> nodes are ranked both ways; below
    /// <see cref="FidelityFloor"/> agreement the walks read the float32 vectors. Called by the graph's one writer only
    /// (before each batch it links, and after a load), so the checks fall at the same points in every build and queries
    /// only read the verdict.
    /// </summary>
    private bool CheckCompactWalk()
    {
        var linked = _linked;
        if (UsesCompact && linked >= FidelityMinNodes && linked >= 2 * _fidelityCheckedAt)
        {
            _fidelityCheckedAt = linked;
            CompactFidelity = MeasureCompactFidelity(linked);
            _walksCompactCopy = CompactFidelity >= FidelityFloor;
        }

        return _walksCompactCopy;
    }

    /// <summary>
    /// The share of pairs of layer-0 neighbours (among those whose float32 scores differ) that the compact scores order
    /// the same way, over <see cref="FidelitySample"/> nodes spread evenly over the first <paramref name="linked"/>.
    /// </summary>
    private double MeasureCompactFidelity(int linked)
    {
        var scratch = Workspace.For(this).Scratch;
        Span<float> exact = stackalloc float[Layer0Slots];
        Span<float> approximate = stackalloc float[Layer0Slots];
        long agree = 0, pairs = 0;
        var sample = Math.Min(FidelitySample, linked);
        for (var i = 0; i < sample; i++)
        {
            var node = (int)((long)i * linked / sample);
            var query = VectorOf(node);
            var neighbours = Neighbours(node, 0);
            var n = Math.Min(neighbours.Length, Layer0Slots);
            for (var j = 0; j < n; j++)
            {
                exact[j] = Score(query, neighbours[j], scratch);
                approximate[j] = CompactScore(query, neighbours[j]);
            }

            for (var a = 0; a < n; a++)
            {
                for (var b = a + 1; b < n; b++)
                {
                    if (exact[a] != exact[b])
                    {
                        pairs++;
                        agree += (exact[a] < exact[b]) == (approximate[a] < approximate[b]) ? 1 : 0;
                    }
                }
            }
        }

        return pairs == 0 ? 1 : (double)agree / pairs;
    }

    /// <summary>Whether builds search the compact copy: with the AVX-512 kernel (a multiple of 16 dimensions) and vectors
    /// of at least 32 dimensions (two cache lines of float32). Below that a vector is a line or less either way, and
    /// the copy would only add the candidates' second scoring (at 3 dimensions it slowed a build by half).</summary>
    private bool UsesCompact => Avx512F.IsSupported && Dimensions % Vector512<float>.Count == 0 && Dimensions >= 32;

    /// <summary>Bytes per compact row: the scale and one code per dimension, rounded up to 4 so scales stay aligned.</summary>
    private int CompactStride => (sizeof(float) + Dimensions + 3) & ~3;

    /// <summary>Writes a node's compact row (the caller has made room for it).</summary>
    private void StoreCompact(int node, ReadOnlySpan<float> vector)
    {
        if (!UsesCompact)
        {
            return;
        }

        var row = CompactRow(node);
        var max = 0f;
        foreach (var x in vector)
        {
            max = MathF.Max(max, MathF.Abs(x));
        }

        var scale = max > 0 && float.IsFinite(max) ? max / 127f : 0f;
        MemoryMarshal.Write(row, scale);
        var codes = MemoryMarshal.Cast<byte, sbyte>(row.Slice(sizeof(float), Dimensions));
        var inverse = scale > 0 ? 1f / scale : 0f;
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] * inverse), -127f, 127f);
        }
    }

    /// <summary>A node's compact row (empty without the compact copy).</summary>
    private Span<byte> CompactRow(int node)
        => UsesCompact ? _compactChunks[node / ChunkSize].AsSpan(node % ChunkSize * CompactStride, CompactStride) : default;

    /// <summary>The compact score of <paramref name="node"/> against a float32 query: the metric's score with the node's
    /// vector taken as scale · codes (L2 squared). Only when <see cref="UsesCompact"/>.</summary>
    private float CompactScore(ReadOnlySpan<float> query, int node) => Metric switch
    {
        VectorMetric.L2 => CompactScore<CompactL2>(query, node),
        VectorMetric.L1 => CompactScore<CompactL1>(query, node),
        VectorMetric.NegativeInnerProduct => CompactScore<CompactInnerProduct>(query, node),
        _ => CompactScore<CompactCosine>(query, node),
    };

    /// <summary><see cref="CompactScore(ReadOnlySpan{float}, int)"/> with 16 codes widened to float32 per step
    /// (vpmovsxbd, vcvtdq2ps) and the metric's accumulation fused, specialised per metric so the loop has no branch.</summary>
    private float CompactScore<TKernel>(ReadOnlySpan<float> query, int node)
        where TKernel : struct, ICompactKernel
    {
        ref var row = ref _compactChunks[node / ChunkSize][node % ChunkSize * CompactStride];
        var scale = Unsafe.ReadUnaligned<float>(ref row);
        ref var codes = ref Unsafe.As<byte, sbyte>(ref Unsafe.Add(ref row, sizeof(float)));
        ref var q = ref MemoryMarshal.GetReference(query);
        var acc = Vector512<float>.Zero;
        var other = Vector512<float>.Zero; // cosine: Σ c², and Σ q² in third
        var third = Vector512<float>.Zero;
        var negativeScale = Vector512.Create(-scale);
        for (var i = 0; i < query.Length; i += Vector512<float>.Count)
        {
            var c = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref codes, (nuint)i)));
            TKernel.Step(Vector512.LoadUnsafe(ref q, (nuint)i), c, negativeScale, ref acc, ref other, ref third);
        }

        return TKernel.Finish(scale, acc, other, third);
    }

    /// <summary>One metric's step and result for <see cref="CompactScore{TKernel}"/>: x the query's floats, c the codes.</summary>
    private interface ICompactKernel
    {
        static abstract void Step(Vector512<float> x, Vector512<float> c, Vector512<float> negativeScale,
            ref Vector512<float> acc, ref Vector512<float> other, ref Vector512<float> third);

        static abstract float Finish(float scale, Vector512<float> acc, Vector512<float> other, Vector512<float> third);
    }

    /// <summary>Σ (x − scale·c)².</summary>
    private readonly struct CompactL2 : ICompactKernel
    {
        public static void Step(Vector512<float> x, Vector512<float> c, Vector512<float> negativeScale,
            ref Vector512<float> acc, ref Vector512<float> other, ref Vector512<float> third)
        {
            var d = Vector512.FusedMultiplyAdd(negativeScale, c, x);
            acc = Vector512.FusedMultiplyAdd(d, d, acc);
        }

        public static float Finish(float scale, Vector512<float> acc, Vector512<float> other, Vector512<float> third) => Vector512.Sum(acc);
    }

    /// <summary>Σ |x − scale·c|.</summary>
    private readonly struct CompactL1 : ICompactKernel
    {
        public static void Step(Vector512<float> x, Vector512<float> c, Vector512<float> negativeScale,
            ref Vector512<float> acc, ref Vector512<float> other, ref Vector512<float> third)
            => acc += Vector512.Abs(Vector512.FusedMultiplyAdd(negativeScale, c, x));

        public static float Finish(float scale, Vector512<float> acc, Vector512<float> other, Vector512<float> third) => Vector512.Sum(acc);
    }

    /// <summary>−scale · Σ x·c.</summary>
    private readonly struct CompactInnerProduct : ICompactKernel
    {
        public static void Step(Vector512<float> x, Vector512<float> c, Vector512<float> negativeScale,
            ref Vector512<float> acc, ref Vector512<float> other, ref Vector512<float> third)
            => acc = Vector512.FusedMultiplyAdd(x, c, acc);

        public static float Finish(float scale, Vector512<float> acc, Vector512<float> other, Vector512<float> third)
            => -scale * Vector512.Sum(acc);
    }

    /// <summary>1 − Σ x·c / √(Σ c² · Σ x²) (the scale cancels).</summary>
    private readonly struct CompactCosine : ICompactKernel
    {
        public static void Step(Vector512<float> x, Vector512<float> c, Vector512<float> negativeScale,
            ref Vector512<float> acc, ref Vector512<float> other, ref Vector512<float> third)
        {
            acc = Vector512.FusedMultiplyAdd(x, c, acc);
            other = Vector512.FusedMultiplyAdd(c, c, other);
            third = Vector512.FusedMultiplyAdd(x, x, third);
        }

        public static float Finish(float scale, Vector512<float> acc, Vector512<float> other, Vector512<float> third)
            => 1f - (Vector512.Sum(acc) / MathF.Sqrt(Vector512.Sum(other) * Vector512.Sum(third)));
    }

    /// <summary>Requests the cache lines of a node's compact row (chunks are pinned).</summary>
    private unsafe void PrefetchCompact(int node)
    {
        if (Sse.IsSupported)
        {
            var start = (byte*)Unsafe.AsPointer(ref _compactChunks[node / ChunkSize][node % ChunkSize * CompactStride]);
            var last = start + CompactStride - 1;
            for (var line = start; line <= last; line += 64)
            {
                Sse.Prefetch0(line);
            }

            Sse.Prefetch0(last);
        }
    }

    /// <summary>Scores <paramref name="nodes"/> on the compact copy into <paramref name="scores"/>, each row requested
    /// <see cref="CompactPrefetchAhead"/> places before it is scored.</summary>
    private void ScoreCompact(ReadOnlySpan<float> query, ReadOnlySpan<int> nodes, Span<float> scores)
    {
        switch (Metric)
        {
            case VectorMetric.L2:
                ScoreCompact<CompactL2>(query, nodes, scores);
                break;
            case VectorMetric.L1:
                ScoreCompact<CompactL1>(query, nodes, scores);
                break;
            case VectorMetric.NegativeInnerProduct:
                ScoreCompact<CompactInnerProduct>(query, nodes, scores);
                break;
            default:
                ScoreCompact<CompactCosine>(query, nodes, scores);
                break;
        }
    }

    private void ScoreCompact<TKernel>(ReadOnlySpan<float> query, ReadOnlySpan<int> nodes, Span<float> scores)
        where TKernel : struct, ICompactKernel
    {
        for (var i = 0; i < nodes.Length && i < CompactPrefetchAhead; i++)
        {
            PrefetchCompact(nodes[i]);
        }

        for (var i = 0; i < nodes.Length; i++)
        {
            if (i + CompactPrefetchAhead < nodes.Length)
            {
                PrefetchCompact(nodes[i + CompactPrefetchAhead]);
            }

            scores[i] = CompactScore<TKernel>(query, nodes[i]);
        }
    }
}
