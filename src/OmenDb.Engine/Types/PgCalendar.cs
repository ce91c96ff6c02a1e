namespace OmenDb.Engine.Types;

/// <summary>
/// Proleptic Gregorian calendar arithmetic on Julian day numbers, as PostgreSQL's datetime code uses it
/// (year 0 is 1 BC). Days and microseconds count from PostgreSQL's epoch, 2000-01-01.
/// </summary>
internal static class PgCalendar
{
    /// <summary>Julian day of 2000-01-01 (POSTGRES_EPOCH_JDATE).</summary>
    public const int EpochJulianDay = 2_451_545;

    /// <summary>Julian day of 1970-01-01 (UNIX_EPOCH_JDATE).</summary>
    public const int UnixEpochJulianDay = 2_440_588;

    /// <summary>Microseconds per second, minute, hour, day.</summary>
    public const long MicrosPerSecond = 1_000_000L, MicrosPerMinute = 60_000_000L, MicrosPerHour = 3_600_000_000L,
        MicrosPerDay = 86_400_000_000L;

    /// <summary>Smallest date: 4714-11-24 BC, Julian day 0, as days since 2000-01-01.</summary>
    public const int MinDate = -EpochJulianDay;

    /// <summary>Largest date: 5874897-12-31 (days since 2000-01-01).</summary>
    public const int MaxDate = 2_147_483_494 - EpochJulianDay;

    /// <summary>Smallest timestamp: 4714-11-24 00:00:00 BC (microseconds since 2000-01-01).</summary>
    public const long MinTimestamp = -211_813_488_000_000_000L;

    /// <summary>Largest timestamp + 1: 294277-01-01 00:00:00 (END_TIMESTAMP, exclusive).</summary>
    public const long EndTimestamp = 9_223_371_331_200_000_000L;

    /// <summary>Julian day number of a proleptic Gregorian date (year 0 = 1 BC).</summary>
    public static int DateToJulian(int year, int month, int day)
    {
        // Shift to a year starting in March so the leap day falls last.
        long y = year;
        long m = month;
        if (m > 2)
        {
            m -= 3;
        }
        else
        {
            m += 9;
            y--;
        }

        var century = FloorDiv(y, 100);
        var yearOfCentury = y - century * 100;
        return (int)(FloorDiv(146_097 * century, 4) + (1_461 * yearOfCentury) / 4 + (153 * m + 2) / 5 + day + 1_721_119);
    }

    /// <summary>The date of a Julian day number.</summary>
    public static (int Year, int Month, int Day) JulianToDate(long julian)
    {
        var j = julian - 1_721_119;
        var century = FloorDiv(4 * j - 1, 146_097);
        j = 4 * j - 1 - 146_097 * century;
        var d = j / 4;
        j = (4 * d + 3) / 1_461;
        d = 4 * d + 3 - 1_461 * j;
        d = (d + 4) / 4;
        var m = (5 * d - 3) / 153;
        d = 5 * d - 3 - 153 * m;
        d = (d + 5) / 5;
        var y = 100 * century + j;
        if (m < 10)
        {
            m += 3;
        }
        else
        {
            m -= 9;
            y++;
        }

        return ((int)y, (int)m, (int)d);
    }

    /// <summary>Days in the month (1-12) of the year.</summary>
    public static int DaysInMonth(int year, int month) => month switch
    {
        2 => IsLeapYear(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>Gregorian leap year rule, proleptic (year 0 is a leap year).</summary>
    public static bool IsLeapYear(int year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    /// <summary>Floor division (C# '/' truncates).</summary>
    public static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }

    /// <summary>Floor modulo, result in [0, b).</summary>
    public static long FloorMod(long a, long b)
    {
        var r = a % b;
        return r < 0 ? r + b : r;
    }

    /// <summary>Day of week of a date (days since 2000-01-01): 0 = Sunday.</summary>
    public static int DayOfWeek(int date) => (int)FloorMod(date + 6, 7);

    /// <summary>Days since 2000-01-01 of a timestamp's date, and microseconds into that day.</summary>
    public static (int Date, long TimeOfDay) Split(long timestamp)
    {
        var date = FloorDiv(timestamp, MicrosPerDay);
        return ((int)date, timestamp - date * MicrosPerDay);
    }

    /// <summary>Converts microseconds since 2000-01-01 to a .NET UTC DateTime when it is in DateTime's range.</summary>
    public static bool TryToDateTime(long timestamp, out DateTime value)
    {
        // DateTime covers 0001-01-01 .. 9999-12-31; 2000-01-01 is 630822816000000000 ticks.
        const long epochTicks = 630_822_816_000_000_000L;
        const long minMicros = -epochTicks / 10;
        const long maxMicros = (3_155_378_975_999_999_999L - epochTicks) / 10;
        if (timestamp is < minMicros or > maxMicros)
        {
            value = default;
            return false;
        }

        value = new DateTime(epochTicks + timestamp * 10, DateTimeKind.Utc);
        return true;
    }

    /// <summary>Microseconds since 2000-01-01 of a DateTime (its Kind ignored).</summary>
    public static long FromDateTime(DateTime value) => (value.Ticks - 630_822_816_000_000_000L) / 10;
}
