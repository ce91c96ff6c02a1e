using System.Numerics;

namespace OmenDb.Common;

/// <content>
/// sqrt, exp, ln, log and power with numeric.c's result scales. The values are computed in fixed point on
/// <see cref="BigInteger"/> with guard digits beyond the result scale and then rounded half away from zero, so the
/// digits shown are the correctly rounded ones.
/// </content>
public readonly partial struct PgNumeric
{
    /// <summary>NUMERIC_MAX_RESULT_SCALE: exp's argument is limited to ±3 × this.</summary>
    private const int MaxResultScale = 2000;

    /// <summary>Extra digits carried through a computation beyond the digits the result shows.</summary>
    private const int GuardDigits = 12;

    /// <summary>numeric_sqrt: at least 16 significant digits and not below the input's scale.</summary>
    public PgNumeric Sqrt()
    {
        if (IsNaN || _kind == NumericKind.PositiveInfinity)
        {
            return this;
        }

        if (Sign < 0)
        {
            throw new PgException(SqlState.InvalidArgumentForPowerFunction, "cannot take square root of a negative number");
        }

        var weight = _coefficient.IsZero ? 0 : LeadingGroup().Weight;
        var sweight = ((weight + 1) * 4 / 2) - 1;
        return Sqrt(Math.Clamp(Math.Max(MinSigDigits - sweight, _scale), 0, MaxDisplayScale));
    }

    /// <summary>The square root rounded (half away from zero) at <paramref name="rscale"/> digits after the point.</summary>
    public PgNumeric Sqrt(int rscale)
    {
        if (IsNaN || _kind == NumericKind.PositiveInfinity)
        {
            return this;
        }

        if (Sign < 0)
        {
            throw new PgException(SqlState.InvalidArgumentForPowerFunction, "cannot take square root of a negative number");
        }

        // floor(sqrt(x × 10^(2·rscale + 2))) carries one digit more than shown; it decides the rounding exactly.
        var shift = (2 * rscale) + 2 - _scale;
        var n = shift >= 0 ? _coefficient * Pow10(shift) : _coefficient / Pow10(-shift);
        var root = IntegerSqrt(n);
        var result = BigInteger.DivRem(root, 10, out var last);
        return new PgNumeric(last >= 5 ? result + 1 : result, rscale);
    }

    /// <summary>floor(√n) for n ≥ 0 (Newton's iteration from above).</summary>
    private static BigInteger IntegerSqrt(BigInteger n)
    {
        if (n.IsZero)
        {
            return n;
        }

        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + (n / x)) >> 1;
            if (y >= x)
            {
                return x;
            }

            x = y;
        }
    }

    /// <summary>numeric_exp: 16 significant digits at least, judged from the argument × log10(e).</summary>
    public PgNumeric Exp()
    {
        switch (_kind)
        {
            case NumericKind.NaN or NumericKind.PositiveInfinity:
                return this;
            case NumericKind.NegativeInfinity:
                return Zero;
        }

        var value = ToDouble();
        var dweight = Math.Clamp(value * 0.434294481903252, -MaxResultScale, MaxResultScale);
        var rscale = Math.Clamp(Math.Max(MinSigDigits - (int)dweight, _scale), 0, MaxDisplayScale);
        if (Math.Abs(value) >= MaxResultScale * 3)
        {
            return value > 0 ? throw Overflow() : new PgNumeric(BigInteger.Zero, rscale);
        }

        return ExpRounded(this, rscale, dweight);
    }

    /// <summary>e^<paramref name="z"/> rounded at <paramref name="rscale"/>; <paramref name="dweight"/> ≈ log10 of the result.</summary>
    private static PgNumeric ExpRounded(PgNumeric z, int rscale, double dweight)
    {
        // e^z has relative error ≈ the absolute error of z, so carry the result's digits before the point too.
        var work = rscale + Math.Max((int)dweight, 0) + GuardDigits;
        var fixedZ = BigInteger.Abs(z.Round(work)._coefficient);
        var e = ExpFixed(fixedZ, work);
        if (z.Sign >= 0)
        {
            return new PgNumeric(e, work).Round(rscale).Checked();
        }

        // e^−z = 1 / e^z.
        return Divide(One, new PgNumeric(e, work), rscale, round: true);
    }

    /// <summary>e^z for z ≥ 0 in fixed point: z and the result are integers scaled by 10^<paramref name="scale"/>.</summary>
    private static BigInteger ExpFixed(BigInteger z, int scale)
    {
        // Halve z k times until it is below 1/256, sum the Taylor series, then square k times. Each squaring doubles
        // the relative error, so k·log10(2) more digits are carried.
        var whole = z / Pow10(scale);
        var k = (int)whole.GetBitLength() + 8;
        var work = scale + (k * 3 / 10) + GuardDigits;
        var one = Pow10(work);
        var r = (z * Pow10(work - scale)) >> k;
        var sum = one;
        var term = one;
        for (var i = 1; !term.IsZero; i++)
        {
            term = term * r / (one * i);
            sum += term;
        }

        for (var i = 0; i < k; i++)
        {
            sum = sum * sum / one;
        }

        return sum / Pow10(work - scale);
    }

    /// <summary>numeric_ln: 22P02-style errors for zero and negative arguments (2201E).</summary>
    public PgNumeric Ln()
    {
        CheckLogArgument(this);
        if (IsSpecial)
        {
            return this;
        }

        var rscale = Math.Clamp(Math.Max(MinSigDigits - EstimateLnDecimalWeight(), _scale), 0, MaxDisplayScale);
        return new PgNumeric(LnFixed(this, rscale + GuardDigits), rscale + GuardDigits).Round(rscale);
    }

    /// <summary>log(b, x) (numeric_log): ln(x) / ln(b) with the scale from both logarithms' estimated weights.</summary>
    public static PgNumeric Log(PgNumeric b, PgNumeric x)
    {
        if (b.IsNaN || x.IsNaN)
        {
            return NaN;
        }

        CheckLogArgument(b);
        CheckLogArgument(x);
        if (b.IsSpecial)
        {
            return x.IsSpecial ? NaN : Zero;
        }

        if (x.IsSpecial)
        {
            return PositiveInfinity;
        }

        var lnBWeight = b.EstimateLnDecimalWeight();
        var lnXWeight = x.EstimateLnDecimalWeight();
        var rscale = MinSigDigits - (lnXWeight - lnBWeight);
        rscale = Math.Clamp(Math.Max(Math.Max(rscale, b._scale), x._scale), 0, MaxDisplayScale);
        var work = rscale + GuardDigits + Math.Max(-lnBWeight, 0) + Math.Max(lnXWeight - lnBWeight, 0);
        var lnB = LnFixed(b, work);
        if (lnB.IsZero)
        {
            throw DivisionByZero();
        }

        return Divide(new PgNumeric(LnFixed(x, work), work), new PgNumeric(lnB, work), rscale, round: true);
    }

    private static void CheckLogArgument(PgNumeric x)
    {
        if (x.IsNaN)
        {
            return;
        }

        if (x.Sign == 0)
        {
            throw new PgException(SqlState.InvalidArgumentForLog, "cannot take logarithm of zero");
        }

        if (x.Sign < 0)
        {
            throw new PgException(SqlState.InvalidArgumentForLog, "cannot take logarithm of a negative number");
        }
    }

    /// <summary>estimate_ln_dweight: the decimal weight of ln(x) for a finite positive x, used to choose scales.</summary>
    private int EstimateLnDecimalWeight()
    {
        if (Sign <= 0)
        {
            return 0;
        }

        if (this >= s_zeroPointNine && this <= s_onePointOne)
        {
            // ln(1 + d) ≈ d: the weight of the first significant digit of d.
            var d = this - One;
            return d.IsZero ? 0 : d.DecimalExponent;
        }

        var (weight, _) = LeadingGroup();
        var digits = (double)DigitsAt(weight, 2);
        var dweight = (weight - 1) * 4;
        var ln = Math.Log(digits) + (dweight * 2.302585092994046);
        return (int)Math.Log10(Math.Abs(ln));
    }

    private static readonly PgNumeric s_zeroPointNine = new(9, 1);
    private static readonly PgNumeric s_onePointOne = new(11, 1);

    /// <summary>ln(x) for a finite positive x, as an integer scaled by 10^<paramref name="scale"/>.</summary>
    private static BigInteger LnFixed(PgNumeric x, int scale)
    {
        // x = m × 10^e with 1 ≤ m < 10: ln x = ln m + e·ln 10; e·ln 10 needs log10|e| more digits.
        var e = x.DecimalExponent;
        var work = scale + GuardDigits + DigitCount(Math.Abs(e));
        var one = Pow10(work);
        var shift = work - x._scale - e;
        var m = shift >= 0 ? x._coefficient * Pow10(shift) : x._coefficient / Pow10(-shift);
        var ln = NewtonLn(m, work);
        if (e != 0)
        {
            ln += e * NewtonLn(10 * one, work);
        }

        return ln / Pow10(work - scale);
    }

    /// <summary>ln(m) for 1 ≤ m ≤ 10 in fixed point, by Halley's iteration y ← y + 2(m − e^y)/(m + e^y) from the
    /// double estimate (each step triples the correct digits).</summary>
    private static BigInteger NewtonLn(BigInteger m, int scale)
    {
        var estimate = Math.Log(scale > 15 ? (double)(m / Pow10(scale - 15)) / 1e15 : (double)m / Math.Pow(10, scale));
        var y = scale >= 15
            ? new BigInteger(Math.Round(estimate * 1e15)) * Pow10(scale - 15)
            : new BigInteger(Math.Round(estimate * Math.Pow(10, scale)));
        for (var digits = 14; ;)
        {
            var ey = ExpFixed(y, scale);
            var delta = 2 * (m - ey) * Pow10(scale) / (m + ey);
            y += delta;
            digits *= 3;
            if (digits > scale + 3 || BigInteger.Abs(delta) <= 1)
            {
                return y;
            }
        }
    }

    /// <summary>numeric_power: POSIX's rules for NaN and the infinities, exact integer powers, e^(y·ln x) otherwise.</summary>
    public static PgNumeric Power(PgNumeric x, PgNumeric y)
    {
        if (x.IsSpecial || y.IsSpecial)
        {
            return PowerSpecial(x, y);
        }

        if (x.IsZero && y.Sign < 0)
        {
            throw new PgException(SqlState.InvalidArgumentForPowerFunction, "zero raised to a negative power is undefined");
        }

        var integral = y.Truncate(0) == y;
        if (x.Sign < 0 && !integral)
        {
            throw new PgException(SqlState.InvalidArgumentForPowerFunction,
                "a negative number raised to a non-integer power yields a complex result");
        }

        if (integral && y._coefficient / Pow10(y._scale) is var n && n >= int.MinValue && n <= int.MaxValue)
        {
            var rscale = Math.Clamp(Math.Max(MinSigDigits, x._scale), 0, MaxDisplayScale);
            return PowerInteger(x, (int)n, rscale);
        }

        if (x.IsZero)
        {
            return new PgNumeric(BigInteger.Zero, MinSigDigits);
        }

        return PowerReal(x, y);
    }

    private static PgNumeric PowerInteger(PgNumeric x, int n, int rscale)
    {
        switch (n)
        {
            case 0:
                return new PgNumeric(Pow10(rscale), rscale);
            case 1:
                return x.Round(rscale);
            case -1:
                return Divide(One, x, rscale, round: true);
        }

        if (x.IsZero)
        {
            return n < 0 ? throw DivisionByZero() : new PgNumeric(BigInteger.Zero, rscale);
        }

        // log10 of the result, estimated as power_var_int does, for the overflow and underflow tests.
        var (weight, _) = x.LeadingGroup();
        var f = n * (Math.Log10((double)x.DigitsAt(weight, 4)) + ((weight - 3) * 4));
        if (f > 3 * short.MaxValue * 4)
        {
            throw Overflow();
        }

        if (f + 1 < -rscale || f + 1 < -MaxDisplayScale)
        {
            return new PgNumeric(BigInteger.Zero, rscale);
        }

        var absN = Math.Abs((long)n);
        if ((double)DigitCount(BigInteger.Abs(x._coefficient)) * absN <= 40_000)
        {
            var exact = new PgNumeric(BigInteger.Pow(x._coefficient, (int)absN), checked(x._scale * (int)absN));
            return (n > 0 ? exact.Round(rscale) : Divide(One, exact, rscale, round: true)).Checked();
        }

        // Too many digits to carry exactly: e^(n·ln|x|), with the sign of an odd power of a negative base.
        var magnitude = ExpRounded(LnTimes(x.Abs(), n, rscale, f), rscale, f);
        return x.Sign < 0 && (n & 1) != 0 ? -magnitude : magnitude;
    }

    /// <summary>y·ln(x) precise enough that e^(y·ln x) keeps its digits up to <paramref name="rscale"/>.</summary>
    private static PgNumeric LnTimes(PgNumeric x, PgNumeric y, int rscale, double dweight)
    {
        var yDigits = Math.Max(y.DecimalExponent + 1, 0);
        var work = rscale + Math.Max((int)dweight, 0) + GuardDigits + yDigits;
        return (new PgNumeric(LnFixed(x, work), work) * y).Round(work);
    }

    private static PgNumeric PowerReal(PgNumeric x, PgNumeric y)
    {
        var lnDweight = x.EstimateLnDecimalWeight();
        var lowScale = Math.Max(8 - lnDweight, 0);
        var estimate = (new PgNumeric(LnFixed(x, lowScale), lowScale) * y).ToDouble();
        if (Math.Abs(estimate) > MaxResultScale * 3.01)
        {
            return estimate > 0 ? throw Overflow() : new PgNumeric(BigInteger.Zero, MaxDisplayScale);
        }

        var dweight = estimate * 0.434294481903252;
        var rscale = MinSigDigits - (int)dweight;
        rscale = Math.Clamp(Math.Max(Math.Max(rscale, x._scale), y._scale), 0, MaxDisplayScale);
        return ExpRounded(LnTimes(x, y, rscale, dweight), rscale, dweight);
    }

    private static PgNumeric PowerSpecial(PgNumeric x, PgNumeric y)
    {
        // POSIX pow(3): NaN ^ 0 = 1 and 1 ^ NaN = 1; every other NaN input gives NaN.
        if (x.IsNaN)
        {
            return y.IsZero ? One : NaN;
        }

        if (y.IsNaN)
        {
            return x.IsFinite && x == One ? One : NaN;
        }

        if (x.Sign == 0 && y.Sign < 0)
        {
            throw new PgException(SqlState.InvalidArgumentForPowerFunction, "zero raised to a negative power is undefined");
        }

        if (x.Sign < 0 && !(y.IsFinite && y.Truncate(0) == y) && !y.IsInfinity)
        {
            throw new PgException(SqlState.InvalidArgumentForPowerFunction,
                "a negative number raised to a non-integer power yields a complex result");
        }

        if (x.IsFinite && x == One)
        {
            return One;
        }

        if (y.Sign == 0)
        {
            return One;
        }

        if (y.IsInfinity)
        {
            if (x.IsFinite && x == -One)
            {
                return One;
            }

            var absGreaterThanOne = x.IsSpecial || x.Abs() > One;
            return absGreaterThanOne == (y.Sign > 0) ? PositiveInfinity : Zero;
        }

        if (x._kind == NumericKind.PositiveInfinity)
        {
            return y.Sign > 0 ? PositiveInfinity : Zero;
        }

        // x is −Infinity: an odd integer power keeps the sign.
        if (y.Sign < 0)
        {
            return Zero;
        }

        var odd = y.Truncate(0) == y && !(y._coefficient / Pow10(y._scale)).IsEven;
        return odd ? NegativeInfinity : PositiveInfinity;
    }
}
