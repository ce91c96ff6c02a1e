using System.Buffers;
using OmenDb.Common;

namespace OmenDb.Storage.Encoding;

/// <content>The <see cref="IBufferWriter{T}"/> overloads: each asks the writer for the exact (or, for decimals, the
/// maximum) size, encodes in place and advances.</content>
public static partial class KeyEncoder
{
    /// <summary>Appends a NULL marker; see the span overload.</summary>
    public static void WriteNullMarker(IBufferWriter<byte> writer, bool isNull, KeyOrder order = KeyOrder.Ascending)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Advance(WriteNullMarker(writer.GetSpan(NullMarkerByteCount), isNull, order));
    }

    /// <summary>Appends a bool; see the span overload.</summary>
    public static void WriteBoolean(IBufferWriter<byte> writer, bool value, KeyOrder order = KeyOrder.Ascending)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Advance(WriteBoolean(writer.GetSpan(BooleanByteCount), value, order));
    }

    /// <summary>Appends an int2; see the span overload.</summary>
    public static void WriteInt16(IBufferWriter<byte> writer, short value, KeyOrder order = KeyOrder.Ascending)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Advance(WriteInt16(writer.GetSpan(Int16ByteCount), value, order));
    }

    /// <summary>Appends an int4 or date; see the span overload.</summary>
    public static void WriteInt32(IBufferWriter<byte> writer, int value, KeyOrder order = KeyOrder.Ascending)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Advance(WriteInt32(writer.GetSpan(Int32ByteCount), value, order));
    }

    /// <summary>Appends an int8, time or timestamp; see the span overload.</summary>
    public static void WriteInt64(IBufferWriter<byte> writer, long value, KeyOrder order = KeyOrder.Ascending)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Advance(WriteInt64(writer.GetSpan(Int64ByteCount), value, order));
    }

    /// <summary>Appends an unsigned 32-bit identifier; see the span overload.</summary>
    public static void WriteUInt32(IBufferWriter<byte> writer, uint value, KeyOrder order = KeyOrder.Ascending)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Advance(WriteUInt32(writer.GetSpan(Int32ByteCount), value, order));
    }

    /// <summary>Appends an unsigned 64-bit identifier; see the span overload.</summary>
    public static void WriteUInt64(IBufferWriter<byte> writer, ulong value, KeyOrder order = KeyOrder.Ascending)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Advance(WriteUInt64(writer.GetSpan(Int64ByteCount), value, order));
    }

    /// <summary>Appends a float4; see the span overload.</summary>
    public static void WriteSingle(IBufferWriter<byte> writer, float value, KeyOrder order = KeyOrder.Ascending)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Advance(WriteSingle(writer.GetSpan(SingleByteCount), value, order));
    }

    /// <summary>Appends a float8; see the span overload.</summary>
    public static void WriteDouble(IBufferWriter<byte> writer, double value, KeyOrder order = KeyOrder.Ascending)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Advance(WriteDouble(writer.GetSpan(DoubleByteCount), value, order));
    }

    /// <summary>Appends a numeric; see the span overload.</summary>
    public static void WriteNumeric(IBufferWriter<byte> writer, PgNumeric value, KeyOrder order = KeyOrder.Ascending)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Advance(WriteNumeric(writer.GetSpan(GetNumericByteCount(value)), value, order));
    }

    /// <summary>Appends a uuid; see the span overload.</summary>
    public static void WriteGuid(IBufferWriter<byte> writer, Guid value, KeyOrder order = KeyOrder.Ascending)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Advance(WriteGuid(writer.GetSpan(GuidByteCount), value, order));
    }

    /// <summary>Appends a byte string; see the span overload.</summary>
    public static void WriteBytes(IBufferWriter<byte> writer, ReadOnlySpan<byte> value, KeyOrder order = KeyOrder.Ascending)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Advance(WriteBytes(writer.GetSpan(GetByteCount(value)), value, order));
    }

    /// <summary>Appends a text value; see the span overload.</summary>
    public static void WriteString(IBufferWriter<byte> writer, ReadOnlySpan<char> value, KeyOrder order = KeyOrder.Ascending)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Advance(WriteString(writer.GetSpan(GetByteCount(value)), value, order));
    }
}
