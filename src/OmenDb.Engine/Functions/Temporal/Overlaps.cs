using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions.Temporal;

/// <summary>(start1, end1) OVERLAPS (start2, end2) for timestamps, timestamptz and time (PostgreSQL's overlaps_timestamp:
/// endpoints may come in either order, a null endpoint gives null unless the answer is already certain).</summary>
internal static class Overlaps
{
    public static void Register(RegistryBuilder r)
    {
        (PgType Type, uint Oid)[] kinds = [(PgTypes.TimestampTz, 1304), (PgTypes.Timestamp, 2041), (PgTypes.Time, 1308)];
        foreach (var (t, oid) in kinds)
        {
            r.Fn(oid, "overlaps", [t, t, t, t], PgTypes.Bool, (a, _) => Compute(a[0] as long?, a[1] as long?, a[2] as long?, a[3] as long?),
                strict: false);
        }
    }

    private static bool? Compute(long? ts1, long? te1, long? ts2, long? te2)
    {
        if (!Order(ref ts1, ref te1) || !Order(ref ts2, ref te2))
        {
            return null;
        }

        if (ts1 > ts2)
        {
            return te2 is null ? null : ts1 < te2 ? true : te1 is null ? null : false;
        }

        if (ts1 < ts2)
        {
            return te1 is null ? null : ts2 < te1 ? true : te2 is null ? null : false;
        }

        return te1 is null || te2 is null ? null : true;
    }

    /// <summary>The lesser endpoint first; a lone non-null endpoint becomes the start. False when both are null.</summary>
    private static bool Order(ref long? start, ref long? end)
    {
        if (start is null)
        {
            if (end is null)
            {
                return false;
            }

            (start, end) = (end, null);
        }
        else if (end is not null && start > end)
        {
            (start, end) = (end, start);
        }

        return true;
    }
}
