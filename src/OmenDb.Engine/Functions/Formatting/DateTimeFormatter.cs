using System.Globalization;
using System.Text;
using OmenDb.Engine.Functions.Temporal;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions.Formatting;

/// <summary>to_char for timestamp, timestamptz, date (as a timestamp) and interval, as PostgreSQL's DCH_to_char.</summary>
internal static class DateTimeFormatter
{
    /// <summary>The broken-down value a template reads.</summary>
    private readonly record struct Parts(
        long Year, int Month, long Day, long Hour, int Minute, int Second, int Micros, int DayOfYear, int DayOfWeek, long Julian,
        int IsoYear, int IsoWeek, int IsoDayOfYear, int OffsetSeconds, string? ZoneName, bool IsInterval);

    /// <summary>to_char(timestamp): <paramref name="zone"/> is the session zone for timestamptz, null for timestamp.</summary>
    public static string FormatTimestamp(long micros, TimeZoneInfo? zone, string template)
    {
        var offset = zone is null ? 0 : ValueText.UtcOffsetSeconds(zone, micros);
        var local = micros + (offset * PgCalendar.MicrosPerSecond);
        var (date, time) = PgCalendar.Split(local);
        var julian = date + PgCalendar.EpochJulianDay;
        var (y, m, d) = PgCalendar.JulianToDate(julian);
        var (isoYear, isoWeek) = DateTimeFunctions.IsoWeek(date);
        var isoStart = DateTimeFunctions.IsoYearStart(isoYear);
        var zoneName = zone is null ? null : ReferenceEquals(zone, TimeZoneInfo.Utc) ? "UTC" : OffsetText(offset, false);
        var parts = new Parts(y, m, d, time / PgCalendar.MicrosPerHour, (int)(time / PgCalendar.MicrosPerMinute % 60),
            (int)(time / PgCalendar.MicrosPerSecond % 60), (int)(time % PgCalendar.MicrosPerSecond),
            date - PgCalendar.DateToJulian(y, 1, 1) + PgCalendar.EpochJulianDay + 1, PgCalendar.DayOfWeek(date), julian,
            isoYear, isoWeek, (int)(date - isoStart) + 1, offset, zoneName, false);
        return Format(parts, template);
    }

    /// <summary>to_char(interval): years and months from the month count, days, and the time part as hours (not
    /// wrapped at 24), minutes and seconds.</summary>
    public static string FormatInterval(PgInterval iv, string template)
    {
        var time = iv.Microseconds;
        var parts = new Parts(iv.Months / 12, iv.Months % 12, iv.Days, time / PgCalendar.MicrosPerHour, (int)(time / PgCalendar.MicrosPerMinute % 60),
            (int)(time / PgCalendar.MicrosPerSecond % 60), (int)(time % PgCalendar.MicrosPerSecond), 0, 0, 0, 0, 0, 0, 0, null, true);
        return Format(parts, template);
    }

    private static string Format(Parts p, string template)
    {
        var sb = new StringBuilder();
        foreach (var node in DateTimeTemplate.Parse(template))
        {
            if (!node.IsKeyword)
            {
                sb.Append(node.Literal);
                continue;
            }

            var fm = node.FillMode;
            long? number = null;
            var width = 0;
            switch (node.Key)
            {
                case "A.M." or "P.M." or "AM" or "PM":
                    {
                        var pm = p.Hour % 24 >= 12;
                        var text = node.Key.Length == 4 ? (pm ? "P.M." : "A.M.") : (pm ? "PM" : "AM");
                        sb.Append(char.IsLower(node.Spelling[0]) ? text.ToLowerInvariant() : text);
                        continue;
                    }

                case "A.D." or "B.C." or "AD" or "BC":
                    {
                        var bc = p.Year <= 0;
                        var text = node.Key.Length == 4 ? (bc ? "B.C." : "A.D.") : (bc ? "BC" : "AD");
                        sb.Append(char.IsLower(node.Spelling[0]) ? text.ToLowerInvariant() : text);
                        continue;
                    }

                case "HH" or "HH12":
                    number = p.Hour % 12 == 0 ? 12 : p.Hour % 12;
                    width = 2;
                    break;
                case "HH24":
                    number = p.Hour;
                    width = 2;
                    break;
                case "MI":
                    number = p.Minute;
                    width = 2;
                    break;
                case "SS":
                    number = p.Second;
                    width = 2;
                    break;
                case "MS":
                    number = p.Micros / 1000;
                    width = 3;
                    break;
                case "US":
                    number = p.Micros;
                    width = 6;
                    break;
                case "FF1" or "FF2" or "FF3" or "FF4" or "FF5" or "FF6":
                    width = node.Key[2] - '0';
                    number = p.Micros / (long)Math.Pow(10, 6 - width);
                    break;
                case "SSSS" or "SSSSS":
                    number = (p.Hour * 3600) + (p.Minute * 60) + p.Second;
                    break;
                case "TZ":
                    sb.Append(p.ZoneName is null ? "" : char.IsLower(node.Spelling[0]) ? p.ZoneName.ToLowerInvariant() : p.ZoneName);
                    continue;
                case "OF":
                    sb.Append(OffsetText(p.OffsetSeconds, fm));
                    continue;
                case "TZH":
                    sb.Append(p.OffsetSeconds < 0 ? '-' : '+').Append(DateTimeTemplate.Number(Math.Abs(p.OffsetSeconds) / 3600, 2, fm));
                    continue;
                case "TZM":
                    sb.Append(DateTimeTemplate.Number(Math.Abs(p.OffsetSeconds) / 60 % 60, 2, fm));
                    continue;
                case "Y,YYY":
                    {
                        var y = YearForDisplay(p);
                        sb.Append((y / 1000).ToString(CultureInfo.InvariantCulture)).Append(',')
                            .Append((y % 1000).ToString("000", CultureInfo.InvariantCulture));
                        continue;
                    }

                case "YYYY":
                    number = YearForDisplay(p);
                    width = 4;
                    break;
                case "YYY":
                    number = YearForDisplay(p) % 1000;
                    width = 3;
                    break;
                case "YY":
                    number = YearForDisplay(p) % 100;
                    width = 2;
                    break;
                case "Y":
                    number = YearForDisplay(p) % 10;
                    width = 1;
                    break;
                case "IYYY" or "IYY" or "IY" or "I":
                    width = node.Key.Length;
                    number = node.Key.Length == 4 ? p.IsoYear : p.IsoYear % (long)Math.Pow(10, width);
                    break;
                case "MONTH" or "MON":
                    {
                        if (p.Month == 0)
                        {
                            continue;
                        }

                        var name = DateTimeTemplate.MonthNames[p.Month - 1];
                        name = DateTimeTemplate.Cased(node.Key == "MON" ? name[..3] : name, node.Spelling);
                        sb.Append(node.Key == "MONTH" && !fm ? name.PadRight(9) : name);
                        continue;
                    }

                case "MM":
                    number = p.Month;
                    width = 2;
                    break;
                case "DAY" or "DY":
                    {
                        var name = DateTimeTemplate.DayNames[p.DayOfWeek];
                        name = DateTimeTemplate.Cased(node.Key == "DY" ? name[..3] : name, node.Spelling);
                        sb.Append(node.Key == "DAY" && !fm ? name.PadRight(9) : name);
                        continue;
                    }

                case "DDD":
                    number = p.DayOfYear;
                    width = 3;
                    break;
                case "IDDD":
                    number = p.IsoDayOfYear;
                    width = 3;
                    break;
                case "DD":
                    number = p.Day;
                    width = 2;
                    break;
                case "D":
                    number = p.DayOfWeek + 1;
                    break;
                case "ID":
                    number = p.DayOfWeek == 0 ? 7 : p.DayOfWeek;
                    break;
                case "WW":
                    number = ((p.DayOfYear - 1) / 7) + 1;
                    width = 2;
                    break;
                case "IW":
                    number = p.IsoWeek;
                    width = 2;
                    break;
                case "W":
                    number = ((p.Day - 1) / 7) + 1;
                    break;
                case "CC":
                    number = p.Year > 0 ? (p.Year + 99) / 100 : -((99 - (p.Year - 1)) / 100);
                    width = 2;
                    break;
                case "J":
                    number = p.Julian;
                    break;
                case "Q":
                    if (p.Month == 0)
                    {
                        continue;
                    }

                    number = (p.Month + 2) / 3;
                    break;
                case "RM":
                    {
                        if (p.Month == 0)
                        {
                            continue;
                        }

                        var roman = DateTimeTemplate.RomanMonths[p.Month - 1];
                        roman = char.IsLower(node.Spelling[0]) ? roman.ToLowerInvariant() : roman;
                        sb.Append(fm ? roman : roman.PadRight(4));
                        continue;
                    }
            }

            if (number is { } n)
            {
                sb.Append(DateTimeTemplate.Number(n, width, fm));
                if (node.Ordinal)
                {
                    sb.Append(DateTimeTemplate.OrdinalSuffix(n, node.UpperOrdinal));
                }
            }
        }

        return sb.ToString();
    }

    /// <summary>Years before 1 AD count down from 1 BC (year 0 is 1 BC); intervals show their year count as is.</summary>
    private static long YearForDisplay(Parts p) => p.IsInterval || p.Year > 0 ? p.Year : 1 - p.Year;

    /// <summary>+hh[:mm] as OF prints it (and as the zone name of a zone without an abbreviation).</summary>
    private static string OffsetText(int offsetSeconds, bool fillMode)
    {
        var abs = Math.Abs(offsetSeconds);
        var text = (offsetSeconds < 0 ? "-" : "+") + DateTimeTemplate.Number(abs / 3600, 2, fillMode);
        return abs / 60 % 60 != 0 ? text + ":" + (abs / 60 % 60).ToString("00", CultureInfo.InvariantCulture) : text;
    }
}
