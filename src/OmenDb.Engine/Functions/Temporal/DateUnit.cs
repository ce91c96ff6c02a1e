namespace OmenDb.Engine.Functions.Temporal;

/// <summary>The field names date_part, extract and date_trunc accept (datetktbl/deltatktbl units and their aliases).</summary>
internal enum DateUnit
{
    Unknown,
    Microseconds,
    Milliseconds,
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
    Millennium,
    Epoch,
    Julian,
    Dow,
    IsoDow,
    Doy,
    IsoYear,
    Timezone,
    TimezoneHour,
    TimezoneMinute,
}

/// <summary>Parses unit names.</summary>
internal static class DateUnits
{
    public static DateUnit Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "microsecond" or "microseconds" or "microsecon" or "us" or "usec" or "usecs" or "useconds" => DateUnit.Microseconds,
        "millisecond" or "milliseconds" or "millisecon" or "ms" or "msec" or "msecs" or "mseconds" => DateUnit.Milliseconds,
        "second" or "seconds" or "s" or "sec" or "secs" => DateUnit.Second,
        "minute" or "minutes" or "m" or "min" or "mins" => DateUnit.Minute,
        "hour" or "hours" or "h" or "hr" or "hrs" => DateUnit.Hour,
        "day" or "days" or "d" => DateUnit.Day,
        "week" or "weeks" or "w" => DateUnit.Week,
        "month" or "months" or "mon" or "mons" => DateUnit.Month,
        "quarter" or "qtr" => DateUnit.Quarter,
        "year" or "years" or "y" or "yr" or "yrs" => DateUnit.Year,
        "decade" or "decades" or "dec" or "decs" => DateUnit.Decade,
        "century" or "centuries" or "c" or "cent" => DateUnit.Century,
        "millennium" or "millennia" or "mil" or "mils" or "millenia" or "millenniums" => DateUnit.Millennium,
        "epoch" => DateUnit.Epoch,
        "julian" or "j" => DateUnit.Julian,
        "dow" => DateUnit.Dow,
        "isodow" => DateUnit.IsoDow,
        "doy" => DateUnit.Doy,
        "isoyear" => DateUnit.IsoYear,
        "timezone" => DateUnit.Timezone,
        "timezone_h" or "timezone_hour" => DateUnit.TimezoneHour,
        "timezone_m" or "timezone_minute" => DateUnit.TimezoneMinute,
        _ => DateUnit.Unknown,
    };
}
