using System.Buffers.Binary;
using OmenDb.Common;

namespace OmenDb.Wire.Types;

/// <summary>
/// numeric's binary format (numeric_send/numeric_recv): int16 ndigits, int16 weight (of the first digit, in
/// base-10000 positions), uint16 sign (0x0000 +, 0x4000 −, 0xC000 NaN, 0xD000 +∞, 0xF000 −∞), int16 dscale
/// (decimal digits after the point), then ndigits base-10000 digits, most significant first, without leading or
/// trailing zero digits. In memory a numeric is a <see cref="decimal"/> whose scale is the dscale.
/// </summary>
internal static class NumericBinary
{
    /// <summary>Base-10000 digits of a decimal: 96-bit mantissa × 10³ (scale padding) &lt; 10³³ → at most 9 digits.</summary>
    private const int MaxDigits = 10;

    private const ushort SignPositive = 0x0000;
    private const ushort SignNegative = 0x4000;
    private const ushort SignNaN = 0xC000;
    private const ushort SignPositiveInfinity = 0xD000;
    private const ushort SignNegativeInfinity = 0xF000;

    /// <summary>NUMERIC_DSCALE_MASK: the dscale field has 14 bits.</summary>
    private const int DscaleMask = 0x3FFF;

    /// <summary>NUMERIC_MAX_PRECISION + NUMERIC_MAX_RESULT_SCALE: numeric_recv's cap on ndigits.</summary>
    private const int MaxReceivedDigits = 1000 + 2000;

    /// <summary>The largest mantissa a decimal holds (2⁹⁶ − 1).</summary>
    private static readonly UInt128 s_maxMantissa = (UInt128.One << 96) - 1;

    private static readonly UInt128[] s_powersOf10 = BuildPowers();

    /// <summary>Bytes of the binary form of <paramref name="value"/>.</summary>
    public static int GetLength(decimal value)
    {
        Span<short> digits = stackalloc short[MaxDigits];
        var count = ToDigits(value, digits, out _, out _, out _);
        return 8 + (2 * count);
    }

    /// <summary>Writes the binary form; false when <paramref name="destination"/> is too small.</summary>
    public static bool TryWrite(decimal value, Span<byte> destination, out int written)
    {
        Span<short> digits = stackalloc short[MaxDigits];
        var count = ToDigits(value, digits, out var weight, out var negative, out var scale);
        written = 8 + (2 * count);
        if (destination.Length < written)
        {
            return false;
        }

        BinaryPrimitives.WriteInt16BigEndian(destination, (short)count);
        BinaryPrimitives.WriteInt16BigEndian(destination[2..], (short)weight);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], negative ? SignNegative : SignPositive);
        BinaryPrimitives.WriteInt16BigEndian(destination[6..], (short)scale);
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(destination[(8 + (2 * i))..], digits[i]);
        }

        return true;
    }

    /// <summary>
    /// Splits a decimal into base-10000 digits (most significant first, trailing zero digits dropped); returns how many.
    /// Zero has no digits, weight 0 and a positive sign, as PostgreSQL sends it.
    /// </summary>
    private static int ToDigits(decimal value, Span<short> digits, out int weight, out bool negative, out int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = new UInt128((uint)bits[2], ((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        scale = (bits[3] >> 16) & 0xFF;
        negative = bits[3] < 0 && mantissa != UInt128.Zero;
        weight = 0;
        if (mantissa == UInt128.Zero)
        {
            return 0;
        }

        // Align the point to a digit boundary: pad the fraction to a multiple of 4 decimal places.
        var pad = (4 - (scale % 4)) % 4;
        mantissa *= s_powersOf10[pad];
        var fractionDigits = (scale + pad) / 4;

        // Least significant first into a scratch buffer, skipping trailing zero digits.
        Span<short> scratch = stackalloc short[MaxDigits];
        var n = 0;
        var trailing = 0;
        var seenNonZero = false;
        while (mantissa != UInt128.Zero)
        {
            var digit = (short)(ulong)(mantissa % 10000);
            mantissa /= 10000;
            if (!seenNonZero && digit == 0)
            {
                trailing++;
                continue;
            }

            seenNonZero = true;
            scratch[n++] = digit;
        }

        // n significant digits after `trailing` dropped low digits: the top digit sits at position n + trailing − 1
        // counted from the lowest, of which fractionDigits are below the point.
        weight = n + trailing - fractionDigits - 1;
        for (var i = 0; i < n; i++)
        {
            digits[i] = scratch[n - 1 - i];
        }

        return n;
    }

    /// <summary>numeric_recv into a decimal; consumes the whole value. Digits beyond dscale are truncated as PostgreSQL does.</summary>
    public static decimal Read(ReadOnlySpan<byte> data, out int consumed)
    {
        if (data.Length < 8)
        {
            Framing.PayloadReader.ThrowInsufficient();
        }

        var count = BinaryPrimitives.ReadInt16BigEndian(data);
        var weight = BinaryPrimitives.ReadInt16BigEndian(data[2..]);
        var sign = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        var dscale = BinaryPrimitives.ReadInt16BigEndian(data[6..]);
        if (count < 0 || count > MaxReceivedDigits)
        {
            ThrowHelper.Throw(SqlState.InvalidBinaryRepresentation, "invalid length in external \"numeric\" value");
        }

        if (sign is not (SignPositive or SignNegative or SignNaN or SignPositiveInfinity or SignNegativeInfinity))
        {
            ThrowHelper.Throw(SqlState.InvalidBinaryRepresentation, "invalid sign in external \"numeric\" value");
        }

        if ((dscale & DscaleMask) != dscale)
        {
            ThrowHelper.Throw(SqlState.InvalidBinaryRepresentation, "invalid scale in external \"numeric\" value");
        }

        consumed = 8 + (2 * count);
        if (data.Length < consumed)
        {
            Framing.PayloadReader.ThrowInsufficient();
        }

        for (var i = 0; i < count; i++)
        {
            var digit = BinaryPrimitives.ReadInt16BigEndian(data[(8 + (2 * i))..]);
            if (digit is < 0 or >= 10000)
            {
                ThrowHelper.Throw(SqlState.InvalidBinaryRepresentation, "invalid digit in external \"numeric\" value");
            }
        }

        if (sign is SignNaN or SignPositiveInfinity or SignNegativeInfinity)
        {
            ThrowHelper.Throw(SqlState.FeatureNotSupported, "numeric NaN and infinity are not supported");
        }

        // decimal keeps at most 28 places; PostgreSQL would keep more (documented limitation).
        var scale = Math.Min((int)dscale, 28);

        // Digits below the last one the scale keeps are truncated (numeric_recv's trunc_var).
        var kept = Math.Min(count, weight + 1 + ((scale + 3) / 4));
        UInt128 mantissa = 0;
        for (var i = 0; i < kept; i++)
        {
            if (mantissa > (UInt128.MaxValue / 10000) - 1)
            {
                ThrowOutOfRange();
            }

            mantissa = (mantissa * 10000) + (ushort)BinaryPrimitives.ReadInt16BigEndian(data[(8 + (2 * i))..]);
        }

        if (kept <= 0)
        {
            mantissa = 0;
        }
        else
        {
            // value = mantissa × 10^(4 × (weight − kept + 1)); the decimal wants value × 10^scale.
            var exponent = (4 * (weight - kept + 1)) + scale;
            if (exponent >= 0)
            {
                if (exponent >= s_powersOf10.Length || mantissa > UInt128.MaxValue / s_powersOf10[exponent])
                {
                    ThrowOutOfRange();
                }

                mantissa *= s_powersOf10[exponent];
            }
            else
            {
                mantissa = -exponent >= s_powersOf10.Length ? 0 : mantissa / s_powersOf10[-exponent];
            }
        }

        if (mantissa > s_maxMantissa)
        {
            ThrowOutOfRange();
        }

        var low = (ulong)mantissa;
        return new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)(uint)(ulong)(mantissa >> 64), sign == SignNegative, (byte)scale);
    }

    private static void ThrowOutOfRange()
        => ThrowHelper.Throw(SqlState.NumericValueOutOfRange, "numeric value out of range for this server (28 significant digits)");

    private static UInt128[] BuildPowers()
    {
        var powers = new UInt128[39];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
