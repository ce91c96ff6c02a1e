using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// A PGM-style piecewise-linear index (after Ferragina and Vinciguerra's PGM-index) with a guaranteed error bound,
/// topped by a radix table instead of recursive levels (the top level of Kipf et al.'s RadixSpline).
/// <para>
/// Data level: the sorted keys are cut into segments, each a line through its first point whose prediction is within
/// ε of the true position of every key it covers, built in one pass with the shrinking-cone method (O(n); not the
/// optimal segment count of the convex-hull algorithm, fewer than twice as many segments in practice). Segments are
/// stored as a structure of arrays: their first keys (<c>_segmentKeys</c>, searched) apart from their lines
/// (<c>_lines</c>, 16 bytes each, one of which is read per lookup).
/// </para>
/// <para>
/// Top level: a table of 2^r + 1 segment numbers indexed by the top r bits of (key − first key): entry b is the first
/// segment whose first key has prefix ≥ b. A lookup reads two adjacent entries (one cache line), then searches the
/// segments of that bucket (about two with the default table of ≥ 2 entries per segment; skewed keys crowd some
/// buckets, where the branch-free search still takes log2 of the bucket), then one line and the data window
/// [p − ε, p + ε + 1]: with ε = <see cref="DefaultEpsilon"/> that is 2ε + 2 = 18 keys = 144 bytes, two or three
/// cache lines fetched together. Compared with the recursive PGM levels this replaces two or three dependent window
/// searches by one table read.
/// </para>
/// After the build the data level's error is measured with the search's own prediction code; the search uses the
/// measured error, so it is exact even if floating point broke the bound, and <see cref="WithinBound"/> tells the
/// chooser whether the bound held.
/// </summary>
internal sealed class PgmEngine : IIndexEngine
{
    /// <summary>
    /// Default ε: a window of 2 × 16 + 2 = 34 keys = 272 bytes, five cache lines that the vectorised count loads
    /// independently (one DRAM latency, not five). At 10M keys ε = 16 measured faster than ε = 8 (about 4× the
    /// segments: the model no longer stays in the caches) and than ε = 32 or 64 (longer windows) on uniform and
    /// lognormal keys (benchmarks/RESULTS.md).
    /// </summary>
    public const int DefaultEpsilon = 16;

    /// <summary>Largest radix table: 2^22 entries × 4 bytes = 16 MiB.</summary>
    public const int MaxRadixBits = 22;

    /// <summary>Segments in one radix bucket above which the bucket gets a radix table of its own.</summary>
    public const int CrowdedBucket = 16;

    /// <summary>Lookups in flight per group in <see cref="LowerBoundBatch"/> (enough outstanding misses to cover DRAM latency).</summary>
    public const int BatchGroup = 16;

    private readonly long[] _keys;
    private readonly long[] _segmentKeys;
    private readonly Line[] _lines;
    private readonly long[] _radix;
    private readonly RadixNode[] _nodes;
    private readonly long _first;
    private readonly long _last;
    private readonly int _error;

    /// <summary>Builds the index over strictly increasing <paramref name="keys"/>.</summary>
    /// <param name="keys">The sorted keys (kept, not copied).</param>
    /// <param name="epsilon">The error bound of the data level.</param>
    /// <param name="radixBits">Bits of every radix table; 0 picks ⌊log2 segments⌋ + 2 per table (two to four entries per segment).</param>
    public PgmEngine(long[] keys, int epsilon = DefaultEpsilon, int radixBits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epsilon, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(radixBits);
        _keys = keys;
        Epsilon = epsilon;
        _first = keys.Length == 0 ? 0 : keys[0];
        _last = keys.Length == 0 ? long.MinValue : keys[^1];
        (_segmentKeys, _lines) = BuildSegments(keys, epsilon);

        var segments = _segmentKeys.Length;
        var span = unchecked((ulong)_last - (ulong)_first);
        var spanBits = keys.Length == 0 ? 0 : 64 - BitOperations.LeadingZeroCount(span);
        var radix = new List<long>();
        var nodes = new List<RadixNode>();
        BuildRadix(_first, spanBits, 0, segments, radixBits, radix, nodes);
        _radix = [.. radix];
        _nodes = [.. nodes];
        RadixBits = _nodes[0].Bits;
        (_error, MeanError) = Measure();
        WithinBound = _error <= epsilon;
    }

    /// <summary>The error bound of the data level.</summary>
    public int Epsilon { get; }

    /// <summary>Bits of the top radix table.</summary>
    public int RadixBits { get; }

    /// <summary>Radix tables (the top one and those of crowded buckets).</summary>
    public int RadixTables => _nodes.Length;

    /// <summary>Whether the measured error is within the bound (otherwise the chooser must not pick this engine).</summary>
    public bool WithinBound { get; }

    /// <summary>Segments of the data level.</summary>
    public int Segments => _segmentKeys.Length;

    /// <inheritdoc/>
    public IndexEngineKind Kind => IndexEngineKind.Pgm;

    /// <inheritdoc/>
    public int Count => _keys.Length;

    /// <inheritdoc/>
    public long ModelBytes
        => ((long)_segmentKeys.Length * (sizeof(long) + Unsafe.SizeOf<Line>())) + ((long)_radix.Length * sizeof(long))
            + ((long)_nodes.Length * Unsafe.SizeOf<RadixNode>());

    /// <inheritdoc/>
    public int MaxError => _error;

    /// <inheritdoc/>
    public double MeanError { get; }

    /// <inheritdoc/>
    public int Models => _segmentKeys.Length;

    /// <inheritdoc/>
    public int LowerBound(long key)
    {
        if (key > _last)
        {
            return _keys.Length;
        }

        if (key <= _first)
        {
            return 0;
        }

        var (lo, hi) = Window(key, Segment(key));
        return SortedSearch.LowerBoundInWindow(ref MemoryMarshal.GetArrayDataReference(_keys), lo, hi, key);
    }

    /// <summary>
    /// Lower bounds of many keys at once (IN lists, join probes): groups of <see cref="BatchGroup"/> lookups run
    /// stage by stage, and each stage prefetches what the next one reads (radix entries, then the segment keys and
    /// lines, then the data windows), so that the misses of a group overlap instead of following one another.
    /// </summary>
    public void LowerBoundBatch(ReadOnlySpan<long> keys, Span<int> positions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(positions.Length, keys.Length, nameof(positions));
        if (!Sse.IsSupported)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                positions[i] = LowerBound(keys[i]);
            }

            return;
        }

        Span<int> segment = stackalloc int[BatchGroup];
        Span<int> lo = stackalloc int[BatchGroup];
        Span<int> hi = stackalloc int[BatchGroup];
        ref var data = ref MemoryMarshal.GetArrayDataReference(_keys);
        for (var start = 0; start < keys.Length; start += BatchGroup)
        {
            var group = keys.Slice(start, Math.Min(BatchGroup, keys.Length - start));
            for (var g = 0; g < group.Length; g++)
            {
                var key = group[g];
                if (key > _first && key <= _last)
                {
                    Prefetch(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_radix), (nint)(unchecked((ulong)key - (ulong)_first) >> _nodes[0].Shift)));
                }
            }

            for (var g = 0; g < group.Length; g++)
            {
                var key = group[g];
                if (key > _first && key <= _last)
                {
                    segment[g] = Segment(key);
                    Prefetch(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_lines), segment[g]));
                }
            }

            for (var g = 0; g < group.Length; g++)
            {
                var key = group[g];
                if (key > _first && key <= _last)
                {
                    (lo[g], hi[g]) = Window(key, segment[g]);
                    Prefetch(ref Unsafe.Add(ref data, lo[g]));
                    Prefetch(ref Unsafe.Add(ref data, hi[g] - 1));
                }
            }

            for (var g = 0; g < group.Length; g++)
            {
                var key = group[g];
                positions[start + g] = key > _last ? _keys.Length
                    : key <= _first ? 0
                    : SortedSearch.LowerBoundInWindow(ref data, lo[g], hi[g], key);
            }
        }
    }

    /// <inheritdoc/>
    public string Describe()
        => $"pgm (eps {Epsilon}, {Segments} segments, radix {RadixBits} bits{(_nodes.Length > 1 ? $" + {_nodes.Length - 1} sub-tables" : "")}, max error {MaxError})";

    /// <summary>The last segment whose first key is ≤ <paramref name="key"/> (first key &lt; key ≤ last key).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Segment(long key)
    {
        // Descend the radix tables: an entry's low half is the first segment of its bucket, its high half the
        // table that splits a crowded bucket further (0 for none); two adjacent entries bound the bucket.
        ref var entries = ref MemoryMarshal.GetArrayDataReference(_radix);
        ref var node = ref MemoryMarshal.GetArrayDataReference(_nodes);
        long entry;
        nint at;
        while (true)
        {
            at = node.Offset + (nint)(unchecked((ulong)key - (ulong)node.Base) >> node.Shift);
            entry = Unsafe.Add(ref entries, at);
            var child = (int)(entry >>> 32);
            if (child == 0)
            {
                break;
            }

            node = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_nodes), child);
        }

        var lo = (int)entry;
        var n = (int)Unsafe.Add(ref entries, at + 1) - lo;

        // Segments before the bucket start below the key and those after it above, so the answer is lo − 1 plus the
        // number of the bucket's first keys that are ≤ key (a branch-free upper bound).
        ref var window = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_segmentKeys), lo);
        var i = 0;
        while (n > 1)
        {
            var half = n >> 1;
            i += Unsafe.Add(ref window, i + half) <= key ? half : 0;
            n -= half;
        }

        return lo + i - (n > 0 && Unsafe.Add(ref window, i) <= key ? 0 : 1);
    }

    /// <summary>The search window of <paramref name="key"/> in segment <paramref name="s"/>: [p − error, p + error + 1] ∩ [start, end].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (int Lo, int Hi) Window(long key, int s)
    {
        var p = Predict(s, key);
        ref readonly var line = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_lines), s);
        return (Math.Max(line.Start, p - _error), (int)Math.Min(line.End, (long)p + _error + 1));
    }

    /// <summary>The clamped predicted position of <paramref name="key"/> (≥ the segment's first key) in segment <paramref name="s"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Predict(int s, long key)
    {
        ref readonly var line = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_lines), s);
        var first = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_segmentKeys), s);
        var p = line.Start + (line.Slope * LinearModelEngine.Offset(key, first)) + 0.5;
        return p >= line.End ? line.End : (int)p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch<T>(ref T at) => Sse.Prefetch0(Unsafe.AsPointer(ref at));

    /// <summary>
    /// Appends the radix table over segments [<paramref name="lo"/>, <paramref name="hi"/>), whose first keys lie in
    /// [<paramref name="origin"/>, origin + 2^<paramref name="spanBits"/>), and recursively the tables of its crowded
    /// buckets (more than <see cref="CrowdedBucket"/> segments), so that skewed keys (lognormal, heavy tails) still
    /// find their segment after a few table reads instead of a long search. Returns the table's node number.
    /// </summary>
    private int BuildRadix(long origin, int spanBits, int lo, int hi, int radixBits, List<long> entries, List<RadixNode> nodes)
    {
        var count = hi - lo;
        var bits = radixBits > 0 ? radixBits : BitOperations.Log2((uint)Math.Max(1, count)) + 2;
        bits = Math.Max(1, Math.Min(Math.Min(bits, MaxRadixBits), Math.Max(1, spanBits)));
        var shift = Math.Max(0, spanBits - bits);
        var number = nodes.Count;
        var offset = entries.Count;
        nodes.Add(new RadixNode(origin, shift, offset, bits));

        // Entry b (0 ≤ b ≤ 2^bits + 1): the first segment whose first key has prefix ≥ b.
        var size = (1 << bits) + 2;
        var s = lo;
        for (var b = 0; b < size; b++)
        {
            while (s < hi && (unchecked((ulong)_segmentKeys[s] - (ulong)origin) >> shift) < (ulong)b)
            {
                s++;
            }

            entries.Add(s);
        }

        if (shift == 0)
        {
            return number;
        }

        for (var b = 0; b < size - 1; b++)
        {
            var first = (int)entries[offset + b];
            var end = (int)entries[offset + b + 1];
            if (end - first > CrowdedBucket)
            {
                var child = BuildRadix(unchecked(origin + (long)((ulong)b << shift)), shift, first, end, radixBits, entries, nodes);
                entries[offset + b] = (uint)first | ((long)child << 32);
            }
        }

        return number;
    }

    /// <summary>Shrinking cone: extend the segment while some slope keeps every point within ε.</summary>
    private static (long[] Keys, Line[] Lines) BuildSegments(long[] points, int epsilon)
    {
        var keys = new List<long>();
        var lines = new List<Line>();
        var n = points.Length;
        var i = 0;
        while (i < n)
        {
            var start = i;
            var origin = points[i];
            double low = 0, high = double.PositiveInfinity;
            i++;
            while (i < n)
            {
                var dx = LinearModelEngine.Offset(points[i], origin);
                var dy = (double)(i - start);
                var newLow = Math.Max(low, (dy - epsilon) / dx);
                var newHigh = Math.Min(high, (dy + epsilon) / dx);
                if (newLow > newHigh)
                {
                    break;
                }

                low = newLow;
                high = newHigh;
                i++;
            }

            keys.Add(origin);
            lines.Add(new Line(double.IsPositiveInfinity(high) ? 0 : (low + high) / 2, start, i));
        }

        if (n == 0)
        {
            keys.Add(0);
            lines.Add(new Line(0, 0, 0));
        }

        return ([.. keys], [.. lines]);
    }

    /// <summary>The largest and mean distance between the search's prediction and the true position, over every key.</summary>
    private (int Max, double Mean) Measure()
    {
        long max = 0;
        double sum = 0;
        for (var s = 0; s < _lines.Length; s++)
        {
            for (var i = _lines[s].Start; i < _lines[s].End; i++)
            {
                var e = Math.Abs((long)Predict(s, _keys[i]) - i);
                max = Math.Max(max, e);
                sum += e;
            }
        }

        return ((int)Math.Min(max, int.MaxValue), sum / Math.Max(1, _keys.Length));
    }

    /// <summary>A radix table: entries [Offset, Offset + 2^Bits + 2) index (key − Base) &gt;&gt; Shift.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct RadixNode(long origin, int shift, int offset, int bits)
    {
        public readonly long Base = origin;
        public readonly int Shift = shift;
        public readonly int Offset = offset;
        public readonly int Bits = bits;
    }

    /// <summary>One linear piece: prediction = start + slope × (key − first key), clamped to [start, end]; 16 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Line(double slope, int start, int end)
    {
        public readonly double Slope = slope;
        public readonly int Start = start;
        public readonly int End = end;
    }
}
