using System.Globalization;
using OmenDb.Common;

namespace OmenDb.Storage.Encoding;

/// <content>
/// The order-preserving numeric key. A kind byte orders the classes: −Infinity 0x00 &lt; negative 0x01 &lt; zero 0x02
/// &lt; positive 0x03 &lt; +Infinity 0x04 &lt; NaN 0x05 (PostgreSQL sorts NaN above everything). A non-zero finite value
/// |x| = 0.d₁d₂…dₙ × 10^E follows with E — one byte E + 64 for E in [−63, 190], else an escape byte (0x00 below,
/// 0xFF above) and E as four big-endian offset-binary bytes, so every exponent numeric can hold orders correctly —
/// then the significant digits without trailing zeros (1.5 and 1.50 encode alike), two per byte as 1 + 10·dᵢ + dᵢ₊₁
/// (1..100), then a 0x00 terminator that sorts a shorter digit string first. A negative value complements everything
/// after its kind byte.
/// </content>
public static partial class KeyEncoder
{
    internal const byte NumericNegativeInfinity = 0x00;

    internal const byte NumericNegative = 0x01;

    internal const byte NumericZero = 0x02;

    internal const byte NumericPositive = 0x03;

    internal const byte NumericPositiveInfinity = 0x04;

    internal const byte NumericNaN = 0x05;

    /// <summary>Added to an exponent in [−63, 190] so that it is one byte in [1, 254].</summary>
    internal const int NumericExponentBias = 64;

    internal const int NumericSmallExponent = -63;

    internal const int NumericLargeExponent = 190;

    internal const byte NumericExponentBelow = 0x00;

    internal const byte NumericExponentAbove = 0xFF;

    /// <summary>The exact encoded size of <paramref name="value"/>.</summary>
    public static int GetNumericByteCount(PgNumeric value)
    {
        if (value.IsSpecial || value.IsZero)
        {
            return 1;
        }

        var digits = SignificantDigits(value, out var exponent);
        return 1 + ExponentByteCount(exponent) + ((digits.Length + 1) / 2) + 1;
    }

    /// <summary>Writes the order-preserving encoding of a numeric; see the type's remarks.</summary>
    public static int WriteNumeric(Span<byte> destination, PgNumeric value, KeyOrder order = KeyOrder.Ascending)
    {
        if (value.IsSpecial || value.IsZero)
        {
            EnsureRoom(destination, 1);
            destination[0] = (byte)(value.Kind switch
            {
                NumericKind.NaN => NumericNaN,
                NumericKind.PositiveInfinity => NumericPositiveInfinity,
                NumericKind.NegativeInfinity => NumericNegativeInfinity,
                _ => NumericZero,
            } ^ Mask(order));
            return 1;
        }

        var digits = SignificantDigits(value, out var exponent);
        var length = 1 + ExponentByteCount(exponent) + ((digits.Length + 1) / 2) + 1;
        EnsureRoom(destination, length);
        var negative = value.Sign < 0;
        destination[0] = negative ? NumericNegative : NumericPositive;
        var position = 1;
        if (exponent is >= NumericSmallExponent and <= NumericLargeExponent)
        {
            destination[position++] = (byte)(exponent + NumericExponentBias);
        }
        else
        {
            destination[position++] = exponent < 0 ? NumericExponentBelow : NumericExponentAbove;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(destination[position..], (uint)exponent ^ 0x8000_0000u);
            position += 4;
        }

        for (var i = 0; i < digits.Length; i += 2)
        {
            var low = i + 1 < digits.Length ? digits[i + 1] - '0' : 0;
            destination[position++] = (byte)(1 + ((digits[i] - '0') * 10) + low);
        }

        destination[position++] = 0;
        if (negative)
        {
            Invert(destination[1..position]);
        }

        if (IsDescending(order))
        {
            Invert(destination[..position]);
        }

        return position;
    }

    private static int ExponentByteCount(int exponent) => exponent is >= NumericSmallExponent and <= NumericLargeExponent ? 1 : 5;

    /// <summary>The digits of |value| without trailing zeros, and E with |value| = 0.digits × 10^E.</summary>
    private static string SignificantDigits(PgNumeric value, out int exponent)
    {
        var all = System.Numerics.BigInteger.Abs(value.Coefficient).ToString(CultureInfo.InvariantCulture);
        exponent = all.Length - value.Scale;
        return all.TrimEnd('0');
    }
}
