namespace OmenDb.Engine.Types;

/// <summary>
/// PostgreSQL's interval: months, days and microseconds kept apart, because a month and a day have no
/// fixed length (interval '1 month' + date depends on the date). Comparison normalises as PostgreSQL's
/// interval_cmp does: 30 days to a month, 24 hours to a day.
/// </summary>
/// <param name="Months">Whole months (years × 12 included).</param>
/// <param name="Days">Whole days.</param>
/// <param name="Microseconds">Time part in microseconds.</param>
public readonly record struct PgInterval(int Months, int Days, long Microseconds) : IComparable<PgInterval>
{
    /// <summary>Microseconds in a day.</summary>
    public const long MicrosPerDay = 86_400_000_000L;

    /// <summary>The span as one 128-bit microsecond count, with a month as 30 days (interval_cmp_value).</summary>
    public Int128 ComparableValue => ((Int128)Months * 30 + Days) * MicrosPerDay + Microseconds;

    /// <inheritdoc/>
    public int CompareTo(PgInterval other) => ComparableValue.CompareTo(other.ComparableValue);
}
