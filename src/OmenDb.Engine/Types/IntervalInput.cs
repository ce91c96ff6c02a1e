using System.Globalization;
using OmenDb.Common;

namespace OmenDb.Engine.Types;

/// <summary>
/// interval_in: PostgreSQL's postgres-style input (<c>1 year 2 mons</c>, <c>-1 day +02:00:00</c>, <c>@ 1 hour ago</c>,
/// fractional units such as <c>1.5 days</c>), SQL-standard forms (<c>1-2</c>, <c>1 2:03</c>, <c>10:00</c>) and
/// ISO 8601 durations (<c>P1Y2M3DT4H5M6S</c>). Not supported: ISO 8601's alternative format (<c>P0001-02-03T04:05:06</c>).
/// </summary>
internal static class IntervalInput
{
    private struct Acc
    {
        public long Months, Days, Micros;

        /// <summary>Fields already given (PostgreSQL rejects "1 year 1 year"): one bit per unit.</summary>
        public int Seen;
    }

    private const int HourBit = 1 << 4, MinuteBit = 1 << 5, SecondBit = 1 << 6;

    private static void MarkSeen(string text, int bits, ref Acc acc)
    {
        if ((acc.Seen & bits) != 0)
        {
            throw Syntax(text);
        }

        acc.Seen |= bits;
    }

    private static PgException Syntax(string text) =>
        TypeErrors.Create(SqlState.InvalidDatetimeFormat, $"invalid input syntax for type interval: \"{text}\"");

    private static PgException Overflow(string text) =>
        TypeErrors.Create(SqlState.DatetimeFieldOverflow, $"interval field value out of range: \"{text}\"");

    public static PgInterval Parse(string text)
    {
        var s = text.ToLowerInvariant().Trim(' ', '\t', '\n', '\r', '\v', '\f');
        if (s.Length == 0)
        {
            throw Syntax(text);
        }

        var acc = new Acc();
        try
        {
            if (s[0] == 'p')
            {
                ParseIso(text, s, ref acc);
            }
            else
            {
                ParsePostgres(text, s, ref acc);
            }

            checked
            {
                return new PgInterval((int)acc.Months, (int)acc.Days, acc.Micros);
            }
        }
        catch (OverflowException)
        {
            throw Overflow(text);
        }
    }

    private static void ParsePostgres(string text, string s, ref Acc acc)
    {
        var tokens = Tokenize(text, s);
        var ago = false;
        var any = false;
        var timeSeen = false;
        for (var k = 0; k < tokens.Count; k++)
        {
            var t = tokens[k];
            if (t == "@" && k == 0)
            {
                continue;
            }

            if (t == "ago")
            {
                if (k != tokens.Count - 1 || ago)
                {
                    throw Syntax(text);
                }

                ago = true;
                continue;
            }

            if (t.Contains(':'))
            {
                if (timeSeen)
                {
                    throw Syntax(text);
                }

                timeSeen = true;
                MarkSeen(text, HourBit | MinuteBit | SecondBit, ref acc);
                AddTime(text, t, ref acc);
                any = true;
                continue;
            }

            if (t[0] is '+' or '-' or '.' || char.IsAsciiDigit(t[0]))
            {
                var dash = t.IndexOf('-', 1);
                if (dash > 0 && t.IndexOf('.') < 0)
                {
                    // SQL standard year-month: [-]Y-M.
                    var years = ParseLong(text, t[..dash]);
                    var months = ParseLong(text, t[(dash + 1)..]);
                    var sign = years < 0 || t[0] == '-' ? -1 : 1;
                    checked
                    {
                        acc.Months += years * 12 + sign * months;
                    }

                    any = true;
                    continue;
                }

                string unit;
                if (k + 1 < tokens.Count && char.IsAsciiLetter(tokens[k + 1][0]) && tokens[k + 1] != "ago")
                {
                    unit = tokens[++k];
                }
                else if (k + 1 < tokens.Count && tokens[k + 1].Contains(':'))
                {
                    unit = "day";
                }
                else
                {
                    unit = "second";
                }

                AddUnit(text, t, unit, ref acc);
                any = true;
                continue;
            }

            throw Syntax(text);
        }

        if (!any)
        {
            throw Syntax(text);
        }

        if (ago)
        {
            acc.Months = -acc.Months;
            acc.Days = -acc.Days;
            acc.Micros = -acc.Micros;
        }
    }

    /// <summary>Splits on whitespace and between a number and its unit ("1day", "3h").</summary>
    private static List<string> Tokenize(string text, string s)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (ValueText.IsSpace(c) || c == ',')
            {
                i++;
                continue;
            }

            var start = i;
            if (c == '@')
            {
                i++;
            }
            else if (char.IsAsciiLetter(c))
            {
                while (i < s.Length && char.IsAsciiLetter(s[i]))
                {
                    i++;
                }
            }
            else if (c is '+' or '-' or '.' || char.IsAsciiDigit(c))
            {
                i++;
                while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] is ':' or '.' or '-'))
                {
                    i++;
                }
            }
            else
            {
                throw Syntax(text);
            }

            tokens.Add(s[start..i]);
        }

        return tokens;
    }

    private static long ParseLong(string text, string digits) =>
        long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : throw Syntax(text);

    private static void AddTime(string text, string t, ref Acc acc)
    {
        var negative = t[0] == '-';
        var body = t[0] is '+' or '-' ? t[1..] : t;
        var parts = body.Split(':');
        if (parts.Length > 3 || parts.Any(p => p.Length == 0))
        {
            throw Syntax(text);
        }

        decimal hours, minutes, seconds;
        if (parts.Length == 2 && parts[1].Contains('.'))
        {
            // mm:ss.fff
            hours = 0;
            minutes = ParseNumber(text, parts[0]);
            seconds = ParseNumber(text, parts[1]);
        }
        else
        {
            hours = ParseNumber(text, parts[0]);
            minutes = ParseNumber(text, parts[1]);
            seconds = parts.Length == 3 ? ParseNumber(text, parts[2]) : 0;
        }

        if (parts[0].Contains('.') || (parts.Length == 3 && parts[1].Contains('.')) || minutes >= 60 || seconds >= 60)
        {
            throw minutes >= 60 || seconds >= 60 ? FieldOverflow(text) : Syntax(text);
        }

        var micros = checked((long)(hours * PgCalendar.MicrosPerHour) + (long)(minutes * PgCalendar.MicrosPerMinute)
            + (long)Math.Round(seconds * PgCalendar.MicrosPerSecond, MidpointRounding.ToEven));
        acc.Micros = checked(acc.Micros + (negative ? -micros : micros));
    }

    private static PgException FieldOverflow(string text) =>
        TypeErrors.Create(SqlState.DatetimeFieldOverflow, $"interval field value out of range: \"{text}\"");

    private static decimal ParseNumber(string text, string s)
    {
        if (s.Length == 0 || s == "." || !decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint
            | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var v))
        {
            throw Syntax(text);
        }

        return v;
    }

    private static void AddUnit(string text, string number, string unit, ref Acc acc)
    {
        var value = ParseNumber(text, number);
        var whole = decimal.Truncate(value);
        var frac = value - whole;
        var w = (long)whole;
        checked
        {
            switch (unit)
            {
                case "microsecond" or "microseconds" or "usec" or "usecs" or "us" or "microsecon":
                    MarkSeen(text, 1 << 8, ref acc);
                    acc.Micros += w + RoundMicros(frac);
                    break;
                case "millisecond" or "milliseconds" or "msec" or "msecs" or "ms" or "millisecon":
                    MarkSeen(text, 1 << 7, ref acc);
                    acc.Micros += w * 1000 + RoundMicros(frac * 1000);
                    break;
                case "second" or "seconds" or "sec" or "secs" or "s":
                    MarkSeen(text, SecondBit, ref acc);
                    acc.Micros += w * PgCalendar.MicrosPerSecond + RoundMicros(frac * PgCalendar.MicrosPerSecond);
                    break;
                case "minute" or "minutes" or "min" or "mins" or "m":
                    MarkSeen(text, MinuteBit, ref acc);
                    acc.Micros += w * PgCalendar.MicrosPerMinute + RoundMicros(frac * PgCalendar.MicrosPerMinute);
                    break;
                case "hour" or "hours" or "hr" or "hrs" or "h":
                    MarkSeen(text, HourBit, ref acc);
                    acc.Micros += w * PgCalendar.MicrosPerHour + RoundMicros(frac * PgCalendar.MicrosPerHour);
                    break;
                case "day" or "days" or "d":
                    MarkSeen(text, 1 << 3, ref acc);
                    acc.Days += w;
                    acc.Micros += RoundMicros(frac * PgCalendar.MicrosPerDay);
                    break;
                case "week" or "weeks" or "w":
                    MarkSeen(text, 1 << 9, ref acc);
                    acc.Days += w * 7;
                    AddFractionalDays(frac * 7, ref acc);
                    break;
                case "month" or "months" or "mon" or "mons":
                    MarkSeen(text, 1 << 1, ref acc);
                    acc.Months += w;
                    AddFractionalDays(frac * 30, ref acc);
                    break;
                case "year" or "years" or "yr" or "yrs" or "y":
                    MarkSeen(text, 1 << 0, ref acc);
                    acc.Months += w * 12 + RoundMicros(frac * 12);
                    break;
                case "decade" or "decades" or "dec" or "decs":
                    MarkSeen(text, 1 << 10, ref acc);
                    acc.Months += w * 120 + RoundMicros(frac * 120);
                    break;
                case "century" or "centuries" or "cent" or "c":
                    MarkSeen(text, 1 << 11, ref acc);
                    acc.Months += w * 1200 + RoundMicros(frac * 1200);
                    break;
                case "millennium" or "millennia" or "mil" or "mils":
                    MarkSeen(text, 1 << 12, ref acc);
                    acc.Months += w * 12000 + RoundMicros(frac * 12000);
                    break;
                default:
                    throw Syntax(text);
            }
        }
    }

    private static void AddFractionalDays(decimal days, ref Acc acc)
    {
        var whole = decimal.Truncate(days);
        acc.Days = checked(acc.Days + (long)whole);
        acc.Micros = checked(acc.Micros + RoundMicros((days - whole) * PgCalendar.MicrosPerDay));
    }

    private static long RoundMicros(decimal value) => (long)Math.Round(value, MidpointRounding.ToEven);

    private static void ParseIso(string text, string s, ref Acc acc)
    {
        var i = 1;
        var inTime = false;
        var any = false;
        while (i < s.Length)
        {
            if (s[i] == 't' && !inTime)
            {
                inTime = true;
                i++;
                continue;
            }

            var start = i;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }

            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || i >= s.Length)
            {
                throw Syntax(text);
            }

            var number = s[start..i];
            var unit = (s[i], inTime) switch
            {
                ('y', false) => "year",
                ('m', false) => "month",
                ('w', false) => "week",
                ('d', false) => "day",
                ('h', true) => "hour",
                ('m', true) => "minute",
                ('s', true) => "second",
                _ => throw Syntax(text),
            };
            i++;
            AddUnit(text, number, unit, ref acc);
            any = true;
        }

        if (!any)
        {
            throw Syntax(text);
        }
    }
}
