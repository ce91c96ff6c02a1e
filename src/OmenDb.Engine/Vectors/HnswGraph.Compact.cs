using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// The compact copy of the vectors that a build's graph search reads: each vector as int8 codes with one float32 scale
/// (x ≈ scale · code, scale = max |x| / 127), in a row of <see cref="CompactStride"/> bytes (the scale, then the codes).
/// <para>Why: past the caches (1M × 128 float32 is 512 MB) a build is bound by misses, not arithmetic: every neighbour
/// scored during the search is a vector the core has not seen, 8 cache lines of float32 at 128 dimensions. Its code row
/// is 3 lines (132 bytes), so the search of the frozen graph, which scores a thousand or more of them per inserted node,
/// reads under half the memory. The search only has to find the candidates; the candidates the search returns are
/// scored again on the float32 vectors, and every choice of neighbours (the selection heuristic, pruning, the batch's
/// peers) uses the exact scores, so the links are chosen as before from candidates found on the compact copy.</para>
/// <para>Scores on the compact copy are on their own scale (L2 is squared, no root) and are compared only with one
/// another, within one search. Queries (<see cref="Search"/>) use the float32 vectors.</para>
/// </summary>
internal sealed partial class HnswGraph
{
    /// <summary>Compact rows requested ahead of the one being scored: a row is 3 lines against a vector's 8, so eight ahead
    /// keep about as many lines in flight as <see cref="PrefetchAhead"/> float32 vectors do.</summary>
    private const int CompactPrefetchAhead = 8;

    private byte[][] _compactChunks = []; // [chunk][node in chunk · CompactStride] = scale (f32), then Dimensions codes (i8)

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

        var row = _compactChunks[node / ChunkSize].AsSpan(node % ChunkSize * CompactStride, CompactStride);
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

    /// <summary>The compact score of <paramref name="node"/> against a float32 query: the metric's score with the node's
    /// vector taken as scale · codes (L2 squared). Only when <see cref="UsesCompact"/>.</summary>
    private float CompactScore(ReadOnlySpan<float> query, int node)
    {
        ref var row = ref _compactChunks[node / ChunkSize][node % ChunkSize * CompactStride];
        var scale = Unsafe.ReadUnaligned<float>(ref row);
        return CompactScore512(query, ref Unsafe.As<byte, sbyte>(ref Unsafe.Add(ref row, sizeof(float))), scale);
    }

    /// <summary><see cref="CompactScore"/> with 16 codes widened to float32 per step (vpmovsxbd, vcvtdq2ps) and the
    /// metric's accumulation fused.</summary>
    private float CompactScore512(ReadOnlySpan<float> query, ref sbyte codes, float scale)
    {
        ref var q = ref MemoryMarshal.GetReference(query);
        var width = Vector512<float>.Count;
        var acc = Vector512<float>.Zero;
        var other = Vector512<float>.Zero; // cosine: Σ c², and Σ q² in third
        var third = Vector512<float>.Zero;
        var negativeScale = Vector512.Create(-scale);
        for (var i = 0; i < query.Length; i += width)
        {
            var c = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref codes, (nuint)i)));
            var x = Vector512.LoadUnsafe(ref q, (nuint)i);
            switch (Metric)
            {
                case VectorMetric.L2:
                    var d = Vector512.FusedMultiplyAdd(negativeScale, c, x);
                    acc = Vector512.FusedMultiplyAdd(d, d, acc);
                    break;
                case VectorMetric.L1:
                    acc += Vector512.Abs(Vector512.FusedMultiplyAdd(negativeScale, c, x));
                    break;
                case VectorMetric.NegativeInnerProduct:
                    acc = Vector512.FusedMultiplyAdd(x, c, acc);
                    break;
                default:
                    acc = Vector512.FusedMultiplyAdd(x, c, acc);
                    other = Vector512.FusedMultiplyAdd(c, c, other);
                    third = Vector512.FusedMultiplyAdd(x, x, third);
                    break;
            }
        }

        return Metric switch
        {
            VectorMetric.L2 or VectorMetric.L1 => Vector512.Sum(acc),
            VectorMetric.NegativeInnerProduct => -scale * Vector512.Sum(acc),
            _ => 1f - (Vector512.Sum(acc) / MathF.Sqrt(Vector512.Sum(other) * Vector512.Sum(third))),
        };
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

            scores[i] = CompactScore(query, nodes[i]);
        }
    }
}
