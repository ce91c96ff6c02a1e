using System.Globalization;
using OmenDb.Common;

namespace OmenDb.Engine.Types;

public static partial class ValueText
{
    /// <summary>VARHDRSZ: varchar/bpchar/numeric typmods are offset by the 4-byte varlena header, as in PostgreSQL.</summary>
    public const int TypmodHeader = 4;

    /// <summary>The typmod PostgreSQL stores for varchar(n) / character(n).</summary>
    public static int CharacterTypmod(int length) => length + TypmodHeader;

    /// <summary>The typmod PostgreSQL stores for numeric(precision, scale).</summary>
    public static int NumericTypmod(int precision, int scale) => ((precision << 16) | (scale & 0x7FF)) + TypmodHeader;

    /// <summary>Precision of a numeric typmod (valid when typmod ≥ 4).</summary>
    public static int NumericPrecision(int typmod) => ((typmod - TypmodHeader) >> 16) & 0xFFFF;

    /// <summary>Scale of a numeric typmod: 11 bits, signed (PostgreSQL 15 allows negative scales).</summary>
    public static int NumericScale(int typmod) => (((typmod - TypmodHeader) & 0x7FF) ^ 1024) - 1024;

    /// <summary>The typmod of interval(p): all fields, precision p (INTERVAL_TYPMOD(p, INTERVAL_FULL_RANGE)).</summary>
    public static int IntervalTypmod(int precision) => (0x7FFF << 16) | (precision & 0xFFFF);

    /// <summary>
    /// PostgreSQL's length coercion (the typmod cast functions varchar(), bpchar(), numeric(), timestamp()...):
    /// varchar(n) truncates on an explicit cast and otherwise fails with 22001 unless only spaces are cut;
    /// character(n) also pads with spaces; numeric(p,s) rounds half away from zero to s places and fails with
    /// 22003 "numeric field overflow" when the integer part does not fit; time/timestamp/interval(p) round the
    /// fraction; vector(n) checks the dimension count. Arrays apply it to each element. typmod -1 is a no-op.
    /// </summary>
    public static object ApplyTypmod(PgType type, object value, int typmod, bool isExplicit)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(value);
        if (typmod < 0)
        {
            return value;
        }

        if (type.IsArray && value is PgArray array && type.ElementType is { } elementType)
        {
            object?[]? copy = null;
            for (var k = 0; k < array.Elements.Length; k++)
            {
                if (array.Elements[k] is not { } e)
                {
                    continue;
                }

                var coerced = ApplyTypmod(elementType, e, typmod, isExplicit);
                if (!ReferenceEquals(coerced, e))
                {
                    copy ??= (object?[])array.Elements.Clone();
                    copy[k] = coerced;
                }
            }

            return copy is null ? array : new PgArray(array.ElementType, copy, array.Dimensions, array.LowerBounds);
        }

        switch (type.Kind)
        {
            case PgTypeKind.Text when ReferenceEquals(type, PgTypes.Varchar):
                return CoerceVarchar((string)value, typmod - TypmodHeader, isExplicit);
            case PgTypeKind.Text when ReferenceEquals(type, PgTypes.Bpchar):
                return CoerceBpchar((string)value, typmod - TypmodHeader, isExplicit);
            case PgTypeKind.Numeric:
                return CoerceNumeric((PgNumeric)value, typmod);
            case PgTypeKind.Time:
                return RoundMicros((long)value, typmod);
            case PgTypeKind.Timestamp or PgTypeKind.TimestampTz:
                var ts = (long)value;
                return ts is long.MinValue or long.MaxValue ? value : RoundMicros(ts, typmod);
            case PgTypeKind.Interval:
                var iv = TruncateIntervalToRange((PgInterval)value, typmod);
                var precision = typmod & 0xFFFF;
                return precision == 0xFFFF ? value : iv with { Microseconds = RoundMicros(iv.Microseconds, precision) };
            case PgTypeKind.Vector:
                CheckVectorDimensions((float[])value, typmod);
                return value;
            default:
                return value;
        }
    }

    /// <summary>Rounds microseconds to <paramref name="precision"/> fractional digits, half away from zero.</summary>
    private static long RoundMicros(long micros, int precision)
    {
        if (precision >= 6)
        {
            return micros;
        }

        var scale = 1L;
        for (var k = precision; k < 6; k++)
        {
            scale *= 10;
        }

        var half = scale / 2;
        return micros >= 0 ? (micros + half) / scale * scale : -((-micros + half) / scale * scale);
    }

    /// <summary>Number of characters (code points) as PostgreSQL counts them in UTF-8.</summary>
    internal static int CharLength(string s)
    {
        var n = s.Length;
        foreach (var c in s)
        {
            if (char.IsLowSurrogate(c))
            {
                n--;
            }
        }

        return n;
    }

    /// <summary>The UTF-16 index just after the first <paramref name="chars"/> code points.</summary>
    private static int IndexOfChar(string s, int chars)
    {
        var i = 0;
        while (chars > 0 && i < s.Length)
        {
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length ? 2 : 1;
            chars--;
        }

        return i;
    }

    private static string CoerceVarchar(string s, int max, bool isExplicit)
    {
        if (s.Length <= max || CharLength(s) <= max)
        {
            return s;
        }

        var cut = IndexOfChar(s, max);
        if (!isExplicit)
        {
            for (var k = cut; k < s.Length; k++)
            {
                if (s[k] != ' ')
                {
                    throw TypeErrors.Create(SqlState.StringDataRightTruncation, $"value too long for type character varying({max})");
                }
            }
        }

        return s[..cut];
    }

    private static string CoerceBpchar(string s, int length, bool isExplicit)
    {
        var chars = CharLength(s);
        if (chars == length)
        {
            return s;
        }

        if (chars < length)
        {
            return s + new string(' ', length - chars);
        }

        var cut = IndexOfChar(s, length);
        if (!isExplicit)
        {
            for (var k = cut; k < s.Length; k++)
            {
                if (s[k] != ' ')
                {
                    throw TypeErrors.Create(SqlState.StringDataRightTruncation, $"value too long for type character({length})");
                }
            }
        }

        return s[..cut];
    }

    /// <summary>
    /// apply_typmod: round to the scale, then require |value| &lt; 10^(precision − scale); NaN passes, an infinity never
    /// fits (22003 "numeric field overflow" with PostgreSQL's DETAIL).
    /// </summary>
    private static PgNumeric CoerceNumeric(PgNumeric value, int typmod)
    {
        if (typmod < TypmodHeader || value.IsNaN)
        {
            return value;
        }

        var precision = NumericPrecision(typmod);
        var scale = NumericScale(typmod);
        if (value.IsInfinity)
        {
            throw TypeErrors.Create(SqlState.NumericValueOutOfRange, "numeric field overflow",
                $"A field with precision {precision}, scale {scale} cannot hold an infinite value.");
        }

        var rounded = value.Round(scale);
        var maxDigits = precision - scale;
        // Digits before the point; negative for |value| < 0.1 (numeric(p,s) with s > p holds values below 1).
        if (!rounded.IsZero && rounded.DecimalExponent + 1 > maxDigits)
        {
            throw TypeErrors.Create(SqlState.NumericValueOutOfRange, "numeric field overflow",
                $"A field with precision {precision}, scale {scale} must round to an absolute value less than "
                + (maxDigits != 0 ? "10^" + maxDigits.ToString(CultureInfo.InvariantCulture) : "1") + ".");
        }

        return rounded;
    }

    /// <summary>format_type(type, typmod): <c>character varying(20)</c>, <c>numeric(10,2)</c>,
    /// <c>timestamp(3) without time zone</c>, <c>integer[]</c>, <c>"char"</c>, <c>vector(3)</c>; with typmod -1
    /// bpchar prints as <c>bpchar</c>, as format_type(oid, -1) does.</summary>
    public static string FormatTypeName(PgType type, int typmod)
    {
        ArgumentNullException.ThrowIfNull(type);
        return FormatTypeNameCore(type, typmod, typmodGiven: true);
    }

    /// <summary>format_type_be(type): the name without a modifier (<c>character</c> for bpchar), as error messages print it.</summary>
    public static string FormatTypeName(PgType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return FormatTypeNameCore(type, -1, typmodGiven: false);
    }

    private static string FormatTypeNameCore(PgType type, int typmod, bool typmodGiven)
    {
        if (type.IsArray && type.ElementType is { } element && type != PgTypes.Int2Vector && type != PgTypes.OidVector)
        {
            return FormatTypeNameCore(element, typmod, typmodGiven) + "[]";
        }

        var withMod = typmod >= 0;
        if (ReferenceEquals(type, PgTypes.Bpchar))
        {
            return withMod ? $"character({typmod - TypmodHeader})" : typmodGiven ? "bpchar" : "character";
        }

        if (ReferenceEquals(type, PgTypes.Varchar))
        {
            return withMod ? $"character varying({typmod - TypmodHeader})" : "character varying";
        }

        if (ReferenceEquals(type, PgTypes.Numeric))
        {
            return typmod >= TypmodHeader ? $"numeric({NumericPrecision(typmod)},{NumericScale(typmod)})" : "numeric";
        }

        if (ReferenceEquals(type, PgTypes.Timestamp))
        {
            return withMod ? $"timestamp({typmod}) without time zone" : "timestamp without time zone";
        }

        if (ReferenceEquals(type, PgTypes.TimestampTz))
        {
            return withMod ? $"timestamp({typmod}) with time zone" : "timestamp with time zone";
        }

        if (ReferenceEquals(type, PgTypes.Time))
        {
            return withMod ? $"time({typmod}) without time zone" : "time without time zone";
        }

        if (ReferenceEquals(type, PgTypes.Interval))
        {
            return withMod && (typmod & 0xFFFF) != 0xFFFF ? $"interval({typmod & 0xFFFF})" : "interval";
        }

        if (ReferenceEquals(type, PgTypes.Vector))
        {
            return withMod ? $"vector({typmod})" : "vector";
        }

        return type.SqlName;
    }
}
