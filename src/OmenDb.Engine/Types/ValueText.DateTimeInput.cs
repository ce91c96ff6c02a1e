using OmenDb.Engine.Functions;

namespace OmenDb.Engine.Types;

public static partial class ValueText
{
    /// <summary>date_in (DateStyle MDY).</summary>
    internal static int ParseDate(string text, EvalContext? context) =>
        (int)DateTimeInput.Parse(text, DateTimeInput.Target.Date, context);

    /// <summary>time_in: a zone in the input is accepted and ignored.</summary>
    internal static long ParseTime(string text, EvalContext? context) =>
        DateTimeInput.Parse(text, DateTimeInput.Target.Time, context);

    /// <summary>timestamp_in: a zone in the input is accepted and ignored.</summary>
    internal static long ParseTimestamp(string text, EvalContext? context) =>
        DateTimeInput.Parse(text, DateTimeInput.Target.Timestamp, context);

    /// <summary>timestamptz_in: input without a zone is in the session's time zone (UTC without a context).</summary>
    internal static long ParseTimestampTz(string text, EvalContext? context) =>
        DateTimeInput.Parse(text, DateTimeInput.Target.TimestampTz, context);
}
