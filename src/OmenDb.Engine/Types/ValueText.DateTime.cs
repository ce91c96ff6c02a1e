using System.Globalization;

namespace OmenDb.Engine.Types;

public static partial class ValueText
{
    /// <summary>date_out, DateStyle ISO: <c>2024-01-31</c>, <c>0044-03-15 BC</c>, <c>infinity</c>.</summary>
    internal static string FormatDate(int date)
    {
        if (date == int.MaxValue)
        {
            return "infinity";
        }

        if (date == int.MinValue)
        {
            return "-infinity";
        }

        Span<char> buffer = stackalloc char[32];
        var n = WriteDate(date, buffer, out var bc);
        if (bc)
        {
            " BC".CopyTo(buffer[n..]);
            n += 3;
        }

        return new string(buffer[..n]);
    }

    /// <summary>time_out: <c>13:45:06.5</c> (fraction without trailing zeros).</summary>
    internal static string FormatTime(long micros)
    {
        Span<char> buffer = stackalloc char[32];
        var n = WriteTime(micros, buffer);
        return new string(buffer[..n]);
    }

    /// <summary>timestamp_out, DateStyle ISO.</summary>
    internal static string FormatTimestamp(long timestamp)
    {
        Span<char> buffer = stackalloc char[48];
        var n = WriteTimestamp(timestamp, null, buffer);
        return new string(buffer[..n]);
    }

    /// <summary>timestamptz_out in <paramref name="timeZone"/>: local time and the UTC offset (<c>+00</c>, <c>+05:30</c>).</summary>
    internal static string FormatTimestampTz(long timestamp, TimeZoneInfo timeZone)
    {
        Span<char> buffer = stackalloc char[48];
        var n = WriteTimestamp(timestamp, timeZone, buffer);
        return new string(buffer[..n]);
    }

    /// <summary>The UTC offset in seconds (east positive) of <paramref name="timeZone"/> at a UTC instant.</summary>
    internal static int UtcOffsetSeconds(TimeZoneInfo timeZone, long utcTimestamp)
    {
        if (ReferenceEquals(timeZone, TimeZoneInfo.Utc))
        {
            return 0;
        }

        // Outside DateTime's years 1-9999 the offset at the nearest end applies (LMT before, the last rule after).
        if (!PgCalendar.TryToDateTime(utcTimestamp, out var dt))
        {
            dt = utcTimestamp < 0 ? DateTime.SpecifyKind(DateTime.MinValue.AddDays(1), DateTimeKind.Utc)
                : DateTime.SpecifyKind(DateTime.MaxValue.AddDays(-1), DateTimeKind.Utc);
        }

        return (int)(timeZone.GetUtcOffset(dt).Ticks / TimeSpan.TicksPerSecond);
    }

    /// <summary>The UTC offset in seconds of <paramref name="timeZone"/> for a local wall-clock time (PostgreSQL's
    /// DetermineTimeZoneOffset: in a gap the offset before the transition applies, when ambiguous the standard time).</summary>
    internal static int LocalOffsetSeconds(TimeZoneInfo timeZone, long localTimestamp)
    {
        if (ReferenceEquals(timeZone, TimeZoneInfo.Utc))
        {
            return 0;
        }

        if (!PgCalendar.TryToDateTime(localTimestamp, out var local))
        {
            return UtcOffsetSeconds(timeZone, localTimestamp);
        }

        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (timeZone.IsAmbiguousTime(local))
        {
            var offsets = timeZone.GetAmbiguousTimeOffsets(local);
            offset = offsets[0] < offsets[1] ? offsets[0] : offsets[1];
        }
        else if (timeZone.IsInvalidTime(local))
        {
            // Spring-forward gap: interpret with the offset in effect just before the gap.
            offset = timeZone.GetUtcOffset(local.AddHours(-3));
        }
        else
        {
            offset = timeZone.GetUtcOffset(local);
        }

        return (int)(offset.Ticks / TimeSpan.TicksPerSecond);
    }

    /// <summary>Writes <c>YYYY-MM-DD</c> (year of at least four digits; BC years as 1 - year, flagged).</summary>
    internal static int WriteDate(int date, Span<char> dest, out bool bc)
    {
        var (year, month, day) = PgCalendar.JulianToDate((long)date + PgCalendar.EpochJulianDay);
        bc = year <= 0;
        if (bc)
        {
            year = 1 - year;
        }

        year.TryFormat(dest, out var n, "D4", CultureInfo.InvariantCulture);
        dest[n++] = '-';
        Write2(dest, n, month);
        n += 2;
        dest[n++] = '-';
        Write2(dest, n, day);
        return n + 2;
    }

    /// <summary>Writes <c>HH:MM:SS[.ffffff]</c> with trailing fraction zeros trimmed; hours may exceed 23.</summary>
    internal static int WriteTime(long micros, Span<char> dest)
    {
        var hours = micros / PgCalendar.MicrosPerHour;
        micros -= hours * PgCalendar.MicrosPerHour;
        int n;
        if (hours < 100)
        {
            Write2(dest, 0, (int)hours);
            n = 2;
        }
        else
        {
            hours.TryFormat(dest, out n, default, CultureInfo.InvariantCulture);
        }

        dest[n++] = ':';
        Write2(dest, n, (int)(micros / PgCalendar.MicrosPerMinute));
        n += 2;
        dest[n++] = ':';
        micros %= PgCalendar.MicrosPerMinute;
        Write2(dest, n, (int)(micros / PgCalendar.MicrosPerSecond));
        n += 2;
        return n + WriteFraction((int)(micros % PgCalendar.MicrosPerSecond), dest[n..]);
    }

    /// <summary>Writes <c>.ffffff</c> without trailing zeros, or nothing for zero.</summary>
    private static int WriteFraction(int fraction, Span<char> dest)
    {
        if (fraction == 0)
        {
            return 0;
        }

        dest[0] = '.';
        var digits = 6;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }

        for (var i = digits; i >= 1; i--)
        {
            dest[i] = (char)('0' + fraction % 10);
            fraction /= 10;
        }

        return digits + 1;
    }

    /// <summary>Writes a timestamp (and, for timestamptz, the offset of <paramref name="timeZone"/>).</summary>
    internal static int WriteTimestamp(long timestamp, TimeZoneInfo? timeZone, Span<char> dest)
    {
        if (timestamp == long.MaxValue)
        {
            "infinity".CopyTo(dest);
            return 8;
        }

        if (timestamp == long.MinValue)
        {
            "-infinity".CopyTo(dest);
            return 9;
        }

        var offset = timeZone is null ? 0 : UtcOffsetSeconds(timeZone, timestamp);
        var local = timestamp + offset * PgCalendar.MicrosPerSecond;
        var (date, time) = PgCalendar.Split(local);
        var n = WriteDate(date, dest, out var bc);
        dest[n++] = ' ';
        n += WriteTime(time, dest[n..]);
        if (timeZone is not null)
        {
            n += WriteOffset(offset, dest[n..]);
        }

        if (bc)
        {
            " BC".CopyTo(dest[n..]);
            n += 3;
        }

        return n;
    }

    /// <summary>EncodeTimezone: <c>+HH</c>, <c>+HH:MM</c> or <c>+HH:MM:SS</c> (east positive).</summary>
    internal static int WriteOffset(int offsetSeconds, Span<char> dest)
    {
        dest[0] = offsetSeconds < 0 ? '-' : '+';
        var abs = Math.Abs(offsetSeconds);
        var hours = abs / 3600;
        var minutes = abs / 60 % 60;
        var seconds = abs % 60;
        Write2(dest, 1, hours);
        var n = 3;
        if (minutes != 0 || seconds != 0)
        {
            dest[n++] = ':';
            Write2(dest, n, minutes);
            n += 2;
        }

        if (seconds != 0)
        {
            dest[n++] = ':';
            Write2(dest, n, seconds);
            n += 2;
        }

        return n;
    }

    private static void Write2(Span<char> dest, int index, int value)
    {
        dest[index] = (char)('0' + value / 10);
        dest[index + 1] = (char)('0' + value % 10);
    }

    /// <summary>interval_out, IntervalStyle postgres: <c>1 year 2 mons 3 days 04:05:06.5</c>, <c>-1 days +02:00:00</c>.</summary>
    internal static string FormatInterval(PgInterval value)
    {
        Span<char> buffer = stackalloc char[96];
        var n = 0;
        var isZero = true;
        var isBefore = false;
        AddPart(buffer, ref n, value.Months / 12, "year", ref isZero, ref isBefore);
        AddPart(buffer, ref n, value.Months % 12, "mon", ref isZero, ref isBefore);
        AddPart(buffer, ref n, value.Days, "day", ref isZero, ref isBefore);
        var micros = value.Microseconds;
        if (isZero || micros != 0)
        {
            if (!isZero)
            {
                buffer[n++] = ' ';
            }

            if (micros < 0)
            {
                buffer[n++] = '-';
            }
            else if (isBefore)
            {
                buffer[n++] = '+';
            }

            // |long.MinValue| does not fit; such an interval cannot be built from valid input anyway.
            n += WriteTime(micros == long.MinValue ? long.MaxValue : Math.Abs(micros), buffer[n..]);
        }

        return new string(buffer[..n]);

        static void AddPart(Span<char> dest, ref int n, int amount, string unit, ref bool isZero, ref bool isBefore)
        {
            if (amount == 0)
            {
                return;
            }

            if (!isZero)
            {
                dest[n++] = ' ';
            }

            if (isBefore && amount > 0)
            {
                dest[n++] = '+';
            }

            amount.TryFormat(dest[n..], out var w, default, CultureInfo.InvariantCulture);
            n += w;
            dest[n++] = ' ';
            unit.CopyTo(dest[n..]);
            n += unit.Length;
            if (amount != 1)
            {
                dest[n++] = 's';
            }

            isBefore = amount < 0;
            isZero = false;
        }
    }
}
