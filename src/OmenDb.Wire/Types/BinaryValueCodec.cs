using System.Buffers.Binary;
using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Types;
using OmenDb.Wire.Framing;

namespace OmenDb.Wire.Types;

/// <summary>
/// Binary send/receive (typsend/typreceive) of single values in their CLR representation (<see cref="PgTypeKind"/>).
/// This is the boxed path, used for Bind parameters, array elements, records and tests; DataRow encoding of
/// columns goes through <see cref="DataRowWriter"/>, which reads vectors without boxing.
/// </summary>
internal static class BinaryValueCodec
{
    /// <summary>jsonb and jsonpath: their binary form is a version byte (1) followed by the text form.</summary>
    public static bool IsVersionedText(PgType type) => type.Kind == PgTypeKind.Jsonb || type.Oid == PgTypes.JsonPath.Oid;

    /// <summary>Bytes of the binary form of a non-null value.</summary>
    public static int GetLength(PgType type, object value) => type.Kind switch
    {
        PgTypeKind.Bool => 1,
        PgTypeKind.Int16 => 2,
        PgTypeKind.Int32 or PgTypeKind.Date or PgTypeKind.Float32 or PgTypeKind.Oid => 4,
        PgTypeKind.Int64 or PgTypeKind.Time or PgTypeKind.Timestamp or PgTypeKind.TimestampTz or PgTypeKind.Float64 => 8,
        PgTypeKind.Interval or PgTypeKind.Uuid => 16,
        PgTypeKind.Numeric => NumericBinary.GetLength((PgNumeric)value),
        PgTypeKind.Text when type.Oid == PgTypes.Char.Oid => 1,
        _ when IsVersionedText(type) => 1 + Encoding.UTF8.GetByteCount((string)value),
        PgTypeKind.Text or PgTypeKind.Json or PgTypeKind.Unknown => Encoding.UTF8.GetByteCount((string)value),
        PgTypeKind.Bytea => ((byte[])value).Length,
        PgTypeKind.Vector => 4 + (4 * ((float[])value).Length),
        PgTypeKind.Array => GetArrayLength((PgArray)value),
        PgTypeKind.Record => GetRecordLength((PgRecord)value),
        _ => ThrowNoSend<int>(type),
    };

    /// <summary>Writes the binary form of a non-null value; <paramref name="destination"/> holds at least <see cref="GetLength"/> bytes.</summary>
    public static int Write(PgType type, object value, Span<byte> destination)
    {
        switch (type.Kind)
        {
            case PgTypeKind.Bool:
                destination[0] = (bool)value ? (byte)1 : (byte)0;
                return 1;
            case PgTypeKind.Int16:
                BinaryPrimitives.WriteInt16BigEndian(destination, (short)value);
                return 2;
            case PgTypeKind.Int32 or PgTypeKind.Date:
                BinaryPrimitives.WriteInt32BigEndian(destination, (int)value);
                return 4;
            case PgTypeKind.Oid:
                BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)value);
                return 4;
            case PgTypeKind.Float32:
                BinaryPrimitives.WriteSingleBigEndian(destination, (float)value);
                return 4;
            case PgTypeKind.Int64 or PgTypeKind.Time or PgTypeKind.Timestamp or PgTypeKind.TimestampTz:
                BinaryPrimitives.WriteInt64BigEndian(destination, (long)value);
                return 8;
            case PgTypeKind.Float64:
                BinaryPrimitives.WriteDoubleBigEndian(destination, (double)value);
                return 8;
            case PgTypeKind.Interval:
                WriteInterval((PgInterval)value, destination);
                return 16;
            case PgTypeKind.Uuid:
                ((Guid)value).TryWriteBytes(destination, bigEndian: true, out _);
                return 16;
            case PgTypeKind.Numeric:
                NumericBinary.TryWrite((PgNumeric)value, destination, out var numericLength);
                return numericLength;
            case PgTypeKind.Text when type.Oid == PgTypes.Char.Oid:
                destination[0] = CharByte((string)value);
                return 1;
            case var _ when IsVersionedText(type):
                destination[0] = 1;
                return 1 + Encoding.UTF8.GetBytes((string)value, destination[1..]);
            case PgTypeKind.Text or PgTypeKind.Json or PgTypeKind.Unknown:
                return Encoding.UTF8.GetBytes((string)value, destination);
            case PgTypeKind.Bytea:
                ((byte[])value).CopyTo(destination);
                return ((byte[])value).Length;
            case PgTypeKind.Vector:
                return WriteVector((float[])value, destination);
            case PgTypeKind.Array:
                return WriteArray((PgArray)value, destination);
            case PgTypeKind.Record:
                return WriteRecord((PgRecord)value, destination);
            default:
                return ThrowNoSend<int>(type);
        }
    }

    /// <summary>"char" is one byte; the empty string is the zero byte.</summary>
    public static byte CharByte(string value) => value.Length == 0 ? (byte)0 : (byte)value[0];

    /// <summary>interval_send: int64 microseconds, int32 days, int32 months.</summary>
    public static void WriteInterval(PgInterval value, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination, value.Microseconds);
        BinaryPrimitives.WriteInt32BigEndian(destination[8..], value.Days);
        BinaryPrimitives.WriteInt32BigEndian(destination[12..], value.Months);
    }

    /// <summary>pgvector's vector_send: int16 dimensions, int16 unused (0), then big-endian float4s.</summary>
    public static int WriteVector(float[] value, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt16BigEndian(destination, (short)value.Length);
        BinaryPrimitives.WriteInt16BigEndian(destination[2..], 0);
        for (var i = 0; i < value.Length; i++)
        {
            BinaryPrimitives.WriteSingleBigEndian(destination[(4 + (4 * i))..], value[i]);
        }

        return 4 + (4 * value.Length);
    }

    private static int GetArrayLength(PgArray array)
    {
        // int32 ndim + int32 flags + uint32 element OID + (int32 size + int32 lower bound) per dimension,
        // then int32 length (+ bytes) per element
        var length = 12 + (8 * array.Dimensions.Length);
        foreach (var element in array.Elements)
        {
            length += 4 + (element is null ? 0 : GetLength(array.ElementType, element));
        }

        return length;
    }

    /// <summary>array_send: ndim, has-null flag, element OID, (size, lower bound) per dimension, then each element length-prefixed (−1 = NULL).</summary>
    private static int WriteArray(PgArray array, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, array.Dimensions.Length);
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], array.HasNulls ? 1 : 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], array.ElementType.Oid);
        var offset = 12;
        for (var i = 0; i < array.Dimensions.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(destination[offset..], array.Dimensions[i]);
            BinaryPrimitives.WriteInt32BigEndian(destination[(offset + 4)..], array.LowerBounds[i]);
            offset += 8;
        }

        foreach (var element in array.Elements)
        {
            if (element is null)
            {
                BinaryPrimitives.WriteInt32BigEndian(destination[offset..], -1);
                offset += 4;
                continue;
            }

            var written = Write(array.ElementType, element, destination[(offset + 4)..]);
            BinaryPrimitives.WriteInt32BigEndian(destination[offset..], written);
            offset += 4 + written;
        }

        return offset;
    }

    private static int GetRecordLength(PgRecord record)
    {
        // int32 field count, then per field: uint32 type OID + int32 length (+ bytes)
        var length = 4;
        for (var i = 0; i < record.Values.Length; i++)
        {
            length += 8 + (record.Values[i] is { } value ? GetLength(record.FieldTypes[i], value) : 0);
        }

        return length;
    }

    /// <summary>record_send: field count, then (type OID, length, bytes) per field.</summary>
    private static int WriteRecord(PgRecord record, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, record.Values.Length);
        var offset = 4;
        for (var i = 0; i < record.Values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], record.FieldTypes[i].Oid);
            if (record.Values[i] is not { } value)
            {
                BinaryPrimitives.WriteInt32BigEndian(destination[(offset + 4)..], -1);
                offset += 8;
                continue;
            }

            var written = Write(record.FieldTypes[i], value, destination[(offset + 8)..]);
            BinaryPrimitives.WriteInt32BigEndian(destination[(offset + 4)..], written);
            offset += 8 + written;
        }

        return offset;
    }

    /// <summary>
    /// typreceive: decodes one value. Reading past the end fails as pq_getmsg* does (08P01 "insufficient data left in
    /// message"); <paramref name="consumed"/> tells the caller whether bytes were left over (then 22P03).
    /// </summary>
    public static object Read(PgType type, ReadOnlySpan<byte> data, out int consumed)
    {
        switch (type.Kind)
        {
            case PgTypeKind.Bool:
                Need(data, consumed = 1);
                return data[0] != 0;
            case PgTypeKind.Int16:
                Need(data, consumed = 2);
                return BinaryPrimitives.ReadInt16BigEndian(data);
            case PgTypeKind.Int32 or PgTypeKind.Date:
                Need(data, consumed = 4);
                return BinaryPrimitives.ReadInt32BigEndian(data);
            case PgTypeKind.Oid:
                Need(data, consumed = 4);
                return BinaryPrimitives.ReadUInt32BigEndian(data);
            case PgTypeKind.Float32:
                Need(data, consumed = 4);
                return BinaryPrimitives.ReadSingleBigEndian(data);
            case PgTypeKind.Int64 or PgTypeKind.Time or PgTypeKind.Timestamp or PgTypeKind.TimestampTz:
                Need(data, consumed = 8);
                return BinaryPrimitives.ReadInt64BigEndian(data);
            case PgTypeKind.Float64:
                Need(data, consumed = 8);
                return BinaryPrimitives.ReadDoubleBigEndian(data);
            case PgTypeKind.Interval:
                Need(data, consumed = 16);
                return new PgInterval(BinaryPrimitives.ReadInt32BigEndian(data[12..]), BinaryPrimitives.ReadInt32BigEndian(data[8..]),
                    BinaryPrimitives.ReadInt64BigEndian(data));
            case PgTypeKind.Uuid:
                Need(data, consumed = 16);
                return new Guid(data[..16], bigEndian: true);
            case PgTypeKind.Numeric:
                return NumericBinary.Read(data, out consumed);
            case PgTypeKind.Text when type.Oid == PgTypes.Char.Oid:
                Need(data, consumed = 1);
                return data[0] == 0 ? string.Empty : ((char)data[0]).ToString();
            case var _ when IsVersionedText(type):
                Need(data, 1);
                if (data[0] != 1)
                {
                    ThrowHelper.Throw(SqlState.InvalidBinaryRepresentation, $"unsupported {type.Name} version number {data[0]}");
                }

                consumed = data.Length;
                return ValueText.Parse(type, Utf8Text.Decode(data[1..], rejectNul: true));
            case PgTypeKind.Text or PgTypeKind.Unknown:
                consumed = data.Length;
                return ReadText(type, data);
            case PgTypeKind.Json:
                consumed = data.Length;
                return ValueText.Parse(type, Utf8Text.Decode(data, rejectNul: true));
            case PgTypeKind.Bytea:
                consumed = data.Length;
                return data.ToArray();
            case PgTypeKind.Vector:
                return ReadVector(data, out consumed);
            case PgTypeKind.Array:
                return ReadArray(type, data, out consumed);
            default:
                consumed = 0;
                return ThrowNoReceive<object>(type);
        }
    }

    /// <summary>text, varchar, bpchar and name arrive as UTF-8 (textrecv verifies it; name is cut to 63 bytes by its input function).</summary>
    private static string ReadText(PgType type, ReadOnlySpan<byte> data)
    {
        var text = Utf8Text.Decode(data, rejectNul: true);
        return type.Oid == PgTypes.Name.Oid && data.Length >= PgTypes.Name.Length ? (string)ValueText.Parse(type, text) : text;
    }

    private static float[] ReadVector(ReadOnlySpan<byte> data, out int consumed)
    {
        Need(data, 4);
        var dimensions = BinaryPrimitives.ReadInt16BigEndian(data);
        var unused = BinaryPrimitives.ReadInt16BigEndian(data[2..]);
        if (dimensions < 1)
        {
            ThrowHelper.Throw(SqlState.DataException, "vector must have at least 1 dimension");
        }

        if (dimensions > 16_000)
        {
            ThrowHelper.Throw(SqlState.ProgramLimitExceeded, "vector cannot have more than 16000 dimensions");
        }

        if (unused != 0)
        {
            ThrowHelper.Throw(SqlState.DataException, "expected unused to be 0, not " + unused);
        }

        consumed = 4 + (4 * dimensions);
        Need(data, consumed);
        var values = new float[dimensions];
        for (var i = 0; i < values.Length; i++)
        {
            var value = BinaryPrimitives.ReadSingleBigEndian(data[(4 + (4 * i))..]);
            if (float.IsNaN(value))
            {
                ThrowHelper.Throw(SqlState.DataException, "NaN not allowed in vector");
            }

            if (float.IsInfinity(value))
            {
                ThrowHelper.Throw(SqlState.DataException, "infinite value not allowed in vector");
            }

            values[i] = value;
        }

        return values;
    }

    /// <summary>array_recv: at most 6 dimensions (MAXDIM), flags 0 or 1, the element OID must match the parameter's element type.</summary>
    private static PgArray ReadArray(PgType type, ReadOnlySpan<byte> data, out int consumed)
    {
        var elementType = type.ElementType ?? ThrowNoReceive<PgType>(type);
        Need(data, 12);
        var ndim = BinaryPrimitives.ReadInt32BigEndian(data);
        var flags = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
        var elementOid = BinaryPrimitives.ReadUInt32BigEndian(data[8..]);
        if (ndim is < 0 or > 6)
        {
            ThrowHelper.Throw(SqlState.InvalidBinaryRepresentation, $"invalid number of dimensions: {ndim}");
        }

        if (flags is not (0 or 1))
        {
            ThrowHelper.Throw(SqlState.InvalidBinaryRepresentation, "invalid array flags");
        }

        if (elementOid != elementType.Oid)
        {
            var actual = PgTypes.FromOid(elementOid)?.Name ?? "???";
            ThrowHelper.Throw(SqlState.DatatypeMismatch,
                $"binary data has array element type {elementOid} ({actual}) instead of expected {elementType.Oid} ({elementType.Name})");
        }

        var offset = 12;
        Need(data, offset + (8 * ndim));
        var dimensions = new int[ndim];
        var lowerBounds = new int[ndim];
        long count = ndim == 0 ? 0 : 1;
        for (var i = 0; i < ndim; i++)
        {
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(data[offset..]);
            lowerBounds[i] = BinaryPrimitives.ReadInt32BigEndian(data[(offset + 4)..]);
            offset += 8;
            if (dimensions[i] < 0)
            {
                ThrowHelper.Throw(SqlState.InvalidBinaryRepresentation, "invalid array dimensions");
            }

            count *= dimensions[i];
            if (count > 134_217_727)
            {
                ThrowHelper.Throw(SqlState.ProgramLimitExceeded, "array size exceeds the maximum allowed (134217727)");
            }
        }

        var elements = new object?[count];
        for (var i = 0; i < elements.Length; i++)
        {
            Need(data, offset + 4);
            var length = BinaryPrimitives.ReadInt32BigEndian(data[offset..]);
            offset += 4;
            if (length == -1)
            {
                continue;
            }

            if (length < 0)
            {
                PayloadReader.ThrowInsufficient();
            }

            Need(data, offset + length);
            var element = data.Slice(offset, length);
            elements[i] = Read(elementType, element, out var used);
            if (used != length)
            {
                ThrowHelper.Throw(SqlState.InvalidBinaryRepresentation, $"improper binary format in array element {i + 1}");
            }

            offset += length;
        }

        consumed = offset;
        return ndim == 0 ? new PgArray(elementType, []) : new PgArray(elementType, elements, dimensions, lowerBounds);
    }

    private static void Need(ReadOnlySpan<byte> data, int length)
    {
        if (data.Length < length)
        {
            PayloadReader.ThrowInsufficient();
        }
    }

    private static T ThrowNoSend<T>(PgType type)
        => ThrowHelper.Throw<T>(SqlState.UndefinedFunction, $"no binary output function available for type {type.Name}");

    private static T ThrowNoReceive<T>(PgType type)
        => ThrowHelper.Throw<T>(SqlState.UndefinedFunction, $"no binary input function available for type {type.Name}");
}
