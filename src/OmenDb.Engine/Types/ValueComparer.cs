using OmenDb.Common;

namespace OmenDb.Engine.Types;

/// <summary>
/// PostgreSQL's btree ordering and hash equality for non-null values of one type (the binder casts first, so both
/// sides share the type). Text compares in the "C" collation (code point order), bpchar ignores trailing spaces,
/// floats put NaN above everything and treat -0 as 0, numeric compares by value (1.5 = 1.50), intervals by their
/// 30-day-month normalised span, arrays element by element then by dimensions, uuids by their bytes, jsonb by
/// PostgreSQL's jsonb ordering. <see cref="GetHashCode"/> agrees with <see cref="Equals"/>.
/// </summary>
public static class ValueComparer
{
    /// <summary>Negative, zero or positive as <paramref name="a"/> sorts before, with or after <paramref name="b"/>.</summary>
    public static int Compare(PgType type, object a, object b)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind switch
        {
            PgTypeKind.Bool => ((bool)a).CompareTo((bool)b),
            PgTypeKind.Int16 => ((short)a).CompareTo((short)b),
            PgTypeKind.Int32 or PgTypeKind.Date => ((int)a).CompareTo((int)b),
            PgTypeKind.Int64 or PgTypeKind.Time or PgTypeKind.Timestamp or PgTypeKind.TimestampTz => ((long)a).CompareTo((long)b),
            PgTypeKind.Float32 => CompareFloat((float)a, (float)b),
            PgTypeKind.Float64 => CompareFloat((double)a, (double)b),
            PgTypeKind.Numeric => ((PgNumeric)a).CompareTo((PgNumeric)b),
            PgTypeKind.Text when ReferenceEquals(type, PgTypes.Bpchar) => CompareText(TrimBpchar((string)a), TrimBpchar((string)b)),
            PgTypeKind.Text or PgTypeKind.Json or PgTypeKind.Unknown => CompareText((string)a, (string)b),
            PgTypeKind.Jsonb => CompareJsonb((string)a, (string)b),
            PgTypeKind.Bytea => ((byte[])a).AsSpan().SequenceCompareTo((byte[])b),
            PgTypeKind.Interval => ((PgInterval)a).CompareTo((PgInterval)b),
            PgTypeKind.Uuid => CompareUuid((Guid)a, (Guid)b),
            PgTypeKind.Oid => ((uint)a).CompareTo((uint)b),
            PgTypeKind.Array => CompareArray((PgArray)a, (PgArray)b),
            PgTypeKind.Vector => CompareVector((float[])a, (float[])b),
            PgTypeKind.Record => CompareRecord((PgRecord)a, (PgRecord)b),
            _ => throw TypeErrors.Create(OmenDb.Common.SqlState.UndefinedFunction,
                $"could not identify a comparison function for type {type.SqlName}"),
        };
    }

    /// <summary>Equality consistent with <see cref="Compare"/> (NaN equals NaN, 1.5 equals 1.50, 'a ' equals 'a' for bpchar).</summary>
    public static bool Equals(PgType type, object a, object b)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind switch
        {
            PgTypeKind.Bool => (bool)a == (bool)b,
            PgTypeKind.Int16 => (short)a == (short)b,
            PgTypeKind.Int32 or PgTypeKind.Date => (int)a == (int)b,
            PgTypeKind.Int64 or PgTypeKind.Time or PgTypeKind.Timestamp or PgTypeKind.TimestampTz => (long)a == (long)b,
            PgTypeKind.Numeric => ((PgNumeric)a).Equals((PgNumeric)b),
            PgTypeKind.Text when !ReferenceEquals(type, PgTypes.Bpchar) => string.Equals((string)a, (string)b, StringComparison.Ordinal),
            PgTypeKind.Json or PgTypeKind.Unknown => string.Equals((string)a, (string)b, StringComparison.Ordinal),
            PgTypeKind.Jsonb => string.Equals((string)a, (string)b, StringComparison.Ordinal) || Compare(type, a, b) == 0,
            PgTypeKind.Bytea => ((byte[])a).AsSpan().SequenceEqual((byte[])b),
            PgTypeKind.Uuid => (Guid)a == (Guid)b,
            PgTypeKind.Oid => (uint)a == (uint)b,
            _ => Compare(type, a, b) == 0,
        };
    }

    /// <summary>A hash consistent with <see cref="Equals(PgType, object, object)"/>.</summary>
    public static int GetHashCode(PgType type, object value)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(value);
        switch (type.Kind)
        {
            case PgTypeKind.Float32:
                return HashDouble((float)value);
            case PgTypeKind.Float64:
                return HashDouble((double)value);
            case PgTypeKind.Numeric:
                // PgNumeric's hash ignores trailing fractional zeros (1.5 and 1.50 hash alike).
                return ((PgNumeric)value).GetHashCode();
            case PgTypeKind.Text when ReferenceEquals(type, PgTypes.Bpchar):
                return string.GetHashCode(TrimBpchar((string)value), StringComparison.Ordinal);
            case PgTypeKind.Text or PgTypeKind.Json or PgTypeKind.Unknown:
                return string.GetHashCode((string)value, StringComparison.Ordinal);
            case PgTypeKind.Jsonb:
                return HashJson(JsonText.Parse((string)value, forJsonb: true));
            case PgTypeKind.Bytea:
            {
                var h = new HashCode();
                h.AddBytes((byte[])value);
                return h.ToHashCode();
            }

            case PgTypeKind.Interval:
                return ((PgInterval)value).ComparableValue.GetHashCode();
            case PgTypeKind.Array:
            {
                var array = (PgArray)value;
                var h = new HashCode();
                foreach (var d in array.Dimensions)
                {
                    h.Add(d);
                }

                foreach (var e in array.Elements)
                {
                    h.Add(e is null ? 0 : GetHashCode(array.ElementType, e));
                }

                return h.ToHashCode();
            }

            case PgTypeKind.Vector:
            {
                var h = new HashCode();
                foreach (var f in (float[])value)
                {
                    h.Add(HashDouble(f));
                }

                return h.ToHashCode();
            }

            case PgTypeKind.Record:
            {
                var record = (PgRecord)value;
                var h = new HashCode();
                for (var k = 0; k < record.Values.Length; k++)
                {
                    h.Add(record.Values[k] is { } v ? GetHashCode(record.FieldTypes[k], v) : 0);
                }

                return h.ToHashCode();
            }

            default:
                return value.GetHashCode();
        }
    }

    /// <summary>A jsonb hash that ignores a number's trailing zeros (1.0 = 1), matching <see cref="Compare"/>.</summary>
    private static int HashJson(object node)
    {
        switch (node)
        {
            case JsonText.JsonNumber n:
                return JsonNumbers.Hash(n.Text);
            case List<object> list:
            {
                var h = new HashCode();
                h.Add(list.Count);
                foreach (var item in list)
                {
                    h.Add(HashJson(item));
                }

                return h.ToHashCode();
            }

            case List<KeyValuePair<string, object>> obj:
            {
                var h = new HashCode();
                h.Add(-obj.Count);
                foreach (var pair in obj)
                {
                    h.Add(string.GetHashCode(pair.Key, StringComparison.Ordinal));
                    h.Add(HashJson(pair.Value));
                }

                return h.ToHashCode();
            }

            default:
                return node.GetHashCode();
        }
    }

    private static int HashDouble(double d) => d == 0 ? 0 : double.IsNaN(d) ? int.MinValue : d.GetHashCode();

    /// <summary>float8 btree order: NaN above everything and equal to itself; -0 equals 0.</summary>
    private static int CompareFloat(double a, double b)
    {
        if (double.IsNaN(a))
        {
            return double.IsNaN(b) ? 0 : 1;
        }

        if (double.IsNaN(b))
        {
            return -1;
        }

        return a < b ? -1 : a > b ? 1 : 0;
    }

    /// <summary>"C" collation: UTF-8 byte order, which is code point order (UTF-16 ordinal differs only around surrogates).</summary>
    internal static int CompareText(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var ca = a[i];
            var cb = b[i];
            if (ca == cb)
            {
                continue;
            }

            // Surrogates (U+D800-DFFF) encode code points above U+FFFF, which sort after U+E000-FFFF.
            if (char.IsSurrogate(ca) != char.IsSurrogate(cb) && (ca >= 0xE000 || cb >= 0xE000))
            {
                return char.IsSurrogate(ca) ? 1 : -1;
            }

            return ca < cb ? -1 : 1;
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>bpchar's trailing spaces are not significant (bpcharcmp).</summary>
    internal static string TrimBpchar(string s) => s.Length > 0 && s[^1] == ' ' ? s.TrimEnd(' ') : s;

    /// <summary>uuid_cmp: memcmp of the 16 bytes in textual order (Guid.CompareTo orders the mixed-endian fields differently).</summary>
    private static int CompareUuid(Guid a, Guid b)
    {
        Span<byte> x = stackalloc byte[16];
        Span<byte> y = stackalloc byte[16];
        a.TryWriteBytes(x, bigEndian: true, out _);
        b.TryWriteBytes(y, bigEndian: true, out _);
        return x.SequenceCompareTo(y);
    }

    /// <summary>array_cmp: elements in storage order (NULL above any value), then element count, then dimensions and lower bounds.</summary>
    private static int CompareArray(PgArray a, PgArray b)
    {
        var n = Math.Min(a.Elements.Length, b.Elements.Length);
        for (var i = 0; i < n; i++)
        {
            var x = a.Elements[i];
            var y = b.Elements[i];
            if (x is null || y is null)
            {
                if (x is null && y is null)
                {
                    continue;
                }

                return x is null ? 1 : -1;
            }

            var c = Compare(a.ElementType, x, y);
            if (c != 0)
            {
                return c;
            }
        }

        var lengths = a.Elements.Length.CompareTo(b.Elements.Length);
        if (lengths != 0)
        {
            return lengths;
        }

        var ndims = a.Dimensions.Length.CompareTo(b.Dimensions.Length);
        if (ndims != 0)
        {
            return ndims;
        }

        for (var d = 0; d < a.Dimensions.Length; d++)
        {
            var c = a.Dimensions[d].CompareTo(b.Dimensions[d]);
            if (c != 0)
            {
                return c;
            }

            c = a.LowerBounds[d].CompareTo(b.LowerBounds[d]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    /// <summary>pgvector's vector_cmp: element by element over the common prefix, then the shorter first.</summary>
    private static int CompareVector(float[] a, float[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] < b[i])
            {
                return -1;
            }

            if (a[i] > b[i])
            {
                return 1;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>record_cmp: field by field, NULL above any value, then field count.</summary>
    private static int CompareRecord(PgRecord a, PgRecord b)
    {
        var n = Math.Min(a.Values.Length, b.Values.Length);
        for (var i = 0; i < n; i++)
        {
            var x = a.Values[i];
            var y = b.Values[i];
            if (x is null || y is null)
            {
                if (x is null && y is null)
                {
                    continue;
                }

                return x is null ? 1 : -1;
            }

            var c = Compare(a.FieldTypes[i], x, y);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Values.Length.CompareTo(b.Values.Length);
    }

    /// <summary>jsonb ordering (PostgreSQL docs, "jsonb Indexing"): Object > Array > Boolean > Number > String > Null;
    /// objects with more pairs sort higher, then keys and values in storage order; arrays with more elements sort
    /// higher, then element-wise; strings by code point; numbers by value. A top-level scalar sorts as a scalar.</summary>
    private static int CompareJsonb(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 0;
        }

        return CompareJsonTop(JsonText.Parse(a, forJsonb: true), JsonText.Parse(b, forJsonb: true));
    }

    /// <summary>At the top level a scalar is stored as a one-element "raw scalar" array: it compares with arrays by
    /// element count first (so [] sorts below every scalar), then a raw scalar sorts below a real array.</summary>
    private static int CompareJsonTop(object a, object b)
    {
        var aScalar = a is not List<object> and not List<KeyValuePair<string, object>>;
        var bScalar = b is not List<object> and not List<KeyValuePair<string, object>>;
        if (!aScalar && !bScalar)
        {
            return CompareJsonNode(a, b);
        }

        var aArray = aScalar || a is List<object>;
        var bArray = bScalar || b is List<object>;
        if (aArray != bArray)
        {
            return aArray ? -1 : 1;
        }

        var aCount = aScalar ? 1 : ((List<object>)a).Count;
        var bCount = bScalar ? 1 : ((List<object>)b).Count;
        if (aCount != bCount)
        {
            return aCount.CompareTo(bCount);
        }

        if (aScalar != bScalar)
        {
            return aScalar ? -1 : 1;
        }

        return CompareJsonNode(a, b);
    }

    private static int JsonRank(object node) => node switch
    {
        JsonText.JsonNull => 0,
        string => 1,
        JsonText.JsonNumber => 2,
        bool => 3,
        List<object> => 4,
        _ => 5,
    };

    private static int CompareJsonNode(object a, object b)
    {
        var ra = JsonRank(a);
        var rb = JsonRank(b);
        if (ra != rb)
        {
            return ra.CompareTo(rb);
        }

        switch (a)
        {
            case string s:
                return CompareJsonString(s, (string)b);
            case JsonText.JsonNumber n:
                return JsonNumbers.Compare(n.Text, ((JsonText.JsonNumber)b).Text);
            case bool x:
                return x.CompareTo((bool)b);
            case List<object> la:
            {
                var lb = (List<object>)b;
                if (la.Count != lb.Count)
                {
                    return la.Count.CompareTo(lb.Count);
                }

                for (var i = 0; i < la.Count; i++)
                {
                    var c = CompareJsonNode(la[i], lb[i]);
                    if (c != 0)
                    {
                        return c;
                    }
                }

                return 0;
            }

            case List<KeyValuePair<string, object>> oa:
            {
                var ob = (List<KeyValuePair<string, object>>)b;
                if (oa.Count != ob.Count)
                {
                    return oa.Count.CompareTo(ob.Count);
                }

                for (var i = 0; i < oa.Count; i++)
                {
                    // Pairs come in storage order (keys by length, then bytes), but keys compare as strings.
                    var c = CompareText(oa[i].Key, ob[i].Key);
                    if (c != 0)
                    {
                        return c;
                    }

                    c = CompareJsonNode(oa[i].Value, ob[i].Value);
                    if (c != 0)
                    {
                        return c;
                    }
                }

                return 0;
            }

            default:
                return 0;
        }
    }

    /// <summary>jsonb scalar strings use the database collation ("C" here: code point order); only object keys
    /// sort by length first.</summary>
    private static int CompareJsonString(string a, string b) => CompareText(a, b);
}

/// <summary>
/// <see cref="ValueComparer"/> for one type, with nulls: ascending order puts NULL last, as PostgreSQL's default
/// (NULLS LAST for ASC); two nulls are equal for grouping and hashing (as GROUP BY and DISTINCT treat them).
/// </summary>
public sealed class TypedValueComparer : IComparer<object?>, IEqualityComparer<object?>
{
    /// <summary>Creates a comparer for values of <paramref name="type"/>.</summary>
    public TypedValueComparer(PgType type) => Type = type;

    /// <summary>The type of every compared value.</summary>
    public PgType Type { get; }

    /// <inheritdoc/>
    public int Compare(object? x, object? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : 1) : -1;
        }

        return ValueComparer.Compare(Type, x, y);
    }

    /// <inheritdoc/>
    public new bool Equals(object? x, object? y)
    {
        if (x is null || y is null)
        {
            return x is null && y is null;
        }

        return ValueComparer.Equals(Type, x, y);
    }

    /// <inheritdoc/>
    public int GetHashCode(object? obj) => obj is null ? 0 : ValueComparer.GetHashCode(Type, obj);
}
