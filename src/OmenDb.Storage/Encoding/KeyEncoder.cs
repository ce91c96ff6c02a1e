using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OmenDb.Storage.Encoding;

/// <summary>
/// Order-preserving ("memcomparable") key encodings: for two values of one type, comparing the encodings bytewise
/// (memcmp, as RocksDB does) gives the order PostgreSQL gives the values. Composite keys are the concatenation of
/// their columns, which works because every encoding is prefix-free (no encoding is a prefix of another).
/// <see cref="KeyDecoder"/> reverses each one.
/// </summary>
/// <remarks>
/// <para>Each method writes at the start of <c>destination</c> and returns the bytes written; a destination that is
/// too short is a caller bug (<see cref="ArgumentException"/>): size it with the <c>*ByteCount</c> members first.
/// <see cref="System.Buffers.IBufferWriter{T}"/> overloads live in <c>KeyEncoder.BufferWriter.cs</c>.</para>
/// <para>Descending columns store the bitwise complement of the ascending encoding, which reverses the order of a
/// prefix-free code. NULLs are not a value: a nullable column writes <see cref="WriteNullMarker(Span{byte}, bool, KeyOrder)"/> first, a
/// byte that is never inverted so that NULLS FIRST/LAST means the same in both directions. NOT NULL columns (primary
/// keys) skip the marker.</para>
/// <para>Type mapping: int2/int4/int8 → Int16/32/64; date → Int32 days; time, timestamp, timestamptz → Int64
/// microseconds; float4/float8 → Single/Double; numeric → Numeric (see <c>KeyEncoder.Numeric.cs</c>); text/varchar/bpchar → String (UTF-8 bytes, which
/// order as code points: PostgreSQL's "C" collation); bytea → Bytes; uuid → Guid; bool → Boolean.</para>
/// </remarks>
public static partial class KeyEncoder
{
    /// <summary>Bytes of an encoded bool.</summary>
    public const int BooleanByteCount = 1;

    /// <summary>Bytes of an encoded int2.</summary>
    public const int Int16ByteCount = 2;

    /// <summary>Bytes of an encoded int4 or date.</summary>
    public const int Int32ByteCount = 4;

    /// <summary>Bytes of an encoded int8, time or timestamp.</summary>
    public const int Int64ByteCount = 8;

    /// <summary>Bytes of an encoded float4.</summary>
    public const int SingleByteCount = 4;

    /// <summary>Bytes of an encoded float8.</summary>
    public const int DoubleByteCount = 8;

    /// <summary>Bytes of an encoded uuid.</summary>
    public const int GuidByteCount = 16;

    /// <summary>Bytes of a NULL marker.</summary>
    public const int NullMarkerByteCount = 1;

    /// <summary>Marker of a NULL in a NULLS FIRST column: sorts before <see cref="NotNullMarker"/>.</summary>
    internal const byte NullFirstMarker = 0x00;

    /// <summary>Marker of a non-NULL value.</summary>
    internal const byte NotNullMarker = 0x01;

    /// <summary>Marker of a NULL in a NULLS LAST column: sorts after <see cref="NotNullMarker"/>.</summary>
    internal const byte NullLastMarker = 0x02;

    /// <summary>0x00 inside a string or byte array becomes 0x00 0xFF, so it sorts after the terminator 0x00 0x01.</summary>
    internal const byte EscapedZero = 0xFF;

    internal const byte Terminator = 0x01;

    private const ulong DoubleSignBit = 1UL << 63;
    private const uint SingleSignBit = 1U << 31;

    /// <summary>True when <paramref name="order"/> is DESC.</summary>
    public static bool IsDescending(KeyOrder order) => order >= KeyOrder.Descending;

    /// <summary>True when NULLs of <paramref name="order"/> sort before every value.</summary>
    public static bool NullsFirst(KeyOrder order) => order is KeyOrder.AscendingNullsFirst or KeyOrder.Descending;

    /// <summary>
    /// Writes the presence byte of a nullable column: for a NULL, 0x00 (NULLS FIRST) or 0x02 (NULLS LAST); otherwise
    /// 0x01, followed by the value. Never inverted for DESC.
    /// </summary>
    public static int WriteNullMarker(Span<byte> destination, bool isNull, KeyOrder order = KeyOrder.Ascending)
    {
        EnsureRoom(destination, NullMarkerByteCount);
        destination[0] = !isNull ? NotNullMarker : NullsFirst(order) ? NullFirstMarker : NullLastMarker;
        return NullMarkerByteCount;
    }

    /// <summary>false → 0x00, true → 0x01.</summary>
    public static int WriteBoolean(Span<byte> destination, bool value, KeyOrder order = KeyOrder.Ascending)
    {
        EnsureRoom(destination, BooleanByteCount);
        destination[0] = (byte)((value ? 1 : 0) ^ Mask(order));
        return BooleanByteCount;
    }

    /// <summary>Two's complement with the sign bit flipped, big-endian: negative numbers first.</summary>
    public static int WriteInt16(Span<byte> destination, short value, KeyOrder order = KeyOrder.Ascending)
    {
        EnsureRoom(destination, Int16ByteCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)((ushort)value ^ 0x8000 ^ (ushort)(Mask(order) * 0x0101)));
        return Int16ByteCount;
    }

    /// <summary>Two's complement with the sign bit flipped, big-endian: negative numbers first.</summary>
    public static int WriteInt32(Span<byte> destination, int value, KeyOrder order = KeyOrder.Ascending)
    {
        EnsureRoom(destination, Int32ByteCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)value ^ 0x8000_0000u ^ ((uint)Mask(order) * 0x0101_0101u));
        return Int32ByteCount;
    }

    /// <summary>Two's complement with the sign bit flipped, big-endian: negative numbers first.</summary>
    public static int WriteInt64(Span<byte> destination, long value, KeyOrder order = KeyOrder.Ascending)
    {
        EnsureRoom(destination, Int64ByteCount);
        BinaryPrimitives.WriteUInt64BigEndian(destination, (ulong)value ^ DoubleSignBit ^ ((ulong)Mask(order) * 0x0101_0101_0101_0101UL));
        return Int64ByteCount;
    }

    /// <summary>Big-endian unsigned, for internal identifiers (table ids, sequence numbers) in key prefixes.</summary>
    public static int WriteUInt32(Span<byte> destination, uint value, KeyOrder order = KeyOrder.Ascending)
    {
        EnsureRoom(destination, Int32ByteCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination, value ^ ((uint)Mask(order) * 0x0101_0101u));
        return Int32ByteCount;
    }

    /// <summary>Big-endian unsigned, for internal identifiers (table ids, sequence numbers) in key prefixes.</summary>
    public static int WriteUInt64(Span<byte> destination, ulong value, KeyOrder order = KeyOrder.Ascending)
    {
        EnsureRoom(destination, Int64ByteCount);
        BinaryPrimitives.WriteUInt64BigEndian(destination, value ^ ((ulong)Mask(order) * 0x0101_0101_0101_0101UL));
        return Int64ByteCount;
    }

    /// <summary>
    /// IEEE bits, big-endian, positive values with the sign bit set and negative values complemented, so that
    /// -Infinity &lt; … &lt; -0 = 0 &lt; … &lt; Infinity &lt; NaN. As in PostgreSQL, all NaNs are equal and sort last, and -0 equals 0
    /// (both are stored as +0 and NaN as the canonical quiet NaN).
    /// </summary>
    public static int WriteDouble(Span<byte> destination, double value, KeyOrder order = KeyOrder.Ascending)
    {
        EnsureRoom(destination, DoubleByteCount);
        ulong bits;
        if (double.IsNaN(value))
        {
            bits = BitConverter.DoubleToUInt64Bits(double.NaN) & ~DoubleSignBit;
        }
        else
        {
            bits = BitConverter.DoubleToUInt64Bits(value == 0 ? 0.0 : value);
        }
        bits = (bits & DoubleSignBit) != 0 ? ~bits : bits | DoubleSignBit;
        BinaryPrimitives.WriteUInt64BigEndian(destination, bits ^ ((ulong)Mask(order) * 0x0101_0101_0101_0101UL));
        return DoubleByteCount;
    }

    /// <summary>As <see cref="WriteDouble(Span{byte}, double, KeyOrder)"/>, on the 32-bit format.</summary>
    public static int WriteSingle(Span<byte> destination, float value, KeyOrder order = KeyOrder.Ascending)
    {
        EnsureRoom(destination, SingleByteCount);
        uint bits;
        if (float.IsNaN(value))
        {
            bits = BitConverter.SingleToUInt32Bits(float.NaN) & ~SingleSignBit;
        }
        else
        {
            bits = BitConverter.SingleToUInt32Bits(value == 0 ? 0.0f : value);
        }
        bits = (bits & SingleSignBit) != 0 ? ~bits : bits | SingleSignBit;
        BinaryPrimitives.WriteUInt32BigEndian(destination, bits ^ ((uint)Mask(order) * 0x0101_0101u));
        return SingleByteCount;
    }

    /// <summary>The 16 bytes in RFC 4122 order (the order of the text form), which is how PostgreSQL compares uuids.</summary>
    public static int WriteGuid(Span<byte> destination, Guid value, KeyOrder order = KeyOrder.Ascending)
    {
        EnsureRoom(destination, GuidByteCount);
        value.TryWriteBytes(destination, bigEndian: true, out _);
        if (IsDescending(order))
        {
            Invert(destination[..GuidByteCount]);
        }
        return GuidByteCount;
    }

    /// <summary>The encoded size of a byte string: its bytes, one more per 0x00, and the two-byte terminator.</summary>
    public static int GetByteCount(ReadOnlySpan<byte> value) => value.Length + value.Count((byte)0) + 2;

    /// <summary>The encoded size of a text value (UTF-8, escaped, terminated).</summary>
    public static int GetByteCount(ReadOnlySpan<char> value) => System.Text.Encoding.UTF8.GetByteCount(value) + value.Count('\0') + 2;

    /// <summary>An upper bound for the encoded size of <paramref name="charCount"/> UTF-16 chars, without scanning.</summary>
    public static int GetMaxByteCount(int charCount) => checked((charCount * 3) + 2);

    /// <summary>
    /// A byte string (bytea, or text already in UTF-8) as its bytes with 0x00 escaped as 0x00 0xFF, then 0x00 0x01.
    /// The terminator sorts a prefix first ("ab" &lt; "abc") and the escape sorts an embedded 0x00 after it.
    /// </summary>
    public static int WriteBytes(Span<byte> destination, ReadOnlySpan<byte> value, KeyOrder order = KeyOrder.Ascending)
    {
        EnsureRoom(destination, GetByteCount(value));
        var position = 0;
        while (true)
        {
            var zero = value.IndexOf((byte)0);
            if (zero < 0)
            {
                value.CopyTo(destination[position..]);
                position += value.Length;
                break;
            }
            value[..zero].CopyTo(destination[position..]);
            position += zero;
            destination[position++] = 0;
            destination[position++] = EscapedZero;
            value = value[(zero + 1)..];
        }
        destination[position++] = 0;
        destination[position++] = Terminator;
        if (IsDescending(order))
        {
            Invert(destination[..position]);
        }
        return position;
    }

    /// <summary>
    /// A text value: UTF-8 (unpaired surrogates become U+FFFD, as in any UTF-8 conversion) escaped and terminated as
    /// in <see cref="WriteBytes(Span{byte}, ReadOnlySpan{byte}, KeyOrder)"/>. Byte order of UTF-8 is code point order, i.e. PostgreSQL's "C" collation.
    /// </summary>
    public static int WriteString(Span<byte> destination, ReadOnlySpan<char> value, KeyOrder order = KeyOrder.Ascending)
    {
        var utf8Length = System.Text.Encoding.UTF8.GetByteCount(value);
        var zeros = value.Count('\0');
        var length = utf8Length + zeros + 2;
        EnsureRoom(destination, length);
        System.Text.Encoding.UTF8.GetBytes(value, destination);
        if (zeros > 0)
        {
            // Widen in place from the back: each 0x00 becomes 0x00 0xFF.
            var write = utf8Length + zeros - 1;
            for (var read = utf8Length - 1; read >= 0 && write > read; read--)
            {
                var b = destination[read];
                if (b == 0)
                {
                    destination[write--] = EscapedZero;
                    destination[write--] = 0;
                }
                else
                {
                    destination[write--] = b;
                }
            }
        }
        destination[length - 2] = 0;
        destination[length - 1] = Terminator;
        if (IsDescending(order))
        {
            Invert(destination[..length]);
        }
        return length;
    }

    /// <summary>
    /// Writes the smallest key greater than every key that starts with <paramref name="prefix"/> (the exclusive upper
    /// bound of a prefix scan) and returns its length: the prefix with trailing 0xFF bytes dropped and the last byte
    /// incremented. Returns 0 when no such key exists (the prefix is all 0xFF), which as an iterator upper bound means
    /// "unbounded" — exactly right.
    /// </summary>
    public static int WritePrefixSuccessor(Span<byte> destination, ReadOnlySpan<byte> prefix)
    {
        var last = prefix.LastIndexOfAnyExcept((byte)0xFF);
        if (last < 0)
        {
            return 0;
        }
        EnsureRoom(destination, last + 1);
        prefix[..(last + 1)].CopyTo(destination);
        destination[last]++;
        return last + 1;
    }

    /// <summary>0x00 for ascending, 0xFF for descending: XOR with it applies the direction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static byte Mask(KeyOrder order) => IsDescending(order) ? (byte)0xFF : (byte)0;

    /// <summary>Complements every byte, eight at a time.</summary>
    internal static void Invert(Span<byte> bytes)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = ~words[i];
        }
        for (var i = words.Length * sizeof(ulong); i < bytes.Length; i++)
        {
            bytes[i] = (byte)~bytes[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EnsureRoom(Span<byte> destination, int needed)
    {
        if (destination.Length < needed)
        {
            StorageErrors.DestinationTooShort(needed, destination.Length);
        }
    }
}
