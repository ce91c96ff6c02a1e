using System.Diagnostics;

namespace OmenDb.Storage.Encoding;

/// <summary>
/// Splits a <see cref="decimal"/> into sign, significant digits (trailing zeros removed) and a decimal exponent such
/// that |value| = 0.d₁d₂…dₙ × 10^exponent, and back. This is the normal form of the order-preserving decimal key:
/// equal values (1.5 and 1.50) get the same digits, as PostgreSQL's numeric comparison says they are equal.
/// </summary>
internal static class DecimalDigits
{
    /// <summary>A 96-bit mantissa has at most 29 decimal digits (2^96 ≈ 7.9 × 10^28).</summary>
    internal const int MaxDigits = 29;

    /// <summary>The exponent lies in [-27, 29]: 29 digits at scale 0, or 1 digit at scale 28.</summary>
    internal const int MinExponent = -27;

    internal const int MaxExponent = 29;

    private static readonly UInt128 s_maxMantissa = (UInt128.One << 96) - 1;

    /// <summary>
    /// Writes the significant digits (0–9 each, most significant first) of |<paramref name="value"/>| into
    /// <paramref name="digits"/> and returns their count, 0 for zero.
    /// </summary>
    internal static int Split(decimal value, Span<byte> digits, out bool negative, out int exponent)
    {
        Debug.Assert(digits.Length >= MaxDigits, "room for 29 digits");
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        negative = bits[3] < 0;
        var scale = (bits[3] >> 16) & 0xFF;
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        exponent = 0;
        if (mantissa == 0)
        {
            return 0;
        }
        var trailingZeros = 0;
        while (mantissa % 10 == 0)
        {
            mantissa /= 10;
            trailingZeros++;
        }
        // Produce digits least significant first at the end of a scratch area, then move them to the front.
        Span<byte> scratch = stackalloc byte[MaxDigits];
        var count = 0;
        if (mantissa <= ulong.MaxValue)
        {
            var small = (ulong)mantissa;
            while (small != 0)
            {
                (small, var digit) = Math.DivRem(small, 10UL);
                scratch[MaxDigits - 1 - count++] = (byte)digit;
            }
        }
        else
        {
            while (mantissa != 0)
            {
                (mantissa, var digit) = UInt128.DivRem(mantissa, 10);
                scratch[MaxDigits - 1 - count++] = (byte)digit;
            }
        }
        scratch[(MaxDigits - count)..].CopyTo(digits);
        exponent = count + trailingZeros - scale;
        Debug.Assert(exponent is >= MinExponent and <= MaxExponent, "exponent range follows from the decimal format");
        return count;
    }

    /// <summary>
    /// Rebuilds 0.d₁…dₙ × 10^<paramref name="exponent"/> as the decimal with the smallest scale; false when it does not
    /// fit a decimal (only corrupt input can ask for that).
    /// </summary>
    internal static bool TryCompose(ReadOnlySpan<byte> digits, bool negative, int exponent, out decimal value)
    {
        value = 0;
        if (digits.Length > MaxDigits)
        {
            return false;
        }
        UInt128 mantissa = 0;
        foreach (var digit in digits)
        {
            if (digit > 9)
            {
                return false;
            }
            mantissa = (mantissa * 10) + digit;
        }
        var shift = exponent - digits.Length;
        var scale = 0;
        if (shift >= 0)
        {
            for (var i = 0; i < shift; i++)
            {
                mantissa *= 10;
                if (mantissa > s_maxMantissa)
                {
                    return false;
                }
            }
        }
        else
        {
            scale = -shift;
        }
        if (scale > 28 || mantissa > s_maxMantissa)
        {
            return false;
        }
        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), negative && mantissa != 0, (byte)scale);
        return true;
    }
}
