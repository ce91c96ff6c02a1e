using System.Runtime.CompilerServices;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Indexes;

namespace OmenDb.Engine.Columnar;

/// <summary>
/// Zone maps: the smallest and largest value of an integer-like column (int2/int4/int8, oid, date, time, timestamp,
/// timestamptz) in one table segment, over every row version the segment holds, live or not, so that a sequential
/// scan skips the segments in which a condition <c>col op value</c> (=, &lt;, &lt;=, &gt;, &gt;=, BETWEEN, IN) cannot
/// hold. Only full segments are mapped: their values never change (an UPDATE appends a new version and only stamps the
/// old one; ALTER TABLE, TRUNCATE and compaction put new vectors or segments in place), so a map computed once stays
/// exact, and a map keyed by the vector object goes away with it. New rows land in the last, unmapped segment, which
/// every scan reads; when it fills up its map is computed on the next scan that asks, and after a restart (segments
/// rebuilt from RocksDB) the maps are computed afresh the same way. Dead versions only widen a range, so pruning
/// never drops a row the filter would keep.
/// </summary>
internal static class ZoneMaps
{
    private static readonly ConditionalWeakTable<ColumnVector, Zone> s_zones = [];

    /// <summary>The [min, max] of one column of one full segment; Empty when every value is NULL.</summary>
    private sealed record Zone(long Min, long Max, bool Empty)
    {
        /// <summary>The zone of a vector whose values are not 64-bit integers: prunes nothing.</summary>
        public static readonly Zone Unknown = new(long.MinValue, long.MaxValue, false);
    }

    /// <summary>A condition of a scan's filter on one column, evaluated at scan start.</summary>
    public readonly record struct Bound(int Column, long Low, long High, long[]? Points);

    /// <summary>
    /// The key conditions of <paramref name="conditions"/> evaluated for this execution, or null when none is
    /// usable; an unsatisfiable condition (NULL, an empty interval) comes back as an empty interval, which prunes
    /// every mapped segment.
    /// </summary>
    public static Bound[]? Evaluate(IReadOnlyList<(int Column, KeyCondition Condition)> conditions, ExecContext ctx)
    {
        if (conditions.Count == 0)
        {
            return null;
        }

        var bounds = new Bound[conditions.Count];
        for (var i = 0; i < bounds.Length; i++)
        {
            var (column, condition) = conditions[i];
            bounds[i] = condition.Evaluate(ctx) is { } r
                ? new Bound(column, r.Low, r.High, r.Points)
                : new Bound(column, long.MaxValue, long.MinValue, null);
        }

        return bounds;
    }

    /// <summary>Whether no row of <paramref name="segment"/> can satisfy every bound (the scan may skip it).</summary>
    public static bool Excludes(TableSegment segment, Bound[] bounds)
    {
        if (Volatile.Read(ref segment.Count) != TableSegment.Capacity)
        {
            return false;
        }

        foreach (var bound in bounds)
        {
            if (ZoneOf(segment, bound.Column) is not { } zone)
            {
                continue;
            }

            if (zone.Empty || bound.Low > bound.High || bound.High < zone.Min || bound.Low > zone.Max)
            {
                return true;
            }

            if (bound.Points is { } points)
            {
                // Points are sorted: the first one at or above the minimum must not exceed the maximum.
                var at = Array.BinarySearch(points, zone.Min);
                at = at < 0 ? ~at : at;
                if (at == points.Length || points[at] > zone.Max)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static Zone? ZoneOf(TableSegment segment, int column)
    {
        var columns = segment.Columns;
        if (column >= columns.Length)
        {
            return null; // added after this segment was written: all NULL, but let the filter say so
        }

        var vector = columns[column];
        return s_zones.TryGetValue(vector, out var zone) ? zone : s_zones.GetValue(vector, Compute);
    }

    /// <summary>The zone of a full segment's vector (every one of its <see cref="TableSegment.Capacity"/> rows written).</summary>
    private static Zone Compute(ColumnVector vector)
    {
        long min = long.MaxValue, max = long.MinValue;
        var empty = true;
        var n = TableSegment.Capacity;
        for (var r = 0; r < n; r++)
        {
            if (vector.IsNull(r))
            {
                continue;
            }

            long v;
            switch (vector)
            {
                case PrimitiveVector<long> l:
                    v = l.Values[r];
                    break;
                case PrimitiveVector<int> i:
                    v = i.Values[r];
                    break;
                case PrimitiveVector<short> s:
                    v = s.Values[r];
                    break;
                case PrimitiveVector<uint> u:
                    v = u.Values[r];
                    break;
                default:
                    return Zone.Unknown;
            }

            empty = false;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return new Zone(min, max, empty);
    }
}
