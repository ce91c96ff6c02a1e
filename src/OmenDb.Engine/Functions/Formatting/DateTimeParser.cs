using System.Globalization;
using OmenDb.Common;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions.Formatting;

/// <summary>
/// to_date and to_timestamp (PostgreSQL's DCH_from_char without FX): each keyword of the template reads its field from
/// the input (numbers up to the keyword's width, or to the next non-digit; names case-insensitively), template
/// separators match any run of separators, and the fields combine into a date and time with PostgreSQL's checks.
/// </summary>
internal static class DateTimeParser
{
    /// <summary>The parsed fields as a local timestamp in microseconds since 2000-01-01.</summary>
    public static long Parse(string input, string template)
    {
        int? year = null, month = null, day = null, dayOfYear = null, hour = null, minute = null, second = null;
        long micros = 0;
        bool? pm = null;
        var hour12 = false;
        var bc = false;
        long? julian = null;
        var pos = 0;
        var nodes = DateTimeTemplate.Parse(template);
        for (var k = 0; k < nodes.Count; k++)
        {
            var node = nodes[k];

            // A field directly followed by another field reads only its nominal width (YYYYMMDD).
            var yearWidth = k + 1 < nodes.Count && nodes[k + 1].IsKeyword ? 4 : int.MaxValue;
            if (!node.IsKeyword)
            {
                // A separator (or literal) in the template skips the same number of characters, and any extra spaces.
                foreach (var c in node.Literal)
                {
                    if (pos < input.Length && (input[pos] == c || (!char.IsLetterOrDigit(input[pos]) && !char.IsLetterOrDigit(c))))
                    {
                        pos++;
                    }
                    else if (c == ' ')
                    {
                        continue;
                    }
                }

                continue;
            }

            SkipSpaces(input, ref pos);
            switch (node.Key)
            {
                case "YYYY" or "IYYY":
                    year = ReadNumber(input, ref pos, node, yearWidth);
                    break;
                case "Y,YYY":
                    {
                        var thousands = ReadNumber(input, ref pos, node, 3);
                        if (pos < input.Length && input[pos] == ',')
                        {
                            pos++;
                        }

                        year = (thousands * 1000) + ReadNumber(input, ref pos, node, 3);
                        break;
                    }

                case "YYY" or "IYY":
                    year = Century(ReadNumber(input, ref pos, node, 3));
                    break;
                case "YY" or "IY":
                    year = Century(ReadNumber(input, ref pos, node, 2));
                    break;
                case "Y" or "I":
                    year = Century(ReadNumber(input, ref pos, node, 1));
                    break;
                case "MM":
                    month = ReadNumber(input, ref pos, node, 2);
                    break;
                case "MONTH" or "MON":
                    month = ReadName(input, ref pos, node, DateTimeTemplate.MonthNames, node.Key == "MON") + 1;
                    break;
                case "RM":
                    month = ReadName(input, ref pos, node, DateTimeTemplate.RomanMonths, false) + 1;
                    break;
                case "DAY" or "DY":
                    ReadName(input, ref pos, node, DateTimeTemplate.DayNames, node.Key == "DY");
                    break;
                case "DD":
                    day = ReadNumber(input, ref pos, node, 2);
                    break;
                case "DDD" or "IDDD":
                    dayOfYear = ReadNumber(input, ref pos, node, 3);
                    break;
                case "D" or "ID":
                    ReadNumber(input, ref pos, node, 1);
                    break;
                case "J":
                    julian = ReadNumber(input, ref pos, node, int.MaxValue);
                    break;
                case "HH" or "HH12":
                    hour = ReadNumber(input, ref pos, node, 2);
                    hour12 = true;
                    break;
                case "HH24":
                    hour = ReadNumber(input, ref pos, node, 2);
                    break;
                case "MI":
                    minute = ReadNumber(input, ref pos, node, 2);
                    break;
                case "SS":
                    second = ReadNumber(input, ref pos, node, 2);
                    break;
                case "MS" or "US" or "FF1" or "FF2" or "FF3" or "FF4" or "FF5" or "FF6":
                    {
                        var start = pos;
                        var width = node.Key switch { "MS" => 3, "US" => 6, _ => node.Key[2] - '0' };
                        var digits = ReadNumber(input, ref pos, node, width);
                        var count = pos - start;
                        micros = digits * (long)Math.Pow(10, (node.Key == "MS" ? 3 : 6) - count) * (node.Key == "MS" ? 1000 : 1);
                        break;
                    }

                case "SSSS" or "SSSSS":
                    {
                        var s = ReadNumber(input, ref pos, node, int.MaxValue);
                        hour = s / 3600;
                        minute = s / 60 % 60;
                        second = s % 60;
                        break;
                    }

                case "AM" or "PM" or "A.M." or "P.M.":
                    pm = ReadName(input, ref pos, node, node.Key.Length == 4 ? ["A.M.", "P.M."] : ["AM", "PM"], false) == 1;
                    break;
                case "AD" or "BC" or "A.D." or "B.C.":
                    bc = ReadName(input, ref pos, node, node.Key.Length == 4 ? ["A.D.", "B.C."] : ["AD", "BC"], false) == 1;
                    break;
                case "Q" or "W" or "WW" or "IW" or "CC":
                    ReadNumber(input, ref pos, node, 2);
                    break;
                case "TZ" or "OF" or "TZH" or "TZM":
                    throw new PgException(SqlState.FeatureNotSupported, $"formatting field \"{node.Spelling}\" is only supported in to_char");
            }
        }

        if (hour12)
        {
            if (hour is < 1 or > 12)
            {
                throw new PgException(SqlState.InvalidDatetimeFormat, $"hour \"{hour}\" is invalid for the 12-hour clock")
                {
                    Hint = "Use the 24-hour clock, or give an hour between 1 and 12.",
                };
            }

            hour = (hour % 12) + (pm == true ? 12 : 0);
        }
        else if (pm == true && hour < 12)
        {
            hour += 12;
        }

        int date;
        if (julian is { } j)
        {
            date = (int)(j - PgCalendar.EpochJulianDay);
        }
        else
        {
            // No year field: year 0, which is 1 BC, as in PostgreSQL.
            var y = year ?? 0;
            if (bc)
            {
                y = 1 - y;
            }

            if (dayOfYear is { } doy && month is null && day is null)
            {
                if (doy < 1 || doy > (PgCalendar.IsLeapYear(y) ? 366 : 365))
                {
                    throw OutOfRange(input);
                }

                date = PgCalendar.DateToJulian(y, 1, 1) - PgCalendar.EpochJulianDay + doy - 1;
            }
            else
            {
                var m = month ?? 1;
                var d = day ?? 1;
                if (m is < 1 or > 12 || d < 1 || d > PgCalendar.DaysInMonth(y, m))
                {
                    throw OutOfRange(input);
                }

                date = PgCalendar.DateToJulian(y, m, d) - PgCalendar.EpochJulianDay;
            }
        }

        var h = hour ?? 0;
        var mi = minute ?? 0;
        var sec = second ?? 0;
        if (h is < 0 or > 24 || mi is < 0 or > 59 || sec is < 0 or > 60 || (h == 24 && (mi > 0 || sec > 0 || micros > 0)))
        {
            throw OutOfRange(input);
        }

        return (date * PgInterval.MicrosPerDay) + (h * PgCalendar.MicrosPerHour) + (mi * PgCalendar.MicrosPerMinute)
            + (sec * PgCalendar.MicrosPerSecond) + micros;
    }

    private static PgException OutOfRange(string input)
        => new(SqlState.DatetimeFieldOverflow, $"date/time field value out of range: \"{input}\"");

    /// <summary>YYY, YY, Y: a partial year moved toward 2020 (adjust_partial_year_to_2020: 69 is 2069, 70 is 1970,
    /// 519 is 2519, 520 is 1520).</summary>
    private static int Century(int year) => year switch
    {
        < 70 => year + 2000,
        < 100 => year + 1900,
        < 520 => year + 2000,
        < 1000 => year + 1000,
        _ => year,
    };

    private static void SkipSpaces(string input, ref int pos)
    {
        while (pos < input.Length && input[pos] == ' ')
        {
            pos++;
        }
    }

    private static int ReadNumber(string input, ref int pos, DateTimeTemplate.Node node, int maxDigits)
    {
        var start = pos;
        if (pos < input.Length && input[pos] is '-' or '+')
        {
            pos++;
        }

        while (pos < input.Length && char.IsAsciiDigit(input[pos]) && pos - start < maxDigits)
        {
            pos++;
        }

        var text = input[start..pos];
        if (text.Length == 0 || text is "-" or "+" || !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            var end = start;
            while (end < input.Length && !char.IsWhiteSpace(input[end]))
            {
                end++;
            }

            throw new PgException(SqlState.InvalidDatetimeFormat, $"invalid value \"{input[start..end]}\" for \"{node.Spelling}\"")
            {
                Detail = "Value must be an integer.",
            };
        }

        return value;
    }

    private static int ReadName(string input, ref int pos, DateTimeTemplate.Node node, string[] names, bool abbreviated)
    {
        for (var k = 0; k < names.Length; k++)
        {
            var name = abbreviated ? names[k][..3] : names[k];
            if (pos + name.Length <= input.Length && string.Compare(input, pos, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                pos += name.Length;
                return k;
            }
        }

        var end = pos;
        while (end < input.Length && char.IsLetter(input[end]))
        {
            end++;
        }

        throw new PgException(SqlState.InvalidDatetimeFormat, $"invalid value \"{input[pos..Math.Max(end, Math.Min(pos + 1, input.Length))]}\" for \"{node.Spelling}\"")
        {
            Detail = "The given value did not match any of the allowed values for this field.",
        };
    }
}
