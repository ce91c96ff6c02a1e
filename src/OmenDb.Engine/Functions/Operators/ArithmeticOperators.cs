using OmenDb.Common;
using OmenDb.Engine.Functions.Numerics;
using OmenDb.Engine.Types;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Functions.Operators;

/// <summary>
/// + - * / % for int2/int4/int8 (with PostgreSQL's cross-width operators), float4/float8, numeric; unary - + @;
/// ^ |/ ||/; bitwise &amp; | # ~ &lt;&lt; &gt;&gt;. Overflow and division errors as PostgreSQL raises them.
/// </summary>
internal static class ArithmeticOperators
{
    public static void Register(RegistryBuilder r)
    {
        // Integer arithmetic, OIDs from pg_operator: (left, right, +, -, *, /).
        (PgType L, PgType R, uint Pl, uint Mi, uint Mul, uint Div)[] ints =
        [
            (Int2, Int2, 550, 554, 526, 527),
            (Int4, Int4, 551, 555, 514, 528),
            (Int2, Int4, 552, 556, 544, 546),
            (Int4, Int2, 553, 557, 545, 547),
            (Int8, Int8, 684, 685, 686, 687),
            (Int8, Int2, 818, 819, 820, 821),
            (Int2, Int8, 822, 823, 824, 825),
            (Int8, Int4, 688, 689, 690, 691),
            (Int4, Int8, 692, 693, 694, 695),
        ];
        foreach (var (l, rt, pl, mi, mul, div) in ints)
        {
            var result = Wider(l, rt);
            r.Op(pl, "+", l, rt, result, (a, _) => Narrow(result, (Int128)ToLong(a[0]!) + ToLong(a[1]!)));
            r.Op(mi, "-", l, rt, result, (a, _) => Narrow(result, (Int128)ToLong(a[0]!) - ToLong(a[1]!)));
            r.Op(mul, "*", l, rt, result, (a, _) => Narrow(result, (Int128)ToLong(a[0]!) * ToLong(a[1]!)));
            r.Op(div, "/", l, rt, result, (a, _) =>
            {
                var y = ToLong(a[1]!);
                return y == 0 ? FunctionErrors.DivisionByZero<object>() : Narrow(result, (Int128)ToLong(a[0]!) / y);
            });
        }

        r.Op(529, "%", Int2, Int2, Int2, (a, _) => Narrow(Int2, Mod(ToLong(a[0]!), ToLong(a[1]!))));
        r.Op(530, "%", Int4, Int4, Int4, (a, _) => Narrow(Int4, Mod(ToLong(a[0]!), ToLong(a[1]!))));
        r.Op(439, "%", Int8, Int8, Int8, (a, _) => Narrow(Int8, Mod(ToLong(a[0]!), ToLong(a[1]!))));

        // Prefix operators.
        r.Op(559, "-", null, Int2, Int2, (a, _) => Narrow(Int2, -(Int128)(short)a[0]!));
        r.Op(558, "-", null, Int4, Int4, (a, _) => Narrow(Int4, -(Int128)(int)a[0]!));
        r.Op(484, "-", null, Int8, Int8, (a, _) => Narrow(Int8, -(Int128)(long)a[0]!));
        r.Op(584, "-", null, Float4, Float4, (a, _) => -(float)a[0]!);
        r.Op(585, "-", null, Float8, Float8, (a, _) => -(double)a[0]!);
        r.Op(1751, "-", null, Numeric, Numeric, (a, _) => -(PgNumeric)a[0]!);
        r.Op(1917, "+", null, Int2, Int2, (a, _) => a[0]);
        r.Op(1918, "+", null, Int4, Int4, (a, _) => a[0]);
        r.Op(1916, "+", null, Int8, Int8, (a, _) => a[0]);
        r.Op(1919, "+", null, Float4, Float4, (a, _) => a[0]);
        r.Op(1920, "+", null, Float8, Float8, (a, _) => a[0]);
        r.Op(1921, "+", null, Numeric, Numeric, (a, _) => a[0]);
        r.Op(682, "@", null, Int2, Int2, (a, _) => Narrow(Int2, Int128.Abs((short)a[0]!)));
        r.Op(773, "@", null, Int4, Int4, (a, _) => Narrow(Int4, Int128.Abs((int)a[0]!)));
        r.Op(473, "@", null, Int8, Int8, (a, _) => Narrow(Int8, Int128.Abs((long)a[0]!)));
        r.Op(590, "@", null, Float4, Float4, (a, _) => Math.Abs((float)a[0]!));
        r.Op(595, "@", null, Float8, Float8, (a, _) => Math.Abs((double)a[0]!));
        r.Op(1763, "@", null, Numeric, Numeric, (a, _) => ((PgNumeric)a[0]!).Abs());

        // Floating point.
        r.Op(586, "+", Float4, Float4, Float4, (a, _) => F4((float)a[0]! + (float)a[1]!, (float)a[0]!, (float)a[1]!));
        r.Op(587, "-", Float4, Float4, Float4, (a, _) => F4((float)a[0]! - (float)a[1]!, (float)a[0]!, (float)a[1]!));
        r.Op(589, "*", Float4, Float4, Float4, (a, _) => F4Mul((float)a[0]!, (float)a[1]!));
        r.Op(588, "/", Float4, Float4, Float4, (a, _) => F4Div((float)a[0]!, (float)a[1]!));
        r.Op(591, "+", Float8, Float8, Float8, (a, _) => F8Add(ToDouble(a[0]!), ToDouble(a[1]!)));
        r.Op(592, "-", Float8, Float8, Float8, (a, _) => F8Add(ToDouble(a[0]!), -ToDouble(a[1]!)));
        r.Op(594, "*", Float8, Float8, Float8, (a, _) => F8Mul(ToDouble(a[0]!), ToDouble(a[1]!)));
        r.Op(593, "/", Float8, Float8, Float8, (a, _) => F8Div(ToDouble(a[0]!), ToDouble(a[1]!)));
        foreach (var (l, rt, pl, mi, mul, div) in (ReadOnlySpan<(PgType, PgType, uint, uint, uint, uint)>)
                 [(Float4, Float8, 1116, 1117, 1119, 1118), (Float8, Float4, 1126, 1127, 1129, 1128)])
        {
            r.Op(pl, "+", l, rt, Float8, (a, _) => F8Add(ToDouble(a[0]!), ToDouble(a[1]!)));
            r.Op(mi, "-", l, rt, Float8, (a, _) => F8Add(ToDouble(a[0]!), -ToDouble(a[1]!)));
            r.Op(mul, "*", l, rt, Float8, (a, _) => F8Mul(ToDouble(a[0]!), ToDouble(a[1]!)));
            r.Op(div, "/", l, rt, Float8, (a, _) => F8Div(ToDouble(a[0]!), ToDouble(a[1]!)));
        }

        r.Op(965, "^", Float8, Float8, Float8, (a, _) => MathFunctions.PowFloat8((double)a[0]!, (double)a[1]!));
        r.Op(596, "|/", null, Float8, Float8, (a, _) => MathFunctions.SqrtFloat8((double)a[0]!));
        r.Op(597, "||/", null, Float8, Float8, (a, _) => Math.Cbrt((double)a[0]!));

        // Numeric.
        r.Op(1758, "+", Numeric, Numeric, Numeric, (a, _) => (PgNumeric)a[0]! + (PgNumeric)a[1]!);
        r.Op(1759, "-", Numeric, Numeric, Numeric, (a, _) => (PgNumeric)a[0]! - (PgNumeric)a[1]!);
        r.Op(1760, "*", Numeric, Numeric, Numeric, (a, _) => (PgNumeric)a[0]! * (PgNumeric)a[1]!);
        r.Op(1761, "/", Numeric, Numeric, Numeric, (a, _) => (PgNumeric)a[0]! / (PgNumeric)a[1]!);
        r.Op(1762, "%", Numeric, Numeric, Numeric, (a, _) => (PgNumeric)a[0]! % (PgNumeric)a[1]!);
        r.Op(1038, "^", Numeric, Numeric, Numeric, (a, _) => PgNumeric.Power((PgNumeric)a[0]!, (PgNumeric)a[1]!));

        // Bitwise.
        r.Op(1874, "&", Int2, Int2, Int2, (a, _) => (short)((short)a[0]! & (short)a[1]!));
        r.Op(1875, "|", Int2, Int2, Int2, (a, _) => (short)((short)a[0]! | (short)a[1]!));
        r.Op(1876, "#", Int2, Int2, Int2, (a, _) => (short)((short)a[0]! ^ (short)a[1]!));
        r.Op(1877, "~", null, Int2, Int2, (a, _) => (short)~(short)a[0]!);
        r.Op(1878, "<<", Int2, Int4, Int2, (a, _) => (short)((short)a[0]! << (int)a[1]!));
        r.Op(1879, ">>", Int2, Int4, Int2, (a, _) => (short)((short)a[0]! >> (int)a[1]!));
        r.Op(1880, "&", Int4, Int4, Int4, (a, _) => (int)a[0]! & (int)a[1]!);
        r.Op(1881, "|", Int4, Int4, Int4, (a, _) => (int)a[0]! | (int)a[1]!);
        r.Op(1882, "#", Int4, Int4, Int4, (a, _) => (int)a[0]! ^ (int)a[1]!);
        r.Op(1883, "~", null, Int4, Int4, (a, _) => ~(int)a[0]!);
        r.Op(1884, "<<", Int4, Int4, Int4, (a, _) => (int)a[0]! << (int)a[1]!);
        r.Op(1885, ">>", Int4, Int4, Int4, (a, _) => (int)a[0]! >> (int)a[1]!);
        r.Op(1886, "&", Int8, Int8, Int8, (a, _) => (long)a[0]! & (long)a[1]!);
        r.Op(1887, "|", Int8, Int8, Int8, (a, _) => (long)a[0]! | (long)a[1]!);
        r.Op(1888, "#", Int8, Int8, Int8, (a, _) => (long)a[0]! ^ (long)a[1]!);
        r.Op(1889, "~", null, Int8, Int8, (a, _) => ~(long)a[0]!);
        r.Op(1890, "<<", Int8, Int4, Int8, (a, _) => (long)a[0]! << (int)a[1]!);
        r.Op(1891, ">>", Int8, Int4, Int8, (a, _) => (long)a[0]! >> (int)a[1]!);
    }

    private static PgType Wider(PgType a, PgType b) =>
        a == Int8 || b == Int8 ? Int8 : a == Int4 || b == Int4 ? Int4 : Int2;

    /// <summary>Any integer CLR value widened to long.</summary>
    internal static long ToLong(object v) => v switch
    {
        short s => s,
        int i => i,
        long l => l,
        _ => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>float4 or float8 widened to double.</summary>
    internal static double ToDouble(object v) => v is float f ? f : (double)v;

    /// <summary>Narrows an exact result to the integer type, raising PostgreSQL's out-of-range error.</summary>
    internal static object Narrow(PgType type, Int128 v)
    {
        if (type == Int2)
        {
            return v < short.MinValue || v > short.MaxValue ? FunctionErrors.SmallintOutOfRange<object>() : (short)v;
        }

        if (type == Int4)
        {
            return v < int.MinValue || v > int.MaxValue ? FunctionErrors.IntegerOutOfRange<object>() : (int)v;
        }

        return v < long.MinValue || v > long.MaxValue ? FunctionErrors.BigintOutOfRange<object>() : (long)v;
    }

    private static Int128 Mod(long x, long y) => y == 0 ? FunctionErrors.DivisionByZero<Int128>() : (Int128)x % y;

    private static object F4(float r, float x, float y) =>
        float.IsInfinity(r) && !float.IsInfinity(x) && !float.IsInfinity(y) ? FunctionErrors.FloatOverflow<object>() : r;

    private static object F4Mul(float x, float y)
    {
        var r = x * y;
        if (float.IsInfinity(r) && !float.IsInfinity(x) && !float.IsInfinity(y))
        {
            return FunctionErrors.FloatOverflow<object>();
        }

        return r == 0 && x != 0 && y != 0 ? FunctionErrors.FloatUnderflow<object>() : r;
    }

    private static object F4Div(float x, float y)
    {
        if (y == 0 && !float.IsNaN(x))
        {
            return FunctionErrors.DivisionByZero<object>();
        }

        var r = x / y;
        if (float.IsInfinity(r) && !float.IsInfinity(x))
        {
            return FunctionErrors.FloatOverflow<object>();
        }

        return r == 0 && x != 0 && !float.IsInfinity(y) ? FunctionErrors.FloatUnderflow<object>() : r;
    }

    /// <summary>float8pl with overflow check.</summary>
    internal static double F8Add(double x, double y)
    {
        var r = x + y;
        return double.IsInfinity(r) && !double.IsInfinity(x) && !double.IsInfinity(y) ? FunctionErrors.FloatOverflow<double>() : r;
    }

    /// <summary>float8mul with overflow and underflow checks.</summary>
    internal static double F8Mul(double x, double y)
    {
        var r = x * y;
        if (double.IsInfinity(r) && !double.IsInfinity(x) && !double.IsInfinity(y))
        {
            return FunctionErrors.FloatOverflow<double>();
        }

        return r == 0 && x != 0 && y != 0 ? FunctionErrors.FloatUnderflow<double>() : r;
    }

    /// <summary>float8div with division-by-zero, overflow and underflow checks.</summary>
    internal static double F8Div(double x, double y)
    {
        if (y == 0 && !double.IsNaN(x))
        {
            return FunctionErrors.DivisionByZero<double>();
        }

        var r = x / y;
        if (double.IsInfinity(r) && !double.IsInfinity(x))
        {
            return FunctionErrors.FloatOverflow<double>();
        }

        return r == 0 && x != 0 && !double.IsInfinity(y) ? FunctionErrors.FloatUnderflow<double>() : r;
    }
}
