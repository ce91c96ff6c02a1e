using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// A PGM-style piecewise-linear index (after Ferragina and Vinciguerra's PGM-index) with a guaranteed error bound,
/// topped by a radix table instead of recursive levels (the top level of Kipf et al.'s RadixSpline).
/// <para>
/// Data level: the sorted keys are cut into segments, each a line through its first point whose prediction is within
/// ε of the true position of every key it covers, built in one pass with the shrinking-cone method (O(n); not the
/// optimal segment count of the convex-hull algorithm, fewer than twice as many segments in practice). A segment is
/// one 16-byte record (first key, float slope, first position; four to a cache line): the records a lookup compares
/// and the one it predicts with share a line, where separate key and line arrays cost two.
/// </para>
/// <para>
/// Top level: a table of 4-byte entries indexed by the top bits of (key − first key), about two entries per segment:
/// entry b is the first segment whose first key has prefix ≥ b, or a sub-table when more than
/// <see cref="BucketScan"/> segments start in the bucket (skewed keys). The lookup's segment is then entry − 1 plus
/// the number of the <see cref="BucketScan"/> records from the entry on whose first key is ≤ the probe: independent
/// compares on one or two lines, no search loop.
/// </para>
/// <para>
/// Last mile: a fixed window of <see cref="Window"/> = 2 × error + 1 keys rounded up to a multiple of 8, moved inside
/// the array, counted with 512-bit compares (ε = 7: 16 keys, two compares, two or three lines loaded in parallel).
/// Nothing on the path of a lookup branches on the data except the radix sub-tables of skewed keys, so the
/// processor overlaps the cache misses of consecutive lookups as it does for the B+-tree.
/// </para>
/// After the build the error is measured with the search's own prediction code; the search uses the measured error,
/// so it is exact even if floating point broke the bound, and <see cref="WithinBound"/> tells the chooser whether the
/// bound held.
/// </summary>
internal sealed class PgmEngine : IIndexEngine
{
    /// <summary>
    /// Default ε: a window of 2 × 7 + 1 = 15 → 16 keys (128 bytes: two or three lines, two 512-bit compares). At 10M
    /// keys ε = 7 measured 1.2–1.6× faster per single lookup than ε = 11 (24 keys) and ε = 15 (32 keys): the lines of
    /// the window, not the model (1–2 MB at ε = 7), are what a lookup waits for (benchmarks/RESULTS.md).
    /// </summary>
    public const int DefaultEpsilon = 7;

    /// <summary>Largest radix table: 2^22 entries × 4 bytes = 16 MiB.</summary>
    public const int MaxRadixBits = 22;

    /// <summary>Segments a bucket may hold before it gets a radix table of its own (records compared per lookup).</summary>
    public const int BucketScan = 4;

    /// <summary>
    /// Lookups in flight per group in <see cref="LowerBoundBatch"/>: at 10M uniform keys groups of 8, 16, 32, 64 and
    /// 128 measured 42–45, 33–36, 30–32, 28 and 31 ns per lookup (interleaved runs, benchmarks/RESULTS.md).
    /// </summary>
    public const int BatchGroup = 64;

    private readonly long[] _keys;
    private readonly Segment[] _segments;
    private readonly int[] _radix;
    private readonly RadixNode[] _nodes;
    private readonly long _first;
    private readonly long _last;
    private readonly int _error;
    private readonly int _window;
    private readonly int _segmentCount;
    private readonly int _lastPosition;

    /// <summary>Builds the index over strictly increasing <paramref name="keys"/>.</summary>
    /// <param name="keys">The sorted keys (kept, not copied).</param>
    /// <param name="epsilon">The error bound of the data level.</param>
    /// <param name="radixBits">Bits of every radix table; 0 picks ⌊log2 segments⌋ + 1 per table (one to two entries per segment).</param>
    public PgmEngine(long[] keys, int epsilon = DefaultEpsilon, int radixBits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epsilon, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(radixBits);
        _keys = keys;
        Epsilon = epsilon;
        _first = keys.Length == 0 ? 0 : keys[0];
        _last = keys.Length == 0 ? long.MinValue : keys[^1];
        _lastPosition = Math.Max(0, keys.Length - 1);
        _segments = BuildSegments(keys, epsilon);
        _segmentCount = _segments.Length - BucketScan;

        var span = unchecked((ulong)_last - (ulong)_first);
        var spanBits = keys.Length == 0 ? 0 : 64 - BitOperations.LeadingZeroCount(span);
        var radix = new List<int>();
        var nodes = new List<RadixNode>();
        BuildRadix(_first, spanBits, 0, _segmentCount, radixBits, radix, nodes);
        _radix = [.. radix];
        _nodes = [.. nodes];
        RadixBits = _nodes[0].Bits;
        (_error, MeanError) = Measure();
        WithinBound = _error <= epsilon;
        _window = Math.Min(keys.Length, ((2 * _error) + 1 + 7) & ~7);
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
    public int Segments => _segmentCount;

    /// <summary>Keys in the last-mile window every lookup counts (2 × error + 1, rounded up to a multiple of 8).</summary>
    public int Window => _window;

    /// <summary>Bytes of the radix tables.</summary>
    public long RadixBytes => ((long)_radix.Length * sizeof(int)) + ((long)_nodes.Length * Unsafe.SizeOf<RadixNode>());

    /// <summary>Bytes of the segment records.</summary>
    public long SegmentBytes => (long)_segments.Length * Unsafe.SizeOf<Segment>();

    /// <inheritdoc/>
    public IndexEngineKind Kind => IndexEngineKind.Pgm;

    /// <inheritdoc/>
    public int Count => _keys.Length;

    /// <inheritdoc/>
    public long ModelBytes => RadixBytes + SegmentBytes;

    /// <inheritdoc/>
    public int MaxError => _error;

    /// <inheritdoc/>
    public double MeanError { get; }

    /// <inheritdoc/>
    public int Models => _segmentCount;

    /// <inheritdoc/>
    // Fully optimised from the first call: the chooser times it right after a build (IndexCalibration), often
    // before tiered compilation would have replaced its Tier-0 code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int LowerBound(long key)
    {
        // Keys outside (first, last) answer without the model; inside, no key equals a sentinel (long.MaxValue).
        if (key >= _last)
        {
            return key == _last ? _lastPosition : _keys.Length;
        }

        if (key <= _first)
        {
            return 0;
        }

        return CountWindow(key, Start(Predict(key, SegmentOf(key, Bucket(key)))));
    }

    /// <summary>
    /// Lower bounds of many keys at once (IN lists, join probes): groups of <see cref="BatchGroup"/> lookups run
    /// stage by stage, and each stage prefetches what the next one reads (radix entries, then segment records, then
    /// the data windows), so that the misses of a group overlap instead of following one another.
    /// </summary>
    // Fully optimised from the first call, as LowerBound: the calibration times a handful of batches right after a build.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

        Span<int> at = stackalloc int[BatchGroup];
        ref var radix = ref MemoryMarshal.GetArrayDataReference(_radix);
        ref var segments = ref MemoryMarshal.GetArrayDataReference(_segments);
        ref var data = ref MemoryMarshal.GetArrayDataReference(_keys);
        var shift = _nodes[0].Shift;
        for (var start = 0; start < keys.Length; start += BatchGroup)
        {
            var group = keys.Slice(start, Math.Min(BatchGroup, keys.Length - start));
            for (var g = 0; g < group.Length; g++)
            {
                var key = group[g];
                if (key > _first && key < _last)
                {
                    Prefetch(ref Unsafe.Add(ref radix, (nint)(unchecked((ulong)key - (ulong)_first) >> shift)));
                }
            }

            for (var g = 0; g < group.Length; g++)
            {
                var key = group[g];
                if (key > _first && key < _last)
                {
                    at[g] = Bucket(key);
                    Prefetch(ref Unsafe.Add(ref segments, at[g]));
                    Prefetch(ref Unsafe.Add(ref segments, at[g] + BucketScan - 1));
                }
            }

            for (var g = 0; g < group.Length; g++)
            {
                var key = group[g];
                if (key > _first && key < _last)
                {
                    at[g] = Start(Predict(key, SegmentOf(key, at[g])));
                    for (var i = 0; i < _window; i += 8)
                    {
                        Prefetch(ref Unsafe.Add(ref data, at[g] + i));
                    }

                    Prefetch(ref Unsafe.Add(ref data, at[g] + _window - 1));
                }
            }

            for (var g = 0; g < group.Length; g++)
            {
                var key = group[g];
                positions[start + g] = key >= _last ? (key == _last ? _lastPosition : _keys.Length)
                    : key <= _first ? 0
                    : CountWindow(key, at[g]);
            }
        }
    }

    /// <inheritdoc/>
    public string Describe()
        => $"pgm (eps {Epsilon}, {Segments} segments, radix {RadixBits} bits{(_nodes.Length > 1 ? $" + {_nodes.Length - 1} sub-tables" : "")}, max error {MaxError})";

    /// <summary>The first segment of <paramref name="key"/>'s radix bucket (first key &lt; key &lt; last key), descending into sub-tables.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bucket(long key)
    {
        ref var entries = ref MemoryMarshal.GetArrayDataReference(_radix);
        ref var node = ref MemoryMarshal.GetArrayDataReference(_nodes);
        var entry = Unsafe.Add(ref entries, node.Offset + (nint)(unchecked((ulong)key - (ulong)node.Base) >> node.Shift));
        while (entry < 0)
        {
            // A crowded bucket: its entry is the complement of the sub-table that splits it further.
            node = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_nodes), ~entry);
            entry = Unsafe.Add(ref entries, node.Offset + (nint)(unchecked((ulong)key - (ulong)node.Base) >> node.Shift));
        }

        return entry;
    }

    /// <summary>
    /// The last segment whose first key is ≤ <paramref name="key"/>, from the first segment of its bucket: segments
    /// before the bucket start below the key and those after it above, and a bucket holds at most
    /// <see cref="BucketScan"/> segments, so the answer is bucket − 1 plus a fixed count of compares (sentinel
    /// records with first key long.MaxValue end the array).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SegmentOf(long key, int bucket)
    {
        System.Diagnostics.Debug.Assert(BucketScan == 4, "the compares below are unrolled for four records");
        ref var s = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_segments), bucket);
        return bucket - 1
            + (s.Key <= key ? 1 : 0)
            + (Unsafe.Add(ref s, 1).Key <= key ? 1 : 0)
            + (Unsafe.Add(ref s, 2).Key <= key ? 1 : 0)
            + (Unsafe.Add(ref s, 3).Key <= key ? 1 : 0);
    }

    /// <summary>The predicted position of <paramref name="key"/> (≥ the first key of segment <paramref name="s"/>), clamped to the segment's end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Predict(long key, int s)
    {
        ref var segment = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_segments), s);
        var end = Unsafe.Add(ref segment, 1).Start;
        // The float slope is widened with a vector instruction (vcvtps2pd writes its whole register) instead of the
        // scalar vcvtss2sd, which merges into its destination and so waited for whatever last wrote that register,
        // often the previous lookup's window compare: that false dependency chained every lookup to the one before
        // (no overlap of their cache misses; 110–140 ns per lookup instead of 55–65 ns at 10M keys).
        var slope = Vector128.WidenLower(Vector128.CreateScalarUnsafe(segment.Slope)).ToScalar();
        var p = segment.Start + (slope * LinearModelEngine.Offset(key, segment.Key)) + 0.5;
        return (int)Math.Min(p, end);
    }

    /// <summary>The first position of the fixed window around prediction <paramref name="p"/>: p − error, moved inside the array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Start(int p) => Math.Max(0, Math.Min(p - _error, _keys.Length - _window));

    /// <summary>
    /// The lower bound of <paramref name="key"/> given the window [<paramref name="lo"/>, lo + window): the true
    /// position lies within error of the prediction, so every key before the window is smaller and every key after
    /// it is larger, and the answer is lo plus the keys of the window below the probe.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int CountWindow(long key, int lo)
    {
        ref var keys = ref MemoryMarshal.GetArrayDataReference(_keys);
        if (Vector512.IsHardwareAccelerated && _window == 16)
        {
            ref var w = ref Unsafe.Add(ref keys, lo);
            var probe = Vector512.Create(key);
            var m = Vector512.LessThan(Vector512.LoadUnsafe(ref w), probe).ExtractMostSignificantBits()
                | (Vector512.LessThan(Vector512.LoadUnsafe(ref w, 8), probe).ExtractMostSignificantBits() << 8);
            return lo + BitOperations.PopCount(m);
        }

        return lo + SortedSearch.CountLess(ref keys, lo, lo + _window, key);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch<T>(ref T at) => Sse.Prefetch0(Unsafe.AsPointer(ref at));

    /// <summary>
    /// Appends the radix table over segments [<paramref name="lo"/>, <paramref name="hi"/>), whose first keys lie in
    /// [<paramref name="origin"/>, origin + 2^<paramref name="spanBits"/>), and recursively the tables of its crowded
    /// buckets (more than <see cref="BucketScan"/> segments). Returns the table's node number.
    /// </summary>
    private int BuildRadix(long origin, int spanBits, int lo, int hi, int radixBits, List<int> entries, List<RadixNode> nodes)
    {
        var count = hi - lo;
        var bits = radixBits > 0 ? radixBits : BitOperations.Log2((uint)Math.Max(1, count)) + 1;
        bits = Math.Max(1, Math.Min(Math.Min(bits, MaxRadixBits), Math.Max(1, spanBits)));
        var shift = Math.Max(0, spanBits - bits);
        var number = nodes.Count;
        var offset = entries.Count;
        nodes.Add(new RadixNode(origin, shift, offset, bits));

        // Entry b (0 ≤ b ≤ 2^bits): the first segment whose first key has prefix ≥ b.
        var size = (1 << bits) + 1;
        var s = lo;
        for (var b = 0; b < size; b++)
        {
            while (s < hi && (unchecked((ulong)_segments[s].Key - (ulong)origin) >> shift) < (ulong)b)
            {
                s++;
            }

            entries.Add(s);
        }

        // A bucket of one key value (shift 0) holds at most one segment: only wider buckets can be crowded.
        if (shift == 0)
        {
            return number;
        }

        for (var b = 0; b < size - 1; b++)
        {
            var first = entries[offset + b];
            var end = entries[offset + b + 1];
            if (end - first > BucketScan)
            {
                var child = BuildRadix(unchecked(origin + (long)((ulong)b << shift)), shift, first, end, radixBits, entries, nodes);
                entries[offset + b] = ~child;
            }
        }

        return number;
    }

    /// <summary>Shrinking cone: extend the segment while some slope keeps every point within ε; then <see cref="BucketScan"/> sentinels.</summary>
    private static Segment[] BuildSegments(long[] points, int epsilon)
    {
        var segments = new List<Segment>();
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

            segments.Add(new Segment(origin, double.IsPositiveInfinity(high) ? 0 : FloatInCone(low, high), start));
        }

        if (n == 0)
        {
            segments.Add(new Segment(0, 0, 0));
        }

        for (var s = 0; s < BucketScan; s++)
        {
            segments.Add(new Segment(long.MaxValue, 0, n));
        }

        return [.. segments];
    }

    /// <summary>A float slope in [low, high] (the cone's middle, nudged by one unit if rounding left the cone).</summary>
    private static float FloatInCone(double low, double high)
    {
        var f = (float)((low + high) / 2);
        if (f < low)
        {
            f = MathF.BitIncrement(f);
        }
        else if (f > high)
        {
            f = MathF.BitDecrement(f);
        }

        return f;
    }

    /// <summary>The largest and mean distance between the search's prediction and the true position, over every key.</summary>
    private (int Max, double Mean) Measure()
    {
        long max = 0;
        double sum = 0;
        for (var s = 0; s < _segmentCount; s++)
        {
            for (var i = _segments[s].Start; i < _segments[s + 1].Start; i++)
            {
                var e = Math.Abs((long)Predict(_keys[i], s) - i);
                max = Math.Max(max, e);
                sum += e;
            }
        }

        return ((int)Math.Min(max, int.MaxValue / 4), sum / Math.Max(1, _keys.Length));
    }

    /// <summary>A radix table: entries [Offset, Offset + 2^Bits + 1) index (key − Base) &gt;&gt; Shift.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct RadixNode(long origin, int shift, int offset, int bits)
    {
        public readonly long Base = origin;
        public readonly int Shift = shift;
        public readonly int Offset = offset;
        public readonly int Bits = bits;
    }

    /// <summary>One linear piece: prediction = start + slope × (key − first key), clamped to the next segment's start; 16 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Segment(long key, float slope, int start)
    {
        public readonly long Key = key;
        public readonly float Slope = slope;
        public readonly int Start = start;
    }
}
