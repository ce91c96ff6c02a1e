namespace OmenDb.Engine.Functions.Numerics;

/// <summary>
/// PostgreSQL numeric semantics on <see cref="decimal"/>: display scale handling, the division result scale
/// (numeric.c select_div_scale) and rounding half away from zero. Values beyond 28 significant digits lose precision.
/// </summary>
internal static class NumericMath
{
    /// <summary>NUMERIC_MIN_SIG_DIGITS: significant digits a division or transcendental result keeps at least.</summary>
    public const int MinSigDigits = 16;

    /// <summary>decimal's largest scale.</summary>
    public const int MaxScale = 28;

    /// <summary>s_ones[k] is 1 with k zeros after the point: multiplying by it raises a value's scale to at least k.</summary>
    private static readonly decimal[] s_ones = BuildOnes();

    private static decimal[] BuildOnes()
    {
        var ones = new decimal[MaxScale + 1];
        ones[0] = 1m;
        for (var i = 1; i <= MaxScale; i++)
        {
            ones[i] = ones[i - 1] * 1.0m;
        }

        return ones;
    }

    /// <summary>Rounds (half away from zero) or pads <paramref name="value"/> to exactly <paramref name="scale"/> digits
    /// after the point, as far as 28 significant digits allow.</summary>
    public static decimal SetScale(decimal value, int scale)
    {
        if (scale < 0)
        {
            var p = Pow10(-scale);
            return decimal.Round(value / p, 0, MidpointRounding.AwayFromZero) * p;
        }

        scale = Math.Min(scale, MaxScale);
        if (value.Scale > scale)
        {
            value = decimal.Round(value, scale, MidpointRounding.AwayFromZero);
        }

        if (value.Scale < scale)
        {
            try
            {
                value *= s_ones[scale - value.Scale];
            }
            catch (OverflowException)
            {
                // Too many digits to show the scale: keep the value.
            }
        }

        return value;
    }

    /// <summary>Truncates toward zero to <paramref name="scale"/> digits (negative: tens, hundreds...), padding the scale.</summary>
    public static decimal Truncate(decimal value, int scale)
    {
        if (scale < 0)
        {
            var p = Pow10(-scale);
            return decimal.Truncate(value / p) * p;
        }

        scale = Math.Min(scale, MaxScale);
        if (value.Scale > scale)
        {
            value = decimal.Round(value, scale, MidpointRounding.ToZero);
        }

        return SetScale(value, scale);
    }

    /// <summary>10^n as a decimal (0 ≤ n ≤ 28).</summary>
    public static decimal Pow10(int n)
    {
        var r = 1m;
        for (var i = 0; i < n; i++)
        {
            r *= 10m;
        }

        return r;
    }

    /// <summary>The weight (in base-10000 digits, aligned at the decimal point) and first base-10000 digit of |v|, as
    /// PostgreSQL's NumericVar holds them; zero has weight 0 and first digit 0.</summary>
    public static (int Weight, int FirstDigit) WeightOf(decimal v)
    {
        v = Math.Abs(v);
        if (v == 0)
        {
            return (0, 0);
        }

        var weight = 0;
        if (v >= 1)
        {
            while (v >= 10000m)
            {
                v = decimal.Truncate(v / 10000m);
                weight++;
            }

            return (weight, (int)decimal.Truncate(v));
        }

        while (v < 1m)
        {
            v *= 10000m;
            weight--;
        }

        return (weight, (int)decimal.Truncate(v));
    }

    /// <summary>select_div_scale: the display scale of <paramref name="x"/> / <paramref name="y"/>.</summary>
    public static int DivScale(decimal x, decimal y)
    {
        var (w1, d1) = WeightOf(x);
        var (w2, d2) = WeightOf(y);
        var qweight = w1 - w2;
        if (d1 <= d2)
        {
            qweight--;
        }

        var rscale = MinSigDigits - qweight * 4;
        rscale = Math.Max(rscale, x.Scale);
        rscale = Math.Max(rscale, y.Scale);
        rscale = Math.Max(rscale, 0);
        return Math.Min(rscale, 1000);
    }

    /// <summary>numeric_div.</summary>
    public static decimal Divide(decimal x, decimal y)
    {
        if (y == 0)
        {
            return FunctionErrors.DivisionByZero<decimal>();
        }

        var scale = DivScale(x, y);
        try
        {
            return SetScale(x / y, scale);
        }
        catch (OverflowException)
        {
            return FunctionErrors.NumericOverflow<decimal>();
        }
    }

    /// <summary>The decimal exponent of the leading digit (floor(log10(|v|))), 0 for zero.</summary>
    public static int DecimalExponent(decimal v)
    {
        v = Math.Abs(v);
        if (v == 0)
        {
            return 0;
        }

        var e = 0;
        while (v >= 10m)
        {
            v /= 10m;
            e++;
        }

        while (v < 1m)
        {
            v *= 10m;
            e--;
        }

        return e;
    }

    /// <summary>A double converted to decimal with round-trip digits (for numeric results computed in floating point).</summary>
    public static decimal FromDouble(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) > 7.9e28)
        {
            return FunctionErrors.NumericOverflow<decimal>();
        }

        return decimal.Parse(d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Strips trailing zeros after the point (trim_scale).</summary>
    public static decimal TrimScale(decimal v)
    {
        while (v.Scale > 0 && decimal.Round(v, v.Scale - 1) == v)
        {
            v = decimal.Round(v, v.Scale - 1);
        }

        return v;
    }

    /// <summary>The smallest scale that represents the value exactly (min_scale).</summary>
    public static int MinScale(decimal v) => TrimScale(v).Scale;
}
