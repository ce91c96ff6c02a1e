using System.Buffers.Binary;
using System.Runtime.InteropServices;
using OmenDb.Common;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Types;
using OmenDb.Storage.Encoding;

namespace OmenDb.Engine.Persistence;

/// <summary>
/// A table row (the engine's CLR values, one per physical column) to and from the storage row format of
/// <see cref="RowEncoder"/>. Fixed-width types are stored in binary; text, bytea and vectors as bytes; composite
/// values (arrays, records) as their PostgreSQL text form, which the type's input function reads back exactly.
/// A stored row with fewer columns than the table (written before ADD COLUMN) reads the missing ones as NULL.
/// </summary>
internal sealed class RowCodec
{
    private const uint SchemaVersion = 1;
    private readonly byte[] _interval = new byte[IntervalBytes];
    private byte[] _buffer = new byte[256];

    /// <summary>Encodes <paramref name="values"/>; the result is valid until the next call.</summary>
    public ReadOnlySpan<byte> Encode(IReadOnlyList<PgType> types, ReadOnlySpan<object?> values)
    {
        var size = RowEncoder.GetHeaderSize(SchemaVersion, types.Count);
        for (var i = 0; i < types.Count; i++)
        {
            if (values[i] is { } v)
            {
                size += StoredSize(types[i], v);
            }
        }

        if (_buffer.Length < size)
        {
            _buffer = new byte[Math.Max(size, _buffer.Length * 2)];
        }

        var row = new RowEncoder(_buffer, SchemaVersion, types.Count);
        for (var i = 0; i < types.Count; i++)
        {
            if (values[i] is { } v)
            {
                Write(ref row, types[i], v);
            }
            else
            {
                row.WriteNull();
            }
        }

        return _buffer.AsSpan(0, row.Complete());
    }

    /// <summary>
    /// Encodes row <paramref name="row"/> of a segment's <paramref name="columns"/> (a missing column is NULL) without
    /// boxing the fixed-width and text values; the result is valid until the next call.
    /// </summary>
    public ReadOnlySpan<byte> Encode(IReadOnlyList<PgType> types, ColumnVector[] columns, int row)
    {
        var size = RowEncoder.GetHeaderSize(SchemaVersion, types.Count);
        for (var i = 0; i < types.Count; i++)
        {
            if (i < columns.Length && !columns[i].IsNull(row))
            {
                size += columns[i] switch
                {
                    // The fixed-width sizes depend on the type alone (StoredSize does not read the value).
                    ReferenceVector<string> { IsUtf8: true } text => RowEncoder.GetVariableSize(text.Utf8At(row).Length),
                    ReferenceVector<string> strings => RowEncoder.GetStringSize(strings.Values[row]!),
                    PrimitiveVector<long> or PrimitiveVector<int> or PrimitiveVector<short> or PrimitiveVector<double>
                        or PrimitiveVector<float> or PrimitiveVector<bool> => StoredSize(types[i], null!),
                    Vectors.FloatVectorColumn vectors => RowEncoder.GetVariableSize(vectors.ValueSpan(row).Length * sizeof(float)),
                    _ => StoredSize(types[i], columns[i].GetValue(row)!),
                };
            }
        }

        if (_buffer.Length < size)
        {
            _buffer = new byte[Math.Max(size, _buffer.Length * 2)];
        }

        var encoder = new RowEncoder(_buffer, SchemaVersion, types.Count);
        for (var i = 0; i < types.Count; i++)
        {
            if (i >= columns.Length || columns[i].IsNull(row))
            {
                encoder.WriteNull();
                continue;
            }

            switch (columns[i])
            {
                case PrimitiveVector<long> longs:
                    encoder.WriteInt64(longs.Values[row]);
                    break;
                case PrimitiveVector<int> ints:
                    encoder.WriteInt32(ints.Values[row]);
                    break;
                case PrimitiveVector<short> shorts:
                    encoder.WriteInt16(shorts.Values[row]);
                    break;
                case PrimitiveVector<double> doubles:
                    encoder.WriteDouble(doubles.Values[row]);
                    break;
                case PrimitiveVector<float> floats:
                    encoder.WriteSingle(floats.Values[row]);
                    break;
                case PrimitiveVector<bool> bools:
                    encoder.WriteBoolean(bools.Values[row]);
                    break;
                case ReferenceVector<string> { IsUtf8: true } text:
                    // Stored as it is held: the COPY's bytes, never a string.
                    encoder.WriteBytes(text.Utf8At(row));
                    break;
                case ReferenceVector<string> strings:
                    encoder.WriteString(strings.Values[row]!);
                    break;
                case Vectors.FloatVectorColumn vectors:
                    encoder.WriteBytes(MemoryMarshal.AsBytes(vectors.ValueSpan(row)));
                    break;
                default:
                    Write(ref encoder, types[i], columns[i].GetValue(row)!);
                    break;
            }
        }

        return _buffer.AsSpan(0, encoder.Complete());
    }

    /// <summary>Decodes a stored row into <paramref name="values"/> (one slot per physical column of the table now).</summary>
    public static void Decode(ReadOnlySpan<byte> stored, IReadOnlyList<PgType> types, Span<object?> values)
    {
        var row = new RowDecoder(stored);
        for (var i = 0; i < types.Count; i++)
        {
            values[i] = Read(ref row, types[i]);
        }
    }

    /// <summary>
    /// Decodes a stored row into row <paramref name="row"/> of <paramref name="columns"/> (one vector per physical
    /// column of the table now, as <see cref="ColumnVector.Create"/> makes them), without boxing fixed-width values.
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> stored, IReadOnlyList<PgType> types, ColumnVector[] columns, int row)
    {
        var decoder = new RowDecoder(stored);
        for (var i = 0; i < types.Count; i++)
        {
            var column = columns[i];
            var present = column switch
            {
                PrimitiveVector<long> longs => decoder.ReadInt64(out longs.Values[row]),
                PrimitiveVector<int> ints => decoder.ReadInt32(out ints.Values[row]),
                PrimitiveVector<short> shorts => decoder.ReadInt16(out shorts.Values[row]),
                PrimitiveVector<double> doubles => decoder.ReadDouble(out doubles.Values[row]),
                PrimitiveVector<float> floats => decoder.ReadSingle(out floats.Values[row]),
                PrimitiveVector<bool> bools => decoder.ReadBoolean(out bools.Values[row]),
                ReferenceVector<string> strings => ReadText(ref decoder, strings, row),
                PrimitiveVector<PgNumeric> numerics => decoder.ReadNumeric(out numerics.Values[row]),
                PrimitiveVector<Guid> uuids => decoder.ReadGuid(out uuids.Values[row]),
                Vectors.FloatVectorColumn vectors => ReadVector(ref decoder, vectors, row),
                _ => ReadInto(ref decoder, types[i], column, row),
            } == RowFieldState.Present;
            if (present)
            {
                column.SetValid(row);
            }
            else
            {
                column.SetNull(row);
            }
        }
    }

    /// <summary>Text as its stored UTF-8 bytes (no string in the UTF-8 form: start-up loads none); bytes that are not
    /// UTF-8 are damage (the caller refuses the row), never passed on to readers.</summary>
    private static RowFieldState ReadText(ref RowDecoder decoder, ReferenceVector<string> column, int row)
    {
        var state = decoder.ReadBytes(out var bytes);
        if (state == RowFieldState.Present)
        {
            if (!System.Text.Unicode.Utf8.IsValid(bytes))
            {
                throw new FormatException("a text value is not valid UTF-8");
            }

            column.SetUtf8(row, bytes);
        }

        return state;
    }

    /// <summary>A vector straight into the column's contiguous buffer (no float[] per row).</summary>
    private static RowFieldState ReadVector(ref RowDecoder decoder, Vectors.FloatVectorColumn column, int row)
    {
        var state = decoder.ReadBytes(out var bytes);
        if (state == RowFieldState.Present)
        {
            column.SetRow(row, MemoryMarshal.Cast<byte, float>(bytes));
        }

        return state;
    }

    private static RowFieldState ReadInto(ref RowDecoder decoder, PgType type, ColumnVector column, int row)
    {
        var value = Read(ref decoder, type);
        column.SetValue(row, value);
        return value is null ? RowFieldState.Null : RowFieldState.Present;
    }

    private static int StoredSize(PgType type, object value) => type.Kind switch
    {
        PgTypeKind.Bool => RowEncoder.BooleanSize,
        PgTypeKind.Int16 => RowEncoder.Int16Size,
        PgTypeKind.Int32 or PgTypeKind.Date or PgTypeKind.Oid => RowEncoder.Int32Size,
        PgTypeKind.Int64 or PgTypeKind.Time or PgTypeKind.Timestamp or PgTypeKind.TimestampTz => RowEncoder.Int64Size,
        PgTypeKind.Float32 => RowEncoder.SingleSize,
        PgTypeKind.Float64 => RowEncoder.DoubleSize,
        PgTypeKind.Numeric => RowEncoder.GetNumericSize((PgNumeric)value),
        PgTypeKind.Uuid => RowEncoder.GuidSize,
        PgTypeKind.Interval => RowEncoder.GetVariableSize(IntervalBytes),
        PgTypeKind.Bytea => RowEncoder.GetVariableSize(((byte[])value).Length),
        PgTypeKind.Vector => RowEncoder.GetVariableSize(((float[])value).Length * sizeof(float)),
        PgTypeKind.Text or PgTypeKind.Json or PgTypeKind.Jsonb or PgTypeKind.Unknown => RowEncoder.GetStringSize((string)value),
        _ => RowEncoder.GetStringSize(ValueText.Format(type, value)),
    };

    private const int IntervalBytes = 16;

    private void Write(ref RowEncoder row, PgType type, object value)
    {
        switch (type.Kind)
        {
            case PgTypeKind.Bool:
                row.WriteBoolean((bool)value);
                break;
            case PgTypeKind.Int16:
                row.WriteInt16((short)value);
                break;
            case PgTypeKind.Int32 or PgTypeKind.Date:
                row.WriteInt32((int)value);
                break;
            case PgTypeKind.Oid:
                row.WriteInt32(unchecked((int)(uint)value));
                break;
            case PgTypeKind.Int64 or PgTypeKind.Time or PgTypeKind.Timestamp or PgTypeKind.TimestampTz:
                row.WriteInt64((long)value);
                break;
            case PgTypeKind.Float32:
                row.WriteSingle((float)value);
                break;
            case PgTypeKind.Float64:
                row.WriteDouble((double)value);
                break;
            case PgTypeKind.Numeric:
                row.WriteNumeric((PgNumeric)value);
                break;
            case PgTypeKind.Uuid:
                row.WriteGuid((Guid)value);
                break;
            case PgTypeKind.Interval:
                {
                    var iv = (PgInterval)value;
                    var bytes = _interval.AsSpan();
                    BinaryPrimitives.WriteInt32LittleEndian(bytes, iv.Months);
                    BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], iv.Days);
                    BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], iv.Microseconds);
                    row.WriteBytes(bytes);
                    break;
                }

            case PgTypeKind.Bytea:
                row.WriteBytes((byte[])value);
                break;
            case PgTypeKind.Vector:
                row.WriteBytes(MemoryMarshal.AsBytes(((float[])value).AsSpan()));
                break;
            case PgTypeKind.Text or PgTypeKind.Json or PgTypeKind.Jsonb or PgTypeKind.Unknown:
                row.WriteString((string)value);
                break;
            default:
                row.WriteString(ValueText.Format(type, value));
                break;
        }
    }

    private static object? Read(ref RowDecoder row, PgType type)
    {
        switch (type.Kind)
        {
            case PgTypeKind.Bool:
                return row.ReadBoolean(out var b) == RowFieldState.Present ? b : null;
            case PgTypeKind.Int16:
                return row.ReadInt16(out var s) == RowFieldState.Present ? s : null;
            case PgTypeKind.Int32 or PgTypeKind.Date:
                return row.ReadInt32(out var i) == RowFieldState.Present ? i : null;
            case PgTypeKind.Oid:
                return row.ReadInt32(out var o) == RowFieldState.Present ? unchecked((uint)o) : null;
            case PgTypeKind.Int64 or PgTypeKind.Time or PgTypeKind.Timestamp or PgTypeKind.TimestampTz:
                return row.ReadInt64(out var l) == RowFieldState.Present ? l : null;
            case PgTypeKind.Float32:
                return row.ReadSingle(out var f) == RowFieldState.Present ? f : null;
            case PgTypeKind.Float64:
                return row.ReadDouble(out var d) == RowFieldState.Present ? d : null;
            case PgTypeKind.Numeric:
                return row.ReadNumeric(out var m) == RowFieldState.Present ? m : null;
            case PgTypeKind.Uuid:
                return row.ReadGuid(out var g) == RowFieldState.Present ? g : null;
            case PgTypeKind.Interval:
                {
                    if (row.ReadBytes(out var bytes) != RowFieldState.Present)
                    {
                        return null;
                    }

                    return new PgInterval(BinaryPrimitives.ReadInt32LittleEndian(bytes), BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]),
                        BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]));
                }

            case PgTypeKind.Bytea:
                return row.ReadBytes(out var raw) == RowFieldState.Present ? raw.ToArray() : null;
            case PgTypeKind.Vector:
                return row.ReadBytes(out var vec) == RowFieldState.Present ? MemoryMarshal.Cast<byte, float>(vec).ToArray() : null;
            case PgTypeKind.Text or PgTypeKind.Json or PgTypeKind.Jsonb or PgTypeKind.Unknown:
                return row.ReadString(out var t) == RowFieldState.Present ? t : null;
            default:
                return row.ReadString(out var text) == RowFieldState.Present ? ValueText.Parse(type, text!) : null;
        }
    }
}
