namespace OmenDb.Engine.Indexes;

/// <summary>What the cost model needs of a PGM index: keys, bytes of its radix tables and segment records, whether skewed buckets have sub-tables, window keys.</summary>
internal readonly record struct PgmShape(long Count, long RadixBytes, long SegmentBytes, bool SubTables, int Window)
{
    /// <summary>The shape of a built index.</summary>
    public static PgmShape Of(PgmEngine pgm) => new(pgm.Count, pgm.RadixBytes, pgm.SegmentBytes, pgm.RadixTables > 1, pgm.Window);

    /// <summary>The same key distribution with <paramref name="factor"/> times the keys: segments and radix tables grow in proportion.</summary>
    public PgmShape Scaled(double factor)
        => this with { Count = (long)(Count * factor), RadixBytes = (long)(RadixBytes * factor), SegmentBytes = (long)(SegmentBytes * factor) };
}
