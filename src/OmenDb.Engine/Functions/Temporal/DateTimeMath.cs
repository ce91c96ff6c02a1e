using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions.Temporal;

/// <summary>
/// Calendar arithmetic on PostgreSQL's representations: dates as days since 2000-01-01, timestamps as microseconds
/// since 2000-01-01 00:00 (timestamptz in UTC). Proleptic Gregorian calendar; year 0 is 1 BC.
/// </summary>
internal static class DateTimeMath
{
    public const long MicrosPerSecond = 1_000_000L;
    public const long MicrosPerMinute = 60 * MicrosPerSecond;
    public const long MicrosPerHour = 60 * MicrosPerMinute;
    public const long MicrosPerDay = 24 * MicrosPerHour;

    /// <summary>Days from 0001-01-01 (DateTime's epoch) to 2000-01-01.</summary>
    private const long DateTimeEpochDays = 730119;

    /// <summary>Days from 1970-01-01 to 2000-01-01.</summary>
    public const int UnixEpochDays = 10957;

    /// <summary>Julian day number of 2000-01-01.</summary>
    public const int JulianEpoch = 2451545;

    /// <summary>Days since 2000-01-01 of the given civil date (any year, month 1-12).</summary>
    public static int DaysFromCivil(int y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - era * 400;
        var doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        var doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468 - UnixEpochDays;
    }

    /// <summary>The civil date of a day number (days since 2000-01-01).</summary>
    public static (int Year, int Month, int Day) CivilFromDays(long days)
    {
        var z = days + UnixEpochDays + 719468;
        var era = (z >= 0 ? z : z - 146096) / 146097;
        var doe = z - era * 146097;
        var yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        var y = yoe + era * 400;
        var doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        var mp = (5 * doy + 2) / 153;
        var d = doy - (153 * mp + 2) / 5 + 1;
        var m = mp < 10 ? mp + 3 : mp - 9;
        return ((int)(y + (m <= 2 ? 1 : 0)), (int)m, (int)d);
    }

    public static bool IsLeap(int y) => y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);

    public static int DaysInMonth(int y, int m) => m switch
    {
        2 => IsLeap(y) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>Floor division of microseconds into (days, time of day).</summary>
    public static (long Days, long TimeOfDay) SplitMicros(long micros)
    {
        var days = Math.DivRem(micros, MicrosPerDay, out var rem);
        if (rem < 0)
        {
            days--;
            rem += MicrosPerDay;
        }

        return (days, rem);
    }

    /// <summary>Broken-down fields of a timestamp (local wall-clock microseconds).</summary>
    public static (int Year, int Month, int Day, int Hour, int Minute, int Second, int Micro) Fields(long micros)
    {
        var (days, tod) = SplitMicros(micros);
        var (y, m, d) = CivilFromDays(days);
        var hour = (int)(tod / MicrosPerHour);
        tod -= hour * MicrosPerHour;
        var minute = (int)(tod / MicrosPerMinute);
        tod -= minute * MicrosPerMinute;
        var second = (int)(tod / MicrosPerSecond);
        return (y, m, d, hour, minute, second, (int)(tod - second * MicrosPerSecond));
    }

    /// <summary>Microseconds of a local timestamp from fields; days/months may overflow their ranges and are normalised.</summary>
    public static long FromFields(int year, int month, int day, long timeMicros)
    {
        var days = DaysFromCivil(year, month, 1) + (long)day - 1;
        return checked(days * MicrosPerDay + timeMicros);
    }

    public static bool IsFinite(long micros) => micros != long.MinValue && micros != long.MaxValue;

    public static bool IsFiniteDate(int days) => days != int.MinValue && days != int.MaxValue;

    /// <summary>date → timestamp (infinities preserved).</summary>
    public static long DateToTimestamp(int days) => days switch
    {
        int.MinValue => long.MinValue,
        int.MaxValue => long.MaxValue,
        _ => days * MicrosPerDay,
    };

    /// <summary>timestamp → date (floor).</summary>
    public static int TimestampToDate(long micros) => micros switch
    {
        long.MinValue => int.MinValue,
        long.MaxValue => int.MaxValue,
        _ => (int)SplitMicros(micros).Days,
    };

    /// <summary>The UTC offset (microseconds east of UTC) of a zone at a UTC instant.</summary>
    public static long OffsetAtUtc(TimeZoneInfo tz, long utcMicros)
    {
        if (tz == TimeZoneInfo.Utc)
        {
            return 0;
        }

        return tz.GetUtcOffset(ToUtcDateTime(utcMicros)).Ticks / 10;
    }

    /// <summary>timestamptz → the local wall-clock timestamp in the zone.</summary>
    public static long ToLocal(long utcMicros, TimeZoneInfo tz) =>
        IsFinite(utcMicros) ? utcMicros + OffsetAtUtc(tz, utcMicros) : utcMicros;

    /// <summary>A local wall-clock timestamp → timestamptz, resolving DST gaps and overlaps as PostgreSQL's
    /// DetermineTimeZoneOffset does: of the candidate offsets, the one giving the later UTC instant.</summary>
    public static long FromLocal(long localMicros, TimeZoneInfo tz)
    {
        if (!IsFinite(localMicros) || tz == TimeZoneInfo.Utc)
        {
            return localMicros;
        }

        var o1 = OffsetAtUtc(tz, localMicros - MicrosPerDay);
        var o2 = OffsetAtUtc(tz, localMicros + MicrosPerDay);
        var o3 = OffsetAtUtc(tz, localMicros);
        long? best = null;
        foreach (var o in (ReadOnlySpan<long>)[o1, o2, o3])
        {
            if (OffsetAtUtc(tz, localMicros - o) == o && (best is null || o < best))
            {
                best = o;
            }
        }

        best ??= Math.Min(o1, Math.Min(o2, o3));
        return localMicros - best.Value;
    }

    private static DateTime ToUtcDateTime(long micros)
    {
        if (micros > (DateTime.MaxValue.Ticks - DateTimeEpochDays * TimeSpan.TicksPerDay) / 10)
        {
            return DateTime.SpecifyKind(DateTime.MaxValue.AddDays(-2), DateTimeKind.Utc);
        }

        if (micros < -DateTimeEpochDays * TimeSpan.TicksPerDay / 10)
        {
            return DateTime.SpecifyKind(DateTime.MinValue.AddDays(2), DateTimeKind.Utc);
        }

        return new DateTime(DateTimeEpochDays * TimeSpan.TicksPerDay + micros * 10, DateTimeKind.Utc);
    }

    /// <summary>Microseconds since 2000-01-01 of a UTC DateTime.</summary>
    public static long FromDateTime(DateTime utc) => (utc.Ticks - DateTimeEpochDays * TimeSpan.TicksPerDay) / 10;

    /// <summary>timestamp + interval: months first (clamping the day to the month's end), then days, then time.</summary>
    public static long AddInterval(long ts, PgInterval iv)
    {
        if (!IsFinite(ts))
        {
            return ts;
        }

        if (iv.Months != 0)
        {
            var (days, tod) = SplitMicros(ts);
            var (y, m, d) = CivilFromDays(days);
            var total = (long)y * 12 + (m - 1) + iv.Months;
            var ny = (int)Math.Floor(total / 12.0);
            var nm = (int)(total - (long)ny * 12) + 1;
            d = Math.Min(d, DaysInMonth(ny, nm));
            ts = DaysFromCivil(ny, nm, d) * MicrosPerDay + tod;
        }

        try
        {
            ts = checked(ts + iv.Days * MicrosPerDay + iv.Microseconds);
        }
        catch (OverflowException)
        {
            return FunctionErrors.TimestampOutOfRange<long>();
        }

        return CheckTimestamp(ts);
    }

    /// <summary>timestamptz + interval: months and days in the zone's local time, then the time part in absolute time.</summary>
    public static long AddIntervalTz(long ts, PgInterval iv, TimeZoneInfo tz)
    {
        if (!IsFinite(ts))
        {
            return ts;
        }

        if (iv.Months != 0 || iv.Days != 0)
        {
            var local = ToLocal(ts, tz);
            local = AddInterval(local, new PgInterval(iv.Months, iv.Days, 0));
            ts = FromLocal(local, tz);
        }

        try
        {
            return CheckTimestamp(checked(ts + iv.Microseconds));
        }
        catch (OverflowException)
        {
            return FunctionErrors.TimestampOutOfRange<long>();
        }
    }

    /// <summary>Lowest valid timestamp: 4714-11-24 BC 00:00 (Julian day 0).</summary>
    public static readonly long MinTimestamp = -(long)JulianEpoch * MicrosPerDay;

    /// <summary>End of valid timestamps: 294277-01-01 00:00 (exclusive).</summary>
    public const long EndTimestamp = 9223371331200000000L;

    public static long CheckTimestamp(long ts) =>
        ts < MinTimestamp || ts >= EndTimestamp ? FunctionErrors.TimestampOutOfRange<long>() : ts;

    /// <summary>timestamp - timestamp as PostgreSQL's timestamp_mi: days and time, normalised by justify_hours.</summary>
    public static PgInterval Subtract(long a, long b)
    {
        if (!IsFinite(a) || !IsFinite(b))
        {
            return FunctionErrors.Error<PgInterval>(OmenDb.Common.SqlState.DatetimeFieldOverflow, "cannot subtract infinite timestamps");
        }

        return JustifyHours(new PgInterval(0, 0, a - b));
    }

    /// <summary>justify_hours: whole 24-hour spans of the time part become days, signs made consistent.</summary>
    public static PgInterval JustifyHours(PgInterval iv)
    {
        var time = iv.Microseconds;
        var wholeDays = time / MicrosPerDay;
        time -= wholeDays * MicrosPerDay;
        var days = iv.Days + wholeDays;
        if (days > 0 && time < 0)
        {
            time += MicrosPerDay;
            days--;
        }
        else if (days < 0 && time > 0)
        {
            time -= MicrosPerDay;
            days++;
        }

        return new PgInterval(iv.Months, checked((int)days), time);
    }

    /// <summary>justify_days: whole 30-day spans become months, signs made consistent.</summary>
    public static PgInterval JustifyDays(PgInterval iv)
    {
        var months = iv.Months + iv.Days / 30;
        var days = iv.Days % 30;
        if (months > 0 && days < 0)
        {
            days += 30;
            months--;
        }
        else if (months < 0 && days > 0)
        {
            days -= 30;
            months++;
        }

        return new PgInterval(months, days, iv.Microseconds);
    }
}
