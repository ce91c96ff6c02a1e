using OmenDb.Common;
using OmenDb.Engine.Functions.Temporal;
using OmenDb.Engine.Types;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Functions.SetReturning;

/// <summary>generate_series, unnest and generate_subscripts (PostgreSQL docs 9.25).</summary>
internal static class SeriesFunctions
{
    public static void Register(RegistryBuilder r)
    {
        r.Srf(1067, "generate_series", [Int4, Int4], [("generate_series", Int4)],
            (a, _) => IntSeries((int)a[0]!, (int)a[1]!, 1, v => (int)v));
        r.Srf(1066, "generate_series", [Int4, Int4, Int4], [("generate_series", Int4)],
            (a, _) => IntSeries((int)a[0]!, (int)a[1]!, (int)a[2]!, v => (int)v));
        r.Srf(1069, "generate_series", [Int8, Int8], [("generate_series", Int8)],
            (a, _) => IntSeries((long)a[0]!, (long)a[1]!, 1, v => v));
        r.Srf(1068, "generate_series", [Int8, Int8, Int8], [("generate_series", Int8)],
            (a, _) => IntSeries((long)a[0]!, (long)a[1]!, (long)a[2]!, v => v));
        r.Srf(3260, "generate_series", [Numeric, Numeric], [("generate_series", Numeric)],
            (a, _) => NumericSeries((PgNumeric)a[0]!, (PgNumeric)a[1]!, PgNumeric.One));
        r.Srf(3259, "generate_series", [Numeric, Numeric, Numeric], [("generate_series", Numeric)],
            (a, _) => NumericSeries((PgNumeric)a[0]!, (PgNumeric)a[1]!, (PgNumeric)a[2]!));
        r.Srf(938, "generate_series", [Timestamp, Timestamp, Interval], [("generate_series", Timestamp)],
            (a, _) => TimestampSeries((long)a[0]!, (long)a[1]!, (PgInterval)a[2]!, null));
        r.Srf(939, "generate_series", [TimestampTz, TimestampTz, Interval], [("generate_series", TimestampTz)],
            (a, c) => TimestampSeries((long)a[0]!, (long)a[1]!, (PgInterval)a[2]!, c.TimeZone));
        r.Srf(2331, "unnest", [AnyArray], [("unnest", AnyElement)], (a, _) => Unnest((PgArray)a[0]!));
        r.Srf(1192, "generate_subscripts", [AnyArray, Int4], [("generate_subscripts", Int4)],
            (a, _) => Subscripts((PgArray)a[0]!, (int)a[1]!, false));
        r.Srf(1191, "generate_subscripts", [AnyArray, Int4, Bool], [("generate_subscripts", Int4)],
            (a, _) => Subscripts((PgArray)a[0]!, (int)a[1]!, (bool)a[2]!));
    }

    private static IEnumerable<object?[]> IntSeries(long start, long stop, long step, Func<long, object> box)
    {
        if (step == 0)
        {
            FunctionErrors.InvalidParameter<int>("step size cannot equal zero");
        }

        return Iterate(start, stop, step, box);

        static IEnumerable<object?[]> Iterate(long start, long stop, long step, Func<long, object> box)
        {
            var v = (Int128)start;
            while (step > 0 ? v <= stop : v >= stop)
            {
                yield return [box((long)v)];
                v += step;
            }
        }
    }

    private static IEnumerable<object?[]> NumericSeries(PgNumeric start, PgNumeric stop, PgNumeric step)
    {
        foreach (var (value, what) in (ReadOnlySpan<(PgNumeric, string)>)[(start, "start value"), (stop, "stop value"), (step, "step size")])
        {
            if (value.IsSpecial)
            {
                FunctionErrors.InvalidParameter<int>(what + (value.IsNaN ? " cannot be NaN" : " cannot be infinity"));
            }
        }

        if (step.IsZero)
        {
            FunctionErrors.InvalidParameter<int>("step size cannot equal zero");
        }

        return Iterate(start, stop, step);

        static IEnumerable<object?[]> Iterate(PgNumeric start, PgNumeric stop, PgNumeric step)
        {
            // Each value shows the larger of the start's and step's scales (numeric addition).
            var v = start.Round(Math.Max(start.Scale, step.Scale));
            var ascending = step.Sign > 0;
            while (ascending ? v <= stop : v >= stop)
            {
                yield return [v];
                v += step;
            }
        }
    }

    private static IEnumerable<object?[]> TimestampSeries(long start, long stop, PgInterval step, TimeZoneInfo? tz)
    {
        if (step.ComparableValue == 0)
        {
            FunctionErrors.InvalidParameter<int>("step size cannot equal zero");
        }

        return Iterate(start, stop, step, tz);

        static IEnumerable<object?[]> Iterate(long start, long stop, PgInterval step, TimeZoneInfo? tz)
        {
            var positive = step.ComparableValue > 0;
            var v = start;
            while (positive ? v <= stop : v >= stop)
            {
                yield return [v];
                v = tz is null ? DateTimeMath.AddInterval(v, step) : DateTimeMath.AddIntervalTz(v, step, tz);
            }
        }
    }

    private static IEnumerable<object?[]> Unnest(PgArray array)
    {
        foreach (var e in array.Elements)
        {
            yield return [e];
        }
    }

    private static IEnumerable<object?[]> Subscripts(PgArray array, int dim, bool reverse)
    {
        if (dim < 1 || dim > array.Dimensions.Length)
        {
            yield break;
        }

        var lower = array.LowerBounds[dim - 1];
        var upper = lower + array.Dimensions[dim - 1] - 1;
        if (reverse)
        {
            for (var i = upper; i >= lower; i--)
            {
                yield return [i];
            }
        }
        else
        {
            for (var i = lower; i <= upper; i++)
            {
                yield return [i];
            }
        }
    }
}
