namespace OmenDb.Engine.Types;

/// <summary>
/// A fast path for decimal float4 text, the form every client writes vectors in (<c>-1.2345678</c>, <c>3e-05</c>):
/// up to 19 significant digits and a power of ten within ±22 become one correctly rounded double operation on exact
/// operands, then one rounding to float. That double rounding equals a direct rounding to float unless the double
/// lands exactly on a float midpoint (a midpoint is itself a double, so the nearest double never crosses one); those
/// values, subnormals, overflow and every other spelling (nan, infinity, hex, spaces) answer false and take the
/// general parser, which also owns every error message.
/// </summary>
internal static class FastFloat
{
    /// <summary>Double bits below float precision (52 − 23 = 29); a float midpoint has exactly the top one set.</summary>
    private const long BelowFloatMask = (1L << 29) - 1;
    private const long FloatMidpoint = 1L << 28;

    /// <summary>2^-126, the smallest normal float: below it floats are subnormal and have fewer bits.</summary>
    private const double SmallestNormalFloat = 1.1754943508222875E-38;

    private static ReadOnlySpan<double> PowersOfTen =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses <c>[sign] digits [. digits] [e [sign] digits]</c> (at least one mantissa digit) to the float
    /// strtof would give; false when the text is anything else or the fast path cannot be sure.</summary>
    public static bool TryParseSingle(ReadOnlySpan<char> s, out float value) =>
        TryParsePrefix(s, out value, out var length) && length == s.Length;

    /// <summary>Like <see cref="TryParseSingle"/> for the number at the start of <paramref name="s"/>, whatever
    /// follows it; <paramref name="length"/> is how many characters it took (the caller checks the next one).</summary>
    public static bool TryParsePrefix(ReadOnlySpan<char> s, out float value, out int length)
    {
        value = 0;
        length = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            i++;
        }

        ulong mantissa = 0;
        var significant = 0;
        var digits = 0;
        var exponent = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++, digits++)
        {
            if (!Accumulate(s[i], ref mantissa, ref significant))
            {
                return false;
            }
        }

        if (i < s.Length && s[i] == '.')
        {
            for (i++; i < s.Length && char.IsAsciiDigit(s[i]); i++, digits++)
            {
                if (!Accumulate(s[i], ref mantissa, ref significant))
                {
                    return false;
                }

                exponent--;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            var negativeExponent = false;
            if (i < s.Length && (s[i] == '-' || s[i] == '+'))
            {
                negativeExponent = s[i] == '-';
                i++;
            }

            var start = i;
            var explicitExponent = 0;
            for (; i < s.Length && char.IsAsciiDigit(s[i]) && i - start < 4; i++)
            {
                explicitExponent = explicitExponent * 10 + (s[i] - '0');
            }

            if (i == start)
            {
                return false;
            }

            exponent += negativeExponent ? -explicitExponent : explicitExponent;
        }

        length = i;
        if (mantissa == 0)
        {
            value = negative ? -0f : 0f;
            return true;
        }

        if (mantissa > 1UL << 53 || exponent < -22 || exponent > 22)
        {
            return false;
        }

        var d = exponent >= 0 ? mantissa * PowersOfTen[exponent] : mantissa / PowersOfTen[-exponent];
        if (d < SmallestNormalFloat || d > float.MaxValue || (BitConverter.DoubleToInt64Bits(d) & BelowFloatMask) == FloatMidpoint)
        {
            return false;
        }

        value = negative ? -(float)d : (float)d;
        return true;
    }

    /// <summary>Adds one digit; leading zeros are free, the 20th significant digit gives up.</summary>
    private static bool Accumulate(char digit, ref ulong mantissa, ref int significant)
    {
        if (mantissa == 0 && digit == '0')
        {
            return true;
        }

        if (++significant > 19)
        {
            return false;
        }

        mantissa = mantissa * 10 + (ulong)(digit - '0');
        return true;
    }
}
