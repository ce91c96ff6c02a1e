using System.Globalization;

namespace OmenDb.Engine.Types;

public static partial class ValueText
{
    /// <summary>Field bits of an interval typmod's range (PostgreSQL's INTERVAL_MASK over datetime.h's field numbers).</summary>
    internal const int MonthBit = 1 << 1, YearBit = 1 << 2, DayBit = 1 << 3, HourBit = 1 << 10, MinuteBit = 1 << 11, SecondBit = 1 << 12;

    /// <summary>Full range: no field restriction (INTERVAL_FULL_RANGE).</summary>
    private const int FullRange = 0x7FFF;

    /// <summary>The typmod of <c>interval fields [(p)]</c> as PostgreSQL encodes it: the range mask (the OR of the
    /// field bits) in the high 16 bits, the fractional-second precision (0xFFFF when not given) in the low 16.</summary>
    internal static int IntervalTypmod(int range, int precision) => (range << 16) | (precision < 0 ? 0xFFFF : precision);

    private static int IntervalRange(int typmod) => typmod < 0 || (typmod >> 16) == 0 ? FullRange : (typmod >> 16) & FullRange;

    /// <summary>interval_in with a typmod: a bare number counts in the range's last field (interval '2' hour is two
    /// hours, not two seconds).</summary>
    internal static PgInterval ParseInterval(string text, int typmod)
    {
        var range = IntervalRange(typmod);
        var trimmed = text.Trim();
        if (range != FullRange && decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
        {
            var unit = (range & SecondBit) != 0 ? "seconds" : (range & MinuteBit) != 0 ? "minutes" : (range & HourBit) != 0 ? "hours"
                : (range & DayBit) != 0 ? "days" : (range & MonthBit) != 0 ? "months" : "years";
            return IntervalInput.Parse(trimmed + " " + unit);
        }

        return IntervalInput.Parse(text);
    }

    /// <summary>AdjustIntervalForTypmod's range part: drops the fields below the range's last one.</summary>
    private static PgInterval TruncateIntervalToRange(PgInterval iv, int typmod)
    {
        var range = IntervalRange(typmod);
        if (range == FullRange || (range & SecondBit) != 0)
        {
            return iv;
        }

        if (range == YearBit)
        {
            return new PgInterval(iv.Months / 12 * 12, 0, 0);
        }

        if ((range & DayBit) == 0 && (range & (HourBit | MinuteBit)) == 0)
        {
            return new PgInterval(iv.Months, 0, 0); // MONTH, YEAR TO MONTH
        }

        var unit = (range & MinuteBit) != 0 ? 60_000_000L : (range & HourBit) != 0 ? 3_600_000_000L : 0;
        return iv with { Microseconds = unit == 0 ? 0 : iv.Microseconds / unit * unit };
    }
}
