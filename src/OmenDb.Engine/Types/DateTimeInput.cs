using System.Globalization;
using OmenDb.Common;
using OmenDb.Engine.Functions;

namespace OmenDb.Engine.Types;

/// <summary>
/// Date/time text input (PostgreSQL's ParseDateTime + DecodeDateTime, DateStyle MDY), for date, time,
/// timestamp and timestamptz. Accepts ISO 8601 (with 'T' and zones), MDY numeric dates, month names in any
/// position, run-together YYYYMMDD, AM/PM, BC/AD, the special words (epoch, infinity, now, today, tomorrow,
/// yesterday, allballs), numeric zones (+05, +05:30, -0330, Z), common abbreviations (EST, PDT, CET...) and
/// IANA names (Europe/Paris). Not supported: Julian dates (J2451545), ISO week dates, year-day numbers.
/// </summary>
internal static class DateTimeInput
{
    /// <summary>What kind of value the input is for (decides which fields are required and the error wording).</summary>
    public enum Target : byte
    {
        Date,
        Time,
        Timestamp,
        TimestampTz,
    }

    private enum Special : byte
    {
        None,
        Epoch,
        Infinity,
        NegativeInfinity,
        Now,
        Today,
        Tomorrow,
        Yesterday,
        Allballs,
    }

    /// <summary>A parsed value: days since 2000-01-01 for date, microseconds otherwise (UTC for timestamptz).</summary>
    public static long Parse(string text, Target target, EvalContext? context)
    {
        var f = new Fields { Order = context?.DateOrder ?? "MDY" };
        Tokenize(text, target, ref f);
        return Resolve(text, target, ref f, context);
    }

    private struct Fields
    {
        public int Year, Month, Day;
        public bool HaveDate, HaveYear, HaveMonth, HaveDay, TextMonth, Bc, Ad, TwoDigitYear, NumericMonthOverflow;
        public bool HaveTime;
        public int Hour, Minute, Second;
        public long Fraction;
        public int AmPm; // 0 none, 1 am, 2 pm
        public bool HaveOffset;
        public int OffsetSeconds; // east positive
        public TimeZoneInfo? Zone;
        public Special Special;
        public List<string>? LooseNumbers;
        public string Order; // DateStyle's field order for all-numeric dates: MDY, DMY or YMD
    }

    private static string TypeName(Target target) => target switch
    {
        Target.Date => "date",
        Target.Time => "time",
        Target.Timestamp => "timestamp",
        _ => "timestamp with time zone",
    };

    private static PgException Syntax(string text, Target target) =>
        TypeErrors.Create(SqlState.InvalidDatetimeFormat, $"invalid input syntax for type {TypeName(target)}: \"{text}\"");

    private static PgException FieldOverflow(string text, bool hint = false) =>
        new(SqlState.DatetimeFieldOverflow, $"date/time field value out of range: \"{text}\"")
        {
            Hint = hint ? "Perhaps you need a different \"datestyle\" setting." : null,
        };

    private static void Tokenize(string text, Target target, ref Fields f)
    {
        var s = text.ToLowerInvariant();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (ValueText.IsSpace(c) || c == ',')
            {
                i++;
                continue;
            }

            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }

                if (i < s.Length && s[i] == ':')
                {
                    while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == ':' || s[i] == '.'))
                    {
                        i++;
                    }

                    SetTime(text, target, s[start..i], ref f);
                }
                else if (i < s.Length && (s[i] == '-' || s[i] == '/' || s[i] == '.') && i + 1 < s.Length
                    && char.IsAsciiLetterOrDigit(s[i + 1]) && !(s[i] == '-' && f.HaveDate))
                {
                    if (s[i] == '.' && IsAllDigits(s, i + 1) && (i - start) != 4)
                    {
                        // "123.5": a number with a fraction, not a date (only seconds-like uses exist).
                        throw Syntax(text, target);
                    }

                    i = ReadDateToken(s, start);
                    SetDate(text, target, s[start..i], ref f);
                }
                else
                {
                    SetNumber(text, target, s[start..i], ref f);
                }

                continue;
            }

            if (c is '+' or '-')
            {
                var start = i;
                i++;
                if (i < s.Length && char.IsAsciiLetter(s[i]))
                {
                    while (i < s.Length && char.IsAsciiLetter(s[i]))
                    {
                        i++;
                    }

                    var word = s[start..i];
                    if (word is "-infinity" or "+infinity" && f.Special == Special.None)
                    {
                        f.Special = word[0] == '-' ? Special.NegativeInfinity : Special.Infinity;
                        continue;
                    }

                    throw Syntax(text, target);
                }

                while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == ':'))
                {
                    i++;
                }

                SetOffset(text, target, s[start..i], ref f);
                continue;
            }

            if (char.IsAsciiLetter(c))
            {
                var start = i;
                while (i < s.Length && (char.IsAsciiLetter(s[i]) || s[i] == '/' || s[i] == '_'
                    || (s[i] is '+' or '-' && s.IndexOf('/', start, i - start) >= 0) || (char.IsAsciiDigit(s[i]) && s.IndexOf('/', start, i - start) >= 0)))
                {
                    i++;
                }

                var word = s[start..i];
                if (word == "t" && i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    // ISO 8601 date/time separator.
                    continue;
                }

                if (i < s.Length && s[i] is '-' or '/' or '.' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]) && MonthNumber(word) > 0
                    && !f.HaveDate)
                {
                    // "Jan-31-2024".
                    i = ReadDateToken(s, start);
                    SetDate(text, target, s[start..i], ref f);
                    continue;
                }

                SetWord(text, target, word, text.Substring(start, i - start), ref f);
                continue;
            }

            throw Syntax(text, target);
        }
    }

    private static bool IsAllDigits(string s, int from)
    {
        for (var k = from; k < s.Length && !ValueText.IsSpace(s[k]); k++)
        {
            if (!char.IsAsciiDigit(s[k]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A date token: groups of digits or letters joined by one kind of separator.</summary>
    private static int ReadDateToken(string s, int i)
    {
        while (i < s.Length)
        {
            if (char.IsAsciiDigit(s[i]))
            {
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }
            }
            else if (char.IsAsciiLetter(s[i]))
            {
                while (i < s.Length && char.IsAsciiLetter(s[i]))
                {
                    i++;
                }
            }
            else
            {
                break;
            }

            if (i + 1 < s.Length && s[i] is '-' or '/' or '.' && char.IsAsciiLetterOrDigit(s[i + 1]))
            {
                i++;
                continue;
            }

            break;
        }

        return i;
    }

    private static void SetDate(string text, Target target, string token, ref Fields f)
    {
        if (f.HaveDate)
        {
            throw Syntax(text, target);
        }

        var parts = token.Split('-', '/', '.');
        if (parts.Length != 3)
        {
            throw Syntax(text, target);
        }

        f.HaveDate = true;
        var monthIndex = -1;
        for (var k = 0; k < 3; k++)
        {
            if (char.IsAsciiLetter(parts[k][0]))
            {
                if (monthIndex >= 0 || MonthNumber(parts[k]) == 0)
                {
                    throw Syntax(text, target);
                }

                monthIndex = k;
            }
        }

        string yearText, dayText;
        if (monthIndex >= 0)
        {
            f.Month = MonthNumber(parts[monthIndex]);
            f.TextMonth = true;
            // Y-Mon-D when the first field is long, else D-Mon-Y / Mon-D-Y.
            (yearText, dayText) = monthIndex switch
            {
                0 => (parts[2], parts[1]),
                1 => parts[0].Length > 2 ? (parts[0], parts[2]) : (parts[2], parts[0]),
                _ => parts[0].Length > 2 ? (parts[0], parts[1]) : (parts[1], parts[0]),
            };
        }
        else if (parts[0].Length > 2)
        {
            yearText = parts[0];
            f.Month = ParseField(text, target, parts[1]);
            dayText = parts[2];
            f.NumericMonthOverflow = f.Month > 12;
        }
        else
        {
            // DateStyle's field order.
            var (m, d, y) = f.Order switch { "DMY" => (1, 0, 2), "YMD" => (1, 2, 0), _ => (0, 1, 2) };
            f.Month = ParseField(text, target, parts[m]);
            dayText = parts[d];
            yearText = parts[y];
            f.NumericMonthOverflow = f.Month > 12;
        }

        f.Day = ParseField(text, target, dayText);
        SetYear(text, target, yearText, ref f);
        f.HaveMonth = f.HaveDay = true;
    }

    private static void SetYear(string text, Target target, string yearText, ref Fields f)
    {
        f.Year = ParseField(text, target, yearText);
        f.TwoDigitYear = yearText.Length <= 2;
        f.HaveYear = true;
    }

    private static int ParseField(string text, Target target, string digits)
    {
        if (digits.Length == 0 || digits.Length > 9 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
        {
            throw digits.Length > 9 ? FieldOverflow(text) : Syntax(text, target);
        }

        return v;
    }

    private static void SetNumber(string text, Target target, string token, ref Fields f)
    {
        if (!f.HaveDate && f.LooseNumbers is null && !f.TextMonth && (token.Length == 8 || token.Length == 6) && !f.HaveTime
            && !(target == Target.Time && token.Length == 6))
        {
            // Run-together YYYYMMDD or YYMMDD.
            var yearLength = token.Length - 4;
            SetYear(text, target, token[..yearLength], ref f);
            f.Month = ParseField(text, target, token.Substring(yearLength, 2));
            f.Day = ParseField(text, target, token.Substring(yearLength + 2, 2));
            f.HaveDate = f.HaveMonth = f.HaveDay = true;
            return;
        }

        if ((f.HaveDate || target == Target.Time) && !f.HaveTime && (token.Length == 6 || token.Length == 4))
        {
            // Run-together HHMMSS / HHMM after a date (ISO basic format).
            f.HaveTime = true;
            f.Hour = ParseField(text, target, token[..2]);
            f.Minute = ParseField(text, target, token.Substring(2, 2));
            f.Second = token.Length == 6 ? ParseField(text, target, token.Substring(4, 2)) : 0;
            return;
        }

        (f.LooseNumbers ??= []).Add(token);
    }

    private static void SetTime(string text, Target target, string token, ref Fields f)
    {
        if (f.HaveTime)
        {
            throw Syntax(text, target);
        }

        var parts = token.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw Syntax(text, target);
        }

        f.HaveTime = true;
        f.Hour = ParseField(text, target, parts[0]);
        if (parts.Length == 2 && parts[1].Contains('.'))
        {
            // "mm:ss.f" is not accepted without hours in date/time context.
            throw Syntax(text, target);
        }

        f.Minute = ParseField(text, target, parts[1]);
        if (parts.Length == 3)
        {
            var sec = parts[2];
            var dot = sec.IndexOf('.');
            if (dot >= 0)
            {
                if (sec.IndexOf('.', dot + 1) >= 0)
                {
                    throw Syntax(text, target);
                }

                var fracText = sec[dot..];
                f.Fraction = fracText.Length == 1 ? 0 : (long)Math.Round(double.Parse("0" + fracText, CultureInfo.InvariantCulture) * 1_000_000,
                    MidpointRounding.ToEven);
                sec = sec[..dot];
            }

            f.Second = sec.Length == 0 ? throw Syntax(text, target) : ParseField(text, target, sec);
        }
    }

    private static void SetOffset(string text, Target target, string token, ref Fields f)
    {
        if (f.HaveOffset || token.Length < 2)
        {
            throw Syntax(text, target);
        }

        var sign = token[0] == '-' ? -1 : 1;
        var body = token[1..];
        int hours, minutes = 0, seconds = 0;
        if (body.Contains(':'))
        {
            var parts = body.Split(':');
            if (parts.Length > 3 || parts.Any(p => p.Length == 0))
            {
                throw Syntax(text, target);
            }

            hours = ParseField(text, target, parts[0]);
            minutes = ParseField(text, target, parts[1]);
            seconds = parts.Length == 3 ? ParseField(text, target, parts[2]) : 0;
        }
        else if (body.Length <= 2)
        {
            hours = ParseField(text, target, body);
        }
        else if (body.Length <= 4)
        {
            hours = ParseField(text, target, body[..^2]);
            minutes = ParseField(text, target, body[^2..]);
        }
        else if (body.Length <= 6)
        {
            hours = ParseField(text, target, body[..^4]);
            minutes = ParseField(text, target, body.Substring(body.Length - 4, 2));
            seconds = ParseField(text, target, body[^2..]);
        }
        else
        {
            throw Syntax(text, target);
        }

        if (hours > 15 || minutes > 59 || seconds > 59)
        {
            throw TypeErrors.Create(SqlState.InvalidTimeZoneDisplacementValue, $"time zone displacement out of range: \"{text}\"");
        }

        f.HaveOffset = true;
        f.OffsetSeconds = sign * (hours * 3600 + minutes * 60 + seconds);
    }

    private static void SetWord(string text, Target target, string word, string original, ref Fields f)
    {
        switch (word)
        {
            case "epoch":
                SetSpecial(text, target, Special.Epoch, ref f);
                return;
            case "infinity":
                SetSpecial(text, target, Special.Infinity, ref f);
                return;
            case "now":
                SetSpecial(text, target, Special.Now, ref f);
                return;
            case "today":
                SetSpecial(text, target, Special.Today, ref f);
                return;
            case "tomorrow":
                SetSpecial(text, target, Special.Tomorrow, ref f);
                return;
            case "yesterday":
                SetSpecial(text, target, Special.Yesterday, ref f);
                return;
            case "allballs":
                SetSpecial(text, target, Special.Allballs, ref f);
                return;
            case "am" or "a.m." or "pm" or "p.m.":
                if (f.AmPm != 0)
                {
                    throw Syntax(text, target);
                }

                f.AmPm = word[0] == 'a' ? 1 : 2;
                return;
            case "bc":
                f.Bc = true;
                return;
            case "ad":
                f.Ad = true;
                return;
            case "sun" or "sunday" or "mon" or "monday" or "tue" or "tues" or "tuesday" or "wed" or "wednesday" or "thu" or "thur"
                or "thurs" or "thursday" or "fri" or "friday" or "sat" or "saturday":
                // Day names are accepted and ignored, as PostgreSQL does.
                return;
        }

        var month = MonthNumber(word);
        if (month > 0)
        {
            if (f.TextMonth)
            {
                throw Syntax(text, target);
            }

            f.TextMonth = true;
            f.HaveMonth = true;
            f.Month = month;
            return;
        }

        if (TryZoneAbbreviation(word, out var offset))
        {
            if (f.HaveOffset || f.Zone is not null)
            {
                throw Syntax(text, target);
            }

            f.HaveOffset = true;
            f.OffsetSeconds = offset;
            return;
        }

        if (word.Contains('/'))
        {
            if (f.HaveOffset || f.Zone is not null)
            {
                throw Syntax(text, target);
            }

            f.Zone = FindZone(original) ?? throw TypeErrors.Create(SqlState.InvalidParameterValue, $"time zone \"{word}\" not recognized");
            return;
        }

        throw Syntax(text, target);
    }

    private static void SetSpecial(string text, Target target, Special special, ref Fields f)
    {
        if (f.Special != Special.None)
        {
            throw Syntax(text, target);
        }

        f.Special = special;
    }

    /// <summary>Month number of an English month name or abbreviation (jan, january, sept...), else 0.</summary>
    internal static int MonthNumber(string word) => word switch
    {
        "jan" or "january" => 1,
        "feb" or "february" => 2,
        "mar" or "march" => 3,
        "apr" or "april" => 4,
        "may" => 5,
        "jun" or "june" => 6,
        "jul" or "july" => 7,
        "aug" or "august" => 8,
        "sep" or "sept" or "september" => 9,
        "oct" or "october" => 10,
        "nov" or "november" => 11,
        "dec" or "december" => 12,
        _ => 0,
    };

    /// <summary>A few of PostgreSQL's default time zone abbreviations (fixed offsets, seconds east).</summary>
    internal static bool TryZoneAbbreviation(string word, out int offsetSeconds)
    {
        var hours = word switch
        {
            "z" or "zulu" or "utc" or "gmt" or "ut" or "wet" => 0.0,
            "est" => -5, "edt" => -4, "cst" => -6, "cdt" => -5, "mst" => -7, "mdt" => -6, "pst" => -8, "pdt" => -7,
            "akst" => -9, "akdt" => -8, "hst" => -10, "ast" => -4, "adt" => -3, "nst" => -3.5, "ndt" => -2.5,
            "cet" or "bst" or "west" or "met" => 1, "cest" or "eet" or "mest" => 2, "eest" or "msk" => 3,
            "jst" or "kst" => 9, "aest" => 10, "aedt" => 11, "nzst" => 12, "nzdt" => 13, "hkt" => 8, "awst" => 8,
            _ => double.NaN,
        };
        offsetSeconds = double.IsNaN(hours) ? 0 : (int)(hours * 3600);
        return !double.IsNaN(hours);
    }

    /// <summary>An IANA zone by name, case-insensitively (tzdata file names are mixed case: "America/New_York").</summary>
    internal static TimeZoneInfo? FindZone(string name)
    {
        foreach (var candidate in new[] { name, CanonicalZoneCase(name), name.ToUpperInvariant() })
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(candidate);
            }
            catch (TimeZoneNotFoundException)
            {
            }
            catch (InvalidTimeZoneException)
            {
            }
        }

        return null;
    }

    private static string CanonicalZoneCase(string name)
    {
        var chars = name.ToLowerInvariant().ToCharArray();
        for (var k = 0; k < chars.Length; k++)
        {
            if (k == 0 || chars[k - 1] is '/' or '_' or '-')
            {
                chars[k] = char.ToUpperInvariant(chars[k]);
            }
        }

        return new string(chars);
    }

    private static long Resolve(string text, Target target, ref Fields f, EvalContext? context)
    {
        // Loose numbers: with a month name, the day then the year (a 3+ digit number is always the year).
        if (f.LooseNumbers is { } loose)
        {
            if (!f.TextMonth || f.HaveDate || loose.Count > 2)
            {
                throw Syntax(text, target);
            }

            var yearIndex = loose.Count == 2 ? (loose[0].Length > 2 ? 0 : 1) : (loose[0].Length > 2 ? 0 : -1);
            for (var k = 0; k < loose.Count; k++)
            {
                if (k == yearIndex)
                {
                    SetYear(text, target, loose[k], ref f);
                }
                else
                {
                    f.Day = ParseField(text, target, loose[k]);
                    f.HaveDay = true;
                }
            }

            f.HaveDate = f.HaveYear && f.HaveDay;
        }
        else if (f.TextMonth && !f.HaveDate)
        {
            throw Syntax(text, target);
        }

        if (f.Special != Special.None)
        {
            return ResolveSpecial(text, target, ref f, context);
        }

        if (f.Bc && f.Ad)
        {
            throw Syntax(text, target);
        }

        var time = 0L;
        if (f.HaveTime)
        {
            time = ResolveTime(text, ref f);
        }
        else if (f.AmPm != 0)
        {
            throw Syntax(text, target);
        }

        if (target == Target.Time)
        {
            if (!f.HaveTime)
            {
                throw Syntax(text, target);
            }

            return time;
        }

        if (!f.HaveDate)
        {
            throw Syntax(text, target);
        }

        var date = ResolveDate(text, ref f);
        if (target == Target.Date)
        {
            return date < PgCalendar.MinDate || date > PgCalendar.MaxDate
                ? throw TypeErrors.Create(SqlState.DatetimeValueOutOfRange, $"date out of range: \"{text}\"")
                : date;
        }

        var local = date * PgCalendar.MicrosPerDay + time;
        var result = local;
        if (target == Target.TimestampTz)
        {
            var offset = f.HaveOffset ? f.OffsetSeconds : ValueText.LocalOffsetSeconds(f.Zone ?? context?.TimeZone ?? TimeZoneInfo.Utc, local);
            result = local - offset * PgCalendar.MicrosPerSecond;
        }

        if (local < PgCalendar.MinTimestamp || local >= PgCalendar.EndTimestamp || result < PgCalendar.MinTimestamp
            || result >= PgCalendar.EndTimestamp)
        {
            throw TypeErrors.Create(SqlState.DatetimeValueOutOfRange, $"timestamp out of range: \"{text}\"");
        }

        return result;
    }

    private static long ResolveTime(string text, ref Fields f)
    {
        var hour = f.Hour;
        if (f.AmPm != 0)
        {
            if (hour is < 1 or > 12)
            {
                throw FieldOverflow(text);
            }

            hour = f.AmPm == 1 ? (hour == 12 ? 0 : hour) : (hour == 12 ? 12 : hour + 12);
        }

        // 24:00:00 is allowed exactly; a leap second 60 is accepted (it rolls into the next minute).
        if (hour > 24 || f.Minute > 59 || f.Second > 60 || f.Fraction > 1_000_000
            || (hour == 24 && (f.Minute != 0 || f.Second != 0 || f.Fraction != 0)))
        {
            throw FieldOverflow(text);
        }

        return hour * PgCalendar.MicrosPerHour + f.Minute * PgCalendar.MicrosPerMinute + f.Second * PgCalendar.MicrosPerSecond + f.Fraction;
    }

    private static long ResolveDate(string text, ref Fields f)
    {
        var year = f.Year;
        if (f.TwoDigitYear && !f.Bc)
        {
            year += year < 70 ? 2000 : 1900;
        }

        if (f.Bc)
        {
            if (year == 0)
            {
                throw FieldOverflow(text);
            }

            year = 1 - year;
        }
        else if (year == 0)
        {
            throw FieldOverflow(text);
        }

        if (f.Month is < 1 or > 12)
        {
            throw FieldOverflow(text, f.NumericMonthOverflow);
        }

        if (f.Day < 1 || f.Day > PgCalendar.DaysInMonth(year, f.Month))
        {
            throw FieldOverflow(text);
        }

        if (year is < -4713 or > 5_874_897)
        {
            throw TypeErrors.Create(SqlState.DatetimeValueOutOfRange, $"date out of range: \"{text}\"");
        }

        return PgCalendar.DateToJulian(year, f.Month, f.Day) - (long)PgCalendar.EpochJulianDay;
    }

    private static long ResolveSpecial(string text, Target target, ref Fields f, EvalContext? context)
    {
        var zone = context?.TimeZone ?? TimeZoneInfo.Utc;
        var now = context is null || context.TransactionTimestamp == 0
            ? PgCalendar.FromDateTime(DateTime.UtcNow)
            : context.TransactionTimestamp;
        var localNow = now + ValueText.UtcOffsetSeconds(zone, now) * PgCalendar.MicrosPerSecond;
        var extraTime = f.HaveTime ? ResolveTime(text, ref f) : 0L;
        switch (f.Special)
        {
            case Special.Infinity or Special.NegativeInfinity:
                if (f.HaveDate || f.HaveTime || target == Target.Time)
                {
                    throw Syntax(text, target);
                }

                var positive = f.Special == Special.Infinity;
                return target == Target.Date ? (positive ? int.MaxValue : int.MinValue) : (positive ? long.MaxValue : long.MinValue);
            case Special.Epoch:
                if (f.HaveDate || target == Target.Time)
                {
                    throw Syntax(text, target);
                }

                const long unixEpoch = (long)(PgCalendar.UnixEpochJulianDay - PgCalendar.EpochJulianDay) * PgCalendar.MicrosPerDay;
                return target == Target.Date ? PgCalendar.UnixEpochJulianDay - PgCalendar.EpochJulianDay : unixEpoch + extraTime;
            case Special.Allballs:
                if (target != Target.Time)
                {
                    throw Syntax(text, target);
                }

                return 0;
            case Special.Now:
                return target switch
                {
                    Target.Date => PgCalendar.Split(localNow).Date,
                    Target.Time => PgCalendar.Split(localNow).TimeOfDay,
                    Target.Timestamp => localNow,
                    _ => now,
                };
            default:
                if (target == Target.Time || f.HaveDate)
                {
                    throw Syntax(text, target);
                }

                var day = (long)PgCalendar.Split(localNow).Date + (f.Special == Special.Tomorrow ? 1 : f.Special == Special.Yesterday ? -1 : 0);
                if (target == Target.Date)
                {
                    return day;
                }

                var local = day * PgCalendar.MicrosPerDay + extraTime;
                if (target == Target.Timestamp)
                {
                    return local;
                }

                var offset = f.HaveOffset ? f.OffsetSeconds : ValueText.LocalOffsetSeconds(f.Zone ?? zone, local);
                return local - offset * PgCalendar.MicrosPerSecond;
        }
    }
}
