using System.Numerics;
using System.Runtime.CompilerServices;

namespace OmenDb.Engine.Execution.Copy;

/// <summary>
/// Correctly rounded decimal-to-double conversion of the plain spelling <c>[+-]digits[.digits][(e|E)[+-]digits]</c>
/// with up to 19 significant digits, from the bytes, without <see cref="double.Parse(string)"/>: Clinger's exact path
/// when both the digits and the power of ten are exact doubles, else the Eisel–Lemire method (Lemire, "Number Parsing
/// at a Gigabyte per Second", 2021): the digits w, normalised to 64 bits, times a 128-bit approximation of 5^q gives
/// a 192-bit product whose top 54 bits are the mantissa and its rounding bit, and the few inputs where the
/// approximation's error could change the rounding are declined. Every declined input (more digits, zero, a result
/// that overflows or is subnormal, a possibly ambiguous rounding, any other spelling) is left to the caller's general
/// parse, so the two agree on every input.
/// </summary>
internal static class Float8Parser
{
    /// <summary>Smallest and largest decimal exponent of the table: below, 19 digits underflow to zero; above, overflow.</summary>
    private const int MinExponent = -342;
    private const int MaxExponent = 308;

    /// <summary>Largest q with 5^q exact in the table (5^55 &lt; 2^128 &lt; 5^56): the product is then the exact value.</summary>
    private const int MaxExactPowerOfFive = 55;

    /// <summary>For q in [<see cref="MinExponent"/>, <see cref="MaxExponent"/>], the top 128 bits of 5^q (bit 127 set):
    /// high and low words, truncated for q ≥ 0 (so the product is at most the true value) and rounded up for q &lt; 0
    /// (so it is at least the true value); each entry's error is below one unit of its last bit.</summary>
    private static readonly ulong[] s_powersOfFive = BuildPowersOfFive();

    /// <summary>5^0 .. 5^27, the powers of five that fit 64 bits.</summary>
    private static readonly ulong[] s_powersOfFiveExact = BuildExactPowersOfFive();

    /// <summary>1e0 .. 1e22: the powers of ten a double holds exactly (Clinger's path).</summary>
    private static readonly double[] s_exactPowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
        1e21, 1e22,
    ];

    /// <summary>
    /// Parses <paramref name="text"/> when it is a plain decimal spelling of a finite, non-zero, normal double with at
    /// most 19 significant digits whose rounding is certain; false leaves it to the general parse.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (text.Length > 0 && text[0] is (byte)'-' or (byte)'+')
        {
            negative = text[0] == '-';
            i = 1;
        }

        // The significant digits (leading zeros skipped) as one integer, and the power of ten they are scaled by.
        var w = 0UL;
        var significant = 0;
        var digits = 0;
        var exponent = 0L;
        for (; i < text.Length; i++)
        {
            var d = (uint)(text[i] - '0');
            if (d > 9)
            {
                break;
            }

            digits++;
            if (w != 0 || d != 0)
            {
                w = (w * 10) + d;
                significant++;
            }
        }

        if (i < text.Length && text[i] == '.')
        {
            for (i++; i < text.Length; i++)
            {
                var d = (uint)(text[i] - '0');
                if (d > 9)
                {
                    break;
                }

                digits++;
                exponent--;
                if (w != 0 || d != 0)
                {
                    w = (w * 10) + d;
                    significant++;
                }
            }
        }

        if (digits == 0 || significant > 19 || w == 0)
        {
            // No digit (".", "e5"), too many digits for 64 bits, or zero (and its sign: the input function's).
            return false;
        }

        if (i < text.Length)
        {
            if (text[i] is not ((byte)'e' or (byte)'E'))
            {
                return false;
            }

            i++;
            var negativeExponent = false;
            if (i < text.Length && text[i] is (byte)'-' or (byte)'+')
            {
                negativeExponent = text[i] == '-';
                i++;
            }

            // At most 4 exponent digits: anything larger is out of range either way, and the input function says so.
            var start = i;
            var e = 0;
            for (; i < text.Length; i++)
            {
                var d = (uint)(text[i] - '0');
                if (d > 9 || i - start == 4)
                {
                    return false;
                }

                e = (e * 10) + (int)d;
            }

            if (i == start)
            {
                return false;
            }

            exponent += negativeExponent ? -e : e;
        }

        if (exponent < MinExponent || exponent > MaxExponent)
        {
            return false;
        }

        var q = (int)exponent;
        if (w <= 1UL << 53 && q is >= -22 and <= 22)
        {
            // Clinger: w and 10^|q| are exact doubles, so one IEEE multiplication or division rounds correctly.
            value = q >= 0 ? w * s_exactPowersOfTen[q] : w / s_exactPowersOfTen[-q];
        }
        else if (!TryEiselLemire(w, q, out value) && !TryDyadic(w, q, out value))
        {
            return false;
        }

        if (negative)
        {
            value = -value;
        }

        return true;
    }

    /// <summary>w × 10^q correctly rounded (w ≠ 0, q within the table), or false when the result would be
    /// subnormal or infinite or the product cannot decide the rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryEiselLemire(ulong w, int q, out double value)
    {
        value = 0;
        var leadingZeros = BitOperations.LeadingZeroCount(w);
        w <<= leadingZeros;
        var entry = 2 * (q - MinExponent);
        var powerHigh = s_powersOfFive[entry];
        var powerLow = s_powersOfFive[entry + 1];

        // The 192-bit product w × (powerHigh:powerLow) as high:middle:low.
        var high = Math.BigMul(w, powerHigh, out var middle);
        var carryHigh = Math.BigMul(w, powerLow, out var low);
        middle += carryHigh;
        if (middle < carryHigh)
        {
            high++;
        }

        // The product's top bit is bit 63 or 62 of high (w and the power each have their top bit set).
        var upper = (int)(high >> 63);
        var roundShift = 9 + upper;
        var belowMask = (1UL << roundShift) - 1;
        var below = high & belowMask;
        var exact = q is >= 0 and <= MaxExactPowerOfFive;
        if (!exact && ((below == belowMask && middle == ulong.MaxValue) || (below == 0 && middle == 0)))
        {
            // The true value lies within w units of the product's lowest word (above it for q ≥ 0, below it for
            // q < 0): a carry or borrow could reach the rounding bit, or the value could sit exactly halfway.
            return false;
        }

        // 53 mantissa bits and the rounding bit; the rest (and, for an inexact power, the error) is the sticky part.
        var mantissa = high >> roundShift;
        var roundBit = mantissa & 1;
        mantissa >>= 1;
        var sticky = !exact || below != 0 || middle != 0 || low != 0;
        if (roundBit != 0 && (sticky || (mantissa & 1) != 0))
        {
            mantissa++;
            if (mantissa == 1UL << 53)
            {
                mantissa >>= 1;
                roundShift++;
            }
        }

        // value = mantissa × 2^(unit exponent), from w × 10^q = (w × 5^q × 2^s) × 2^(q − s − leadingZeros) and the
        // power's binary scale s = 127 − floor(log2 5^q).
        var unitExponent = roundShift + 1 + 128 + q - PowerScale(q) - leadingZeros;
        var biased = unitExponent + 52 + 1023;
        if (biased is <= 0 or >= 2047)
        {
            // Subnormal, zero or infinite: the general parse has the rules (and the errors).
            return false;
        }

        value = BitConverter.UInt64BitsToDouble(((ulong)biased << 52) | (mantissa & ((1UL << 52) - 1)));
        return true;
    }

    /// <summary>
    /// w × 10^q when it is an integer times a power of two, w = m × 5^-q (q in [−27, −1], so 5^-q fits 64 bits): then
    /// the value is m × 2^q exactly, and rounding m to a double (the hardware conversion rounds to nearest, ties to
    /// even) then scaling by 2^q is exact. These are the spellings Eisel–Lemire declines as possibly halfway (a
    /// shortest spelling such as <c>3951963954520345.5</c>, or trailing zeros of a fixed-point format).
    /// </summary>
    private static bool TryDyadic(ulong w, int q, out double value)
    {
        value = 0;
        if (q is >= 0 or < -27)
        {
            return false;
        }

        var power = s_powersOfFiveExact[-q];
        var m = w / power;
        if (m * power != w)
        {
            return false;
        }

        value = Math.ScaleB((double)m, q);
        return true;
    }

    /// <summary>The binary scale s of the table entry for q: entry = 5^q × 2^s, s = 127 − floor(log2 5^q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PowerScale(int q) => 127 - FloorLog2PowerOfFive(q);

    /// <summary>floor(log2 5^q) = floor(q × log2 10) − q, with floor(q × log2 10) as (q × 217706) &gt;&gt; 16
    /// (217706 / 2^16 ≈ log2 10; exact over the table's range, which the table's construction checks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FloorLog2PowerOfFive(int q) => ((q * 217706) >> 16) - q;

    private static ulong[] BuildExactPowersOfFive()
    {
        var powers = new ulong[28];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 5;
        }

        return powers;
    }

    /// <summary>Builds the table with exact integer arithmetic, checking <see cref="FloorLog2PowerOfFive"/> as it goes.</summary>
    private static ulong[] BuildPowersOfFive()
    {
        var table = new ulong[2 * (MaxExponent - MinExponent + 1)];
        var top = BigInteger.One << 128;
        for (var q = MinExponent; q <= MaxExponent; q++)
        {
            BigInteger entry;
            int floorLog2;
            if (q >= 0)
            {
                var power = BigInteger.Pow(5, q);
                floorLog2 = (int)power.GetBitLength() - 1;
                // Shifted (truncated) so that bit 127 is the top bit.
                entry = floorLog2 <= 127 ? power << (127 - floorLog2) : power >> (floorLog2 - 127);
            }
            else
            {
                // 5^q = 1 / 5^-q; 5^-q is not a power of two, so floor(log2 5^q) = −bitlength(5^-q), and
                // 2^(127 + bitlength) / 5^-q lies strictly between 2^127 and 2^128. Rounded up.
                var power = BigInteger.Pow(5, -q);
                var bits = (int)power.GetBitLength();
                floorLog2 = -bits;
                entry = (BigInteger.One << (127 + bits)) / power + 1;
            }

            if (entry >= top || FloorLog2PowerOfFive(q) != floorLog2)
            {
                throw new InvalidOperationException($"the power-of-five table is wrong at q = {q}");
            }

            var index = 2 * (q - MinExponent);
            table[index] = (ulong)(entry >> 64);
            table[index + 1] = (ulong)(entry & ulong.MaxValue);
        }

        return table;
    }
}
