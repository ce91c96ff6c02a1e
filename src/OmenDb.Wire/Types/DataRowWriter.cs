using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Types;
using OmenDb.Wire.Framing;
using OmenDb.Wire.Messages;

namespace OmenDb.Wire.Types;

/// <summary>
/// Encodes DataRow messages straight from a <see cref="Batch"/>'s columns into the output span: no boxing, no
/// intermediate strings for fixed-width types (text goes through <c>ValueText.TryFormatUtf8</c>, binary is
/// written here), no allocation per row. A row is encoded into one span whose size is estimated first; when a
/// value does not fit, the row is encoded again into a span twice as large (nothing was advanced yet).
/// </summary>
internal static class DataRowWriter
{
    /// <summary>DataRow header: code + int32 length + int16 column count.</summary>
    private const int RowHeader = 7;

    /// <summary>Text estimate for fixed-width types: the longest float8 ("-1.7976931348623157e+308") is 24 bytes.</summary>
    private const int FixedTextEstimate = 32;

    /// <summary>Text estimate for numeric and interval (an interval prints up to ~80 bytes).</summary>
    private const int WideTextEstimate = 96;

    /// <summary>Starting estimate for values whose size is not cheap to compute (arrays, vectors, records).</summary>
    private const int UnknownEstimate = 256;

    /// <summary>
    /// Writes up to <paramref name="count"/> live rows of <paramref name="batch"/> from live row <paramref name="start"/>,
    /// stopping early once <paramref name="output"/> holds <paramref name="flushThreshold"/> unflushed bytes (at least one
    /// row is written). Returns the number of rows written.
    /// </summary>
    public static int WriteRows(PgOutput output, Batch batch, int start, int count, in ResultFormats formats, long flushThreshold)
    {
        var live = Math.Min(batch.LiveCount, start + count);
        var columns = batch.Columns;
        var selection = batch.Selection;
        var i = start;
        while (i < live)
        {
            WriteRow(output, columns, selection is null ? i : selection[i], formats, batch.RegNames);
            i++;
            if (output.UnflushedBytes >= flushThreshold)
            {
                break;
            }
        }

        return i - start;
    }

    /// <summary>Writes physical row <paramref name="row"/> of <paramref name="columns"/> as one DataRow; <paramref name="regNames"/>
    /// prints regclass, regtype, ... values in text (their output functions read the catalog).</summary>
    public static void WriteRow(PgOutput output, ColumnVector[] columns, int row, in ResultFormats formats,
        Func<PgType, uint, string>? regNames = null)
    {
        var hint = EstimateRow(columns, row, formats);
        while (true)
        {
            var span = output.GetSpan(hint);
            if (TryEncodeRow(span, columns, row, formats, out var written, regNames))
            {
                output.Advance(written);
                return;
            }

            hint = checked(Math.Max(hint, span.Length) * 2);
        }
    }

    /// <summary>Encodes one DataRow into <paramref name="span"/>; false when it does not fit.</summary>
    public static bool TryEncodeRow(Span<byte> span, ColumnVector[] columns, int row, in ResultFormats formats, out int written,
        Func<PgType, uint, string>? regNames = null)
    {
        written = 0;
        if (span.Length < RowHeader)
        {
            return false;
        }

        var offset = RowHeader;
        for (var c = 0; c < columns.Length; c++)
        {
            var vector = columns[c];
            if (span.Length - offset < 4)
            {
                return false;
            }

            if (vector.IsNull(row))
            {
                BinaryPrimitives.WriteInt32BigEndian(span[offset..], -1);
                offset += 4;
                continue;
            }

            var destination = span[(offset + 4)..];
            int valueLength;
            var ok = formats.IsBinary(c)
                ? TryWriteBinary(vector, row, destination, out valueLength)
                : regNames is not null && vector.Type.Kind == PgTypeKind.Oid
                    ? Encoding.UTF8.TryGetBytes(regNames(vector.Type, ((PrimitiveVector<uint>)vector).Values[row]), destination, out valueLength)
                    : TryWriteText(vector, row, destination, formats.Style, out valueLength);
            if (!ok)
            {
                return false;
            }

            BinaryPrimitives.WriteInt32BigEndian(span[offset..], valueLength);
            offset += 4 + valueLength;
        }

        span[0] = (byte)BackendMessageCode.DataRow;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], offset - 1);
        BinaryPrimitives.WriteInt16BigEndian(span[5..], (short)columns.Length);
        written = offset;
        return true;
    }

    /// <summary>Text output: strings are copied as UTF-8, everything else is PostgreSQL's output function.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryWriteText(ColumnVector vector, int row, Span<byte> destination, OutputStyle? style, out int written)
    {
        if (vector.Type.Kind is PgTypeKind.Text or PgTypeKind.Json or PgTypeKind.Jsonb or PgTypeKind.Unknown
            && vector is ReferenceVector<string> strings)
        {
            return strings.TryWriteUtf8(row, destination, out written);
        }

        return ValueText.TryFormatUtf8(vector.Type, vector, row, destination, style ?? OutputStyle.Default, out written);
    }

    /// <summary>Binary output (typsend) read from the typed vector.</summary>
    private static bool TryWriteBinary(ColumnVector vector, int row, Span<byte> destination, out int written)
    {
        var type = vector.Type;
        switch (type.Kind)
        {
            case PgTypeKind.Bool:
                written = 1;
                if (destination.IsEmpty)
                {
                    return false;
                }

                destination[0] = ((PrimitiveVector<bool>)vector).Values[row] ? (byte)1 : (byte)0;
                return true;
            case PgTypeKind.Int16:
                written = 2;
                return BinaryPrimitives.TryWriteInt16BigEndian(destination, ((PrimitiveVector<short>)vector).Values[row]);
            case PgTypeKind.Int32 or PgTypeKind.Date:
                written = 4;
                return BinaryPrimitives.TryWriteInt32BigEndian(destination, ((PrimitiveVector<int>)vector).Values[row]);
            case PgTypeKind.Oid:
                written = 4;
                return BinaryPrimitives.TryWriteUInt32BigEndian(destination, ((PrimitiveVector<uint>)vector).Values[row]);
            case PgTypeKind.Float32:
                written = 4;
                return BinaryPrimitives.TryWriteSingleBigEndian(destination, ((PrimitiveVector<float>)vector).Values[row]);
            case PgTypeKind.Int64 or PgTypeKind.Time or PgTypeKind.Timestamp or PgTypeKind.TimestampTz:
                written = 8;
                return BinaryPrimitives.TryWriteInt64BigEndian(destination, ((PrimitiveVector<long>)vector).Values[row]);
            case PgTypeKind.Float64:
                written = 8;
                return BinaryPrimitives.TryWriteDoubleBigEndian(destination, ((PrimitiveVector<double>)vector).Values[row]);
            case PgTypeKind.Interval:
                written = 16;
                if (destination.Length < 16)
                {
                    return false;
                }

                BinaryValueCodec.WriteInterval(((PrimitiveVector<PgInterval>)vector).Values[row], destination);
                return true;
            case PgTypeKind.Uuid:
                written = 16;
                return ((PrimitiveVector<Guid>)vector).Values[row].TryWriteBytes(destination, bigEndian: true, out _);
            case PgTypeKind.Numeric:
                return NumericBinary.TryWrite(((PrimitiveVector<PgNumeric>)vector).Values[row], destination, out written);
            case PgTypeKind.Text when type.Oid == PgTypes.Char.Oid:
                written = 1;
                if (destination.IsEmpty)
                {
                    return false;
                }

                destination[0] = BinaryValueCodec.CharByte((string)vector.GetValue(row)!);
                return true;
            case var _ when BinaryValueCodec.IsVersionedText(type):
                written = 0;
                if (destination.IsEmpty || !((ReferenceVector<string>)vector).TryWriteUtf8(row, destination[1..], out var json))
                {
                    return false;
                }

                destination[0] = 1;
                written = json + 1;
                return true;
            case PgTypeKind.Text or PgTypeKind.Json or PgTypeKind.Unknown:
                return ((ReferenceVector<string>)vector).TryWriteUtf8(row, destination, out written);
            case PgTypeKind.Bytea:
                var bytes = ((ReferenceVector<byte[]>)vector).Values[row]!;
                written = bytes.Length;
                return bytes.AsSpan().TryCopyTo(destination);
            default:
                // Arrays, vectors, records and anything else: exact length first, then the boxed encoder.
                var value = vector.GetValue(row)!;
                written = BinaryValueCodec.GetLength(type, value);
                if (destination.Length < written)
                {
                    return false;
                }

                BinaryValueCodec.Write(type, value, destination);
                return true;
        }
    }

    /// <summary>A cheap upper-bound guess of a row's encoded size (exact for binary fixed-width values).</summary>
    private static int EstimateRow(ColumnVector[] columns, int row, in ResultFormats formats)
    {
        var size = RowHeader;
        for (var c = 0; c < columns.Length; c++)
        {
            size += 4 + EstimateValue(columns[c], row, formats.IsBinary(c));
        }

        return size;
    }

    private static int EstimateValue(ColumnVector vector, int row, bool binary)
    {
        var type = vector.Type;
        switch (type.Kind)
        {
            case PgTypeKind.Text or PgTypeKind.Json or PgTypeKind.Jsonb or PgTypeKind.Unknown:
                var length = vector is ReferenceVector<string> strings && !vector.IsNull(row) ? strings.MaxUtf8Length(row) : 0;
                return length + 1;
            case PgTypeKind.Bytea:
                var bytes = vector is ReferenceVector<byte[]> blobs ? blobs.Values[row] : null;
                var count = bytes?.Length ?? 0;
                return binary ? count : 2 + (2 * count);
            case PgTypeKind.Numeric or PgTypeKind.Interval:
                return WideTextEstimate;
            case PgTypeKind.Array or PgTypeKind.Vector or PgTypeKind.Record:
                return UnknownEstimate;
            default:
                return binary && type.Length > 0 ? type.Length : FixedTextEstimate;
        }
    }
}
