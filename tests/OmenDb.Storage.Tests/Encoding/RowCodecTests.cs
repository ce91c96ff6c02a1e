using OmenDb.Common;
using OmenDb.Storage.Encoding;

namespace OmenDb.Storage.Tests.Encoding;

/// <summary>Round trips, schema evolution (ADD COLUMN, dropped columns) and corruption checks of the row format.</summary>
public sealed class RowCodecTests
{
    /// <summary>One value of every kind, with NULLs spread over more than one bitmap byte.</summary>
    private static byte[] WriteSample(uint schemaVersion, out int expectedSize)
    {
        const string Text = "héllo\0wörld 中文";
        byte[] blob = [0x00, 0xFF, 0x10];
        expectedSize = RowEncoder.GetHeaderSize(schemaVersion, 13)
                       + RowEncoder.BooleanSize + RowEncoder.Int16Size + RowEncoder.Int32Size + RowEncoder.Int64Size
                       + RowEncoder.SingleSize + RowEncoder.DoubleSize + RowEncoder.GetNumericSize(s_sampleNumeric) + RowEncoder.GuidSize
                       + RowEncoder.GetStringSize(Text) + RowEncoder.GetVariableSize(blob.Length) + RowEncoder.GetStringSize("");
        var buffer = new byte[expectedSize];
        var row = new RowEncoder(buffer, schemaVersion, 13);
        row.WriteBoolean(true);
        row.WriteInt16(short.MinValue);
        row.WriteInt32(-123456);
        row.WriteNull();
        row.WriteInt64(long.MaxValue);
        row.WriteSingle(-0.0f);
        row.WriteDouble(double.NaN);
        row.WriteNumeric(s_sampleNumeric);
        row.WriteGuid(Guid.Parse("0123abcd-4567-89ef-0123-456789abcdef"));
        row.WriteString(Text);
        row.WriteBytes(blob);
        row.WriteString("");
        row.WriteNull();
        Assert.Equal(13, row.ColumnsWritten);
        Assert.Equal(expectedSize, row.Complete());
        return buffer;
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(127u)]
    [InlineData(128u)]
    [InlineData(300_000u)]
    [InlineData(uint.MaxValue)]
    public void Every_kind_round_trips(uint schemaVersion)
    {
        var buffer = WriteSample(schemaVersion, out _);
        var row = new RowDecoder(buffer);
        Assert.Equal(schemaVersion, row.SchemaVersion);
        Assert.Equal(13, row.ColumnCount);
        Assert.Equal(RowFieldState.Present, row.ReadBoolean(out var b));
        Assert.True(b);
        Assert.Equal(RowFieldState.Present, row.ReadInt16(out var i16));
        Assert.Equal(short.MinValue, i16);
        Assert.Equal(RowFieldState.Present, row.ReadInt32(out var i32));
        Assert.Equal(-123456, i32);
        Assert.Equal(RowFieldState.Null, row.PeekState());
        Assert.Equal(RowFieldState.Null, row.ReadInt64(out var nullValue));
        Assert.Equal(0, nullValue);
        Assert.Equal(RowFieldState.Present, row.ReadInt64(out var i64));
        Assert.Equal(long.MaxValue, i64);
        Assert.Equal(RowFieldState.Present, row.ReadSingle(out var f32));
        Assert.True(float.IsNegative(f32) && f32 == 0);
        Assert.Equal(RowFieldState.Present, row.ReadDouble(out var f64));
        Assert.True(double.IsNaN(f64));
        Assert.Equal(RowFieldState.Present, row.ReadNumeric(out var d));
        Assert.Equal(s_sampleNumeric.ToString(), d.ToString());
        Assert.Equal(RowFieldState.Present, row.ReadGuid(out var g));
        Assert.Equal(Guid.Parse("0123abcd-4567-89ef-0123-456789abcdef"), g);
        Assert.Equal(RowFieldState.Present, row.ReadString(out var s));
        Assert.Equal("héllo\0wörld 中文", s);
        Assert.Equal(RowFieldState.Present, row.ReadBytes(out var blob));
        Assert.Equal(new byte[] { 0x00, 0xFF, 0x10 }, blob.ToArray());
        Assert.Equal(RowFieldState.Present, row.ReadString(out var empty));
        Assert.Equal("", empty);
        Assert.False(row.IsAtEnd);
        Assert.Equal(RowFieldState.Null, row.ReadString(out var nullString));
        Assert.Null(nullString);
        Assert.True(row.IsAtEnd);
    }

    [Fact]
    public void Rows_written_before_add_column_read_the_new_columns_as_absent()
    {
        // Version 1 of the table: (id int8, name text).
        var buffer = new byte[64];
        var writer = new RowEncoder(buffer, 1, 2);
        writer.WriteInt64(42);
        writer.WriteString("old");
        var length = writer.Complete();

        // Version 2 added (score float8, tags bytea); the reader follows the current schema.
        var row = new RowDecoder(buffer.AsSpan(0, length));
        Assert.Equal(1u, row.SchemaVersion);
        Assert.Equal(RowFieldState.Present, row.ReadInt64(out var id));
        Assert.Equal(42, id);
        Assert.Equal(RowFieldState.Present, row.ReadString(out var name));
        Assert.Equal("old", name);
        Assert.Equal(RowFieldState.Absent, row.PeekState());
        Assert.Equal(RowFieldState.Absent, row.ReadDouble(out var score));
        Assert.Equal(0, score);
        Assert.Equal(RowFieldState.Absent, row.ReadBytes(out var tags));
        Assert.True(tags.IsEmpty);
        Assert.Equal(4, row.NextColumn);
        Assert.True(row.IsAtEnd);
    }

    [Fact]
    public void Dropped_and_unwanted_columns_are_skipped_by_width()
    {
        // (a int4, dropped text, b float8, c text): the dropped column is NULL in new rows, a value in old ones.
        var oldRow = new byte[64];
        var writer = new RowEncoder(oldRow, 3, 4);
        writer.WriteInt32(1);
        writer.WriteString("was here");
        writer.WriteDouble(2.5);
        writer.WriteString("c");
        var oldLength = writer.Complete();

        var newRow = new byte[64];
        writer = new RowEncoder(newRow, 4, 4);
        writer.WriteInt32(5);
        writer.WriteNull();
        writer.WriteDouble(6.5);
        writer.WriteString("d");
        var newLength = writer.Complete();
        Assert.True(newLength < oldLength);

        foreach (var (bytes, expectedB, expectedC) in new[] { (oldRow[..oldLength], 2.5, "c"), (newRow[..newLength], 6.5, "d") })
        {
            var row = new RowDecoder(bytes);
            Assert.Equal(RowFieldState.Present, row.SkipFixed(RowEncoder.Int32Size));
            Assert.NotEqual(RowFieldState.Absent, row.SkipVariable());
            Assert.Equal(RowFieldState.Present, row.ReadDouble(out var b));
            Assert.Equal(expectedB, b);
            Assert.Equal(RowFieldState.Present, row.ReadString(out var c));
            Assert.Equal(expectedC, c);
            Assert.True(row.IsAtEnd);
        }
    }

    [Fact]
    public void Zero_column_and_all_null_rows_are_header_only()
    {
        var buffer = new byte[16];
        var empty = new RowEncoder(buffer, 0, 0);
        Assert.Equal(3, empty.Complete());
        var writer = new RowEncoder(buffer, 0, 9);
        for (var i = 0; i < 9; i++)
        {
            writer.WriteNull();
        }
        Assert.Equal(RowEncoder.GetHeaderSize(0, 9), writer.Complete());
        var row = new RowDecoder(buffer.AsSpan(0, writer.Length));
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(RowFieldState.Null, row.ReadInt32(out _));
        }
        Assert.True(row.IsAtEnd);
    }

    [Fact]
    public void Writer_misuse_is_reported()
    {
        var buffer = new byte[8];
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new RowEncoder(buffer, 0, 1);
            return writer.Complete();
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new RowEncoder(buffer, 0, 0);
            writer.WriteNull();
        });
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new RowEncoder(buffer, 0, 1);
            writer.WriteInt64(1);
        });
        Assert.Throws<ArgumentException>(() => new RowEncoder(new byte[2], 0, 1));
    }

    private static void ReadSample(byte[] bytes)
    {
        var row = new RowDecoder(bytes);
        row.ReadBoolean(out _);
        row.ReadInt16(out _);
        row.ReadInt32(out _);
        row.ReadInt64(out _);
        row.ReadInt64(out _);
        row.ReadSingle(out _);
        row.ReadDouble(out _);
        row.ReadNumeric(out _);
        row.ReadGuid(out _);
        row.ReadString(out _);
        row.ReadBytes(out _);
        row.ReadString(out _);
        row.ReadString(out _);
    }

    [Fact]
    public void Every_truncation_is_data_corruption()
    {
        var buffer = WriteSample(1000, out var size);
        ReadSample(buffer);
        for (var length = 0; length < size; length++)
        {
            var truncated = buffer[..length];
            var error = Assert.Throws<PgException>(() => ReadSample(truncated));
            Assert.Equal(SqlState.DataCorrupted, error.SqlState);
        }
    }

    [Theory]
    [InlineData(new byte[] { 3, 0, 0 })]
    [InlineData(new byte[] { 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    [InlineData(new byte[] { 1, 0, 0xC1, 0x0C })]
    public void Bad_headers_are_data_corruption(byte[] bytes)
    {
        var error = Assert.Throws<PgException>(() => new RowDecoder(bytes).ReadInt32(out _));
        Assert.Equal(SqlState.DataCorrupted, error.SqlState);
    }

    /// <summary>A version 1 row (numeric as System.Decimal's four words), as the previous format wrote it.</summary>
    private static byte[] VersionOneRow(int lo, int mid, int hi, int flags)
    {
        var row = new byte[4 + 16];
        row[0] = 1; // format version 1
        row[1] = 0; // schema version 0
        row[2] = 1; // one column
        row[3] = 0; // NULL bitmap
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan(4), lo);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan(8), mid);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan(12), hi);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan(16), flags);
        return row;
    }

    [Fact]
    public void Version_one_numerics_are_still_read()
    {
        // −1.50: mantissa 150, scale 2, sign bit.
        var row = new RowDecoder(VersionOneRow(150, 0, 0, unchecked((int)0x8002_0000)));
        Assert.Equal(RowFieldState.Present, row.ReadNumeric(out var value));
        Assert.Equal("-1.50", value.ToString());
        Assert.True(row.IsAtEnd);
    }

    [Fact]
    public void A_version_one_decimal_with_invalid_flags_is_data_corruption()
    {
        var error = Assert.Throws<PgException>(() => new RowDecoder(VersionOneRow(1, 0, 0, 29 << 16)).ReadNumeric(out _));
        Assert.Equal(SqlState.DataCorrupted, error.SqlState);
    }

    [Fact]
    public void A_numeric_with_an_unknown_kind_is_data_corruption()
    {
        var buffer = new byte[32];
        var writer = new RowEncoder(buffer, 0, 1);
        writer.WriteNumeric(PgNumeric.Parse("1.5"));
        var length = writer.Complete();
        buffer[5] = 9; // header (4 bytes), body length, then the kind byte
        var error = Assert.Throws<PgException>(() => new RowDecoder(buffer.AsSpan(0, length).ToArray()).ReadNumeric(out _));
        Assert.Equal(SqlState.DataCorrupted, error.SqlState);
    }

    private static readonly PgNumeric s_sampleNumeric = PgNumeric.Parse("-123456789012345678901234567890123456789.50");

    /// <summary>Numerics of every shape from one random long: small, long digit strings, NaN and the infinities.</summary>
    private static PgNumeric RandomNumeric(long seed) => (seed & 7) switch
    {
        0 => PgNumeric.NaN,
        1 => PgNumeric.PositiveInfinity,
        2 => PgNumeric.NegativeInfinity,
        3 => new PgNumeric(System.Numerics.BigInteger.Pow(seed, 3), (int)((seed >>> 8) % 40)),
        _ => new PgNumeric(seed, 3),
    };

    [Fact]
    public void Random_rows_round_trip()
    {
        var random = new Random(5);
        var buffer = new byte[4096];
        for (var iteration = 0; iteration < 2000; iteration++)
        {
            var count = random.Next(0, 40);
            var kinds = new int[count];
            var longs = new long[count];
            var texts = new string?[count];
            var nulls = new bool[count];
            var writer = new RowEncoder(buffer, (uint)iteration, count);
            for (var i = 0; i < count; i++)
            {
                kinds[i] = random.Next(3);
                nulls[i] = random.Next(4) == 0;
                longs[i] = random.NextInt64(long.MinValue, long.MaxValue);
                texts[i] = new string((char)random.Next('a', 'z' + 1), random.Next(0, 200));
                if (nulls[i])
                {
                    writer.WriteNull();
                }
                else if (kinds[i] == 0)
                {
                    writer.WriteInt64(longs[i]);
                }
                else if (kinds[i] == 1)
                {
                    writer.WriteString(texts[i]);
                }
                else
                {
                    writer.WriteNumeric(RandomNumeric(longs[i]));
                }
            }
            var row = new RowDecoder(buffer.AsSpan(0, writer.Complete()));
            for (var i = 0; i < count; i++)
            {
                var expected = nulls[i] ? RowFieldState.Null : RowFieldState.Present;
                switch (kinds[i])
                {
                    case 0:
                        Assert.Equal(expected, row.ReadInt64(out var l));
                        Assert.Equal(nulls[i] ? 0 : longs[i], l);
                        break;
                    case 1:
                        Assert.Equal(expected, row.ReadString(out var t));
                        Assert.Equal(nulls[i] ? null : texts[i], t);
                        break;
                    default:
                        Assert.Equal(expected, row.ReadNumeric(out var d));
                        Assert.Equal(nulls[i] ? "0" : RandomNumeric(longs[i]).ToString(), d.ToString());
                        break;
                }
            }
            Assert.True(row.IsAtEnd);
        }
    }
}
