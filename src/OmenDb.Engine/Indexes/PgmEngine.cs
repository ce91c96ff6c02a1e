using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// A PGM-style piecewise-linear index (after Ferragina and Vinciguerra's PGM-index) with a guaranteed error
/// bound. Level 0 cuts the sorted keys into segments, each a line through its first point whose prediction is
/// within ε of the true position of every key it covers; level 1 does the same over the first keys of level 0's
/// segments with a smaller ε, and so on up to a single root segment. A search descends one segment per level:
/// predict, then a branch-free binary search inside [p − ε, p + ε + 1] ∩ the segment's range, i.e. about
/// log2(2ε + 2) loads in two or three cache lines. Segments are built in one pass with the shrinking-cone
/// method (O(n), not the optimal segment count of the convex-hull algorithm: fewer than twice as many segments
/// in practice). After the build every level's error is measured with the search's own prediction code; the
/// search uses the measured error, so it is exact even if floating point broke the bound, and
/// <see cref="WithinBound"/> tells the chooser whether the bound held.
/// </summary>
internal sealed class PgmEngine : IIndexEngine
{
    /// <summary>Default ε of the data level: a window of 2 × 32 + 2 keys = 528 bytes ≈ 8 cache lines, 7 probes.</summary>
    public const int DefaultEpsilon = 32;

    /// <summary>Default ε of the upper levels: small windows, since they are few and mostly cached.</summary>
    public const int DefaultRecursiveEpsilon = 16;

    private readonly long[] _keys;
    private readonly Level[] _levels;
    private readonly long _first;
    private readonly long _last;

    public PgmEngine(long[] keys, int epsilon = DefaultEpsilon, int recursiveEpsilon = DefaultRecursiveEpsilon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epsilon, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(recursiveEpsilon, 1);
        _keys = keys;
        Epsilon = epsilon;
        RecursiveEpsilon = recursiveEpsilon;
        _first = keys.Length == 0 ? 0 : keys[0];
        _last = keys.Length == 0 ? long.MinValue : keys[^1];

        var levels = new List<Level> { Level.Build(keys, epsilon) };
        while (levels[^1].Keys.Length > 1)
        {
            levels.Add(Level.Build(levels[^1].Keys, recursiveEpsilon));
        }

        _levels = [.. levels];
        var below = keys;
        WithinBound = true;
        for (var l = 0; l < _levels.Length; l++)
        {
            var (max, mean) = _levels[l].Measure(below);
            _levels[l].Error = max;
            WithinBound &= max <= (l == 0 ? epsilon : recursiveEpsilon);
            if (l == 0)
            {
                MeanError = mean;
            }

            below = _levels[l].Keys;
        }
    }

    /// <summary>The error bound of the data level.</summary>
    public int Epsilon { get; }

    /// <summary>The error bound of the upper levels.</summary>
    public int RecursiveEpsilon { get; }

    /// <summary>Whether every level's measured error is within its bound (otherwise the chooser must not pick this engine).</summary>
    public bool WithinBound { get; }

    /// <summary>Levels, the data level first.</summary>
    public int LevelCount => _levels.Length;

    /// <summary>Segments of the data level.</summary>
    public int Segments => _levels[0].Keys.Length;

    /// <inheritdoc/>
    public IndexEngineKind Kind => IndexEngineKind.Pgm;

    /// <inheritdoc/>
    public int Count => _keys.Length;

    /// <inheritdoc/>
    public long ModelBytes
    {
        get
        {
            long bytes = 0;
            foreach (var level in _levels)
            {
                bytes += level.Keys.Length * (sizeof(long) + Unsafe.SizeOf<Segment>());
            }

            return bytes;
        }
    }

    /// <inheritdoc/>
    public int MaxError => _levels[0].Error;

    /// <inheritdoc/>
    public double MeanError { get; }

    /// <inheritdoc/>
    public int Models
    {
        get
        {
            var n = 0;
            foreach (var level in _levels)
            {
                n += level.Keys.Length;
            }

            return n;
        }
    }

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

        // From the root down: each level finds the segment of the level below that covers the key.
        var segment = 0;
        for (var l = _levels.Length - 1; l > 0; l--)
        {
            var below = _levels[l - 1].Keys;
            var p = _levels[l].Search(segment, below, key);
            segment = p < below.Length && Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(below), p) == key ? p : p - 1;
        }

        return _levels[0].Search(segment, _keys, key);
    }

    /// <inheritdoc/>
    public string Describe()
        => $"pgm (eps {Epsilon}, {_levels.Length} levels, {Segments} segments, max error {MaxError})";

    /// <summary>One linear piece: prediction = start + slope × (key − first key), clamped to [start, end].</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Segment(double slope, int start, int end)
    {
        public readonly double Slope = slope;
        public readonly int Start = start;
        public readonly int End = end;
    }

    /// <summary>The segments of one level: their first keys (searched by the level above) and their lines.</summary>
    private sealed class Level
    {
        private Level(long[] keys, Segment[] segments)
        {
            Keys = keys;
            Segments = segments;
        }

        public long[] Keys { get; }

        public Segment[] Segments { get; }

        /// <summary>Measured maximum error (the search window's half-width).</summary>
        public int Error { get; set; }

        /// <summary>Shrinking cone: extend the segment while some slope keeps every point within ε.</summary>
        public static Level Build(long[] points, int epsilon)
        {
            var keys = new List<long>();
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

                keys.Add(origin);
                segments.Add(new Segment(double.IsPositiveInfinity(high) ? 0 : (low + high) / 2, start, i));
            }

            if (n == 0)
            {
                keys.Add(0);
                segments.Add(new Segment(0, 0, 0));
            }

            return new Level([.. keys], [.. segments]);
        }

        /// <summary>The clamped predicted position of <paramref name="key"/> (≥ the segment's first key) in segment <paramref name="s"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Predict(int s, long key)
        {
            ref readonly var seg = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Segments), s);
            var first = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Keys), s);
            var p = seg.Start + (seg.Slope * LinearModelEngine.Offset(key, first)) + 0.5;
            return p >= seg.End ? seg.End : (int)p;
        }

        /// <summary>Lower bound of <paramref name="key"/> in <paramref name="below"/>, searched inside segment <paramref name="s"/>'s window.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Search(int s, long[] below, long key)
        {
            ref readonly var seg = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Segments), s);
            var p = Predict(s, key);
            var lo = Math.Max(seg.Start, p - Error);
            var hi = (int)Math.Min(seg.End, (long)p + Error + 1);
            return SortedSearch.LowerBoundInWindow(ref MemoryMarshal.GetArrayDataReference(below), lo, hi, key);
        }

        public (int Max, double Mean) Measure(long[] below)
        {
            long max = 0;
            double sum = 0;
            for (var s = 0; s < Segments.Length; s++)
            {
                for (var i = Segments[s].Start; i < Segments[s].End; i++)
                {
                    var e = Math.Abs((long)Predict(s, below[i]) - i);
                    max = Math.Max(max, e);
                    sum += e;
                }
            }

            return ((int)Math.Min(max, int.MaxValue), sum / Math.Max(1, below.Length));
        }
    }
}
