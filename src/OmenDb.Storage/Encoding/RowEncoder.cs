using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using OmenDb.Common;

namespace OmenDb.Storage.Encoding;

/// <summary>
/// Writes one row in the layout described on <see cref="RowFormat"/> into a caller-sized span: call one Write* per
/// column, in column order, then <see cref="Complete"/>. Nothing is allocated.
/// </summary>
/// <remarks>
/// Size the destination first (STYLE §4, "compute lengths first"): <see cref="GetHeaderSize"/> plus, per non-NULL
/// value, the fixed width (<see cref="Int32Size"/>, ...) or <see cref="GetVariableSize(int)"/>. Running out of room is a
/// caller bug and throws <see cref="ArgumentException"/>.
/// </remarks>
/// <example><code>
/// var size = RowEncoder.GetHeaderSize(version, 2) + RowEncoder.Int64Size + RowEncoder.GetStringSize(name);
/// var row = new RowEncoder(buffer, version, 2);
/// row.WriteInt64(id);
/// row.WriteString(name);
/// var length = row.Complete();
/// </code></example>
public ref struct RowEncoder
{
    /// <summary>Stored bytes of a bool.</summary>
    public const int BooleanSize = 1;

    /// <summary>Stored bytes of an int2.</summary>
    public const int Int16Size = 2;

    /// <summary>Stored bytes of an int4 or date.</summary>
    public const int Int32Size = 4;

    /// <summary>Stored bytes of an int8, time or timestamp.</summary>
    public const int Int64Size = 8;

    /// <summary>Stored bytes of a float4.</summary>
    public const int SingleSize = 4;

    /// <summary>Stored bytes of a float8.</summary>
    public const int DoubleSize = 8;

    /// <summary>Stored bytes of a uuid.</summary>
    public const int GuidSize = RowFormat.GuidByteCount;

    private readonly Span<byte> _destination;
    private readonly int _bitmapOffset;
    private readonly int _columnCount;
    private int _column;
    private int _position;

    /// <summary>Writes the header; the NULL bitmap starts all clear.</summary>
    public RowEncoder(Span<byte> destination, uint schemaVersion, int columnCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columnCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columnCount, RowFormat.MaxColumns);
        var headerSize = GetHeaderSize(schemaVersion, columnCount);
        if (destination.Length < headerSize)
        {
            StorageErrors.DestinationTooShort(headerSize, destination.Length);
        }
        _destination = destination;
        _columnCount = columnCount;
        destination[0] = RowFormat.Version2;
        var position = 1;
        position += RowFormat.WriteVarint(destination[position..], schemaVersion);
        position += RowFormat.WriteVarint(destination[position..], (uint)columnCount);
        _bitmapOffset = position;
        var bitmapSize = (columnCount + 7) / 8;
        destination.Slice(position, bitmapSize).Clear();
        _position = position + bitmapSize;
        _column = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _position;

    /// <summary>Columns written so far.</summary>
    public readonly int ColumnsWritten => _column;

    /// <summary>The header size: version byte, two varints, the NULL bitmap.</summary>
    public static int GetHeaderSize(uint schemaVersion, int columnCount) =>
        1 + RowFormat.VarintSize(schemaVersion) + RowFormat.VarintSize((uint)columnCount) + ((columnCount + 7) / 8);

    /// <summary>The stored size of a variable-width value of <paramref name="byteLength"/> bytes.</summary>
    public static int GetVariableSize(int byteLength) => RowFormat.VarintSize((uint)byteLength) + byteLength;

    /// <summary>The stored size of a text value (UTF-8).</summary>
    public static int GetStringSize(ReadOnlySpan<char> value) => GetVariableSize(System.Text.Encoding.UTF8.GetByteCount(value));

    /// <summary>Marks the next column NULL (no value bytes).</summary>
    public void WriteNull()
    {
        var column = NextColumn();
        _destination[_bitmapOffset + (column >> 3)] |= (byte)(1 << (column & 7));
    }

    /// <summary>Writes a bool.</summary>
    public void WriteBoolean(bool value) => Fixed(BooleanSize)[0] = value ? (byte)1 : (byte)0;

    /// <summary>Writes an int2.</summary>
    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16LittleEndian(Fixed(Int16Size), value);

    /// <summary>Writes an int4 (or a date as days).</summary>
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Fixed(Int32Size), value);

    /// <summary>Writes an int8 (or a time/timestamp as microseconds).</summary>
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Fixed(Int64Size), value);

    /// <summary>Writes a float4 (bits preserved, including -0 and NaN payloads).</summary>
    public void WriteSingle(float value) => BinaryPrimitives.WriteSingleLittleEndian(Fixed(SingleSize), value);

    /// <summary>Writes a float8 (bits preserved, including -0 and NaN payloads).</summary>
    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Fixed(DoubleSize), value);

    /// <summary>The stored size of a numeric: kind, scale and the coefficient's magnitude, behind a length.</summary>
    public static int GetNumericSize(PgNumeric value) => GetVariableSize(NumericBodySize(value));

    private static int NumericBodySize(PgNumeric value) =>
        1 + RowFormat.VarintSize((uint)value.Scale) + (value.IsZero || value.IsSpecial ? 0 : BigInteger.Abs(value.Coefficient).GetByteCount(isUnsigned: true));

    /// <summary>Writes a numeric exactly, scale included (1.50 stays 1.50), NaN and the infinities too.</summary>
    public void WriteNumeric(PgNumeric value)
    {
        var bodySize = NumericBodySize(value);
        var target = Fixed(GetVariableSize(bodySize));
        var position = RowFormat.WriteVarint(target, (uint)bodySize);
        target[position++] = value.Kind switch
        {
            NumericKind.NaN => RowFormat.NumericNaN,
            NumericKind.PositiveInfinity => RowFormat.NumericPositiveInfinity,
            NumericKind.NegativeInfinity => RowFormat.NumericNegativeInfinity,
            _ => value.Sign < 0 ? RowFormat.NumericNegative : RowFormat.NumericPositive,
        };
        position += RowFormat.WriteVarint(target[position..], (uint)value.Scale);
        if (!value.IsZero && !value.IsSpecial)
        {
            BigInteger.Abs(value.Coefficient).TryWriteBytes(target[position..], out _, isUnsigned: true, isBigEndian: false);
        }
    }

    /// <summary>Writes a uuid.</summary>
    public void WriteGuid(Guid value) => value.TryWriteBytes(Fixed(GuidSize), bigEndian: true, out _);

    /// <summary>Writes a variable-width value (bytea, UTF-8 text, a vector's floats as bytes...).</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        var target = Fixed(GetVariableSize(value.Length));
        var prefix = RowFormat.WriteVarint(target, (uint)value.Length);
        value.CopyTo(target[prefix..]);
    }

    /// <summary>Writes a text value as UTF-8.</summary>
    public void WriteString(ReadOnlySpan<char> value)
    {
        var length = System.Text.Encoding.UTF8.GetByteCount(value);
        var target = Fixed(GetVariableSize(length));
        var prefix = RowFormat.WriteVarint(target, (uint)length);
        System.Text.Encoding.UTF8.GetBytes(value, target[prefix..]);
    }

    /// <summary>Checks that every column was written and returns the row length.</summary>
    public readonly int Complete()
    {
        if (_column != _columnCount)
        {
            throw new InvalidOperationException($"the row declares {_columnCount} columns but {_column} were written");
        }
        return _position;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NextColumn()
    {
        if (_column >= _columnCount)
        {
            throw new InvalidOperationException($"the row declares {_columnCount} columns");
        }
        return _column++;
    }

    /// <summary>Claims the next column and <paramref name="size"/> value bytes.</summary>
    private Span<byte> Fixed(int size)
    {
        NextColumn();
        if (_destination.Length - _position < size)
        {
            StorageErrors.DestinationTooShort(_position + size, _destination.Length);
        }
        var target = _destination.Slice(_position, size);
        _position += size;
        Debug.Assert(_position <= _destination.Length, "room was checked");
        return target;
    }
}
