using System.Buffers;
using OmenDb.Common;
using OmenDb.Storage.Encoding;

namespace OmenDb.Storage.Tests.Encoding;

/// <summary>
/// Property tests: for thousands of random values plus edge cases of each type, the bytewise order of the encodings
/// equals PostgreSQL's order of the values (ascending and, reversed, descending), and decoding gives the value back.
/// </summary>
public sealed class KeyEncoderTests
{
    private const int RandomCount = 3000;

    private delegate int Encoder<in T>(Span<byte> destination, T value, KeyOrder order);

    private delegate int Decoder<T>(ReadOnlySpan<byte> source, out T value, KeyOrder order);

    private static readonly KeyOrder[] s_orders = [KeyOrder.Ascending, KeyOrder.Descending];

    /// <summary>
    /// Sorts the values by <paramref name="compare"/>, then checks that adjacent encodings are equal exactly when the
    /// values compare equal and increase otherwise (transitivity covers every other pair), plus random pairs
    /// directly. Every value must decode to an equal value and consume exactly its encoding.
    /// </summary>
    private static void AssertOrderAndRoundTrip<T>(
        List<T> values, Comparison<T> compare, Encoder<T> encode, Decoder<T> decode, Func<T, T, bool> equal, int bufferSize = 64)
    {
        foreach (var order in s_orders)
        {
            var sign = KeyEncoder.IsDescending(order) ? -1 : 1;
            var encoded = new byte[values.Count][];
            var buffer = new byte[bufferSize];
            for (var i = 0; i < values.Count; i++)
            {
                var length = encode(buffer, values[i], order);
                encoded[i] = buffer[..length];
                // Trailing garbage must not be read: the encoding is self-delimiting.
                buffer.AsSpan(length).Fill(0xA5);
                var consumed = decode(buffer, out var decoded, order);
                Assert.Equal(length, consumed);
                Assert.True(equal(values[i], decoded), $"{values[i]} decoded as {decoded} ({order})");
            }

            var indexes = Enumerable.Range(0, values.Count).ToArray();
            Array.Sort(indexes, (a, b) => sign * compare(values[a], values[b]));
            for (var k = 1; k < indexes.Length; k++)
            {
                var (a, b) = (indexes[k - 1], indexes[k]);
                var expected = Math.Sign(sign * compare(values[a], values[b]));
                var actual = Math.Sign(encoded[a].AsSpan().SequenceCompareTo(encoded[b]));
                Assert.True(expected == actual,
                    $"{order}: {values[a]} vs {values[b]}: value order {expected}, encoded order {actual} "
                    + $"({Convert.ToHexString(encoded[a])} vs {Convert.ToHexString(encoded[b])})");
            }

            var random = new Random(7);
            for (var k = 0; k < 5000; k++)
            {
                var (a, b) = (random.Next(values.Count), random.Next(values.Count));
                Assert.Equal(Math.Sign(sign * compare(values[a], values[b])), Math.Sign(encoded[a].AsSpan().SequenceCompareTo(encoded[b])));
            }
        }
    }

    private static List<T> WithRandom<T>(IEnumerable<T> edges, Func<Random, T> next)
    {
        var random = new Random(20240601);
        var values = edges.ToList();
        for (var i = 0; i < RandomCount; i++)
        {
            values.Add(next(random));
        }
        return values;
    }

    [Fact]
    public void Booleans()
    {
        AssertOrderAndRoundTrip([true, false, false, true], (a, b) => a.CompareTo(b), KeyEncoder.WriteBoolean, KeyDecoder.ReadBoolean, (a, b) => a == b);
    }

    [Fact]
    public void Int16s()
    {
        var values = WithRandom<short>([short.MinValue, short.MaxValue, 0, -1, 1, -256, 255, 256], r => (short)r.Next(short.MinValue, short.MaxValue + 1));
        AssertOrderAndRoundTrip(values, (a, b) => a.CompareTo(b), KeyEncoder.WriteInt16, KeyDecoder.ReadInt16, (a, b) => a == b);
    }

    [Fact]
    public void Int32s()
    {
        var values = WithRandom([int.MinValue, int.MaxValue, 0, -1, 1, int.MinValue + 1, int.MaxValue - 1, 256, -256],
            r => r.Next(4) == 0 ? r.Next(-1000, 1000) : r.Next(int.MinValue, int.MaxValue));
        AssertOrderAndRoundTrip(values, (a, b) => a.CompareTo(b), KeyEncoder.WriteInt32, KeyDecoder.ReadInt32, (a, b) => a == b);
    }

    [Fact]
    public void Int64s()
    {
        var values = WithRandom([long.MinValue, long.MaxValue, 0L, -1L, 1L, int.MinValue, int.MaxValue, long.MinValue + 1],
            r => r.Next(4) == 0 ? r.NextInt64(-1000, 1000) : r.NextInt64(long.MinValue, long.MaxValue));
        AssertOrderAndRoundTrip(values, (a, b) => a.CompareTo(b), KeyEncoder.WriteInt64, KeyDecoder.ReadInt64, (a, b) => a == b);
    }

    [Fact]
    public void Unsigned_identifiers()
    {
        var values32 = WithRandom([0u, 1u, uint.MaxValue, 0x8000_0000u], r => (uint)r.NextInt64(0, 1L << 32));
        AssertOrderAndRoundTrip(values32, (a, b) => a.CompareTo(b), KeyEncoder.WriteUInt32, KeyDecoder.ReadUInt32, (a, b) => a == b);
        var values64 = WithRandom([0UL, 1UL, ulong.MaxValue, 1UL << 63], r => (ulong)r.NextInt64() * 2 + (ulong)r.Next(2));
        AssertOrderAndRoundTrip(values64, (a, b) => a.CompareTo(b), KeyEncoder.WriteUInt64, KeyDecoder.ReadUInt64, (a, b) => a == b);
    }

    /// <summary>PostgreSQL's float order: NaN equals NaN and sorts after everything; -0 equals 0.</summary>
    private static int ComparePg(double a, double b) =>
        double.IsNaN(a) ? (double.IsNaN(b) ? 0 : 1) : double.IsNaN(b) ? -1 : a < b ? -1 : a > b ? 1 : 0;

    private static bool EqualPg(double a, double b) => ComparePg(a, b) == 0;

    [Fact]
    public void Doubles_follow_postgresql_order_with_nan_last_and_negative_zero_equal_to_zero()
    {
        var values = WithRandom(
            [
                0.0, -0.0, double.NaN, -double.NaN, BitConverter.UInt64BitsToDouble(0x7FF0_0000_0000_0001), double.PositiveInfinity,
                double.NegativeInfinity, double.MaxValue, double.MinValue, double.Epsilon, -double.Epsilon, 1.0, -1.0,
                BitConverter.UInt64BitsToDouble(0x000F_FFFF_FFFF_FFFF), 1e-300, -1e300,
            ],
            r => r.Next(3) switch
            {
                0 => BitConverter.Int64BitsToDouble(r.NextInt64(long.MinValue, long.MaxValue)),
                1 => (r.NextDouble() - 0.5) * 1e6,
                _ => r.Next(-5, 5),
            });
        AssertOrderAndRoundTrip(values, ComparePg, KeyEncoder.WriteDouble, KeyDecoder.ReadDouble, EqualPg);
    }

    [Fact]
    public void Singles_follow_postgresql_order()
    {
        var values = WithRandom(
            [0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon],
            r => r.Next(2) == 0 ? BitConverter.Int32BitsToSingle(r.Next(int.MinValue, int.MaxValue)) : (float)((r.NextDouble() - 0.5) * 1e3));
        AssertOrderAndRoundTrip(values, (a, b) => ComparePg(a, b), KeyEncoder.WriteSingle, KeyDecoder.ReadSingle, (a, b) => ComparePg(a, b) == 0);
    }

    [Fact]
    public void Numerics_order_by_value_across_scales_and_magnitudes()
    {
        // Edge values: scales, exponents at both ends of the one-byte range and beyond it (five-byte escapes),
        // NaN above +Infinity, −Infinity below everything, and digit strings longer than any decimal holds.
        var texts = new[]
        {
            "0", "-0.000", "0.000", "1", "1.0", "1.5", "1.50", "1.500000", "-1.5", "-1.50", "10", "100", "1e10", "0.1", "0.01",
            "0.09", "0.9", "0.10001", "0.1001", "99.99", "100.01", "5", "50", "0.5", "0.05", "500", "5.05", "5.5",
            "79228162514264337593543950335", "-79228162514264337593543950335", "123456789012345678901234567890.123456789",
            "1e62", "1e63", "1e189", "1e190", "1e191", "1e1000", "-1e1000", "1e-62", "1e-63", "1e-64", "1e-1000", "-1e-1000",
            "9.99999999999999999999999999999999999999e190", "1.00000000000000000000000000000000000001e-64",
            "NaN", "Infinity", "-Infinity",
        };
        var values = WithRandom(
            texts.Select(PgNumeric.Parse),
            r =>
            {
                var digits = new System.Text.StringBuilder();
                var length = r.Next(1, 60);
                for (var k = 0; k < length; k++)
                {
                    digits.Append((char)('0' + r.Next(10)));
                }

                var exponent = r.Next(4) == 0 ? r.Next(-2000, 2000) : r.Next(-30, 30);
                var text = (r.Next(2) == 0 ? "-" : "") + "0." + digits + "e" + exponent;
                return PgNumeric.Parse(text);
            });
        AssertOrderAndRoundTrip(values, (a, b) => a.CompareTo(b), KeyEncoder.WriteNumeric, KeyDecoder.ReadNumeric, (a, b) => a == b,
            bufferSize: 128);
        foreach (var value in values)
        {
            Assert.Equal(KeyEncoder.GetNumericByteCount(value), KeyEncoder.WriteNumeric(new byte[128], value));
        }
    }

    [Theory]
    [InlineData("1.5", "1.50")]
    [InlineData("100", "100.000")]
    [InlineData("0", "-0.00")]
    [InlineData("NaN", "nan")]
    [InlineData("1e500", "10e499")]
    public void Equal_numerics_encode_identically(string left, string right)
    {
        Span<byte> a = stackalloc byte[64];
        Span<byte> b = stackalloc byte[64];
        var x = PgNumeric.Parse(left);
        var y = PgNumeric.Parse(right);
        Assert.True(a[..KeyEncoder.WriteNumeric(a, x)].SequenceEqual(b[..KeyEncoder.WriteNumeric(b, y)]));
    }

    /// <summary>PostgreSQL "C" collation: compare the UTF-8 bytes (= code point order, unlike UTF-16 ordinal order).</summary>
    private static int CompareC(string a, string b) => System.Text.Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(b));

    [Fact]
    public void Strings_order_as_the_c_collation_with_prefixes_first_and_embedded_nul()
    {
        string[] pieces = ["\0", "\u0001", "a", "b", "z", "\u007f", "\u0080", "é", "中", "\uffff", "\U0001F600", "\ufb01", "ÿ"];
        var values = WithRandom(
            ["", "\0", "\0\0", "\0\u0001", "a", "a\0", "a\0\0", "a\0b", "ab", "a\u0001", "abc", "b", "\uffff", "\U0001F600", "\ufffd",
             "中文", "é", "e\u0301", new string('x', 300), new string('\0', 200) + "y"],
            r =>
            {
                var builder = new System.Text.StringBuilder();
                var length = r.Next(0, 8);
                for (var i = 0; i < length; i++)
                {
                    builder.Append(pieces[r.Next(pieces.Length)]);
                }
                return builder.ToString();
            });
        AssertOrderAndRoundTrip(values, CompareC, (d, v, o) => KeyEncoder.WriteString(d, v, o), KeyDecoder.ReadString, (a, b) => a == b, bufferSize: 1024);
    }

    [Fact]
    public void String_sizes_are_exact_and_bounded()
    {
        foreach (var value in new[] { "", "\0", "a\0b\0", "中\0文", "\U0001F600\0" })
        {
            var buffer = new byte[KeyEncoder.GetMaxByteCount(value.Length)];
            var length = KeyEncoder.WriteString(buffer, value);
            Assert.Equal(KeyEncoder.GetByteCount(value.AsSpan()), length);
            Assert.Equal(KeyDecoder.SkipBytes(buffer), length);
        }
        Assert.Throws<ArgumentException>(() => KeyEncoder.WriteString(new byte[3], "ab"));
    }

    private static int CompareBytes(byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b);

    [Fact]
    public void Byte_strings_order_bytewise_with_prefixes_first()
    {
        byte[] alphabet = [0x00, 0x01, 0x02, 0x7F, 0x80, 0xFE, 0xFF];
        var values = WithRandom<byte[]>(
            [[], [0x00], [0x00, 0x00], [0x00, 0x01], [0x00, 0xFF], [0x01], [0xFF], [0xFF, 0x00], [0xFF, 0xFF], [0xFF, 0xFF, 0xFF]],
            r => Enumerable.Range(0, r.Next(0, 7)).Select(_ => alphabet[r.Next(alphabet.Length)]).ToArray());
        AssertOrderAndRoundTrip(values, CompareBytes, (d, v, o) => KeyEncoder.WriteBytes(d, v, o), KeyDecoder.ReadBytes,
            (a, b) => a.AsSpan().SequenceEqual(b));

        var writer = new ArrayBufferWriter<byte>();
        var encoded = new byte[32];
        var length = KeyEncoder.WriteBytes(encoded, [0x00, 0x41, 0x00], KeyOrder.Descending);
        Assert.Equal(length, KeyDecoder.ReadBytes(encoded, writer, KeyOrder.Descending));
        Assert.Equal(new byte[] { 0x00, 0x41, 0x00 }, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Guids_order_as_postgresql_uuids()
    {
        var values = WithRandom([Guid.Empty, Guid.AllBitsSet, Guid.Parse("00000000-0000-0000-0000-000000000001"),
                Guid.Parse("01000000-0000-0000-0000-000000000000"), Guid.Parse("00000000-0000-0001-0000-000000000000")],
            r =>
            {
                Span<byte> bytes = stackalloc byte[16];
                r.NextBytes(bytes);
                return new Guid(bytes);
            });
        // PostgreSQL compares the 16 bytes in the order of the text form; lowercase hex compares the same way.
        AssertOrderAndRoundTrip(values, (a, b) => string.CompareOrdinal(a.ToString("N"), b.ToString("N")),
            KeyEncoder.WriteGuid, KeyDecoder.ReadGuid, (a, b) => a == b);
    }

    private readonly record struct Composite(int? Id, string? Name);

    [Theory]
    [InlineData(KeyOrder.Ascending, KeyOrder.Ascending)]
    [InlineData(KeyOrder.Ascending, KeyOrder.Descending)]
    [InlineData(KeyOrder.AscendingNullsFirst, KeyOrder.DescendingNullsLast)]
    [InlineData(KeyOrder.Descending, KeyOrder.AscendingNullsFirst)]
    public void Composite_keys_with_nulls_and_directions_order_column_by_column(KeyOrder first, KeyOrder second)
    {
        static int CompareColumn<T>(T? a, T? b, KeyOrder order, Comparison<T> compare) where T : class
        {
            if (a is null || b is null)
            {
                return a is null && b is null ? 0 : (a is null) == KeyEncoder.NullsFirst(order) ? -1 : 1;
            }
            return KeyEncoder.IsDescending(order) ? -compare(a, b) : compare(a, b);
        }
        static int CompareNullableInt(int? a, int? b, KeyOrder order)
        {
            if (a is null || b is null)
            {
                return a is null && b is null ? 0 : (a is null) == KeyEncoder.NullsFirst(order) ? -1 : 1;
            }
            return KeyEncoder.IsDescending(order) ? -a.Value.CompareTo(b.Value) : a.Value.CompareTo(b.Value);
        }

        var random = new Random(99);
        string?[] names = [null, "", "a", "a\0", "ab", "b", "é"];
        var rows = Enumerable.Range(0, 400)
            .Select(_ => new Composite(random.Next(5) == 0 ? null : random.Next(-3, 3), names[random.Next(names.Length)]))
            .ToList();
        byte[] Encode(Composite row)
        {
            var writer = new ArrayBufferWriter<byte>();
            KeyEncoder.WriteNullMarker(writer, row.Id is null, first);
            if (row.Id is { } id)
            {
                KeyEncoder.WriteInt32(writer, id, first);
            }
            KeyEncoder.WriteNullMarker(writer, row.Name is null, second);
            if (row.Name is { } name)
            {
                KeyEncoder.WriteString(writer, name, second);
            }
            return writer.WrittenSpan.ToArray();
        }
        int Compare(Composite a, Composite b)
        {
            var c = CompareNullableInt(a.Id, b.Id, first);
            return c != 0 ? c : CompareColumn(a.Name, b.Name, second, CompareC);
        }

        foreach (var a in rows.Take(100))
        {
            foreach (var b in rows)
            {
                Assert.Equal(Math.Sign(Compare(a, b)), Math.Sign(Encode(a).AsSpan().SequenceCompareTo(Encode(b))));
            }
        }
        foreach (var row in rows)
        {
            ReadOnlySpan<byte> key = Encode(row);
            key = key[KeyDecoder.ReadNullMarker(key, out var idIsNull)..];
            int? id = null;
            if (!idIsNull)
            {
                key = key[KeyDecoder.ReadInt32(key, out var value, first)..];
                id = value;
            }
            key = key[KeyDecoder.ReadNullMarker(key, out var nameIsNull)..];
            string? name = null;
            if (!nameIsNull)
            {
                key = key[KeyDecoder.ReadString(key, out var value, second)..];
                name = value;
            }
            Assert.True(key.IsEmpty);
            Assert.Equal(row, new Composite(id, name));
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x02 }, new byte[] { 0x01, 0x03 })]
    [InlineData(new byte[] { 0x01, 0xFF }, new byte[] { 0x02 })]
    [InlineData(new byte[] { 0x01, 0xFF, 0xFF }, new byte[] { 0x02 })]
    [InlineData(new byte[] { 0xFF, 0xFF }, new byte[0])]
    [InlineData(new byte[0], new byte[0])]
    public void Prefix_successor_bounds_every_key_with_the_prefix(byte[] prefix, byte[] expected)
    {
        var buffer = new byte[prefix.Length];
        var length = KeyEncoder.WritePrefixSuccessor(buffer, prefix);
        Assert.Equal(expected, buffer[..length]);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x61 })]
    [InlineData(new byte[] { 0x61, 0x00 })]
    [InlineData(new byte[] { 0x61, 0x00, 0x02 })]
    [InlineData(new byte[] { 0x61, 0x00, 0xFE })]
    public void Malformed_strings_are_data_corruption(byte[] encoded)
    {
        var error = Assert.Throws<PgException>(() => KeyDecoder.ReadString(encoded, out _));
        Assert.Equal(SqlState.DataCorrupted, error.SqlState);
    }

    [Theory]
    [InlineData(new byte[] { 0x03 })]
    [InlineData(new byte[] { 0x03, 0x40 })]
    [InlineData(new byte[] { 0x03, 0x40, 0x00 })]
    [InlineData(new byte[] { 0x03, 0x40, 0x66, 0x00 })]
    [InlineData(new byte[] { 0x07 })]
    [InlineData(new byte[] { 0x03, 0xFF, 0x02, 0x00 })]
    [InlineData(new byte[] { 0x03, 0xFF, 0x80, 0x00, 0x00 })]
    public void Malformed_numerics_are_data_corruption(byte[] encoded)
    {
        var error = Assert.Throws<PgException>(() => KeyDecoder.ReadNumeric(encoded, out _));
        Assert.Equal(SqlState.DataCorrupted, error.SqlState);
    }

    [Fact]
    public void Truncated_fixed_width_values_are_data_corruption()
    {
        Assert.Equal(SqlState.DataCorrupted, Assert.Throws<PgException>(() => KeyDecoder.ReadInt64(new byte[7], out _)).SqlState);
        Assert.Equal(SqlState.DataCorrupted, Assert.Throws<PgException>(() => KeyDecoder.ReadBoolean([2], out _)).SqlState);
        Assert.Equal(SqlState.DataCorrupted, Assert.Throws<PgException>(() => KeyDecoder.ReadNullMarker([3], out _)).SqlState);
        Assert.Throws<ArgumentException>(() => KeyEncoder.WriteInt32(new byte[3], 1));
    }
}
