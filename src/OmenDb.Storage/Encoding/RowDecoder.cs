using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using OmenDb.Common;

namespace OmenDb.Storage.Encoding;

/// <summary>
/// Reads a row written by <see cref="RowEncoder"/>: one Read* (or Skip*) per column, in column order, each returning
/// whether the column is <see cref="RowFieldState.Present"/>, <see cref="RowFieldState.Null"/> or
/// <see cref="RowFieldState.Absent"/> (the row predates the column). Reading past the stored columns keeps answering
/// <see cref="RowFieldState.Absent"/>, so a reader built for the current schema reads every older row. Nothing is
/// allocated except by <see cref="ReadString"/>. Malformed rows throw <see cref="OmenDb.Common.PgException"/> XX001.
/// </summary>
public ref struct RowDecoder
{
    private readonly ReadOnlySpan<byte> _row;
    private readonly int _bitmapOffset;
    private readonly byte _version;
    private int _column;
    private int _position;

    /// <summary>Parses and checks the header.</summary>
    public RowDecoder(ReadOnlySpan<byte> row)
    {
        if (row.IsEmpty || row[0] is not (RowFormat.Version1 or RowFormat.Version2))
        {
            StorageErrors.Corrupt(row.IsEmpty ? "row (empty)" : $"row (format version {row[0]})");
        }
        var position = 1;
        if (!RowFormat.TryReadVarint(row[position..], out var schemaVersion, out var used))
        {
            StorageErrors.Corrupt("row header");
        }
        position += used;
        if (!RowFormat.TryReadVarint(row[position..], out var columnCount, out used) || columnCount > RowFormat.MaxColumns)
        {
            StorageErrors.Corrupt("row header");
        }
        position += used;
        var bitmapSize = ((int)columnCount + 7) / 8;
        if (row.Length - position < bitmapSize)
        {
            StorageErrors.Corrupt("row header");
        }
        _row = row;
        _version = row[0];
        SchemaVersion = schemaVersion;
        ColumnCount = (int)columnCount;
        _bitmapOffset = position;
        _position = position + bitmapSize;
        _column = 0;
    }

    /// <summary>The schema version the row was written with.</summary>
    public uint SchemaVersion { get; }

    /// <summary>The number of columns the row stores.</summary>
    public int ColumnCount { get; }

    /// <summary>The position of the column the next Read* consumes.</summary>
    public readonly int NextColumn => _column;

    /// <summary>True when every stored byte was consumed (only once all <see cref="ColumnCount"/> columns were read).</summary>
    public readonly bool IsAtEnd => _column >= ColumnCount && _position == _row.Length;

    /// <summary>The state of the next column, without consuming it.</summary>
    public readonly RowFieldState PeekState() =>
        _column >= ColumnCount ? RowFieldState.Absent
        : (_row[_bitmapOffset + (_column >> 3)] & (1 << (_column & 7))) != 0 ? RowFieldState.Null
        : RowFieldState.Present;

    /// <summary>Reads a bool.</summary>
    public RowFieldState ReadBoolean(out bool value)
    {
        var state = Fixed(RowEncoder.BooleanSize, out var bytes);
        value = state == RowFieldState.Present && bytes[0] != 0;
        return state;
    }

    /// <summary>Reads an int2.</summary>
    public RowFieldState ReadInt16(out short value)
    {
        var state = Fixed(RowEncoder.Int16Size, out var bytes);
        value = state == RowFieldState.Present ? BinaryPrimitives.ReadInt16LittleEndian(bytes) : default;
        return state;
    }

    /// <summary>Reads an int4.</summary>
    public RowFieldState ReadInt32(out int value)
    {
        var state = Fixed(RowEncoder.Int32Size, out var bytes);
        value = state == RowFieldState.Present ? BinaryPrimitives.ReadInt32LittleEndian(bytes) : default;
        return state;
    }

    /// <summary>Reads an int8.</summary>
    public RowFieldState ReadInt64(out long value)
    {
        var state = Fixed(RowEncoder.Int64Size, out var bytes);
        value = state == RowFieldState.Present ? BinaryPrimitives.ReadInt64LittleEndian(bytes) : default;
        return state;
    }

    /// <summary>Reads a float4.</summary>
    public RowFieldState ReadSingle(out float value)
    {
        var state = Fixed(RowEncoder.SingleSize, out var bytes);
        value = state == RowFieldState.Present ? BinaryPrimitives.ReadSingleLittleEndian(bytes) : default;
        return state;
    }

    /// <summary>Reads a float8.</summary>
    public RowFieldState ReadDouble(out double value)
    {
        var state = Fixed(RowEncoder.DoubleSize, out var bytes);
        value = state == RowFieldState.Present ? BinaryPrimitives.ReadDoubleLittleEndian(bytes) : default;
        return state;
    }

    /// <summary>Reads a numeric with its stored scale (either row format version).</summary>
    public RowFieldState ReadNumeric(out PgNumeric value)
    {
        if (_version == RowFormat.Version1)
        {
            var old = ReadDecimal(out var d);
            value = old == RowFieldState.Present ? PgNumeric.FromDecimal(d) : default;
            return old;
        }

        value = default;
        var state = ReadBytes(out var body);
        if (state != RowFieldState.Present)
        {
            return state;
        }

        var scale = 0u;
        var used = 0;
        if (body.IsEmpty || !RowFormat.TryReadVarint(body[1..], out scale, out used) || scale > PgNumeric.MaxStoredScale)
        {
            StorageErrors.Corrupt("row numeric");
        }

        var magnitude = body[(1 + used)..];
        value = body[0] switch
        {
            RowFormat.NumericNaN when magnitude.IsEmpty => PgNumeric.NaN,
            RowFormat.NumericPositiveInfinity when magnitude.IsEmpty => PgNumeric.PositiveInfinity,
            RowFormat.NumericNegativeInfinity when magnitude.IsEmpty => PgNumeric.NegativeInfinity,
            RowFormat.NumericPositive => new PgNumeric(new BigInteger(magnitude, isUnsigned: true), (int)scale),
            RowFormat.NumericNegative => new PgNumeric(-new BigInteger(magnitude, isUnsigned: true), (int)scale),
            _ => StorageErrors.Corrupt<PgNumeric>("row numeric"),
        };
        return state;
    }

    /// <summary>A version 1 numeric: System.Decimal's four words.</summary>
    [SkipLocalsInit]
    private RowFieldState ReadDecimal(out decimal value)
    {
        var state = Fixed(RowFormat.DecimalByteCount, out var bytes);
        value = default;
        if (state != RowFieldState.Present)
        {
            return state;
        }
        var lo = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        var mid = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        var hi = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        var flags = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        var scale = (flags >> 16) & 0xFF;
        // System.Decimal flags: bit 31 sign, bits 16-23 scale (≤ 28), everything else zero.
        if ((flags & 0x7F00_FFFF) != 0 || scale > 28)
        {
            StorageErrors.Corrupt("row numeric");
        }
        value = new decimal(lo, mid, hi, flags < 0, (byte)scale);
        return state;
    }

    /// <summary>Reads a uuid.</summary>
    public RowFieldState ReadGuid(out Guid value)
    {
        var state = Fixed(RowEncoder.GuidSize, out var bytes);
        value = state == RowFieldState.Present ? new Guid(bytes, bigEndian: true) : default;
        return state;
    }

    /// <summary>Reads a variable-width value as a span into the row (no copy).</summary>
    public RowFieldState ReadBytes(out ReadOnlySpan<byte> value)
    {
        value = default;
        var state = Claim();
        if (state != RowFieldState.Present)
        {
            return state;
        }
        if (!RowFormat.TryReadVarint(_row[_position..], out var length, out var used) || length > (uint)(_row.Length - _position - used))
        {
            StorageErrors.Corrupt("row value length");
        }
        value = _row.Slice(_position + used, (int)length);
        _position += used + (int)length;
        return state;
    }

    /// <summary>Reads a text value (allocates the string).</summary>
    public RowFieldState ReadString(out string? value)
    {
        var state = ReadBytes(out var utf8);
        value = state == RowFieldState.Present ? System.Text.Encoding.UTF8.GetString(utf8) : null;
        return state;
    }

    /// <summary>Skips a fixed-width column of <paramref name="size"/> bytes (a dropped column, or one not needed).</summary>
    public RowFieldState SkipFixed(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        return Fixed(size, out _);
    }

    /// <summary>Skips a variable-width column.</summary>
    public RowFieldState SkipVariable() => ReadBytes(out _);

    /// <summary>Consumes the next column's bitmap entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private RowFieldState Claim()
    {
        var state = PeekState();
        _column++;
        return state;
    }

    private RowFieldState Fixed(int size, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        var state = Claim();
        if (state != RowFieldState.Present)
        {
            return state;
        }
        if (_row.Length - _position < size)
        {
            StorageErrors.Corrupt("row (truncated value)");
        }
        bytes = _row.Slice(_position, size);
        _position += size;
        return state;
    }
}
