using System.Buffers;
using System.Buffers.Binary;

namespace OmenDb.Storage.Encoding;

/// <summary>
/// Reverses <see cref="KeyEncoder"/>. Each method reads from the start of <c>source</c>, returns the bytes consumed
/// and throws <see cref="OmenDb.Common.PgException"/> (XX001 data_corrupted) on bytes no encoder writes. Pass the same
/// <see cref="KeyOrder"/> the column was encoded with.
/// </summary>
public static partial class KeyDecoder
{
    /// <summary>Reads a nullable column's presence byte.</summary>
    public static int ReadNullMarker(ReadOnlySpan<byte> source, out bool isNull)
    {
        Need(source, KeyEncoder.NullMarkerByteCount, "key null marker");
        switch (source[0])
        {
            case KeyEncoder.NotNullMarker:
                isNull = false;
                break;
            case KeyEncoder.NullFirstMarker or KeyEncoder.NullLastMarker:
                isNull = true;
                break;
            default:
                isNull = false;
                StorageErrors.Corrupt("key null marker");
                break;
        }
        return KeyEncoder.NullMarkerByteCount;
    }

    /// <summary>Reads a bool.</summary>
    public static int ReadBoolean(ReadOnlySpan<byte> source, out bool value, KeyOrder order = KeyOrder.Ascending)
    {
        Need(source, KeyEncoder.BooleanByteCount, "key boolean");
        var b = source[0] ^ KeyEncoder.Mask(order);
        if (b > 1)
        {
            StorageErrors.Corrupt("key boolean");
        }
        value = b == 1;
        return KeyEncoder.BooleanByteCount;
    }

    /// <summary>Reads an int2.</summary>
    public static int ReadInt16(ReadOnlySpan<byte> source, out short value, KeyOrder order = KeyOrder.Ascending)
    {
        Need(source, KeyEncoder.Int16ByteCount, "key int2");
        value = (short)(BinaryPrimitives.ReadUInt16BigEndian(source) ^ 0x8000 ^ (KeyEncoder.Mask(order) * 0x0101));
        return KeyEncoder.Int16ByteCount;
    }

    /// <summary>Reads an int4 (or a date).</summary>
    public static int ReadInt32(ReadOnlySpan<byte> source, out int value, KeyOrder order = KeyOrder.Ascending)
    {
        Need(source, KeyEncoder.Int32ByteCount, "key int4");
        value = (int)(BinaryPrimitives.ReadUInt32BigEndian(source) ^ 0x8000_0000u ^ (KeyEncoder.Mask(order) * 0x0101_0101u));
        return KeyEncoder.Int32ByteCount;
    }

    /// <summary>Reads an int8 (or a time or timestamp).</summary>
    public static int ReadInt64(ReadOnlySpan<byte> source, out long value, KeyOrder order = KeyOrder.Ascending)
    {
        Need(source, KeyEncoder.Int64ByteCount, "key int8");
        value = (long)(BinaryPrimitives.ReadUInt64BigEndian(source) ^ (1UL << 63) ^ (KeyEncoder.Mask(order) * 0x0101_0101_0101_0101UL));
        return KeyEncoder.Int64ByteCount;
    }

    /// <summary>Reads an unsigned 32-bit identifier.</summary>
    public static int ReadUInt32(ReadOnlySpan<byte> source, out uint value, KeyOrder order = KeyOrder.Ascending)
    {
        Need(source, KeyEncoder.Int32ByteCount, "key uint32");
        value = BinaryPrimitives.ReadUInt32BigEndian(source) ^ (KeyEncoder.Mask(order) * 0x0101_0101u);
        return KeyEncoder.Int32ByteCount;
    }

    /// <summary>Reads an unsigned 64-bit identifier.</summary>
    public static int ReadUInt64(ReadOnlySpan<byte> source, out ulong value, KeyOrder order = KeyOrder.Ascending)
    {
        Need(source, KeyEncoder.Int64ByteCount, "key uint64");
        value = BinaryPrimitives.ReadUInt64BigEndian(source) ^ (KeyEncoder.Mask(order) * 0x0101_0101_0101_0101UL);
        return KeyEncoder.Int64ByteCount;
    }

    /// <summary>Reads a float8 (NaN comes back as the canonical NaN, -0 as +0).</summary>
    public static int ReadDouble(ReadOnlySpan<byte> source, out double value, KeyOrder order = KeyOrder.Ascending)
    {
        Need(source, KeyEncoder.DoubleByteCount, "key float8");
        var bits = BinaryPrimitives.ReadUInt64BigEndian(source) ^ (KeyEncoder.Mask(order) * 0x0101_0101_0101_0101UL);
        bits = (bits & (1UL << 63)) != 0 ? bits ^ (1UL << 63) : ~bits;
        value = BitConverter.UInt64BitsToDouble(bits);
        return KeyEncoder.DoubleByteCount;
    }

    /// <summary>Reads a float4 (NaN comes back as the canonical NaN, -0 as +0).</summary>
    public static int ReadSingle(ReadOnlySpan<byte> source, out float value, KeyOrder order = KeyOrder.Ascending)
    {
        Need(source, KeyEncoder.SingleByteCount, "key float4");
        var bits = BinaryPrimitives.ReadUInt32BigEndian(source) ^ (KeyEncoder.Mask(order) * 0x0101_0101u);
        bits = (bits & (1U << 31)) != 0 ? bits ^ (1U << 31) : ~bits;
        value = BitConverter.UInt32BitsToSingle(bits);
        return KeyEncoder.SingleByteCount;
    }

    /// <summary>Reads a uuid.</summary>
    public static int ReadGuid(ReadOnlySpan<byte> source, out Guid value, KeyOrder order = KeyOrder.Ascending)
    {
        Need(source, KeyEncoder.GuidByteCount, "key uuid");
        if (KeyEncoder.IsDescending(order))
        {
            Span<byte> copy = stackalloc byte[KeyEncoder.GuidByteCount];
            source[..KeyEncoder.GuidByteCount].CopyTo(copy);
            KeyEncoder.Invert(copy);
            value = new Guid(copy, bigEndian: true);
        }
        else
        {
            value = new Guid(source[..KeyEncoder.GuidByteCount], bigEndian: true);
        }
        return KeyEncoder.GuidByteCount;
    }

    /// <summary>Returns the encoded length of a byte string or text value without decoding it (to skip a column).</summary>
    public static int SkipBytes(ReadOnlySpan<byte> source, KeyOrder order = KeyOrder.Ascending) =>
        Scan(source, KeyEncoder.IsDescending(order), out _);

    /// <summary>Reads a byte string into <paramref name="destination"/>.</summary>
    public static int ReadBytes(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, KeyOrder order = KeyOrder.Ascending)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var descending = KeyEncoder.IsDescending(order);
        var consumed = Scan(source, descending, out var length);
        var span = destination.GetSpan(length)[..length];
        Unescape(source[..consumed], span, descending);
        destination.Advance(length);
        return consumed;
    }

    /// <summary>Reads a byte string into a new array.</summary>
    public static int ReadBytes(ReadOnlySpan<byte> source, out byte[] value, KeyOrder order = KeyOrder.Ascending)
    {
        var descending = KeyEncoder.IsDescending(order);
        var consumed = Scan(source, descending, out var length);
        value = length == 0 ? [] : new byte[length];
        Unescape(source[..consumed], value, descending);
        return consumed;
    }

    /// <summary>Reads a text value.</summary>
    public static int ReadString(ReadOnlySpan<byte> source, out string value, KeyOrder order = KeyOrder.Ascending)
    {
        var descending = KeyEncoder.IsDescending(order);
        var consumed = Scan(source, descending, out var length);
        if (!descending && length == consumed - 2)
        {
            // No escapes: the UTF-8 is already contiguous.
            value = System.Text.Encoding.UTF8.GetString(source[..length]);
            return consumed;
        }
        byte[]? rented = null;
        var buffer = length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            Unescape(source[..consumed], buffer[..length], descending);
            value = System.Text.Encoding.UTF8.GetString(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        return consumed;
    }

    /// <summary>Finds the terminator: returns the encoded length and the decoded length.</summary>
    private static int Scan(ReadOnlySpan<byte> source, bool descending, out int decodedLength)
    {
        var zero = descending ? (byte)0xFF : (byte)0x00;
        var escapedZero = (byte)(KeyEncoder.EscapedZero ^ zero);
        var terminator = (byte)(KeyEncoder.Terminator ^ zero);
        var position = 0;
        decodedLength = 0;
        while (true)
        {
            var run = source[position..].IndexOf(zero);
            if (run < 0 || position + run + 1 >= source.Length)
            {
                StorageErrors.Corrupt("key string");
            }
            decodedLength += run;
            position += run;
            var next = source[position + 1];
            if (next == terminator)
            {
                return position + 2;
            }
            if (next != escapedZero)
            {
                StorageErrors.Corrupt("key string");
            }
            decodedLength++;
            position += 2;
        }
    }

    /// <summary>Copies the unescaped bytes of a validated encoding (<see cref="Scan"/> ran first) to <paramref name="destination"/>.</summary>
    private static void Unescape(ReadOnlySpan<byte> encoded, Span<byte> destination, bool descending)
    {
        var zero = descending ? (byte)0xFF : (byte)0x00;
        var written = 0;
        var body = encoded[..^2];
        while (true)
        {
            var run = body.IndexOf(zero);
            if (run < 0)
            {
                body.CopyTo(destination[written..]);
                written += body.Length;
                break;
            }
            body[..run].CopyTo(destination[written..]);
            written += run;
            destination[written++] = zero;
            body = body[(run + 2)..];
        }
        if (descending)
        {
            KeyEncoder.Invert(destination[..written]);
        }
    }

    private static void Need(ReadOnlySpan<byte> source, int length, string what)
    {
        if (source.Length < length)
        {
            StorageErrors.Corrupt(what);
        }
    }
}
