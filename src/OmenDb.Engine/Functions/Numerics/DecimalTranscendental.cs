namespace OmenDb.Engine.Functions.Numerics;

/// <summary>
/// sqrt, exp, ln and power on <see cref="decimal"/> to about 27 significant digits, so that numeric results rounded to
/// PostgreSQL's result scales (usually 16 significant digits) match PostgreSQL's arbitrary-precision answers.
/// </summary>
internal static class DecimalTranscendental
{
    private const decimal E = 2.7182818284590452353602874714m;

    /// <summary>Square root by Newton's method from a double estimate.</summary>
    public static decimal Sqrt(decimal x)
    {
        if (x == 0)
        {
            return 0m;
        }

        var y = (decimal)Math.Sqrt((double)x);
        for (var i = 0; i < 4; i++)
        {
            y = (y + x / y) / 2m;
        }

        return y;
    }

    /// <summary>e^x: e^n by squaring times a Taylor series for the fractional part.</summary>
    public static decimal Exp(decimal x)
    {
        var n = decimal.Round(x, 0, MidpointRounding.ToEven);
        var f = x - n;
        var term = 1m;
        var sum = 1m;
        for (var k = 1; k < 40 && term != 0; k++)
        {
            term = term * f / k;
            sum += term;
        }

        return PowInt(E, (long)n) * sum;
    }

    /// <summary>Natural logarithm: a double estimate refined by Newton steps on e^y = x.</summary>
    public static decimal Ln(decimal x)
    {
        var y = (decimal)Math.Log((double)x);
        for (var i = 0; i < 3; i++)
        {
            var ey = Exp(y);
            y += 2m * (x - ey) / (x + ey);
        }

        return y;
    }

    /// <summary>x^n for an integer exponent by repeated squaring (negative n: the reciprocal).</summary>
    public static decimal PowInt(decimal x, long n)
    {
        if (n < 0)
        {
            // Divide at the end for accuracy; for large results, invert first to avoid overflow.
            var p = PowInt(x, -n);
            return 1m / p;
        }

        var result = 1m;
        var b = x;
        while (n > 0)
        {
            if ((n & 1) != 0)
            {
                result *= b;
            }

            n >>= 1;
            if (n > 0)
            {
                b *= b;
            }
        }

        return result;
    }
}
