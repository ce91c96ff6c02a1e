using System.Globalization;
using OmenDb.Common;
using OmenDb.Engine.Types;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Functions.Temporal;

/// <summary>Date/time functions (PostgreSQL docs 9.9): clocks, date_part/extract, date_trunc, age, make_*, justify_*,
/// AT TIME ZONE (timezone), date_bin.</summary>
internal static partial class DateTimeFunctions
{
    private enum Target
    {
        Timestamp,
        TimestampTz,
        Date,
        Time,
        Interval,
    }

    private static string TypeName(Target t) => t switch
    {
        Target.Timestamp => "timestamp without time zone",
        Target.TimestampTz => "timestamp with time zone",
        Target.Date => "date",
        Target.Time => "time without time zone",
        _ => "interval",
    };

    public static void Register(RegistryBuilder r)
    {
        r.Fn(1299, "now", [], TimestampTz, (_, c) => c.TransactionTimestamp, Volatility.Stable);
        r.Fn(2647, "transaction_timestamp", [], TimestampTz, (_, c) => c.TransactionTimestamp, Volatility.Stable);
        r.Fn(2648, "statement_timestamp", [], TimestampTz, (_, c) => c.StatementTimestamp, Volatility.Stable);
        r.Fn(2649, "clock_timestamp", [], TimestampTz, (_, _) => DateTimeMath.FromDateTime(DateTime.UtcNow), Volatility.Volatile);
        r.Fn(2626, "pg_sleep", [Float8], PgTypes.Void, (a, c) => Sleep((double)a[0]!, c), Volatility.Volatile);
        r.Fn(274, "timeofday", [], Text, (_, c) => TimeOfDay(c), Volatility.Volatile);

        r.Fn(2021, "date_part", [Text, Timestamp], Float8, (a, _) => ToDouble(PartTimestamp((string)a[0]!, (long)a[1]!, null, Target.Timestamp)));
        r.Fn(1171, "date_part", [Text, TimestampTz], Float8,
            (a, c) => ToDouble(PartTimestamp((string)a[0]!, (long)a[1]!, c.TimeZone, Target.TimestampTz)), Volatility.Stable);
        r.Fn(1384, "date_part", [Text, Date], Float8,
            (a, _) => ToDouble(PartTimestamp((string)a[0]!, DateTimeMath.DateToTimestamp((int)a[1]!), null, Target.Timestamp)));
        r.Fn(1385, "date_part", [Text, Time], Float8, (a, _) => ToDouble(PartTime((string)a[0]!, (long)a[1]!)));
        r.Fn(1172, "date_part", [Text, Interval], Float8, (a, _) => ToDouble(PartInterval((string)a[0]!, (PgInterval)a[1]!)));
        r.Fn(6202, "extract", [Text, Timestamp], Numeric, (a, _) => ToNumeric(PartTimestamp((string)a[0]!, (long)a[1]!, null, Target.Timestamp)));
        r.Fn(6203, "extract", [Text, TimestampTz], Numeric,
            (a, c) => ToNumeric(PartTimestamp((string)a[0]!, (long)a[1]!, c.TimeZone, Target.TimestampTz)), Volatility.Stable);
        r.Fn(6199, "extract", [Text, Date], Numeric, (a, _) => ToNumeric(PartDate((string)a[0]!, (int)a[1]!)));
        r.Fn(6200, "extract", [Text, Time], Numeric, (a, _) => ToNumeric(PartTime((string)a[0]!, (long)a[1]!)));
        r.Fn(6204, "extract", [Text, Interval], Numeric, (a, _) => ToNumeric(PartInterval((string)a[0]!, (PgInterval)a[1]!)));

        r.Fn(2020, "date_trunc", [Text, Timestamp], Timestamp, (a, _) => TruncTimestamp((string)a[0]!, (long)a[1]!, null, Target.Timestamp));
        r.Fn(1217, "date_trunc", [Text, TimestampTz], TimestampTz,
            (a, c) => TruncTimestamp((string)a[0]!, (long)a[1]!, c.TimeZone, Target.TimestampTz), Volatility.Stable);
        r.Fn(1284, "date_trunc", [Text, TimestampTz, Text], TimestampTz,
            (a, _) => TruncTimestamp((string)a[0]!, (long)a[1]!, FindZone((string)a[2]!), Target.TimestampTz), Volatility.Stable);
        r.Fn(1218, "date_trunc", [Text, Interval], Interval, (a, _) => TruncInterval((string)a[0]!, (PgInterval)a[1]!));

        r.Fn(2058, "age", [Timestamp, Timestamp], Interval, (a, _) => Age((long)a[0]!, (long)a[1]!));
        r.Fn(1199, "age", [TimestampTz, TimestampTz], Interval,
            (a, c) => Age(DateTimeMath.ToLocal((long)a[0]!, c.TimeZone), DateTimeMath.ToLocal((long)a[1]!, c.TimeZone)));
        r.Fn(2059, "age", [Timestamp], Interval, (a, c) => Age(Today(c), (long)a[0]!), Volatility.Stable);
        r.Fn(1386, "age", [TimestampTz], Interval,
            (a, c) => Age(Today(c), DateTimeMath.ToLocal((long)a[0]!, c.TimeZone)), Volatility.Stable);

        r.Fn(3846, "make_date", [Int4, Int4, Int4], Date, (a, _) => MakeDate((int)a[0]!, (int)a[1]!, (int)a[2]!),
            argNames: ["year", "month", "day"]);
        r.Fn(3847, "make_time", [Int4, Int4, Float8], Time, (a, _) => MakeTime((int)a[0]!, (int)a[1]!, (double)a[2]!),
            argNames: ["hour", "min", "sec"]);
        r.Fn(3461, "make_timestamp", [Int4, Int4, Int4, Int4, Int4, Float8], Timestamp,
            (a, _) => MakeTimestamp(a), argNames: ["year", "month", "mday", "hour", "min", "sec"]);
        r.Fn(3462, "make_timestamptz", [Int4, Int4, Int4, Int4, Int4, Float8], TimestampTz,
            (a, c) => DateTimeMath.FromLocal(MakeTimestamp(a), c.TimeZone), Volatility.Stable);
        r.Fn(3463, "make_timestamptz", [Int4, Int4, Int4, Int4, Int4, Float8, Text], TimestampTz,
            (a, _) => DateTimeMath.FromLocal(MakeTimestamp(a), FindZone((string)a[6]!)), Volatility.Stable);
        r.Fn(3464, "make_interval", [Int4, Int4, Int4, Int4, Int4, Int4, Float8], Interval, (a, _) => MakeInterval(a), minArgs: 0,
            argNames: ["years", "months", "weeks", "days", "hours", "mins", "secs"], defaults: [0, 0, 0, 0, 0, 0, 0.0]);

        r.Fn(1295, "justify_days", [Interval], Interval, (a, _) => DateTimeMath.JustifyDays((PgInterval)a[0]!));
        r.Fn(1175, "justify_hours", [Interval], Interval, (a, _) => DateTimeMath.JustifyHours((PgInterval)a[0]!));
        r.Fn(2711, "justify_interval", [Interval], Interval, (a, _) => JustifyInterval((PgInterval)a[0]!));
        r.Fn(1373, "isfinite", [Date], Bool, (a, _) => DateTimeMath.IsFiniteDate((int)a[0]!));
        r.Fn(1389, "isfinite", [TimestampTz], Bool, (a, _) => DateTimeMath.IsFinite((long)a[0]!));
        r.Fn(2048, "isfinite", [Timestamp], Bool, (a, _) => DateTimeMath.IsFinite((long)a[0]!));
        r.Fn(1390, "isfinite", [Interval], Bool, (_, _) => true);

        r.Fn(2069, "timezone", [Text, Timestamp], TimestampTz, (a, _) => DateTimeMath.FromLocal((long)a[1]!, FindZone((string)a[0]!)));
        r.Fn(1159, "timezone", [Text, TimestampTz], Timestamp, (a, _) => DateTimeMath.ToLocal((long)a[1]!, FindZone((string)a[0]!)));
        r.Fn(2070, "timezone", [Interval, Timestamp], TimestampTz,
            (a, _) => ShiftFinite((long)a[1]!, -IntervalZone((PgInterval)a[0]!)));
        r.Fn(1026, "timezone", [Interval, TimestampTz], Timestamp,
            (a, _) => ShiftFinite((long)a[1]!, IntervalZone((PgInterval)a[0]!)));
        r.Fn(6177, "date_bin", [Interval, Timestamp, Timestamp], Timestamp, (a, _) => DateBin((PgInterval)a[0]!, (long)a[1]!, (long)a[2]!));
        r.Fn(6178, "date_bin", [Interval, TimestampTz, TimestampTz], TimestampTz,
            (a, _) => DateBin((PgInterval)a[0]!, (long)a[1]!, (long)a[2]!));
        r.Fn(1158, "to_timestamp", [Float8], TimestampTz, (a, _) => ToTimestamp((double)a[0]!));
    }

    /// <summary>A time zone by name (IANA, abbreviation or POSIX offset), or 22023 as PostgreSQL reports it.</summary>
    internal static TimeZoneInfo FindZone(string name) =>
        DateTimeInput.FindZone(name) ?? FunctionErrors.InvalidParameter<TimeZoneInfo>($"time zone \"{name}\" not recognized");

    private static long IntervalZone(PgInterval iv)
    {
        if (iv.Months != 0 || iv.Days != 0)
        {
            return FunctionErrors.InvalidParameter<long>(
                $"interval time zone \"{ValueText.Format(Interval, iv)}\" must not include months or days");
        }

        return iv.Microseconds;
    }

    private static long ShiftFinite(long ts, long delta) => DateTimeMath.IsFinite(ts) ? ts + delta : ts;

    private static long Today(EvalContext c)
    {
        var local = DateTimeMath.ToLocal(c.TransactionTimestamp, c.TimeZone);
        return DateTimeMath.SplitMicros(local).Days * DateTimeMath.MicrosPerDay;
    }

    private static string TimeOfDay(EvalContext c)
    {
        var now = DateTimeMath.FromDateTime(DateTime.UtcNow);
        var local = DateTimeMath.ToLocal(now, c.TimeZone);
        var (y, mo, d, h, mi, s, us) = DateTimeMath.Fields(local);
        var dow = (int)PgCalendarDow(DateTimeMath.SplitMicros(local).Days);
        string[] days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
        string[] months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        return string.Create(CultureInfo.InvariantCulture,
            $"{days[dow]} {months[mo - 1]} {d:00} {h:00}:{mi:00}:{s:00}.{us:000000} {y} {c.TimeZoneName}");
    }

    /// <summary>Day of week, 0 = Sunday.</summary>
    internal static long PgCalendarDow(long days) => ((days + 6) % 7 + 7) % 7;

    /// <summary>ISO 8601 year and week of a day number.</summary>
    internal static (int IsoYear, int Week) IsoWeek(long days)
    {
        var isodow = PgCalendarDow(days);
        if (isodow == 0)
        {
            isodow = 7;
        }

        var thursday = days - isodow + 4;
        var (ty, _, _) = DateTimeMath.CivilFromDays(thursday);
        var doy = thursday - DateTimeMath.DaysFromCivil(ty, 1, 1);
        return (ty, (int)(doy / 7) + 1);
    }

    /// <summary>Day number of the Monday of ISO week 1 of an ISO year.</summary>
    internal static long IsoYearStart(int isoYear)
    {
        long jan4 = DateTimeMath.DaysFromCivil(isoYear, 1, 4);
        var isodow = PgCalendarDow(jan4);
        if (isodow == 0)
        {
            isodow = 7;
        }

        return jan4 - isodow + 1;
    }

    private static object? ToDouble(object? v) => v switch
    {
        null => null,
        PgNumeric d => d.ToDouble(),
        double x => x,
        long l => (double)l,
        _ => Convert.ToDouble(v, CultureInfo.InvariantCulture),
    };

    private static object? ToNumeric(object? v) => v switch
    {
        null => null,
        double x => PgNumeric.FromDouble(x),
        _ => v,
    };

    private static PgException Unsupported(string unit, Target t) =>
        new(SqlState.FeatureNotSupported, $"unit \"{unit}\" not supported for type {TypeName(t)}");

    private static PgException Unrecognized(string unit, Target t) =>
        new(SqlState.InvalidParameterValue, $"unit \"{unit}\" not recognized for type {TypeName(t)}");

    private static int DisplayYear(int y) => y > 0 ? y : y - 1;

    private static int Century(int y) => y > 0 ? (y + 99) / 100 : -((99 - (y - 1)) / 100);

    private static int Decade(int y) => y >= 0 ? y / 10 : -((8 - (y - 1)) / 10);

    private static int Millennium(int y) => y > 0 ? (y + 999) / 1000 : -((999 - (y - 1)) / 1000);

    /// <summary>A date/timestamp field: numeric for exact numeric parts, double ±Infinity for infinite inputs.</summary>
    private static object? PartTimestamp(string unitText, long ts, TimeZoneInfo? tz, Target target)
    {
        var unit = DateUnits.Parse(unitText);
        if (unit == DateUnit.Unknown)
        {
            throw Unrecognized(unitText, target);
        }

        if (tz is null && unit is DateUnit.Timezone or DateUnit.TimezoneHour or DateUnit.TimezoneMinute)
        {
            throw Unsupported(unitText, target);
        }

        if (!DateTimeMath.IsFinite(ts))
        {
            // Monotonic fields of infinite inputs are ±Infinity; others are null.
            return unit is DateUnit.Year or DateUnit.Decade or DateUnit.Century or DateUnit.Millennium or DateUnit.Julian
                or DateUnit.IsoYear or DateUnit.Epoch
                ? (ts == long.MaxValue ? double.PositiveInfinity : double.NegativeInfinity)
                : null;
        }

        var local = tz is null ? ts : DateTimeMath.ToLocal(ts, tz);
        var (y, mo, d, h, mi, s, us) = DateTimeMath.Fields(local);
        var days = DateTimeMath.SplitMicros(local).Days;
        switch (unit)
        {
            case DateUnit.Microseconds:
                return (PgNumeric)(s * 1_000_000L + us);
            case DateUnit.Milliseconds:
                return new PgNumeric(s * 1_000_000L + us, 3);
            case DateUnit.Second:
                return new PgNumeric(s * 1_000_000L + us, 6);
            case DateUnit.Minute:
                return (PgNumeric)mi;
            case DateUnit.Hour:
                return (PgNumeric)h;
            case DateUnit.Day:
                return (PgNumeric)d;
            case DateUnit.Month:
                return (PgNumeric)mo;
            case DateUnit.Quarter:
                return (PgNumeric)((mo - 1) / 3 + 1);
            case DateUnit.Week:
                return (PgNumeric)IsoWeek(days).Week;
            case DateUnit.Year:
                return (PgNumeric)DisplayYear(y);
            case DateUnit.Decade:
                return (PgNumeric)Decade(y);
            case DateUnit.Century:
                return (PgNumeric)Century(y);
            case DateUnit.Millennium:
                return (PgNumeric)Millennium(y);
            case DateUnit.Julian:
            {
                var tod = local - days * DateTimeMath.MicrosPerDay;
                return (PgNumeric)(days + DateTimeMath.JulianEpoch) + ((PgNumeric)tod / DateTimeMath.MicrosPerDay);
            }

            case DateUnit.IsoYear:
            {
                var iy = IsoWeek(days).IsoYear;
                return (PgNumeric)(iy <= 0 ? iy - 1 : iy);
            }

            case DateUnit.Dow:
                return (PgNumeric)PgCalendarDow(days);
            case DateUnit.IsoDow:
            {
                var dow = PgCalendarDow(days);
                return (PgNumeric)(dow == 0 ? 7 : dow);
            }

            case DateUnit.Doy:
                return (PgNumeric)(days - DateTimeMath.DaysFromCivil(y, 1, 1) + 1);
            case DateUnit.Epoch:
                return new PgNumeric(ts - (long)DateTimeMath.UnixEpochDays * -DateTimeMath.MicrosPerDay, 6);
            case DateUnit.Timezone:
            {
                var off = (local - ts) / 1_000_000;
                return (PgNumeric)off;
            }

            case DateUnit.TimezoneHour:
                return (PgNumeric)((local - ts) / 1_000_000 / 3600);
            case DateUnit.TimezoneMinute:
                return (PgNumeric)((local - ts) / 1_000_000 / 60 % 60);
            default:
                throw Unsupported(unitText, target);
        }
    }

    private static object? PartDate(string unitText, int date)
    {
        var unit = DateUnits.Parse(unitText);
        switch (unit)
        {
            case DateUnit.Unknown:
                throw Unrecognized(unitText, Target.Date);
            case DateUnit.Day or DateUnit.Month or DateUnit.Year or DateUnit.Decade or DateUnit.Century or DateUnit.Millennium
                or DateUnit.IsoYear or DateUnit.Quarter or DateUnit.Week or DateUnit.Dow or DateUnit.IsoDow or DateUnit.Doy:
                return PartTimestamp(unitText, DateTimeMath.DateToTimestamp(date), null, Target.Date);
            case DateUnit.Julian:
                return DateTimeMath.IsFiniteDate(date) ? (PgNumeric)(date + DateTimeMath.JulianEpoch)
                    : date == int.MaxValue ? double.PositiveInfinity : double.NegativeInfinity;
            case DateUnit.Epoch:
                return DateTimeMath.IsFiniteDate(date) ? (PgNumeric)(((long)date + DateTimeMath.UnixEpochDays) * 86400L)
                    : date == int.MaxValue ? double.PositiveInfinity : double.NegativeInfinity;
            default:
                throw Unsupported(unitText, Target.Date);
        }
    }

    private static object PartTime(string unitText, long time)
    {
        var s = time % DateTimeMath.MicrosPerMinute;
        return DateUnits.Parse(unitText) switch
        {
            DateUnit.Unknown => throw Unrecognized(unitText, Target.Time),
            DateUnit.Microseconds => (PgNumeric)s,
            DateUnit.Milliseconds => new PgNumeric(s, 3),
            DateUnit.Second => new PgNumeric(s, 6),
            DateUnit.Minute => (PgNumeric)(time / DateTimeMath.MicrosPerMinute % 60),
            DateUnit.Hour => (PgNumeric)(time / DateTimeMath.MicrosPerHour),
            DateUnit.Epoch => new PgNumeric(time, 6),
            _ => throw Unsupported(unitText, Target.Time),
        };
    }

    private static object PartInterval(string unitText, PgInterval iv)
    {
        var s = iv.Microseconds % DateTimeMath.MicrosPerMinute;
        var years = iv.Months / 12;
        var months = iv.Months % 12;
        switch (DateUnits.Parse(unitText))
        {
            case DateUnit.Unknown:
                throw Unrecognized(unitText, Target.Interval);
            case DateUnit.Microseconds:
                return (PgNumeric)s;
            case DateUnit.Milliseconds:
                return new PgNumeric(s, 3);
            case DateUnit.Second:
                return new PgNumeric(s, 6);
            case DateUnit.Minute:
                return (PgNumeric)(iv.Microseconds / DateTimeMath.MicrosPerMinute % 60);
            case DateUnit.Hour:
                return (PgNumeric)(iv.Microseconds / DateTimeMath.MicrosPerHour);
            case DateUnit.Day:
                return (PgNumeric)iv.Days;
            case DateUnit.Month:
                return (PgNumeric)months;
            case DateUnit.Quarter:
                return (PgNumeric)(months / 3 + 1);
            case DateUnit.Year:
                return (PgNumeric)years;
            case DateUnit.Decade:
                return (PgNumeric)(years / 10);
            case DateUnit.Century:
                return (PgNumeric)(years / 100);
            case DateUnit.Millennium:
                return (PgNumeric)(years / 1000);
            case DateUnit.Epoch:
            {
                var secs = 31557600L * years + 2592000L * months + 86400L * iv.Days;
                return new PgNumeric((Int128)secs * 1_000_000 + iv.Microseconds, 6);
            }

            default:
                throw Unsupported(unitText, Target.Interval);
        }
    }

    private static long TruncTimestamp(string unitText, long ts, TimeZoneInfo? tz, Target target)
    {
        var unit = DateUnits.Parse(unitText);
        if (unit == DateUnit.Unknown)
        {
            throw Unrecognized(unitText, target);
        }

        if (!DateTimeMath.IsFinite(ts))
        {
            return ts;
        }

        var local = tz is null ? ts : DateTimeMath.ToLocal(ts, tz);
        var (y, mo, d, h, mi, s, us) = DateTimeMath.Fields(local);
        var days = DateTimeMath.SplitMicros(local).Days;
        long truncated;
        var dayOrLarger = true;
        switch (unit)
        {
            case DateUnit.Millennium:
                y = y > 0 ? (y + 999) / 1000 * 1000 - 999 : -((999 - (y - 1)) / 1000) * 1000 + 1;
                truncated = DateTimeMath.DaysFromCivil(y, 1, 1) * DateTimeMath.MicrosPerDay;
                break;
            case DateUnit.Century:
                y = y > 0 ? (y + 99) / 100 * 100 - 99 : -((99 - (y - 1)) / 100) * 100 + 1;
                truncated = DateTimeMath.DaysFromCivil(y, 1, 1) * DateTimeMath.MicrosPerDay;
                break;
            case DateUnit.Decade:
                y = y > 0 ? y / 10 * 10 : -((8 - (y - 1)) / 10) * 10;
                truncated = DateTimeMath.DaysFromCivil(y, 1, 1) * DateTimeMath.MicrosPerDay;
                break;
            case DateUnit.Year:
                truncated = DateTimeMath.DaysFromCivil(y, 1, 1) * DateTimeMath.MicrosPerDay;
                break;
            case DateUnit.Quarter:
                truncated = DateTimeMath.DaysFromCivil(y, (mo - 1) / 3 * 3 + 1, 1) * DateTimeMath.MicrosPerDay;
                break;
            case DateUnit.Month:
                truncated = DateTimeMath.DaysFromCivil(y, mo, 1) * DateTimeMath.MicrosPerDay;
                break;
            case DateUnit.Week:
            {
                var isodow = PgCalendarDow(days);
                isodow = isodow == 0 ? 7 : isodow;
                truncated = (days - isodow + 1) * DateTimeMath.MicrosPerDay;
                break;
            }

            case DateUnit.Day:
                truncated = days * DateTimeMath.MicrosPerDay;
                break;
            case DateUnit.Hour:
                dayOrLarger = false;
                truncated = days * DateTimeMath.MicrosPerDay + h * DateTimeMath.MicrosPerHour;
                break;
            case DateUnit.Minute:
                dayOrLarger = false;
                truncated = days * DateTimeMath.MicrosPerDay + h * DateTimeMath.MicrosPerHour + mi * DateTimeMath.MicrosPerMinute;
                break;
            case DateUnit.Second:
                dayOrLarger = false;
                truncated = local - us;
                break;
            case DateUnit.Milliseconds:
                dayOrLarger = false;
                truncated = local - us % 1000;
                break;
            case DateUnit.Microseconds:
                dayOrLarger = false;
                truncated = local;
                break;
            default:
                throw Unsupported(unitText, target);
        }

        _ = d;
        _ = s;
        if (tz is null)
        {
            return truncated;
        }

        return dayOrLarger ? DateTimeMath.FromLocal(truncated, tz) : truncated - (local - ts);
    }

    private static PgInterval TruncInterval(string unitText, PgInterval iv)
    {
        var unit = DateUnits.Parse(unitText);
        var years = iv.Months / 12;
        var months = iv.Months % 12;
        var time = iv.Microseconds;
        var hours = time / DateTimeMath.MicrosPerHour;
        var rem = time - hours * DateTimeMath.MicrosPerHour;
        var minutes = rem / DateTimeMath.MicrosPerMinute;
        var micros = rem - minutes * DateTimeMath.MicrosPerMinute;
        return unit switch
        {
            DateUnit.Unknown => throw Unrecognized(unitText, Target.Interval),
            DateUnit.Millennium => new PgInterval(years / 1000 * 1000 * 12, 0, 0),
            DateUnit.Century => new PgInterval(years / 100 * 100 * 12, 0, 0),
            DateUnit.Decade => new PgInterval(years / 10 * 10 * 12, 0, 0),
            DateUnit.Year => new PgInterval(years * 12, 0, 0),
            DateUnit.Quarter => new PgInterval(years * 12 + months / 3 * 3, 0, 0),
            DateUnit.Month => new PgInterval(iv.Months, 0, 0),
            DateUnit.Day => new PgInterval(iv.Months, iv.Days, 0),
            DateUnit.Hour => new PgInterval(iv.Months, iv.Days, hours * DateTimeMath.MicrosPerHour),
            DateUnit.Minute => new PgInterval(iv.Months, iv.Days, time - micros),
            DateUnit.Second => new PgInterval(iv.Months, iv.Days, time - micros % 1_000_000),
            DateUnit.Milliseconds => new PgInterval(iv.Months, iv.Days, time - micros % 1000),
            DateUnit.Microseconds => iv,
            DateUnit.Week => throw new PgException(SqlState.FeatureNotSupported, $"unit \"{unitText}\" not supported for type interval")
            {
                Detail = "Months usually have fractional weeks.",
            },
            _ => throw Unsupported(unitText, Target.Interval),
        };
    }

    /// <summary>timestamp_age: field-wise difference with borrowing, as PostgreSQL computes it.</summary>
    private static PgInterval Age(long dt1, long dt2)
    {
        if (!DateTimeMath.IsFinite(dt1) || !DateTimeMath.IsFinite(dt2))
        {
            return FunctionErrors.Error<PgInterval>(SqlState.DatetimeFieldOverflow, "cannot subtract infinite timestamps");
        }

        var t1 = DateTimeMath.Fields(dt1);
        var t2 = DateTimeMath.Fields(dt2);
        long fsec = t1.Micro - t2.Micro;
        long sec = t1.Second - t2.Second;
        long min = t1.Minute - t2.Minute;
        long hour = t1.Hour - t2.Hour;
        long mday = t1.Day - t2.Day;
        long mon = t1.Month - t2.Month;
        long year = t1.Year - t2.Year;
        var flip = dt1 < dt2;
        if (flip)
        {
            fsec = -fsec;
            sec = -sec;
            min = -min;
            hour = -hour;
            mday = -mday;
            mon = -mon;
            year = -year;
        }

        while (fsec < 0)
        {
            fsec += 1_000_000;
            sec--;
        }

        while (sec < 0)
        {
            sec += 60;
            min--;
        }

        while (min < 0)
        {
            min += 60;
            hour--;
        }

        while (hour < 0)
        {
            hour += 24;
            mday--;
        }

        while (mday < 0)
        {
            mday += flip ? DateTimeMath.DaysInMonth(t1.Year, t1.Month) : DateTimeMath.DaysInMonth(t2.Year, t2.Month);
            mon--;
        }

        while (mon < 0)
        {
            mon += 12;
            year--;
        }

        if (flip)
        {
            fsec = -fsec;
            sec = -sec;
            min = -min;
            hour = -hour;
            mday = -mday;
            mon = -mon;
            year = -year;
        }

        return new PgInterval((int)(year * 12 + mon), (int)mday,
            ((hour * 60 + min) * 60 + sec) * 1_000_000 + fsec);
    }

    private static string DateFieldError(int y, int m, int d) =>
        string.Create(CultureInfo.InvariantCulture, $"date field value out of range: {y}-{m:00}-{d:00}");

    private static int MakeDate(int year, int month, int day)
    {
        var y = year;
        if (year == 0 || month < 1 || month > 12)
        {
            return FunctionErrors.Error<int>(SqlState.DatetimeFieldOverflow, DateFieldError(year, month, day));
        }

        if (y < 0)
        {
            y++; // BC year n is astronomical year 1 - n.
        }

        if (day < 1 || day > DateTimeMath.DaysInMonth(y, month))
        {
            return FunctionErrors.Error<int>(SqlState.DatetimeFieldOverflow, DateFieldError(year, month, day));
        }

        return DateTimeMath.DaysFromCivil(y, month, day);
    }

    private static long TimeMicros(int h, int m, double sec)
    {
        if (h < 0 || m < 0 || m > 59 || sec < 0 || sec > 60 || h > 24 ||
            (h == 24 && (m > 0 || sec > 0)) || double.IsNaN(sec))
        {
            return FunctionErrors.Error<long>(SqlState.DatetimeFieldOverflow, string.Create(CultureInfo.InvariantCulture,
                $"time field value out of range: {h}:{m:00}:{ValueText.Format(Float8, sec).PadLeft(2, '0')}"));
        }

        return (h * 60L + m) * DateTimeMath.MicrosPerMinute + (long)Math.Round(sec * 1_000_000, MidpointRounding.ToEven);
    }

    private static long MakeTime(int h, int m, double sec) => TimeMicros(h, m, sec);

    private static long MakeTimestamp(ReadOnlySpan<object?> a)
    {
        var date = MakeDate((int)a[0]!, (int)a[1]!, (int)a[2]!);
        var time = TimeMicros((int)a[3]!, (int)a[4]!, (double)a[5]!);
        return DateTimeMath.CheckTimestamp(date * DateTimeMath.MicrosPerDay + time);
    }

    private static PgInterval MakeInterval(ReadOnlySpan<object?> a)
    {
        int Arg(ReadOnlySpan<object?> args, int i) => i < args.Length && args[i] is int v ? v : 0;
        var years = Arg(a, 0);
        var months = Arg(a, 1);
        var weeks = Arg(a, 2);
        var days = Arg(a, 3);
        var hours = Arg(a, 4);
        var mins = Arg(a, 5);
        var secs = a.Length > 6 && a[6] is double s ? s : 0.0;
        try
        {
            var totalMonths = checked(years * 12 + months);
            var totalDays = checked(weeks * 7 + days);
            var micros = checked((hours * 60L + mins) * DateTimeMath.MicrosPerMinute + (long)Math.Round(secs * 1_000_000));
            return new PgInterval(totalMonths, totalDays, micros);
        }
        catch (OverflowException)
        {
            return FunctionErrors.IntervalOutOfRange<PgInterval>();
        }
    }

    private static PgInterval JustifyInterval(PgInterval iv)
    {
        long month = iv.Months;
        long day = iv.Days;
        var time = iv.Microseconds;
        var wholeDay = time / DateTimeMath.MicrosPerDay;
        time -= wholeDay * DateTimeMath.MicrosPerDay;
        day += wholeDay;
        var wholeMonth = day / 30;
        day -= wholeMonth * 30;
        month += wholeMonth;
        if (month > 0 && (day < 0 || (day == 0 && time < 0)))
        {
            day += 30;
            month--;
        }
        else if (month < 0 && (day > 0 || (day == 0 && time > 0)))
        {
            day -= 30;
            month++;
        }

        if (day > 0 && time < 0)
        {
            time += DateTimeMath.MicrosPerDay;
            day--;
        }
        else if (day < 0 && time > 0)
        {
            time -= DateTimeMath.MicrosPerDay;
            day++;
        }

        return month is > int.MaxValue or < int.MinValue ? FunctionErrors.IntervalOutOfRange<PgInterval>()
            : new PgInterval((int)month, (int)day, time);
    }

    private static long DateBin(PgInterval stride, long ts, long origin)
    {
        if (!DateTimeMath.IsFinite(ts))
        {
            return ts;
        }

        if (!DateTimeMath.IsFinite(origin))
        {
            return FunctionErrors.Error<long>(SqlState.DatetimeFieldOverflow, "origin out of range");
        }

        if (stride.Months != 0)
        {
            return FunctionErrors.Error<long>(SqlState.FeatureNotSupported,
                "timestamps cannot be binned into intervals containing months or years");
        }

        var strideUs = stride.Days * DateTimeMath.MicrosPerDay + stride.Microseconds;
        if (strideUs <= 0)
        {
            return FunctionErrors.Error<long>(SqlState.DatetimeFieldOverflow, "stride must be greater than zero");
        }

        var diff = ts - origin;
        var modulo = diff % strideUs;
        var result = origin + (diff - modulo);
        if (modulo < 0)
        {
            result -= strideUs;
        }

        return result;
    }

    private static long ToTimestamp(double seconds)
    {
        if (double.IsNaN(seconds))
        {
            return FunctionErrors.Error<long>(SqlState.DatetimeFieldOverflow, "timestamp cannot be NaN");
        }

        if (double.IsInfinity(seconds))
        {
            return seconds > 0 ? long.MaxValue : long.MinValue;
        }

        var us = Math.Round(seconds * 1_000_000, MidpointRounding.ToEven) - (double)DateTimeMath.UnixEpochDays * DateTimeMath.MicrosPerDay;
        if (us < DateTimeMath.MinTimestamp || us >= DateTimeMath.EndTimestamp)
        {
            return FunctionErrors.Error<long>(SqlState.DatetimeFieldOverflow,
                $"timestamp out of range: \"{ValueText.Format(Float8, seconds)}\"");
        }

        return (long)us;
    }

    /// <summary>
    /// pg_sleep(seconds): waits in slices of at most 10 ms, checking for a cancel request and statement_timeout between
    /// them (PostgreSQL's pg_sleep wakes on latch set and runs CHECK_FOR_INTERRUPTS the same way). NaN or a negative
    /// duration returns at once.
    /// </summary>
    private static object? Sleep(double seconds, EvalContext context)
    {
        var end = Environment.TickCount64 + (long)Math.Min(seconds * 1000, long.MaxValue / 2);
        while (true)
        {
            context.CheckInterrupts?.Invoke();
            var left = end - Environment.TickCount64;
            if (!(left > 0))
            {
                return null;
            }

            Thread.Sleep((int)Math.Min(left, 10));
        }
    }
}
