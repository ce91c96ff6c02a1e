using OmenDb.Common;
using OmenDb.Engine.Types;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Functions.Temporal;

/// <summary>Date/time arithmetic operators (PostgreSQL docs 9.9, table 9.31).</summary>
internal static class DateTimeOperators
{
    public static void Register(RegistryBuilder r)
    {
        r.Op(1100, "+", Date, Int4, Date, (a, _) => AddDays((int)a[0]!, (int)a[1]!));
        r.Op(2555, "+", Int4, Date, Date, (a, _) => AddDays((int)a[1]!, (int)a[0]!));
        r.Op(1101, "-", Date, Int4, Date, (a, _) => AddDays((int)a[0]!, -(long)(int)a[1]!));
        r.Op(1099, "-", Date, Date, Int4, (a, _) => DateDiff((int)a[0]!, (int)a[1]!));
        r.Op(1076, "+", Date, Interval, Timestamp,
            (a, _) => DateTimeMath.AddInterval(DateTimeMath.DateToTimestamp((int)a[0]!), (PgInterval)a[1]!));
        r.Op(2551, "+", Interval, Date, Timestamp,
            (a, _) => DateTimeMath.AddInterval(DateTimeMath.DateToTimestamp((int)a[1]!), (PgInterval)a[0]!));
        r.Op(1077, "-", Date, Interval, Timestamp,
            (a, _) => DateTimeMath.AddInterval(DateTimeMath.DateToTimestamp((int)a[0]!), IntervalMath.Negate((PgInterval)a[1]!)));
        r.Op(1360, "+", Date, Time, Timestamp, (a, _) => DateAddTime((int)a[0]!, (long)a[1]!));
        r.Op(1363, "+", Time, Date, Timestamp, (a, _) => DateAddTime((int)a[1]!, (long)a[0]!));

        r.Op(2066, "+", Timestamp, Interval, Timestamp, (a, _) => DateTimeMath.AddInterval((long)a[0]!, (PgInterval)a[1]!));
        r.Op(2553, "+", Interval, Timestamp, Timestamp, (a, _) => DateTimeMath.AddInterval((long)a[1]!, (PgInterval)a[0]!));
        r.Op(2068, "-", Timestamp, Interval, Timestamp,
            (a, _) => DateTimeMath.AddInterval((long)a[0]!, IntervalMath.Negate((PgInterval)a[1]!)));
        r.Op(2067, "-", Timestamp, Timestamp, Interval, (a, _) => DateTimeMath.Subtract((long)a[0]!, (long)a[1]!));
        r.Op(1327, "+", TimestampTz, Interval, TimestampTz,
            (a, c) => DateTimeMath.AddIntervalTz((long)a[0]!, (PgInterval)a[1]!, c.TimeZone));
        r.Op(2554, "+", Interval, TimestampTz, TimestampTz,
            (a, c) => DateTimeMath.AddIntervalTz((long)a[1]!, (PgInterval)a[0]!, c.TimeZone));
        r.Op(1329, "-", TimestampTz, Interval, TimestampTz,
            (a, c) => DateTimeMath.AddIntervalTz((long)a[0]!, IntervalMath.Negate((PgInterval)a[1]!), c.TimeZone));
        r.Op(1328, "-", TimestampTz, TimestampTz, Interval, (a, _) => DateTimeMath.Subtract((long)a[0]!, (long)a[1]!));

        r.Op(1800, "+", Time, Interval, Time, (a, _) => TimeAdd((long)a[0]!, ((PgInterval)a[1]!).Microseconds));
        r.Op(1849, "+", Interval, Time, Time, (a, _) => TimeAdd((long)a[1]!, ((PgInterval)a[0]!).Microseconds));
        r.Op(1801, "-", Time, Interval, Time, (a, _) => TimeAdd((long)a[0]!, -((PgInterval)a[1]!).Microseconds));
        r.Op(1399, "-", Time, Time, Interval, (a, _) => new PgInterval(0, 0, (long)a[0]! - (long)a[1]!));

        r.Op(1337, "+", Interval, Interval, Interval, (a, _) => IntervalMath.Add((PgInterval)a[0]!, (PgInterval)a[1]!));
        r.Op(1338, "-", Interval, Interval, Interval, (a, _) => IntervalMath.Subtract((PgInterval)a[0]!, (PgInterval)a[1]!));
        r.Op(1336, "-", null, Interval, Interval, (a, _) => IntervalMath.Negate((PgInterval)a[0]!));
        r.Op(1583, "*", Interval, Float8, Interval, (a, _) => IntervalMath.Multiply((PgInterval)a[0]!, (double)a[1]!));
        r.Op(1584, "*", Float8, Interval, Interval, (a, _) => IntervalMath.Multiply((PgInterval)a[1]!, (double)a[0]!));
        r.Op(1585, "/", Interval, Float8, Interval, (a, _) => IntervalMath.Divide((PgInterval)a[0]!, (double)a[1]!));
    }

    /// <summary>End of valid dates (exclusive): 5874898-01-01.</summary>
    private const long MaxDate = 2147483494L - 2451545L;

    /// <summary>First valid date: 4714-11-24 BC.</summary>
    private const long MinDate = -2451545L;

    private static int AddDays(int date, long days)
    {
        if (!DateTimeMath.IsFiniteDate(date))
        {
            return date;
        }

        var r = date + days;
        return r < MinDate || r >= MaxDate ? FunctionErrors.DateOutOfRange<int>() : (int)r;
    }

    private static int DateDiff(int a, int b)
    {
        if (!DateTimeMath.IsFiniteDate(a) || !DateTimeMath.IsFiniteDate(b))
        {
            return FunctionErrors.Error<int>(SqlState.DatetimeFieldOverflow, "cannot subtract infinite dates");
        }

        return a - b;
    }

    private static long DateAddTime(int date, long time) =>
        DateTimeMath.IsFiniteDate(date) ? DateTimeMath.CheckTimestamp(date * DateTimeMath.MicrosPerDay + time)
            : DateTimeMath.DateToTimestamp(date);

    private static long TimeAdd(long time, long delta)
    {
        var r = (time + delta % DateTimeMath.MicrosPerDay) % DateTimeMath.MicrosPerDay;
        return r < 0 ? r + DateTimeMath.MicrosPerDay : r;
    }
}
