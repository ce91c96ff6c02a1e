using System.Runtime.CompilerServices;

namespace OmenDb.Storage.Encoding;

/// <summary>
/// The stored row layout shared by <see cref="RowEncoder"/> and <see cref="RowDecoder"/>:
/// <code>
/// row    := version:u8  schemaVersion:varint  columnCount:varint  nullBitmap:u8[(columnCount + 7) / 8]  value*
/// value  := one per non-NULL column, in column (attribute number) order:
///           bool u8 | int2 i16 | int4/date i32 | int8/time/timestamp i64 | float4 f32 | float8 f64   (little-endian)
///           numeric: length:varint  kind:u8  scale:varint  magnitude:u8[]   (format version 2)
///                    kind 0 positive or zero, 1 negative, 2 NaN, 3 +Infinity, 4 -Infinity; the magnitude of the
///                    unscaled coefficient little-endian, empty for zero and the special values.
///                    Version 1 rows (still read) stored the four 32-bit words of System.Decimal (lo, mid, hi, flags).
///           uuid: 16 bytes in RFC 4122 order
///           text/bytea/anything variable: length:varint bytes
/// varint := unsigned LEB128 (7 bits per byte, low group first, high bit = more)
/// </code>
/// Bit <c>i % 8</c> of bitmap byte <c>i / 8</c> is set when column <c>i</c> is NULL. Columns are identified by
/// position = attribute number − 1, so ALTER TABLE ADD COLUMN appends a position and old rows simply have fewer
/// columns (<see cref="RowFieldState.Absent"/>); a dropped column keeps its position and type in the catalog (as
/// PostgreSQL keeps <c>attisdropped</c> attributes) so readers can skip it, and new rows store it as NULL: one bit.
/// Values carry no type tags: the reader knows the types from the schema version in the header.
/// </summary>
internal static class RowFormat
{
    /// <summary>The first version: numeric as a fixed 16-byte System.Decimal. Still read; no longer written.</summary>
    internal const byte Version1 = 1;

    /// <summary>The version written now: numeric as a variable-width arbitrary-precision value. A reader rejects
    /// versions it does not know instead of misreading them.</summary>
    internal const byte Version2 = 2;

    /// <summary>PostgreSQL's own limit on columns per table (MaxHeapAttributeNumber); larger counts are corruption.</summary>
    internal const int MaxColumns = 1600;

    /// <summary>Bytes of a version 1 numeric (System.Decimal).</summary>
    internal const int DecimalByteCount = 16;

    internal const int GuidByteCount = 16;

    /// <summary>Numeric kind bytes (version 2).</summary>
    internal const byte NumericPositive = 0;

    internal const byte NumericNegative = 1;

    internal const byte NumericNaN = 2;

    internal const byte NumericPositiveInfinity = 3;

    internal const byte NumericNegativeInfinity = 4;

    /// <summary>A 32-bit varint needs at most 5 bytes (7 × 5 = 35 ≥ 32 bits).</summary>
    internal const int MaxVarint32ByteCount = 5;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int VarintSize(uint value) => value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x20_0000 ? 3 : value < 0x1000_0000 ? 4 : 5;

    internal static int WriteVarint(Span<byte> destination, uint value)
    {
        var position = 0;
        while (value >= 0x80)
        {
            destination[position++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[position++] = (byte)value;
        return position;
    }

    /// <summary>Reads a varint; false on truncation or more than 32 bits.</summary>
    internal static bool TryReadVarint(ReadOnlySpan<byte> source, out uint value, out int consumed)
    {
        value = 0;
        consumed = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (consumed >= source.Length)
            {
                return false;
            }
            var b = source[consumed++];
            if (shift == 28 && b > 0x0F)
            {
                return false;
            }
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }
        return false;
    }
}
