using OmenDb.Common;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions.Formatting;

/// <summary>
/// Data type formatting functions (PostgreSQL docs 9.8): to_char for date/time, interval and numbers, to_date,
/// to_timestamp and to_number. A date goes to to_char(timestamptz) as in PostgreSQL (the preferred implicit cast).
/// </summary>
internal static class FormattingFunctions
{
    public static void Register(RegistryBuilder r)
    {
        PgType text = PgTypes.Text;
        r.Fn(2049, "to_char", [PgTypes.Timestamp, text], text, (a, _) => DateTimeFormatter.FormatTimestamp((long)a[0]!, null, (string)a[1]!));
        r.Fn(1770, "to_char", [PgTypes.TimestampTz, text], text,
            (a, c) => DateTimeFormatter.FormatTimestamp((long)a[0]!, c.TimeZone, (string)a[1]!), Volatility.Stable);
        r.Fn(1768, "to_char", [PgTypes.Interval, text], text, (a, _) => DateTimeFormatter.FormatInterval((PgInterval)a[0]!, (string)a[1]!));
        r.Fn(1772, "to_char", [PgTypes.Numeric, text], text, (a, _) => NumberFormatter.Format((PgNumeric)a[0]!, (string)a[1]!));
        r.Fn(1773, "to_char", [PgTypes.Int4, text], text, (a, _) => NumberFormatter.Format((decimal)(int)a[0]!, (string)a[1]!));
        r.Fn(1774, "to_char", [PgTypes.Int8, text], text, (a, _) => NumberFormatter.Format((decimal)(long)a[0]!, (string)a[1]!));
        r.Fn(1775, "to_char", [PgTypes.Float4, text], text, (a, _) => NumberFormatter.Format((double)(float)a[0]!, (string)a[1]!));
        r.Fn(1776, "to_char", [PgTypes.Float8, text], text, (a, _) => NumberFormatter.Format((double)a[0]!, (string)a[1]!));

        r.Fn(1780, "to_date", [text, text], PgTypes.Date,
            (a, _) => (int)PgCalendar.FloorDiv(DateTimeParser.Parse((string)a[0]!, (string)a[1]!), PgInterval.MicrosPerDay), Volatility.Stable);
        r.Fn(1778, "to_timestamp", [text, text], PgTypes.TimestampTz, (a, c) =>
        {
            var local = DateTimeParser.Parse((string)a[0]!, (string)a[1]!);
            return local - (ValueText.LocalOffsetSeconds(c.TimeZone, local) * PgCalendar.MicrosPerSecond);
        }, Volatility.Stable);
        r.Fn(1777, "to_number", [text, text], PgTypes.Numeric, (a, _) => NumberFormatter.Parse((string)a[0]!, (string)a[1]!), Volatility.Stable);
    }
}
