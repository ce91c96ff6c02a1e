using System.Buffers.Text;
using System.Text;
using OmenDb.Engine.Columnar;

namespace OmenDb.Engine.Types;

public static partial class ValueText
{
    /// <summary>
    /// Writes the text form of non-null row <paramref name="row"/> of <paramref name="vector"/> as UTF-8 (timestamptz in
    /// UTC). Allocation-free for bool, int2/4/8, float4/8, oid, date, time, timestamp, timestamptz and uuid; other types
    /// go through <see cref="Format(PgType, object)"/>. Returns false when <paramref name="destination"/> is too small
    /// (the caller retries with a larger span); <paramref name="written"/> is then 0.
    /// </summary>
    public static bool TryFormatUtf8(PgType type, ColumnVector vector, int row, Span<byte> destination, out int written)
        => TryFormatUtf8(type, vector, row, destination, OutputStyle.Default, out written);

    /// <summary>As <see cref="TryFormatUtf8(PgType, ColumnVector, int, Span{byte}, out int)"/>, in the session's
    /// <paramref name="style"/>: timestamptz values (also inside arrays and records) in its TimeZone, bytea per bytea_output.</summary>
    public static bool TryFormatUtf8(PgType type, ColumnVector vector, int row, Span<byte> destination, OutputStyle style, out int written)
    {
        ArgumentNullException.ThrowIfNull(style);
        var timeZone = style.TimeZone;
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(vector);
        written = 0;
        switch (type.Kind)
        {
            case PgTypeKind.Bool:
                if (destination.Length < 1)
                {
                    return false;
                }

                destination[0] = ((PrimitiveVector<bool>)vector).Values[row] ? (byte)'t' : (byte)'f';
                written = 1;
                return true;
            case PgTypeKind.Int16:
                return Utf8Formatter.TryFormat(((PrimitiveVector<short>)vector).Values[row], destination, out written);
            case PgTypeKind.Int32:
                return Utf8Formatter.TryFormat(((PrimitiveVector<int>)vector).Values[row], destination, out written);
            case PgTypeKind.Int64 when !ReferenceEquals(type, PgTypes.Money):
                return Utf8Formatter.TryFormat(((PrimitiveVector<long>)vector).Values[row], destination, out written);
            case PgTypeKind.Oid when !ReferenceEquals(type, PgTypes.Regtype):
                return Utf8Formatter.TryFormat(((PrimitiveVector<uint>)vector).Values[row], destination, out written);
            case PgTypeKind.Float32:
            case PgTypeKind.Float64:
            {
                Span<char> chars = stackalloc char[32];
                var n = type.Kind == PgTypeKind.Float32
                    ? FormatFloatChars(((PrimitiveVector<float>)vector).Values[row], true, chars, style.ExtraFloatDigits)
                    : FormatFloatChars(((PrimitiveVector<double>)vector).Values[row], false, chars, style.ExtraFloatDigits);
                return CopyAscii(chars[..n], destination, out written);
            }

            case PgTypeKind.Date:
            {
                var date = ((PrimitiveVector<int>)vector).Values[row];
                Span<char> chars = stackalloc char[32];
                int n;
                if (date is int.MaxValue or int.MinValue)
                {
                    var word = date == int.MaxValue ? "infinity" : "-infinity";
                    word.CopyTo(chars);
                    n = word.Length;
                }
                else
                {
                    n = WriteDate(date, chars, out var bc);
                    if (bc)
                    {
                        " BC".CopyTo(chars[n..]);
                        n += 3;
                    }
                }

                return CopyAscii(chars[..n], destination, out written);
            }

            case PgTypeKind.Time:
            {
                Span<char> chars = stackalloc char[32];
                var n = WriteTime(((PrimitiveVector<long>)vector).Values[row], chars);
                return CopyAscii(chars[..n], destination, out written);
            }

            case PgTypeKind.Timestamp or PgTypeKind.TimestampTz:
            {
                Span<char> chars = stackalloc char[48];
                var n = WriteTimestamp(((PrimitiveVector<long>)vector).Values[row], type.Kind == PgTypeKind.TimestampTz ? timeZone : null,
                    chars);
                return CopyAscii(chars[..n], destination, out written);
            }

            case PgTypeKind.Uuid:
                return ((PrimitiveVector<Guid>)vector).Values[row].TryFormat(destination, out written, "D");
            case PgTypeKind.Text or PgTypeKind.Json or PgTypeKind.Jsonb or PgTypeKind.Unknown when !ReferenceEquals(type, PgTypes.Char):
            {
                return ((ReferenceVector<string>)vector).TryWriteUtf8(row, destination, out written);
            }

            default:
            {
                var text = Format(type, vector.GetValue(row)!, style);
                if (Encoding.UTF8.TryGetBytes(text, destination, out written))
                {
                    return true;
                }

                written = 0;
                return false;
            }
        }
    }

    private static bool CopyAscii(ReadOnlySpan<char> chars, Span<byte> destination, out int written)
    {
        if (chars.Length > destination.Length)
        {
            written = 0;
            return false;
        }

        for (var i = 0; i < chars.Length; i++)
        {
            destination[i] = (byte)chars[i];
        }

        written = chars.Length;
        return true;
    }
}
