using OmenDb.Engine.Functions.Temporal;
using OmenDb.Engine.Types;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Functions.Operators;

/// <summary>
/// = &lt;&gt; &lt; &lt;= &gt; &gt;= for every built-in type (same-type pairs through <see cref="ValueComparer"/>) and
/// PostgreSQL's cross-type pairs (integer widths, float4/float8, date/timestamp/timestamptz, name/text).
/// </summary>
internal static class ComparisonOperators
{
    public static void Register(RegistryBuilder r)
    {
        // pg_operator OIDs in the order = <> < <= > >=.
        (PgType Type, uint[] Oids)[] same =
        [
            (PgTypes.Char, [92, 630, 631, 632, 633, 634]),
            (AnyArray, [1070, 1071, 1072, 1074, 1073, 1075]),
            (Int8, [410, 411, 412, 414, 413, 415]),
            (Bool, [91, 85, 58, 1694, 59, 1695]),
            (Bytea, [1955, 1956, 1957, 1958, 1959, 1960]),
            (Bpchar, [1054, 1057, 1058, 1059, 1060, 1061]),
            (Date, [1093, 1094, 1095, 1096, 1097, 1098]),
            (Float8, [670, 671, 672, 673, 674, 675]),
            (Int4, [96, 518, 97, 523, 521, 525]),
            (Interval, [1330, 1331, 1332, 1333, 1334, 1335]),
            (Jsonb, [3240, 3241, 3242, 3244, 3243, 3245]),
            (Name, [93, 643, 660, 661, 662, 663]),
            (Numeric, [1752, 1753, 1754, 1755, 1756, 1757]),
            (Oid, [607, 608, 609, 611, 610, 612]),
            (Float4, [620, 621, 622, 624, 623, 625]),
            (Record, [2988, 2989, 2990, 2992, 2991, 2993]),
            (Int2, [94, 519, 95, 522, 520, 524]),
            (Text, [98, 531, 664, 665, 666, 667]),
            (Time, [1108, 1109, 1110, 1111, 1112, 1113]),
            (TimestampTz, [1320, 1321, 1322, 1323, 1324, 1325]),
            (Timestamp, [2060, 2061, 2062, 2063, 2064, 2065]),
            (Uuid, [2972, 2973, 2974, 2976, 2975, 2977]),
        ];
        foreach (var (type, oids) in same)
        {
            for (var i = 0; i < 6; i++)
            {
                var kind = (ComparisonKind)i;
                var t = type;
                ScalarInvoker f = type == AnyArray
                    ? (a, _) => kind.Test(ValueComparer.Compare(ArrayTypeOf(a[0]!), a[0]!, a[1]!))
                    : type == Record
                        ? (a, _) => kind.Test(CompareRecords((PgRecord)a[0]!, (PgRecord)a[1]!))
                        : kind is ComparisonKind.Eq or ComparisonKind.Ne
                            ? (a, _) => ValueComparer.Equals(t, a[0]!, a[1]!) == (kind == ComparisonKind.Eq)
                            : (a, _) => kind.Test(ValueComparer.Compare(t, a[0]!, a[1]!));
                r.Op(oids[i], ComparisonKinds.Names[i], type, type, Bool, f);
            }
        }

        // Integers of different widths compare as bigint.
        Cross(r, Int8, Int4, [416, 417, 418, 420, 419, 430], Int8, ToInt8, ToInt8);
        Cross(r, Int8, Int2, [1868, 1869, 1870, 1872, 1871, 1873], Int8, ToInt8, ToInt8);
        Cross(r, Int4, Int8, [15, 36, 37, 80, 76, 82], Int8, ToInt8, ToInt8);
        Cross(r, Int4, Int2, [533, 539, 535, 541, 537, 543], Int8, ToInt8, ToInt8);
        Cross(r, Int2, Int8, [1862, 1863, 1864, 1866, 1865, 1867], Int8, ToInt8, ToInt8);
        Cross(r, Int2, Int4, [532, 538, 534, 540, 536, 542], Int8, ToInt8, ToInt8);
        Cross(r, Float8, Float4, [1130, 1131, 1132, 1134, 1133, 1135], Float8, ToFloat8, ToFloat8);
        Cross(r, Float4, Float8, [1120, 1121, 1122, 1124, 1123, 1125], Float8, ToFloat8, ToFloat8);
        Cross(r, Name, Text, [254, 259, 255, 256, 258, 257], Text, Same, Same);
        Cross(r, Text, Name, [260, 265, 261, 262, 264, 263], Text, Same, Same);
        Cross(r, Date, Timestamp, [2347, 2350, 2345, 2346, 2349, 2348], Timestamp, DateToTimestamp, Same);
        Cross(r, Timestamp, Date, [2373, 2376, 2371, 2372, 2375, 2374], Timestamp, Same, DateToTimestamp);
        Cross(r, Date, TimestampTz, [2360, 2363, 2358, 2359, 2362, 2361], TimestampTz, DateToTimestampTz, Same);
        Cross(r, TimestampTz, Date, [2386, 2389, 2384, 2385, 2388, 2387], TimestampTz, Same, DateToTimestampTz);
        Cross(r, Timestamp, TimestampTz, [2536, 2539, 2534, 2535, 2538, 2537], TimestampTz, TimestampToTz, Same);
        Cross(r, TimestampTz, Timestamp, [2542, 2545, 2540, 2541, 2544, 2543], TimestampTz, Same, TimestampToTz);
    }

    private static void Cross(RegistryBuilder r, PgType left, PgType right, uint[] oids, PgType common,
        Func<object, EvalContext, object> convertLeft, Func<object, EvalContext, object> convertRight)
    {
        for (var i = 0; i < 6; i++)
        {
            var kind = (ComparisonKind)i;
            r.Op(oids[i], ComparisonKinds.Names[i], left, right, Bool,
                (a, c) => kind.Test(ValueComparer.Compare(common, convertLeft(a[0]!, c), convertRight(a[1]!, c))));
        }
    }


    private static object Same(object v, EvalContext c) => v;

    private static object ToInt8(object v, EvalContext c) => v switch
    {
        short s => (long)s,
        int i => (long)i,
        _ => v,
    };

    private static object ToFloat8(object v, EvalContext c) => v is float f ? (double)f : v;

    private static object DateToTimestamp(object v, EvalContext c) => DateTimeMath.DateToTimestamp((int)v);

    private static object DateToTimestampTz(object v, EvalContext c) =>
        DateTimeMath.FromLocal(DateTimeMath.DateToTimestamp((int)v), c.TimeZone);

    private static object TimestampToTz(object v, EvalContext c) => DateTimeMath.FromLocal((long)v, c.TimeZone);

    /// <summary>The array type of a PgArray value (for ValueComparer).</summary>
    internal static PgType ArrayTypeOf(object array) =>
        ((PgArray)array).ElementType.ArrayType ?? AnyArray;

    /// <summary>record comparison: field by field, nulls sorting last (record_cmp).</summary>
    internal static int CompareRecords(PgRecord x, PgRecord y)
    {
        var n = Math.Min(x.Values.Length, y.Values.Length);
        for (var i = 0; i < n; i++)
        {
            var a = x.Values[i];
            var b = y.Values[i];
            if (a is null || b is null)
            {
                if (a is null && b is null)
                {
                    continue;
                }

                return a is null ? 1 : -1;
            }

            var c = ValueComparer.Compare(x.FieldTypes[i], a, b);
            if (c != 0)
            {
                return c;
            }
        }

        return x.Values.Length.CompareTo(y.Values.Length);
    }
}
