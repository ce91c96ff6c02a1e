using System.Buffers;
using System.Globalization;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Execution.Copy;

/// <summary>How COPY FROM turns a column's field bytes into the column's vector.</summary>
internal enum CopyFieldKind : byte
{
    /// <summary>smallint: plain decimal digits parse straight from the bytes.</summary>
    Int16,

    /// <summary>integer: plain decimal digits parse straight from the bytes.</summary>
    Int32,

    /// <summary>bigint: plain decimal digits parse straight from the bytes.</summary>
    Int64,

    /// <summary>double precision: plain decimal spellings parse straight from the bytes.</summary>
    Float64,

    /// <summary>text (and varchar without a length): the bytes go into the vector as they are (its UTF-8 form).</summary>
    Text,

    /// <summary>vector: plain <c>[x,y,...]</c> literals parse straight into the column's float buffer.</summary>
    Vector,

    /// <summary>Every other type: the type's input function on the field's string.</summary>
    General,
}

/// <summary>
/// COPY FROM's typed field conversion: the common types go from the parser's UTF-8 field bytes into the column vector
/// without a string or a boxed value per field; anything the fast path does not accept as plainly valid (signs of an
/// unusual spelling, an error, another type) takes the type's input function, which gives PostgreSQL's answer and
/// error, so both paths agree on every input.
/// </summary>
internal static class CopyFieldReader
{
    private static readonly SearchValues<byte> s_floatChars = SearchValues.Create("0123456789.eE+-"u8);

    /// <summary>The conversion for <paramref name="column"/>.</summary>
    public static CopyFieldKind KindOf(ColumnInfo column) => KindOf(column.Type, column.Typmod);

    /// <summary>The conversion for a column of <paramref name="type"/> and <paramref name="typmod"/>; it decides the
    /// vector's class too (see <see cref="ColumnVector.Create"/>), so that <see cref="TryStore"/> tests no type per field.</summary>
    internal static CopyFieldKind KindOf(PgType type, int typmod)
    {
        if (ReferenceEquals(type, PgTypes.Int2))
        {
            return CopyFieldKind.Int16;
        }

        if (ReferenceEquals(type, PgTypes.Int4))
        {
            return CopyFieldKind.Int32;
        }

        if (ReferenceEquals(type, PgTypes.Int8))
        {
            return CopyFieldKind.Int64;
        }

        if (ReferenceEquals(type, PgTypes.Float8))
        {
            return CopyFieldKind.Float64;
        }

        if (type.Kind == PgTypeKind.Vector)
        {
            return CopyFieldKind.Vector;
        }

        return (ReferenceEquals(type, PgTypes.Text) || ReferenceEquals(type, PgTypes.Varchar)) && typmod < 0
            ? CopyFieldKind.Text
            : CopyFieldKind.General;
    }

    /// <summary>
    /// Stores the non-null field <paramref name="field"/> into row <paramref name="row"/> of <paramref name="vector"/>;
    /// false when the fast path does not apply and the caller must use the type's input function. The vector is the one
    /// <see cref="ColumnVector.Create"/> makes for the type <paramref name="kind"/> came from (a mismatch throws
    /// InvalidCastException: the checked cast costs one type compare per field).
    /// </summary>
    public static bool TryStore(CopyFieldKind kind, ReadOnlySpan<byte> field, ColumnVector vector, int row)
    {
        switch (kind)
        {
            // 18 digits cannot overflow a long; wider int8 spellings take the input function.
            case CopyFieldKind.Int64 when TryParseInteger(field, 18, out var l):
                ((PrimitiveVector<long>)vector).Values[row] = l;
                break;
            case CopyFieldKind.Int32 when TryParseInteger(field, 10, out var i) && i is >= int.MinValue and <= int.MaxValue:
                ((PrimitiveVector<int>)vector).Values[row] = (int)i;
                break;
            case CopyFieldKind.Int16 when TryParseInteger(field, 5, out var h) && h is >= short.MinValue and <= short.MaxValue:
                ((PrimitiveVector<short>)vector).Values[row] = (short)h;
                break;
            case CopyFieldKind.Float64 when TryParseFloat64(field, out var d):
                ((PrimitiveVector<double>)vector).Values[row] = d;
                break;
            case CopyFieldKind.Text:
                // The parser checked the row's UTF-8; the bytes go in as they are (no string).
                ((ReferenceVector<string>)vector).SetUtf8(row, field);
                return true;
            case CopyFieldKind.Vector:
                return vector is Vectors.FloatVectorColumn vectors && vectors.TryParseRow(row, field);
            default:
                return false;
        }

        vector.SetValid(row);
        return true;
    }

    /// <summary>An optional sign and 1 to <paramref name="maxDigits"/> decimal digits, nothing else.</summary>
    internal static bool TryParseInteger(ReadOnlySpan<byte> field, int maxDigits, out long value)
    {
        value = 0;
        var negative = false;
        var i = 0;
        if (field.Length > 0 && field[0] is (byte)'-' or (byte)'+')
        {
            negative = field[0] == '-';
            i = 1;
        }

        var digits = field.Length - i;
        if (digits is 0 || digits > maxDigits)
        {
            return false;
        }

        for (; i < field.Length; i++)
        {
            var d = (uint)(field[i] - '0');
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        if (negative)
        {
            value = -value;
        }

        return true;
    }

    /// <summary>
    /// A plain decimal spelling (digits, sign, point, exponent) of a finite non-zero double; zero, underflow, overflow,
    /// NaN, Infinity and blanks go to the input function, which knows their rules and errors.
    /// </summary>
    internal static bool TryParseFloat64(ReadOnlySpan<byte> field, out double value)
    {
        if (Float8Parser.TryParse(field, out value))
        {
            return true;
        }

        if (field.IsEmpty || field.IndexOfAnyExcept(s_floatChars) >= 0)
        {
            return false;
        }

        return double.TryParse(field, NumberStyles.Float & ~(NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite),
                CultureInfo.InvariantCulture, out value)
            && value != 0 && double.IsFinite(value);
    }
}
