namespace OmenDb.Engine.Types;

/// <summary>
/// The session settings that change how values are written as text: TimeZone (timestamptz) and bytea_output
/// (hex or escape). One per setting combination; the session hands the current one to the wire's row writer.
/// </summary>
/// <param name="TimeZone">The zone timestamptz values are shown in.</param>
/// <param name="ByteaEscape">bytea_output = escape (otherwise hex).</param>
public sealed record OutputStyle(TimeZoneInfo TimeZone, bool ByteaEscape)
{
    /// <summary>UTC, hex: the defaults.</summary>
    public static OutputStyle Default { get; } = new(TimeZoneInfo.Utc, false);
}
