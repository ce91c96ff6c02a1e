using System.Collections.Concurrent;
using System.Collections.Frozen;
using OmenDb.Common;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions;

/// <summary>
/// PostgreSQL 15's pg_cast for the built-in types (same castcontext), plus the casts PostgreSQL derives without a
/// pg_cast row: I/O conversion to a string type (assignment) and from a string type (explicit), array to array
/// when the element types cast, and pgvector's casts. Length coercion to a typmod is not part of a cast: the binder
/// calls <see cref="ValueText.ApplyTypmod"/> afterwards (the self-casts here, such as numeric → numeric, are identities).
/// </summary>
public static partial class Casts
{
    private static readonly List<CastEntry> s_all = [];
    private static readonly FrozenDictionary<(uint Source, uint Target), CastEntry> s_byPair;
    private static readonly ConcurrentDictionary<(uint Source, uint Target), CastEntry?> s_derived = new();

    static Casts()
    {
        AddNumericCasts();
        AddOidCasts();
        AddTextCasts();
        AddDateTimeCasts();
        AddJsonCasts();
        AddVectorCasts();
        AddMoneyCasts();
        s_byPair = s_all.ToFrozenDictionary(c => (c.Source.Oid, c.Target.Oid));
    }

    /// <summary>Every explicit pg_cast entry (derived I/O and array casts are not listed, as in pg_cast).</summary>
    public static IReadOnlyList<CastEntry> All => s_all;

    /// <summary>The cast from <paramref name="source"/> to <paramref name="target"/>, or null when PostgreSQL has none.
    /// Same-type pairs without a length-coercion entry return null (no conversion needed).</summary>
    public static CastEntry? Find(PgType source, PgType target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (s_byPair.TryGetValue((source.Oid, target.Oid), out var entry))
        {
            return entry;
        }

        if (ReferenceEquals(source, target))
        {
            return null;
        }

        return s_derived.GetOrAdd((source.Oid, target.Oid), static (_, pair) => Derive(pair.source, pair.target), (source, target));
    }

    private static CastEntry? Derive(PgType source, PgType target)
    {
        // Array to array: as the element cast (array_map over each element).
        if (source.IsArray && target.IsArray && source.ElementType is { } se && target.ElementType is { } te)
        {
            var element = ReferenceEquals(se, te) ? null : Find(se, te);
            if (element is not null)
            {
                var invoke = element.Invoke;
                return new CastEntry(source, target, element.Context, (value, typmod, context) =>
                {
                    var array = (PgArray)value;
                    var items = new object?[array.Elements.Length];
                    for (var k = 0; k < items.Length; k++)
                    {
                        items[k] = array.Elements[k] is { } e ? invoke(e, typmod, context) : null;
                    }

                    return new PgArray(te, items, array.Dimensions, array.LowerBounds);
                });
            }
        }

        // I/O conversion: anything to a string type (assignment), a string type to anything (explicit).
        if (IsStringType(target) && (!PgTypes.IsPseudo(source) || source.Kind == PgTypeKind.Record))
        {
            return new CastEntry(source, target, CastContext.Assignment, (value, _, context) =>
            {
                var text = ValueText.Format(source, value, context.TimeZone);
                return ReferenceEquals(target, PgTypes.Name) ? ValueText.TruncateName(text) : text;
            });
        }

        if (IsStringType(source) && !PgTypes.IsPseudo(target) && target.Kind != PgTypeKind.Record)
        {
            return new CastEntry(source, target, CastContext.Explicit, (value, typmod, context) =>
                ValueText.Parse(target, (string)value, target.Kind == PgTypeKind.Vector ? typmod : -1, context));
        }

        return null;
    }

    /// <summary>The string category (typcategory 'S'): text, varchar, bpchar, name.</summary>
    private static bool IsStringType(PgType type) =>
        ReferenceEquals(type, PgTypes.Text) || ReferenceEquals(type, PgTypes.Varchar) || ReferenceEquals(type, PgTypes.Bpchar)
        || ReferenceEquals(type, PgTypes.Name);

    /// <summary>money: from integers and numeric (assignment), to numeric (assignment); the value is a count of cents.</summary>
    private static void AddMoneyCasts()
    {
        const CastContext a = CastContext.Assignment;
        PgType money = PgTypes.Money;
        Add(PgTypes.Int4, money, a, (v, _, _) => (long)(int)v * 100);
        Add(PgTypes.Int8, money, a, (v, _, _) => checked((long)v * 100));
        Add(PgTypes.Numeric, money, a, (v, _, _) => NumericToMoney((PgNumeric)v));
        Add(money, PgTypes.Numeric, a, (v, _, _) => new PgNumeric((long)v, 2));
    }

    private static void Add(PgType source, PgType target, CastContext context, CastInvoker invoke) =>
        s_all.Add(new CastEntry(source, target, context, invoke));

    private static PgException OutOfRange(string typeName) =>
        TypeErrors.Create(SqlState.NumericValueOutOfRange, typeName + " out of range");

    private static void AddNumericCasts()
    {
        const CastContext i = CastContext.Implicit, a = CastContext.Assignment, e = CastContext.Explicit;
        PgType int2 = PgTypes.Int2, int4 = PgTypes.Int4, int8 = PgTypes.Int8, f4 = PgTypes.Float4, f8 = PgTypes.Float8, num = PgTypes.Numeric;

        Add(int8, int2, a, (v, _, _) => (long)v is >= short.MinValue and <= short.MaxValue ? (short)(long)v : throw OutOfRange("smallint"));
        Add(int8, int4, a, (v, _, _) => (long)v is >= int.MinValue and <= int.MaxValue ? (int)(long)v : throw OutOfRange("integer"));
        Add(int8, f4, i, (v, _, _) => (float)(long)v);
        Add(int8, f8, i, (v, _, _) => (double)(long)v);
        Add(int8, num, i, (v, _, _) => (PgNumeric)(long)v);
        Add(int2, int8, i, (v, _, _) => (long)(short)v);
        Add(int2, int4, i, (v, _, _) => (int)(short)v);
        Add(int2, f4, i, (v, _, _) => (float)(short)v);
        Add(int2, f8, i, (v, _, _) => (double)(short)v);
        Add(int2, num, i, (v, _, _) => (PgNumeric)(short)v);
        Add(int4, int8, i, (v, _, _) => (long)(int)v);
        Add(int4, int2, a, (v, _, _) => (int)v is >= short.MinValue and <= short.MaxValue ? (short)(int)v : throw OutOfRange("smallint"));
        Add(int4, f4, i, (v, _, _) => (float)(int)v);
        Add(int4, f8, i, (v, _, _) => (double)(int)v);
        Add(int4, num, i, (v, _, _) => (PgNumeric)(int)v);

        Add(f4, int8, a, (v, _, _) => FloatToInt64((float)v));
        Add(f4, int2, a, (v, _, _) => (short)FloatToInt((float)v, short.MinValue, short.MaxValue, "smallint"));
        Add(f4, int4, a, (v, _, _) => (int)FloatToInt((float)v, int.MinValue, int.MaxValue, "integer"));
        Add(f4, f8, i, (v, _, _) => (double)(float)v);
        Add(f4, num, a, (v, _, _) => FloatToNumeric((float)v, 6));
        Add(f8, int8, a, (v, _, _) => FloatToInt64((double)v));
        Add(f8, int2, a, (v, _, _) => (short)FloatToInt((double)v, short.MinValue, short.MaxValue, "smallint"));
        Add(f8, int4, a, (v, _, _) => (int)FloatToInt((double)v, int.MinValue, int.MaxValue, "integer"));
        Add(f8, f4, a, (v, _, _) => DoubleToFloat((double)v));
        Add(f8, num, a, (v, _, _) => FloatToNumeric((double)v, 15));

        Add(num, int8, a, (v, _, _) => NumericToInt((PgNumeric)v, long.MinValue, long.MaxValue, "bigint"));
        Add(num, int2, a, (v, _, _) => (short)NumericToInt((PgNumeric)v, short.MinValue, short.MaxValue, "smallint"));
        Add(num, int4, a, (v, _, _) => (int)NumericToInt((PgNumeric)v, int.MinValue, int.MaxValue, "integer"));
        Add(num, f4, i, (v, _, _) => (float)NumericToDouble((PgNumeric)v, "real"));
        Add(num, f8, i, (v, _, _) => NumericToDouble((PgNumeric)v, "double precision"));
        Add(num, num, i, (v, _, _) => v);

        Add(int4, PgTypes.Bool, e, (v, _, _) => (int)v != 0);
        Add(PgTypes.Bool, int4, e, (v, _, _) => (bool)v ? 1 : 0);
    }

    /// <summary>rint then range check (float8 → int4 etc.): half to even, NaN and overflow are 22003.</summary>
    private static long FloatToInt(double value, long min, long max, string typeName)
    {
        var r = Math.Round(value, MidpointRounding.ToEven);
        if (double.IsNaN(r) || r < min || r > max)
        {
            throw OutOfRange(typeName);
        }

        return (long)r;
    }

    private static long FloatToInt64(double value)
    {
        var r = Math.Round(value, MidpointRounding.ToEven);

        // 2^63 is exactly representable; anything at or above it does not fit.
        if (double.IsNaN(r) || r < -9.2233720368547758e18 || r >= 9.2233720368547758e18)
        {
            throw OutOfRange("bigint");
        }

        return (long)r;
    }

    private static float DoubleToFloat(double value)
    {
        var f = (float)value;
        if (float.IsInfinity(f) && !double.IsInfinity(value))
        {
            throw TypeErrors.Create(SqlState.NumericValueOutOfRange, "value out of range: overflow");
        }

        if (f == 0 && value != 0)
        {
            throw TypeErrors.Create(SqlState.NumericValueOutOfRange, "value out of range: underflow");
        }

        return f;
    }

    /// <summary>float → numeric as PostgreSQL does it: printed with %g and DBL_DIG (15) / FLT_DIG (6) significant digits;
    /// NaN and the infinities map to numeric's own.</summary>
    private static PgNumeric FloatToNumeric(double value, int digits) => PgNumeric.FromDouble(value, digits);

    /// <summary>numeric → float: through the text form; a value beyond the float's range is 22003 as float8in reports it.</summary>
    private static double NumericToDouble(PgNumeric value, string typeName)
    {
        var d = value.ToDouble();
        if (value.IsFinite && (double.IsInfinity(d) || (typeName == "real" && float.IsInfinity((float)d))))
        {
            throw TypeErrors.Create(SqlState.NumericValueOutOfRange, $"\"{value}\" is out of range for type {typeName}");
        }

        return d;
    }

    /// <summary>numeric → integer: round half away from zero, then range check; NaN and infinity cannot convert (0A000).</summary>
    internal static long NumericToInt(PgNumeric value, long min, long max, string typeName)
    {
        if (value.IsSpecial)
        {
            throw TypeErrors.Create(SqlState.FeatureNotSupported,
                value.IsNaN ? $"cannot convert NaN to {typeName}" : $"cannot convert infinity to {typeName}");
        }

        return value.TryToInt64(min, max, out var r) ? r : throw OutOfRange(typeName);
    }

    /// <summary>numeric → money (numeric_cash): the value in cents through numeric → bigint, with its errors.</summary>
    private static long NumericToMoney(PgNumeric value) => NumericToInt(value * 100, long.MinValue, long.MaxValue, "bigint");

    private static void AddOidCasts()
    {
        const CastContext i = CastContext.Implicit, a = CastContext.Assignment;
        PgType int2 = PgTypes.Int2, int4 = PgTypes.Int4, int8 = PgTypes.Int8;
        PgType[] oidTypes = [PgTypes.Oid, PgTypes.Regproc, PgTypes.Regprocedure, PgTypes.Regoper, PgTypes.Regclass, PgTypes.Regtype,
            PgTypes.Regrole, PgTypes.Regnamespace];
        foreach (var t in oidTypes)
        {
            Add(int8, t, i, (v, _, _) => (long)v is >= 0 and <= uint.MaxValue or >= int.MinValue and < 0
                ? unchecked((uint)(long)v)
                : throw TypeErrors.Create(SqlState.NumericValueOutOfRange, "OID out of range"));
            Add(int2, t, i, (v, _, _) => unchecked((uint)(short)v));
            Add(int4, t, i, (v, _, _) => unchecked((uint)(int)v));
            Add(t, int8, a, (v, _, _) => (long)(uint)v);
            Add(t, int4, a, (v, _, _) => unchecked((int)(uint)v));
            if (!ReferenceEquals(t, PgTypes.Oid))
            {
                Add(PgTypes.Oid, t, i, (v, _, _) => v);
                Add(t, PgTypes.Oid, i, (v, _, _) => v);
            }
        }

        Add(PgTypes.Regproc, PgTypes.Regprocedure, i, (v, _, _) => v);
        Add(PgTypes.Regprocedure, PgTypes.Regproc, i, (v, _, _) => v);
    }

    private static void AddTextCasts()
    {
        const CastContext i = CastContext.Implicit, a = CastContext.Assignment, e = CastContext.Explicit;
        PgType text = PgTypes.Text, varchar = PgTypes.Varchar, bpchar = PgTypes.Bpchar, name = PgTypes.Name, ch = PgTypes.Char;

        Add(text, bpchar, i, (v, _, _) => v);
        Add(text, varchar, i, (v, _, _) => v);
        Add(bpchar, text, i, (v, _, _) => ValueComparer.TrimBpchar((string)v));
        Add(bpchar, varchar, i, (v, _, _) => ValueComparer.TrimBpchar((string)v));
        Add(varchar, text, i, (v, _, _) => v);
        Add(varchar, bpchar, i, (v, _, _) => v);
        Add(ch, text, i, (v, _, _) => ValueText.FormatChar((string)v));
        Add(ch, bpchar, a, (v, _, _) => ValueText.FormatChar((string)v));
        Add(ch, varchar, a, (v, _, _) => ValueText.FormatChar((string)v));
        Add(name, text, i, (v, _, _) => v);
        Add(name, bpchar, a, (v, _, _) => v);
        Add(name, varchar, a, (v, _, _) => v);
        Add(text, ch, a, (v, _, _) => TextToChar((string)v));
        Add(bpchar, ch, a, (v, _, _) => TextToChar((string)v));
        Add(varchar, ch, a, (v, _, _) => TextToChar((string)v));
        Add(text, name, i, (v, _, _) => ValueText.TruncateName((string)v));
        Add(bpchar, name, i, (v, _, _) => ValueText.TruncateName(ValueComparer.TrimBpchar((string)v)));
        Add(varchar, name, i, (v, _, _) => ValueText.TruncateName((string)v));
        Add(ch, PgTypes.Int4, e, (v, _, _) => CharToInt((string)v));
        Add(PgTypes.Int4, ch, e, (v, _, _) => (int)v is >= -128 and <= 127
            ? ((int)v == 0 ? "" : ((char)((int)v & 0xFF)).ToString())
            : throw OutOfRange("\"char\""));
        Add(PgTypes.Bool, text, a, (v, _, _) => (bool)v ? "true" : "false");
        Add(PgTypes.Bool, varchar, a, (v, _, _) => (bool)v ? "true" : "false");
        Add(PgTypes.Bool, bpchar, a, (v, _, _) => (bool)v ? "true" : "false");
        Add(bpchar, bpchar, i, (v, _, _) => v);
        Add(varchar, varchar, i, (v, _, _) => v);
    }

    /// <summary>text_char: the first byte of the text ("" for the zero byte).</summary>
    private static string TextToChar(string s)
    {
        if (s.Length == 0)
        {
            return "";
        }

        if (s[0] < 0x80)
        {
            return s[..1];
        }

        Span<byte> utf8 = stackalloc byte[4];
        System.Text.Rune.GetRuneAt(s, 0).EncodeToUtf8(utf8);
        return ((char)utf8[0]).ToString();
    }

    /// <summary>"char" → integer: the byte as a signed char.</summary>
    private static int CharToInt(string s) => s.Length == 0 ? 0 : (sbyte)(byte)(s[0] & 0xFF);

    private static void AddDateTimeCasts()
    {
        const CastContext i = CastContext.Implicit, a = CastContext.Assignment;
        PgType date = PgTypes.Date, time = PgTypes.Time, ts = PgTypes.Timestamp, tstz = PgTypes.TimestampTz, iv = PgTypes.Interval;

        Add(date, ts, i, (v, _, _) => DateToTimestamp((int)v));
        Add(date, tstz, i, (v, _, ctx) =>
        {
            var local = DateToTimestamp((int)v);
            return local is long.MinValue or long.MaxValue ? local : LocalToUtc(local, ctx);
        });
        Add(time, iv, i, (v, _, _) => new PgInterval(0, 0, (long)v));
        Add(ts, date, a, (v, _, _) => TimestampToDate((long)v));
        Add(ts, time, a, (v, _, _) => (long)v is long.MinValue or long.MaxValue ? throw TimestampOutOfRange() : PgTimeOfDay((long)v));
        Add(ts, tstz, i, (v, _, ctx) => (long)v is long.MinValue or long.MaxValue ? v : LocalToUtc((long)v, ctx));
        Add(tstz, date, a, (v, _, ctx) => TimestampToDate(UtcToLocal((long)v, ctx)));
        Add(tstz, time, a, (v, _, ctx) => (long)v is long.MinValue or long.MaxValue ? throw TimestampOutOfRange() : PgTimeOfDay(UtcToLocal((long)v, ctx)));
        Add(tstz, ts, a, (v, _, ctx) => UtcToLocal((long)v, ctx));
        Add(iv, time, a, (v, _, _) => PgCalendarMod(((PgInterval)v).Microseconds));
        Add(time, time, i, (v, _, _) => v);
        Add(ts, ts, i, (v, _, _) => v);
        Add(tstz, tstz, i, (v, _, _) => v);
        Add(iv, iv, i, (v, _, _) => v);
    }

    private static PgException TimestampOutOfRange() => TypeErrors.Create(SqlState.DatetimeValueOutOfRange, "timestamp out of range");

    private const long MicrosPerDay = PgInterval.MicrosPerDay;

    private static long DateToTimestamp(int date)
    {
        if (date == int.MaxValue)
        {
            return long.MaxValue;
        }

        if (date == int.MinValue)
        {
            return long.MinValue;
        }

        // END_TIMESTAMP: 294277-01-01 is day 106751992 after 2000-01-01.
        if (date >= 106_751_992)
        {
            throw TypeErrors.Create(SqlState.DatetimeValueOutOfRange, "date out of range for timestamp");
        }

        return date * MicrosPerDay;
    }

    private static int TimestampToDate(long ts)
    {
        if (ts == long.MaxValue)
        {
            return int.MaxValue;
        }

        if (ts == long.MinValue)
        {
            return int.MinValue;
        }

        var days = ts / MicrosPerDay;
        if (ts % MicrosPerDay < 0)
        {
            days--;
        }

        return (int)days;
    }

    private static long PgTimeOfDay(long ts) => PgCalendarMod(ts);

    private static long PgCalendarMod(long micros)
    {
        var r = micros % MicrosPerDay;
        return r < 0 ? r + MicrosPerDay : r;
    }

    private static long LocalToUtc(long local, EvalContext context) =>
        local - ValueText.LocalOffsetSeconds(context.TimeZone, local) * 1_000_000L;

    private static long UtcToLocal(long utc, EvalContext context) =>
        utc is long.MinValue or long.MaxValue ? utc : utc + ValueText.UtcOffsetSeconds(context.TimeZone, utc) * 1_000_000L;

    private static void AddJsonCasts()
    {
        const CastContext a = CastContext.Assignment, e = CastContext.Explicit;
        Add(PgTypes.Json, PgTypes.Jsonb, a, (v, _, _) => ValueText.Parse(PgTypes.Jsonb, (string)v));
        Add(PgTypes.Jsonb, PgTypes.Json, a, (v, _, _) => v);
        Add(PgTypes.Jsonb, PgTypes.Bool, e, (v, _, _) => JsonbScalar((string)v, "boolean") is bool b
            ? b
            : throw JsonbCastError((string)v, "boolean"));
        Add(PgTypes.Jsonb, PgTypes.Numeric, e, (v, _, _) => JsonbNumber((string)v, "numeric"));
        Add(PgTypes.Jsonb, PgTypes.Int2, e, (v, _, ctx) => Find(PgTypes.Numeric, PgTypes.Int2)!.Invoke(JsonbNumber((string)v, "smallint"), -1, ctx));
        Add(PgTypes.Jsonb, PgTypes.Int4, e, (v, _, ctx) => Find(PgTypes.Numeric, PgTypes.Int4)!.Invoke(JsonbNumber((string)v, "integer"), -1, ctx));
        Add(PgTypes.Jsonb, PgTypes.Int8, e, (v, _, ctx) => Find(PgTypes.Numeric, PgTypes.Int8)!.Invoke(JsonbNumber((string)v, "bigint"), -1, ctx));
        Add(PgTypes.Jsonb, PgTypes.Float4, e, (v, _, ctx) => Find(PgTypes.Numeric, PgTypes.Float4)!.Invoke(JsonbNumber((string)v, "real"), -1, ctx));
        Add(PgTypes.Jsonb, PgTypes.Float8, e, (v, _, ctx) =>
            Find(PgTypes.Numeric, PgTypes.Float8)!.Invoke(JsonbNumber((string)v, "double precision"), -1, ctx));
    }

    private static object JsonbScalar(string jsonb, string typeName)
    {
        _ = typeName;
        return ValueText.ParseJsonNode(jsonb);
    }

    private static PgNumeric JsonbNumber(string jsonb, string typeName)
    {
        var node = ValueText.ParseJsonNode(jsonb);
        var text = ValueText.JsonNumberText(node) ?? throw JsonbCastError(jsonb, typeName);
        return PgNumeric.Parse(text);
    }

    private static PgException JsonbCastError(string jsonb, string typeName) => TypeErrors.Create(SqlState.InvalidParameterValue,
        $"cannot cast jsonb {ValueText.JsonKindName(ValueText.ParseJsonNode(jsonb))} to type {typeName}");

    private static void AddVectorCasts()
    {
        const CastContext i = CastContext.Implicit, a = CastContext.Assignment;
        var vector = PgTypes.Vector;
        Add(vector, vector, i, (v, _, _) => v);
        Add(vector, PgTypes.Float4.ArrayType!, i, (v, _, _) =>
        {
            var f = (float[])v;
            var items = new object?[f.Length];
            for (var k = 0; k < f.Length; k++)
            {
                items[k] = f[k];
            }

            return new PgArray(PgTypes.Float4, items);
        });
        foreach (var element in new[] { PgTypes.Int4, PgTypes.Float4, PgTypes.Float8, PgTypes.Numeric })
        {
            Add(element.ArrayType!, vector, a, (v, typmod, _) => ArrayToVector((PgArray)v, typmod));
        }
    }

    /// <summary>pgvector's array_to_vector: one dimension, no nulls, finite values.</summary>
    private static float[] ArrayToVector(PgArray array, int typmod)
    {
        if (array.Dimensions.Length > 1)
        {
            throw TypeErrors.Create(SqlState.DataException, "array must be 1-D");
        }

        if (array.HasNulls)
        {
            throw TypeErrors.Create(SqlState.NullValueNotAllowed, "array must not contain nulls");
        }

        // pgvector's array_to_vector: dimensions first, then the elements.
        var result = new float[array.Elements.Length];
        Vectors.VectorMath.CheckDimensionCount(result.Length);
        ValueText.CheckVectorDimensions(result, typmod);
        for (var k = 0; k < result.Length; k++)
        {
            var f = array.Elements[k] switch
            {
                int n => n,
                float x => x,
                double d => (float)d,
                PgNumeric m => (float)m.ToDouble(),
                _ => throw TypeErrors.Create(SqlState.DataException, "unsupported array type"),
            };
            if (float.IsNaN(f))
            {
                throw TypeErrors.Create(SqlState.DataException, "NaN not allowed in vector");
            }

            if (float.IsInfinity(f))
            {
                throw TypeErrors.Create(SqlState.DataException, "infinite value not allowed in vector");
            }

            result[k] = f;
        }

        return result;
    }
}
