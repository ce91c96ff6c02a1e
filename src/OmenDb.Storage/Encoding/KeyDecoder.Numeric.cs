using System.Globalization;
using OmenDb.Common;

namespace OmenDb.Storage.Encoding;

/// <content>Reads the numeric key of <see cref="KeyEncoder.WriteNumeric(Span{byte}, PgNumeric, KeyOrder)"/>.</content>
public static partial class KeyDecoder
{
    /// <summary>Reads a numeric; the result has no trailing fractional zeros (1.50 comes back as 1.5, an equal value).</summary>
    public static int ReadNumeric(ReadOnlySpan<byte> source, out PgNumeric value, KeyOrder order = KeyOrder.Ascending)
    {
        Need(source, 1, "key numeric");
        var mask = KeyEncoder.Mask(order);
        var kind = (byte)(source[0] ^ mask);
        switch (kind)
        {
            case KeyEncoder.NumericZero:
                value = PgNumeric.Zero;
                return 1;
            case KeyEncoder.NumericNaN:
                value = PgNumeric.NaN;
                return 1;
            case KeyEncoder.NumericPositiveInfinity:
                value = PgNumeric.PositiveInfinity;
                return 1;
            case KeyEncoder.NumericNegativeInfinity:
                value = PgNumeric.NegativeInfinity;
                return 1;
            case KeyEncoder.NumericNegative or KeyEncoder.NumericPositive:
                break;
            default:
                value = default;
                StorageErrors.Corrupt("key numeric");
                return 0;
        }

        var negative = kind == KeyEncoder.NumericNegative;
        // Bytes after the kind are complemented once for a negative value and once more for DESC.
        var bodyMask = (byte)(mask ^ (negative ? 0xFF : 0));
        Need(source, 3, "key numeric");
        var position = 1;
        var head = (byte)(source[position++] ^ bodyMask);
        int exponent;
        if (head is KeyEncoder.NumericExponentBelow or KeyEncoder.NumericExponentAbove)
        {
            Need(source, position + 5, "key numeric");
            Span<byte> raw = stackalloc byte[4];
            for (var k = 0; k < 4; k++)
            {
                raw[k] = (byte)(source[position + k] ^ bodyMask);
            }

            exponent = (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(raw) ^ 0x8000_0000u);
            position += 4;
        }
        else
        {
            exponent = head - KeyEncoder.NumericExponentBias;
        }

        var digits = new System.Text.StringBuilder();
        while (true)
        {
            Need(source, position + 1, "key numeric");
            var pair = source[position++] ^ bodyMask;
            if (pair == 0)
            {
                break;
            }

            if (pair > 100)
            {
                StorageErrors.Corrupt("key numeric");
            }

            digits.Append((char)('0' + ((pair - 1) / 10))).Append((char)('0' + ((pair - 1) % 10)));
        }

        var text = digits.ToString().TrimEnd('0');
        if (text.Length == 0 || (long)text.Length - exponent > PgNumeric.MaxStoredScale)
        {
            value = default;
            StorageErrors.Corrupt("key numeric");
            return 0;
        }

        var coefficient = System.Numerics.BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        value = new PgNumeric(negative ? -coefficient : coefficient, text.Length - exponent);
        return position;
    }
}
