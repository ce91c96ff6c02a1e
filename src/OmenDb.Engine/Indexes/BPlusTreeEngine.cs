using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// A static, cache-conscious B+-tree (a CSS-tree in the sense of Rao and Ross) over the sorted keys: the leaves
/// are a copy of the keys, and each inner level holds, for every node of the level below, that node's largest
/// key. A node is <see cref="Fanout"/> keys = 128 bytes = two 64-byte cache lines (the adjacent-line prefetcher
/// fetches the pair), stored contiguously per level, pinned and 64-byte aligned, padded with
/// <see cref="long.MaxValue"/>. A search reads one node per level and picks the child by counting the keys
/// smaller than the probe with two 512-bit (or four 256-bit) compares and a popcount: no branches inside a
/// node, and depth = ⌈log16 n⌉ instead of ⌈log2 n⌉. For 10M keys that is 6 nodes, the top three of which stay
/// in cache. Pointers are implicit (child = node × 16 + slot), so inner levels cost 8/15 bytes per key.
/// </summary>
internal sealed unsafe class BPlusTreeEngine : IIndexEngine
{
    /// <summary>Keys per node: 16 × 8 bytes = 128 bytes, two cache lines.</summary>
    public const int Fanout = 16;

    /// <summary>Lookups in flight per group in <see cref="LowerBoundBatch"/> (64 measured best at 10M keys, as for the PGM index).</summary>
    public const int BatchGroup = 64;

    private readonly long[] _buffer;
    private readonly long* _nodes;
    private readonly int[] _levelOffsets;
    private readonly int _count;
    private readonly long _last;
    private bool _advised;

    public BPlusTreeEngine(long[] keys)
    {
        _count = keys.Length;
        _last = _count == 0 ? long.MinValue : keys[^1];

        // Level sizes from the leaves up, each rounded up to whole nodes.
        var lengths = new List<int> { _count };
        while (lengths[^1] > Fanout)
        {
            lengths.Add((lengths[^1] + Fanout - 1) / Fanout);
        }

        lengths.Reverse();
        _levelOffsets = new int[lengths.Count];
        var total = 0;
        for (var l = 0; l < lengths.Count; l++)
        {
            _levelOffsets[l] = total;
            total += RoundUp(Math.Max(lengths[l], 1));
        }

        // 8 extra longs let the start move to the next 64-byte boundary; the pinned heap never moves it.
        _buffer = GC.AllocateUninitializedArray<long>(total + 8, pinned: true);
        var address = (long*)Unsafe.AsPointer(ref _buffer[0]);
        _nodes = (long*)(((nint)address + 63) & ~(nint)63);
        new Span<long>(_nodes, total).Fill(long.MaxValue);

        var leaves = _levelOffsets[^1];
        keys.AsSpan().CopyTo(new Span<long>(_nodes + leaves, _count));
        for (var l = lengths.Count - 2; l >= 0; l--)
        {
            var below = _nodes + _levelOffsets[l + 1];
            var belowLength = lengths[l + 1];
            var level = _nodes + _levelOffsets[l];
            for (var j = 0; j < lengths[l]; j++)
            {
                level[j] = below[Math.Min((j + 1) * Fanout, belowLength) - 1];
            }
        }
    }

    /// <inheritdoc/>
    public IndexEngineKind Kind => IndexEngineKind.BTree;

    /// <inheritdoc/>
    public int Count => _count;

    /// <summary>Levels including the leaves.</summary>
    public int Depth => _levelOffsets.Length;

    /// <inheritdoc/>
    public long ModelBytes => (long)_buffer.Length * sizeof(long);

    /// <inheritdoc/>
    public int MaxError => 0;

    /// <inheritdoc/>
    public double MeanError => 0;

    /// <inheritdoc/>
    public int Models => _levelOffsets[^1] / Fanout;

    /// <inheritdoc/>
    // Fully optimised from the first call: the chooser times it right after a build (IndexCalibration), often
    // before tiered compilation would have replaced its Tier-0 code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int LowerBound(long key)
    {
        if (key > _last)
        {
            return _count;
        }

        // Invariant: the node reached holds a key ≥ the probe, so the count stays below the node's real keys.
        var index = 0;
        var offsets = _levelOffsets;
        for (var l = 0; l < offsets.Length; l++)
        {
            index = (index * Fanout) + CountLess(_nodes + offsets[l] + (index * Fanout), key);
        }

        return index;
    }

    /// <summary>
    /// Lower bounds of many keys at once, the batched search the learned engines are compared with: groups of
    /// <see cref="BatchGroup"/> lookups descend level by level, and each level prefetches the nodes the group reads
    /// on the next one, so that the misses of a group overlap (the top levels stay cached anyway).
    /// </summary>
    // Fully optimised from the first call, as LowerBound: the calibration times a handful of batches right after a build.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void LowerBoundBatch(ReadOnlySpan<long> keys, Span<int> positions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(positions.Length, keys.Length, nameof(positions));
        Span<int> index = stackalloc int[BatchGroup];
        var offsets = _levelOffsets;
        for (var start = 0; start < keys.Length; start += BatchGroup)
        {
            var group = keys.Slice(start, Math.Min(BatchGroup, keys.Length - start));
            index.Clear();
            for (var l = 0; l < offsets.Length; l++)
            {
                var level = _nodes + offsets[l];
                var next = l + 1 < offsets.Length ? _nodes + offsets[l + 1] : null;
                for (var g = 0; g < group.Length; g++)
                {
                    // Keys above the last descend as the last key does (the invariant of LowerBound) and answer Count below.
                    var i = (index[g] * Fanout) + CountLess(level + (index[g] * Fanout), Math.Min(group[g], _last));
                    index[g] = i;
                    if (next != null && Sse.IsSupported)
                    {
                        Sse.Prefetch0(next + (i * Fanout));
                        Sse.Prefetch0(next + (i * Fanout) + 8);
                    }
                }
            }

            for (var g = 0; g < group.Length; g++)
            {
                positions[start + g] = group[g] > _last ? _count : index[g];
            }
        }
    }

    /// <summary>How many of the 16 keys at <paramref name="node"/> are smaller than <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountLess(long* node, long key)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var probe = Vector512.Create(key);
            var low = Vector512.LessThan(Vector512.LoadAligned(node), probe).ExtractMostSignificantBits();
            var high = Vector512.LessThan(Vector512.LoadAligned(node + 8), probe).ExtractMostSignificantBits();
            return BitOperations.PopCount(low | (high << 8));
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var probe = Vector256.Create(key);
            var m = Vector256.LessThan(Vector256.LoadAligned(node), probe).ExtractMostSignificantBits()
                | (Vector256.LessThan(Vector256.LoadAligned(node + 4), probe).ExtractMostSignificantBits() << 4)
                | (Vector256.LessThan(Vector256.LoadAligned(node + 8), probe).ExtractMostSignificantBits() << 8)
                | (Vector256.LessThan(Vector256.LoadAligned(node + 12), probe).ExtractMostSignificantBits() << 12);
            return BitOperations.PopCount(m);
        }

        var count = 0;
        for (var i = 0; i < Fanout; i++)
        {
            count += node[i] < key ? 1 : 0;
        }

        return count;
    }

    /// <summary>Advises the nodes (a copy of the keys and the inner levels) into huge pages, once.</summary>
    public void AdviseHugePages()
    {
        if (!_advised)
        {
            _advised = true;
            HugePages.Advise(_buffer);
        }
    }

    /// <inheritdoc/>
    public string Describe() => $"btree (fanout {Fanout}, depth {Depth})";

    private static int RoundUp(int n) => (n + Fanout - 1) / Fanout * Fanout;
}
