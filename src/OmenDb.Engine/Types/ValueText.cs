using OmenDb.Common;
using OmenDb.Engine.Functions;

namespace OmenDb.Engine.Types;

/// <summary>
/// PostgreSQL's text input and output functions for every built-in type (typinput/typoutput), byte for byte
/// as PostgreSQL 15 prints them with DateStyle ISO, MDY, IntervalStyle postgres, extra_float_digits 1.
/// Values follow <see cref="PgTypeKind"/>; callers handle SQL NULL themselves.
/// </summary>
public static partial class ValueText
{
    /// <summary>The type's output function (typoutput) with timestamptz shown in UTC.</summary>
    public static string Format(PgType type, object value) => Format(type, value, TimeZoneInfo.Utc);

    /// <summary>The type's output function (typoutput) in a session's <paramref name="style"/> (TimeZone, bytea_output).</summary>
    public static string Format(PgType type, object value, OutputStyle style)
    {
        ArgumentNullException.ThrowIfNull(style);
        return style.ByteaEscape && type.Kind == PgTypeKind.Bytea ? FormatByteaEscape((byte[])value)
            : style.ExtraFloatDigits <= 0 && type.Kind is PgTypeKind.Float32 or PgTypeKind.Float64 ? FormatFloat(value is float f ? f : (double)value, type.Kind == PgTypeKind.Float32, style.ExtraFloatDigits)
            : Format(type, value, style.TimeZone);
    }

    /// <summary>The type's output function (typoutput); timestamptz values are shown in <paramref name="timeZone"/>.</summary>
    public static string Format(PgType type, object value, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(value);
        return type.Kind switch
        {
            PgTypeKind.Bool => (bool)value ? "t" : "f",
            PgTypeKind.Int16 => ((short)value).ToString(System.Globalization.CultureInfo.InvariantCulture),
            PgTypeKind.Int32 => ((int)value).ToString(System.Globalization.CultureInfo.InvariantCulture),
            PgTypeKind.Int64 when ReferenceEquals(type, PgTypes.Money) => FormatMoney((long)value),
            PgTypeKind.Int64 => ((long)value).ToString(System.Globalization.CultureInfo.InvariantCulture),
            PgTypeKind.Float32 => FormatFloat4((float)value),
            PgTypeKind.Float64 => FormatFloat8((double)value),
            PgTypeKind.Numeric => ((PgNumeric)value).ToString(),
            PgTypeKind.Text => ReferenceEquals(type, PgTypes.Char) ? FormatChar((string)value) : (string)value,
            PgTypeKind.Json or PgTypeKind.Unknown => (string)value,
            PgTypeKind.Jsonb => (string)value,
            PgTypeKind.Bytea => FormatBytea((byte[])value),
            PgTypeKind.Date => FormatDate((int)value),
            PgTypeKind.Time => FormatTime((long)value),
            PgTypeKind.Timestamp => FormatTimestamp((long)value),
            PgTypeKind.TimestampTz => FormatTimestampTz((long)value, timeZone),
            PgTypeKind.Interval => FormatInterval((PgInterval)value),
            PgTypeKind.Uuid => ((Guid)value).ToString("D"),
            PgTypeKind.Oid when ReferenceEquals(type, PgTypes.Regtype) => FormatRegtype((uint)value),
            PgTypeKind.Oid => ((uint)value).ToString(System.Globalization.CultureInfo.InvariantCulture),
            PgTypeKind.Array => FormatArray((PgArray)value, timeZone),
            PgTypeKind.Vector => FormatVector((float[])value),
            PgTypeKind.Record => FormatRecord((PgRecord)value, timeZone),
            PgTypeKind.Void => "",
            _ => ThrowHelper.Throw<string>(SqlState.FeatureNotSupported, $"cannot display a value of type {type.SqlName}"),
        };
    }

    /// <summary>The type's input function (typinput). Length coercion to <paramref name="typmod"/> is
    /// <see cref="ApplyTypmod"/>'s job, except where PostgreSQL's input function itself checks it (vector dimensions).</summary>
    public static object Parse(PgType type, string text, int typmod = -1) => Parse(type, text, typmod, null);

    /// <summary>The type's input function; <paramref name="context"/> supplies the session time zone and the
    /// transaction clock for 'now', 'today' and zone-less timestamptz input (UTC and the system clock when null).</summary>
    public static object Parse(PgType type, string text, int typmod, EvalContext? context)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(text);
        return type.Kind switch
        {
            PgTypeKind.Bool => ParseBool(text),
            PgTypeKind.Int16 => ParseInt16(text),
            PgTypeKind.Int32 => ParseInt32(text),
            PgTypeKind.Int64 when ReferenceEquals(type, PgTypes.Money) => ParseMoney(text),
            PgTypeKind.Int64 => ParseInt64(text),
            PgTypeKind.Float32 => ParseFloat4(text),
            PgTypeKind.Float64 => ParseFloat8(text),
            PgTypeKind.Numeric => ParseNumeric(text),
            PgTypeKind.Text => ParseText(type, text),
            PgTypeKind.Unknown => text,
            PgTypeKind.Json => ParseJson(text),
            PgTypeKind.Jsonb => ParseJsonb(text),
            PgTypeKind.Bytea => ParseBytea(text),
            PgTypeKind.Date => ParseDate(text, context),
            PgTypeKind.Time => ParseTime(text, context),
            PgTypeKind.Timestamp => ParseTimestamp(text, context),
            PgTypeKind.TimestampTz => ParseTimestampTz(text, context),
            PgTypeKind.Interval => ParseInterval(text, typmod),
            PgTypeKind.Uuid => ParseUuid(text),
            PgTypeKind.Oid when ReferenceEquals(type, PgTypes.Regtype) => ParseRegtype(text),
            PgTypeKind.Oid => ParseOid(text),
            PgTypeKind.Array => ParseArray(type, text, context),
            PgTypeKind.Vector => ParseVector(text, typmod),
            PgTypeKind.Record => ParseRecord(type, text, context),
            _ => ThrowHelper.Throw<object>(SqlState.FeatureNotSupported, $"cannot accept a value of type {type.SqlName}"),
        };
    }

    /// <summary>C's isspace in the "C" locale: space, \t, \n, \v, \f, \r (what PostgreSQL's input functions skip).</summary>
    internal static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    /// <summary>The text without leading and trailing C-locale whitespace.</summary>
    internal static ReadOnlySpan<char> TrimSpace(ReadOnlySpan<char> s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && IsSpace(s[start]))
        {
            start++;
        }

        while (end > start && IsSpace(s[end - 1]))
        {
            end--;
        }

        return s[start..end];
    }
}
