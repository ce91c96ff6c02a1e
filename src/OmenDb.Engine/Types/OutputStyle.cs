namespace OmenDb.Engine.Types;

/// <summary>
/// The session settings that change how values are written as text: TimeZone (timestamptz), bytea_output
/// (hex or escape) and extra_float_digits. One per setting combination; the session hands the current one to the
/// wire's row writer.
/// </summary>
/// <param name="TimeZone">The zone timestamptz values are shown in.</param>
/// <param name="ByteaEscape">bytea_output = escape (otherwise hex).</param>
/// <param name="ExtraFloatDigits">extra_float_digits: above 0 the shortest round-trip text, else %.{15|6 + it}g.</param>
public sealed record OutputStyle(TimeZoneInfo TimeZone, bool ByteaEscape, int ExtraFloatDigits = 1)
{
    /// <summary>UTC, hex: the defaults.</summary>
    public static OutputStyle Default { get; } = new(TimeZoneInfo.Utc, false);
}
