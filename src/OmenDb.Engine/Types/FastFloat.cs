using System.Numerics;
using System.Runtime.CompilerServices;

namespace OmenDb.Engine.Types;

/// <summary>
/// A fast path for decimal float4 text, the form every client writes vectors in (<c>-1.2345678</c>, <c>3e-05</c>):
/// up to 19 significant digits and a power of ten within ±22 become one correctly rounded double operation on exact
/// operands, then one rounding to float. That double rounding equals a direct rounding to float unless the double
/// lands exactly on a float midpoint (a midpoint is itself a double, so the nearest double never crosses one); those
/// values, subnormals, overflow and every other spelling (nan, infinity, hex, spaces) answer false and take the
/// general parser, which also owns every error message. The text is UTF-16 (<see cref="char"/>) or UTF-8
/// (<see cref="byte"/>, COPY's field bytes, with no string per field): one generic body, specialised by the JIT.
/// </summary>
internal static class FastFloat
{
    /// <summary>Double bits below float precision (52 − 23 = 29); a float midpoint has exactly the top one set.</summary>
    private const long BelowFloatMask = (1L << 29) - 1;
    private const long FloatMidpoint = 1L << 28;

    /// <summary>2^-126, the smallest normal float: below it floats are subnormal and have fewer bits.</summary>
    private const double SmallestNormalFloat = 1.1754943508222875E-38;

    /// <summary>Significant digits that cannot overflow the 64-bit mantissa.</summary>
    private const int MaxDigits = 19;

    private static ReadOnlySpan<double> PowersOfTen =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses <c>[sign] digits [. digits] [e [sign] digits]</c> (at least one mantissa digit) to the float
    /// strtof would give; false when the text is anything else or the fast path cannot be sure.</summary>
    public static bool TryParseSingle<TChar>(ReadOnlySpan<TChar> s, out float value)
        where TChar : unmanaged, IBinaryInteger<TChar> =>
        TryParsePrefix(s, out value, out var length) && length == s.Length;

    /// <summary>Like <see cref="TryParseSingle{TChar}"/> for the number at the start of <paramref name="s"/>, whatever
    /// follows it; <paramref name="length"/> is how many characters it took (the caller checks the next one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParsePrefix<TChar>(ReadOnlySpan<TChar> s, out float value, out int length)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        value = 0;
        length = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && Code(s[0]) is '-' or '+')
        {
            negative = Code(s[0]) == '-';
            i++;
        }

        // The significant digits as one integer (leading zeros skipped; at most 19 of them: no overflow), and the
        // power of ten they are scaled by; more digits go to the general parser.
        ulong mantissa = 0;
        var start = i;
        while (i < s.Length && Code(s[i]) == '0')
        {
            i++;
        }

        var digitsFrom = i;
        for (; i < s.Length; i++)
        {
            var d = Code(s[i]) - '0';
            if (d > 9)
            {
                break;
            }

            mantissa = (mantissa * 10) + d;
        }

        var significant = i - digitsFrom;
        var anyDigit = i > start;
        var exponent = 0;
        if (i < s.Length && Code(s[i]) == '.')
        {
            var fraction = ++i;
            if (significant == 0)
            {
                while (i < s.Length && Code(s[i]) == '0')
                {
                    i++;
                }
            }

            digitsFrom = i;
            for (; i < s.Length; i++)
            {
                var d = Code(s[i]) - '0';
                if (d > 9)
                {
                    break;
                }

                mantissa = (mantissa * 10) + d;
            }

            significant += i - digitsFrom;
            anyDigit |= i > fraction;
            exponent = fraction - i;
        }

        if (!anyDigit || significant > MaxDigits)
        {
            return false;
        }

        if (i < s.Length && (Code(s[i]) | 0x20) == 'e')
        {
            i++;
            var negativeExponent = false;
            if (i < s.Length && Code(s[i]) is '-' or '+')
            {
                negativeExponent = Code(s[i]) == '-';
                i++;
            }

            var exponentStart = i;
            var explicitExponent = 0;
            for (; i < s.Length && i - exponentStart < 4; i++)
            {
                var d = Code(s[i]) - '0';
                if (d > 9)
                {
                    break;
                }

                explicitExponent = (explicitExponent * 10) + (int)d;
            }

            if (i == exponentStart)
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

        var x = exponent >= 0 ? mantissa * PowersOfTen[exponent] : mantissa / PowersOfTen[-exponent];
        if (x < SmallestNormalFloat || x > float.MaxValue || (BitConverter.DoubleToInt64Bits(x) & BelowFloatMask) == FloatMidpoint)
        {
            return false;
        }

        value = negative ? -(float)x : (float)x;
        return true;
    }

    /// <summary>The code unit as a number (no range check: any value that is not an ASCII digit fails the digit test).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Code<TChar>(TChar c)
        where TChar : unmanaged, IBinaryInteger<TChar> => uint.CreateTruncating(c);
}
