using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using OmenDb.Common;

namespace OmenDb.Wire.Types;

/// <summary>
/// numeric's binary format (numeric_send/numeric_recv): int16 ndigits, int16 weight (of the first digit, in
/// base-10000 positions), uint16 sign (0x0000 +, 0x4000 −, 0xC000 NaN, 0xD000 +∞, 0xF000 −∞), int16 dscale
/// (decimal digits after the point), then ndigits base-10000 digits, most significant first, without leading or
/// trailing zero digits. In memory a numeric is a <see cref="PgNumeric"/> whose scale is the dscale.
/// </summary>
internal static class NumericBinary
{
    private const ushort SignPositive = 0x0000;
    private const ushort SignNegative = 0x4000;
    private const ushort SignNaN = 0xC000;
    private const ushort SignPositiveInfinity = 0xD000;
    private const ushort SignNegativeInfinity = 0xF000;

    /// <summary>The dscale numeric_send reports for ±Infinity: PostgreSQL reads it from the special header's short-format
    /// dscale bits ((0xD000 &amp; 0x1F80) &gt;&gt; 7 = 32); sent as-is so the bytes match.</summary>
    private const short InfinityDscale = 32;

    /// <summary>NUMERIC_DSCALE_MASK: the dscale field has 14 bits.</summary>
    private const int DscaleMask = 0x3FFF;

    /// <summary>NUMERIC_MAX_PRECISION + NUMERIC_MAX_RESULT_SCALE: numeric_recv's cap on ndigits.</summary>
    private const int MaxReceivedDigits = 1000 + 2000;

    /// <summary>Base-10000 digits that fit the stack buffer of the common case: a 64-bit coefficient padded by 10³
    /// is below 10²³, six digits; one more for the alignment.</summary>
    private const int SmallDigits = 8;

    /// <summary>Bytes of the binary form of <paramref name="value"/>.</summary>
    public static int GetLength(PgNumeric value)
    {
        Span<short> small = stackalloc short[SmallDigits];
        var digits = ToDigits(value, small, out _);
        return 8 + (2 * digits.Length);
    }

    /// <summary>Writes the binary form; false when <paramref name="destination"/> is too small.</summary>
    public static bool TryWrite(PgNumeric value, Span<byte> destination, out int written)
    {
        Span<short> small = stackalloc short[SmallDigits];
        var digits = ToDigits(value, small, out var weight);
        written = 8 + (2 * digits.Length);
        if (destination.Length < written)
        {
            return false;
        }

        var sign = value.Kind switch
        {
            NumericKind.NaN => SignNaN,
            NumericKind.PositiveInfinity => SignPositiveInfinity,
            NumericKind.NegativeInfinity => SignNegativeInfinity,
            _ => value.Sign < 0 ? SignNegative : SignPositive,
        };
        BinaryPrimitives.WriteInt16BigEndian(destination, (short)digits.Length);
        BinaryPrimitives.WriteInt16BigEndian(destination[2..], (short)weight);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], sign);
        BinaryPrimitives.WriteInt16BigEndian(destination[6..], (short)(value.IsInfinity ? InfinityDscale : value.Scale));
        for (var i = 0; i < digits.Length; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(destination[(8 + (2 * i))..], digits[i]);
        }

        return true;
    }

    /// <summary>
    /// The base-10000 digits of |value| (most significant first, trailing zero digits dropped) and the weight of the
    /// first. Zero and the special values have no digits and weight 0, as PostgreSQL sends them.
    /// </summary>
    private static ReadOnlySpan<short> ToDigits(PgNumeric value, Span<short> small, out int weight)
    {
        weight = 0;
        if (value.IsSpecial || value.IsZero)
        {
            return default;
        }

        // Align the point to a digit boundary: pad the fraction to a multiple of 4 decimal places.
        var fractionGroups = (value.Scale + 3) / 4;
        var pad = (fractionGroups * 4) - value.Scale;
        var magnitude = BigInteger.Abs(value.Coefficient);
        Span<short> digits;
        int count;
        if (magnitude.GetBitLength() <= 64)
        {
            // The common case without allocation: at most 10^19 × 10^3 < 10^23, six base-10000 digits.
            var m = (UInt128)(ulong)magnitude * (pad switch { 0 => 1u, 1 => 10u, 2 => 100u, _ => 1000u });
            Span<short> reversed = stackalloc short[SmallDigits];
            count = 0;
            while (m != 0)
            {
                reversed[count++] = (short)(ushort)(m % 10000);
                m /= 10000;
            }

            digits = small[..count];
            for (var i = 0; i < count; i++)
            {
                digits[i] = reversed[count - 1 - i];
            }
        }
        else
        {
            var text = (magnitude * PgNumeric.Pow10(pad)).ToString(CultureInfo.InvariantCulture);
            count = (text.Length + 3) / 4;
            digits = new short[count];
            var first = text.Length - ((count - 1) * 4);
            digits[0] = short.Parse(text.AsSpan(0, first), CultureInfo.InvariantCulture);
            for (var i = 1; i < count; i++)
            {
                digits[i] = short.Parse(text.AsSpan(first + ((i - 1) * 4), 4), CultureInfo.InvariantCulture);
            }
        }

        weight = count - 1 - fractionGroups;
        while (count > 0 && digits[count - 1] == 0)
        {
            count--;
        }

        return digits[..count];
    }

    /// <summary>numeric_recv; consumes the whole value. Digits beyond dscale are truncated as PostgreSQL does.</summary>
    public static PgNumeric Read(ReadOnlySpan<byte> data, out int consumed)
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

        var n = BigInteger.Zero;
        var small = 0L;
        for (var i = 0; i < count; i++)
        {
            var digit = BinaryPrimitives.ReadInt16BigEndian(data[(8 + (2 * i))..]);
            if (digit is < 0 or >= 10000)
            {
                ThrowHelper.Throw(SqlState.InvalidBinaryRepresentation, "invalid digit in external \"numeric\" value");
            }

            if (i < 4)
            {
                small = (small * 10000) + digit;
                n = small;
            }
            else
            {
                n = (n * 10000) + digit;
            }
        }

        switch (sign)
        {
            case SignNaN:
                return PgNumeric.NaN;
            case SignPositiveInfinity:
                return PgNumeric.PositiveInfinity;
            case SignNegativeInfinity:
                return PgNumeric.NegativeInfinity;
        }

        // value = n × 10^(4 × (weight − count + 1)); kept at dscale places, digits below truncated (trunc_var).
        var exponent = (4 * (weight - count + 1)) + dscale;
        var coefficient = exponent >= 0 ? n * PgNumeric.Pow10(exponent) : n / PgNumeric.Pow10(-exponent);
        return new PgNumeric(sign == SignNegative ? -coefficient : coefficient, dscale);
    }
}
