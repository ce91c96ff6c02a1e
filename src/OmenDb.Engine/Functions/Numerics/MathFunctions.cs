using System.Numerics;
using OmenDb.Common;
using OmenDb.Engine.Functions.Operators;
using OmenDb.Engine.Types;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Functions.Numerics;

/// <summary>Mathematical functions (PostgreSQL docs 9.3), float8 and numeric variants with PostgreSQL's result scales.</summary>
internal static class MathFunctions
{
    public static void Register(RegistryBuilder r)
    {
        r.Fn(1394, "abs", [Float4], Float4, (a, _) => Math.Abs((float)a[0]!));
        r.Fn(1395, "abs", [Float8], Float8, (a, _) => Math.Abs((double)a[0]!));
        r.Fn(1396, "abs", [Int8], Int8, (a, _) => ArithmeticOperators.Narrow(Int8, Int128.Abs((long)a[0]!)));
        r.Fn(1397, "abs", [Int4], Int4, (a, _) => ArithmeticOperators.Narrow(Int4, Int128.Abs((int)a[0]!)));
        r.Fn(1398, "abs", [Int2], Int2, (a, _) => ArithmeticOperators.Narrow(Int2, Int128.Abs((short)a[0]!)));
        r.Fn(1705, "abs", [Numeric], Numeric, (a, _) => ((PgNumeric)a[0]!).Abs());

        r.Fn(1342, "round", [Float8], Float8, (a, _) => Math.Round((double)a[0]!, MidpointRounding.ToEven));
        r.Fn(1708, "round", [Numeric], Numeric, (a, _) => ((PgNumeric)a[0]!).Round(0));
        r.Fn(1707, "round", [Numeric, Int4], Numeric, (a, _) => ((PgNumeric)a[0]!).Round((int)a[1]!));
        r.Fn(1343, "trunc", [Float8], Float8, (a, _) => Math.Truncate((double)a[0]!));
        r.Fn(1710, "trunc", [Numeric], Numeric, (a, _) => ((PgNumeric)a[0]!).Truncate(0));
        r.Fn(1709, "trunc", [Numeric, Int4], Numeric, (a, _) => ((PgNumeric)a[0]!).Truncate((int)a[1]!));
        foreach (var (oidF, oidN, name) in (ReadOnlySpan<(uint, uint, string)>)[(2308, 1711, "ceil"), (2320, 2167, "ceiling")])
        {
            r.Fn(oidF, name, [Float8], Float8, (a, _) => Math.Ceiling((double)a[0]!));
            r.Fn(oidN, name, [Numeric], Numeric, (a, _) => ((PgNumeric)a[0]!).Ceiling());
        }

        r.Fn(2309, "floor", [Float8], Float8, (a, _) => Math.Floor((double)a[0]!));
        r.Fn(1712, "floor", [Numeric], Numeric, (a, _) => ((PgNumeric)a[0]!).Floor());
        r.Fn(1344, "sqrt", [Float8], Float8, (a, _) => SqrtFloat8((double)a[0]!));
        r.Fn(1730, "sqrt", [Numeric], Numeric, (a, _) => ((PgNumeric)a[0]!).Sqrt());
        r.Fn(1345, "cbrt", [Float8], Float8, (a, _) => Math.Cbrt((double)a[0]!));
        r.Fn(1368, "power", [Float8, Float8], Float8, (a, _) => PowFloat8((double)a[0]!, (double)a[1]!));
        r.Fn(1346, "pow", [Float8, Float8], Float8, (a, _) => PowFloat8((double)a[0]!, (double)a[1]!));
        r.Fn(2169, "power", [Numeric, Numeric], Numeric, (a, _) => PgNumeric.Power((PgNumeric)a[0]!, (PgNumeric)a[1]!));
        r.Fn(1738, "pow", [Numeric, Numeric], Numeric, (a, _) => PgNumeric.Power((PgNumeric)a[0]!, (PgNumeric)a[1]!));
        r.Fn(1347, "exp", [Float8], Float8, (a, _) => ExpFloat8((double)a[0]!));
        r.Fn(1732, "exp", [Numeric], Numeric, (a, _) => ((PgNumeric)a[0]!).Exp());
        r.Fn(1341, "ln", [Float8], Float8, (a, _) => LogFloat8((double)a[0]!, Math.Log));
        r.Fn(1734, "ln", [Numeric], Numeric, (a, _) => ((PgNumeric)a[0]!).Ln());
        r.Fn(1340, "log", [Float8], Float8, (a, _) => LogFloat8((double)a[0]!, Math.Log10));
        r.Fn(1194, "log10", [Float8], Float8, (a, _) => LogFloat8((double)a[0]!, Math.Log10));
        r.Fn(1741, "log", [Numeric], Numeric, (a, _) => PgNumeric.Log(10, (PgNumeric)a[0]!));
        r.Fn(1481, "log10", [Numeric], Numeric, (a, _) => PgNumeric.Log(10, (PgNumeric)a[0]!));
        r.Fn(1736, "log", [Numeric, Numeric], Numeric, (a, _) => PgNumeric.Log((PgNumeric)a[0]!, (PgNumeric)a[1]!));

        r.Fn(940, "mod", [Int2, Int2], Int2, (a, _) => IntMod(Int2, (short)a[0]!, (short)a[1]!));
        r.Fn(941, "mod", [Int4, Int4], Int4, (a, _) => IntMod(Int4, (int)a[0]!, (int)a[1]!));
        r.Fn(947, "mod", [Int8, Int8], Int8, (a, _) => IntMod(Int8, (long)a[0]!, (long)a[1]!));
        r.Fn(1728, "mod", [Numeric, Numeric], Numeric, (a, _) => (PgNumeric)a[0]! % (PgNumeric)a[1]!);
        r.Fn(1973, "div", [Numeric, Numeric], Numeric, (a, _) => PgNumeric.DivideTruncated((PgNumeric)a[0]!, (PgNumeric)a[1]!));
        r.Fn(2310, "sign", [Float8], Float8, (a, _) => (double)Math.Sign((double)a[0]!));
        r.Fn(1706, "sign", [Numeric], Numeric, (a, _) => SignNumeric((PgNumeric)a[0]!));
        r.Fn(1610, "pi", [], Float8, (_, _) => Math.PI);
        r.Fn(1598, "random", [], Float8, (_, c) => c.Random.NextDouble(), Volatility.Volatile);
        r.Fn(1599, "setseed", [Float8], PgTypes.Void, (a, c) => SetSeed((double)a[0]!, c), Volatility.Volatile);
        r.Fn(320, "width_bucket", [Float8, Float8, Float8, Int4], Int4,
            (a, _) => WidthBucket((double)a[0]!, (double)a[1]!, (double)a[2]!, (int)a[3]!));
        r.Fn(2170, "width_bucket", [Numeric, Numeric, Numeric, Int4], Int4,
            (a, _) => WidthBucket(((PgNumeric)a[0]!).ToDouble(), ((PgNumeric)a[1]!).ToDouble(), ((PgNumeric)a[2]!).ToDouble(), (int)a[3]!));
        r.Fn(3218, "width_bucket", [AnyCompatible, AnyCompatibleArray], Int4, (a, _) => WidthBucketArray(a[0]!, (PgArray)a[1]!));

        r.Fn(1608, "degrees", [Float8], Float8, (a, _) => (double)a[0]! * (180.0 / Math.PI));
        r.Fn(1609, "radians", [Float8], Float8, (a, _) => (double)a[0]! * (Math.PI / 180.0));
        r.Fn(1604, "sin", [Float8], Float8, (a, _) => Trig((double)a[0]!, Math.Sin));
        r.Fn(1605, "cos", [Float8], Float8, (a, _) => Trig((double)a[0]!, Math.Cos));
        r.Fn(1606, "tan", [Float8], Float8, (a, _) => Trig((double)a[0]!, Math.Tan));
        r.Fn(1607, "cot", [Float8], Float8, (a, _) => Trig((double)a[0]!, x => 1.0 / Math.Tan(x)));
        r.Fn(1600, "asin", [Float8], Float8, (a, _) => InverseTrig((double)a[0]!, Math.Asin));
        r.Fn(1601, "acos", [Float8], Float8, (a, _) => InverseTrig((double)a[0]!, Math.Acos));
        r.Fn(1602, "atan", [Float8], Float8, (a, _) => Math.Atan((double)a[0]!));
        r.Fn(1603, "atan2", [Float8, Float8], Float8, (a, _) => Math.Atan2((double)a[0]!, (double)a[1]!));
        r.Fn(2462, "sinh", [Float8], Float8, (a, _) => Math.Sinh((double)a[0]!));
        r.Fn(2463, "cosh", [Float8], Float8, (a, _) => Math.Cosh((double)a[0]!));
        r.Fn(2464, "tanh", [Float8], Float8, (a, _) => Math.Tanh((double)a[0]!));
        r.Fn(2465, "asinh", [Float8], Float8, (a, _) => Math.Asinh((double)a[0]!));
        r.Fn(2466, "acosh", [Float8], Float8, (a, _) => InverseTrig((double)a[0]!, Math.Acosh, 1, double.PositiveInfinity));
        r.Fn(2467, "atanh", [Float8], Float8, (a, _) => InverseTrig((double)a[0]!, Math.Atanh));

        r.Fn(5044, "gcd", [Int4, Int4], Int4, (a, _) => ArithmeticOperators.Narrow(Int4, Gcd((int)a[0]!, (int)a[1]!)));
        r.Fn(5045, "gcd", [Int8, Int8], Int8, (a, _) => ArithmeticOperators.Narrow(Int8, Gcd((long)a[0]!, (long)a[1]!)));
        r.Fn(5048, "gcd", [Numeric, Numeric], Numeric, (a, _) => GcdNumeric((PgNumeric)a[0]!, (PgNumeric)a[1]!));
        r.Fn(5046, "lcm", [Int4, Int4], Int4, (a, _) => ArithmeticOperators.Narrow(Int4, Lcm((int)a[0]!, (int)a[1]!)));
        r.Fn(5047, "lcm", [Int8, Int8], Int8, (a, _) => ArithmeticOperators.Narrow(Int8, Lcm((long)a[0]!, (long)a[1]!)));
        r.Fn(5049, "lcm", [Numeric, Numeric], Numeric, (a, _) => LcmNumeric((PgNumeric)a[0]!, (PgNumeric)a[1]!));
        r.Fn(1376, "factorial", [Int8], Numeric, (a, _) => Factorial((long)a[0]!));
        r.Fn(3281, "scale", [Numeric], Int4, (a, _) => ScaleOf((PgNumeric)a[0]!));
        r.Fn(5042, "min_scale", [Numeric], Int4, (a, _) => ScaleOf((PgNumeric)a[0]!, minimal: true));
        r.Fn(5043, "trim_scale", [Numeric], Numeric, (a, _) => ((PgNumeric)a[0]!).TrimScale());
    }

    private static object IntMod(PgType type, long x, long y) =>
        y == 0 ? FunctionErrors.DivisionByZero<object>() : ArithmeticOperators.Narrow(type, (Int128)x % y);

    internal static double SqrtFloat8(double x) =>
        x < 0 ? FunctionErrors.Error<double>(SqlState.InvalidArgumentForPowerFunction, "cannot take square root of a negative number")
            : Math.Sqrt(x);

    internal static double PowFloat8(double x, double y)
    {
        if (x == 0 && y < 0)
        {
            return FunctionErrors.Error<double>(SqlState.InvalidArgumentForPowerFunction, "zero raised to a negative power is undefined");
        }

        if (x < 0 && Math.Floor(y) != y && !double.IsInfinity(y))
        {
            return FunctionErrors.Error<double>(SqlState.InvalidArgumentForPowerFunction,
                "a negative number raised to a non-integer power yields a complex result");
        }

        if (double.IsNaN(x))
        {
            return y == 0 ? 1.0 : double.NaN;
        }

        if (double.IsNaN(y))
        {
            return x == 1 ? 1.0 : double.NaN;
        }

        var r = Math.Pow(x, y);
        if (double.IsInfinity(r) && !double.IsInfinity(x) && !double.IsInfinity(y))
        {
            return FunctionErrors.FloatOverflow<double>();
        }

        return r == 0 && x != 0 && !double.IsInfinity(y) && !double.IsInfinity(x) ? FunctionErrors.FloatUnderflow<double>() : r;
    }

    private static double ExpFloat8(double x)
    {
        var r = Math.Exp(x);
        if (double.IsInfinity(r) && !double.IsInfinity(x))
        {
            return FunctionErrors.FloatOverflow<double>();
        }

        return r == 0 && !double.IsInfinity(x) ? FunctionErrors.FloatUnderflow<double>() : r;
    }

    private static double LogFloat8(double x, Func<double, double> log)
    {
        if (x == 0)
        {
            return FunctionErrors.Error<double>(SqlState.InvalidArgumentForLog, "cannot take logarithm of zero");
        }

        return x < 0 ? FunctionErrors.Error<double>(SqlState.InvalidArgumentForLog, "cannot take logarithm of a negative number") : log(x);
    }

    private static object? SetSeed(double seed, EvalContext c)
    {
        if (seed < -1 || seed > 1 || double.IsNaN(seed))
        {
            return FunctionErrors.InvalidParameter<object>(
                $"setseed parameter {seed.ToString(System.Globalization.CultureInfo.InvariantCulture)} is out of allowed range [-1,1]");
        }

        c.Random = new Random((int)(seed * int.MaxValue));
        return null;
    }

    private static int WidthBucket(double operand, double low, double high, int count)
    {
        if (count <= 0)
        {
            return FunctionErrors.Error<int>(SqlState.InvalidArgumentForWidthBucketFunction, "count must be greater than zero");
        }

        if (double.IsNaN(operand) || double.IsNaN(low) || double.IsNaN(high))
        {
            return FunctionErrors.Error<int>(SqlState.InvalidArgumentForWidthBucketFunction,
                "operand, lower bound, and upper bound cannot be NaN");
        }

        if (low == high)
        {
            return FunctionErrors.Error<int>(SqlState.InvalidArgumentForWidthBucketFunction, "lower bound cannot equal upper bound");
        }

        if (low < high)
        {
            if (operand < low)
            {
                return 0;
            }

            if (operand >= high)
            {
                return count == int.MaxValue ? FunctionErrors.IntegerOutOfRange<int>() : count + 1;
            }

            return (int)(count * ((operand - low) / (high - low))) + 1;
        }

        if (operand > low)
        {
            return 0;
        }

        if (operand <= high)
        {
            return count == int.MaxValue ? FunctionErrors.IntegerOutOfRange<int>() : count + 1;
        }

        return (int)(count * ((low - operand) / (low - high))) + 1;
    }

    private static int WidthBucketArray(object operand, PgArray thresholds)
    {
        // The number of thresholds ≤ operand (thresholds sorted ascending).
        var type = thresholds.ElementType;
        var n = 0;
        foreach (var t in thresholds.Elements)
        {
            if (t is null || ValueComparer.Compare(type, operand, t) < 0)
            {
                break;
            }

            n++;
        }

        return n;
    }

    private static double Trig(double x, Func<double, double> f)
    {
        if (double.IsInfinity(x))
        {
            return FunctionErrors.Error<double>(SqlState.NumericValueOutOfRange, "input is out of range");
        }

        return f(x);
    }

    private static double InverseTrig(double x, Func<double, double> f, double min = -1, double max = 1)
    {
        if (x < min || x > max)
        {
            return FunctionErrors.Error<double>(SqlState.NumericValueOutOfRange, "input is out of range");
        }

        return f(x);
    }

    private static Int128 Gcd(long x, long y)
    {
        Int128 a = Int128.Abs(x);
        Int128 b = Int128.Abs(y);
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    private static Int128 Lcm(long x, long y)
    {
        if (x == 0 || y == 0)
        {
            return 0;
        }

        var g = Gcd(x, y);
        return Int128.Abs((Int128)x / g * y);
    }

    /// <summary>sign(numeric): −1, 0 or 1 with scale 0; NaN stays NaN.</summary>
    private static PgNumeric SignNumeric(PgNumeric x) => x.IsNaN ? x : x.Sign;

    /// <summary>scale() and min_scale(): NULL for NaN and the infinities.</summary>
    private static object? ScaleOf(PgNumeric x, bool minimal = false) => x.IsSpecial ? null : minimal ? x.MinScale() : x.Scale;

    /// <summary>gcd(numeric, numeric): Euclid on the values aligned to the larger scale.</summary>
    private static PgNumeric GcdNumeric(PgNumeric x, PgNumeric y)
    {
        if (x.IsSpecial || y.IsSpecial)
        {
            return PgNumeric.NaN;
        }

        var scale = Math.Max(x.Scale, y.Scale);
        return new PgNumeric(BigInteger.GreatestCommonDivisor(x.Round(scale).Coefficient, y.Round(scale).Coefficient), scale);
    }

    /// <summary>lcm(numeric, numeric): |x / gcd × y| with the larger scale; 0 when either is 0.</summary>
    private static PgNumeric LcmNumeric(PgNumeric x, PgNumeric y)
    {
        if (x.IsSpecial || y.IsSpecial)
        {
            return PgNumeric.NaN;
        }

        var scale = Math.Max(x.Scale, y.Scale);
        if (x.IsZero || y.IsZero)
        {
            return new PgNumeric(BigInteger.Zero, scale);
        }

        // x / gcd(x, y) is an integer, so the truncated quotient is exact.
        return (PgNumeric.DivideTruncated(x, GcdNumeric(x, y)) * y).Abs().Round(scale);
    }

    private static PgNumeric Factorial(long n)
    {
        if (n < 0)
        {
            return FunctionErrors.Error<PgNumeric>(SqlState.NumericValueOutOfRange, "factorial of a negative number is undefined");
        }

        if (n > 32177)
        {
            return FunctionErrors.NumericOverflow<PgNumeric>();
        }

        var r = BigInteger.One;
        for (var i = 2L; i <= n; i++)
        {
            r *= i;
        }

        return new PgNumeric(r, 0);
    }
}
