using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OmenDb.Engine.Types;

/// <summary>
/// A fast path for decimal float4 text, the form every client writes vectors in (<c>-1.2345678</c>, <c>3e-05</c>):
/// up to 19 digits and a power of ten within ±22 become one correctly rounded double operation on exact
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

    /// <summary>Digits that cannot overflow the 64-bit mantissa.</summary>
    private const int MaxDigits = 19;

    private static ReadOnlySpan<ulong> IntegerPowersOfTen => [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

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
        if (s.IsEmpty)
        {
            return false;
        }

        // The sign without a branch: it is as random as the data.
        var first = Code(s[0]);
        var negative = first == '-';
        var i = negative | (first == '+') ? 1 : 0;

        // All the digits (leading zeros too) as one integer, and the power of ten they are scaled by; more than 19
        // digits (which could overflow it) go to the general parser.
        ulong mantissa = 0;
        var start = i;
        ReadDigits(s, ref i, ref mantissa);
        var digits = i - start;
        var exponent = 0;
        if (i < s.Length && Code(s[i]) == '.')
        {
            var fraction = ++i;
            ReadDigits(s, ref i, ref mantissa);
            exponent = fraction - i;
            digits -= exponent;
        }

        if (digits is 0 or > MaxDigits)
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

        // The sign as a bit, without a branch.
        value = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits((float)x) | ((negative ? 1 : 0) << 31));
        return true;
    }

    /// <summary>
    /// Appends the decimal digits at <paramref name="i"/> to <paramref name="mantissa"/> and moves past them. From UTF-8
    /// with 8 bytes left, 8 at a time in a 64-bit word (SWAR): the digits among the first 8 bytes are found with two
    /// additions and converted with three multiplications; the rest, or UTF-16, a digit at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ReadDigits<TChar>(ReadOnlySpan<TChar> s, ref int i, ref ulong mantissa)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        if (typeof(TChar) == typeof(byte) && BitConverter.IsLittleEndian)
        {
            while (i + sizeof(ulong) <= s.Length)
            {
                var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<TChar, byte>(ref Unsafe.Add(ref MemoryMarshal.GetReference(s), i)));

                // Digit bytes become 0..9; every other byte gets its top bit set by "| x" (0x80 and up) or by adding
                // 0x76 (10 to 0x7F). A carry out of a non-digit byte only reaches later bytes, after the first non-digit.
                var x = word ^ 0x3030303030303030UL;
                var nonDigits = ((x + 0x7676767676767676UL) | x) & 0x8080808080808080UL;
                var n = BitOperations.TrailingZeroCount(nonDigits) >> 3; // 0..8 leading digits (the first byte is the lowest)

                // Keep the n digits as the top bytes (the bytes below read as leading zeros; two shifts so that n = 0 clears
                // all 64 bits), then the usual 8-digit conversion.
                var shift = 32 - (4 * n);
                mantissa = (mantissa * IntegerPowersOfTen[n]) + EightDigits((x << shift) << shift);
                i += n;
                if (n < sizeof(ulong))
                {
                    return;
                }
            }
        }

        for (; i < s.Length; i++)
        {
            var d = Code(s[i]) - '0';
            if (d > 9)
            {
                break;
            }

            mantissa = (mantissa * 10) + d;
        }
    }

    /// <summary>The value of 8 digits given as bytes 0..9, the first (most significant) in the lowest byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint EightDigits(ulong digits)
    {
        digits = (digits * 10) + (digits >> 8); // pairs: 10·d0 + d1 in bytes 0, 2, 4, 6
        return (uint)((((digits & 0x000000FF000000FFUL) * (100 + (1_000_000UL << 32)))
            + (((digits >> 16) & 0x000000FF000000FFUL) * (1 + (10_000UL << 32)))) >> 32);
    }

    /// <summary>The code unit as a number (no range check: any value that is not an ASCII digit fails the digit test).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Code<TChar>(TChar c)
        where TChar : unmanaged, IBinaryInteger<TChar> => uint.CreateTruncating(c);
}
