using OmenDb.Common;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Types;
using OmenDb.Wire.Messages;
using OmenDb.Wire.Tests.Support;
using OmenDb.Wire.Types;

namespace OmenDb.Wire.Tests.Types;

/// <summary>
/// Every type both ways through one helper: CLR value ↔ binary (bytes from PostgreSQL 15's typsend functions,
/// e.g. <c>SELECT numeric_send(3.25)</c>) and CLR value ↔ text (PostgreSQL's output), and the DataRow encoder in
/// both formats.
/// </summary>
public sealed class TypeCodecTests
{
    private static readonly Guid s_uuid = Guid.Parse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");

    public static TheoryData<string, object, string, string> Cases => new()
    {
        // type name, CLR value, PostgreSQL text output, PostgreSQL binary (hex)
        { "bool", true, "t", "01" },
        { "bool", false, "f", "00" },
        { "int2", (short)-32768, "-32768", "8000" },
        { "int4", 42, "42", "0000002a" },
        { "int8", long.MinValue, "-9223372036854775808", "8000000000000000" },
        { "float4", 1.5f, "1.5", "3fc00000" },
        { "float8", -2.25, "-2.25", "c002000000000000" },
        { "numeric", PgNumeric.Parse("3.25"), "3.25", "0002000000000002000309c4" },
        { "numeric", PgNumeric.Parse("0"), "0", "0000000000000000" },
        { "numeric", PgNumeric.Parse("0.00"), "0.00", "0000000000000002" },
        { "numeric", PgNumeric.Parse("-0.0001"), "-0.0001", "0001ffff400000040001" },
        { "numeric", PgNumeric.Parse("10000"), "10000", "00010001000000000001" },
        { "numeric", PgNumeric.Parse("0.00001"), "0.00001", "0001fffe0000000503e8" },
        { "numeric", PgNumeric.Parse("1.10"), "1.10", "0002000000000002000103e8" },
        { "numeric", PgNumeric.Parse("12345678901234567890.123456789"), "12345678901234567890.123456789", "000800040000000904d2162e23340d801ed204d2162e2328" },
        { "numeric", PgNumeric.Parse("79228162514264337593543950335"), "79228162514264337593543950335", "00080007000000000007240c0659059210f1172f112b014f" },
        { "numeric", PgNumeric.NaN, "NaN", "00000000c0000000" },
        { "numeric", PgNumeric.PositiveInfinity, "Infinity", "00000000d0000020" },
        { "numeric", PgNumeric.NegativeInfinity, "-Infinity", "00000000f0000020" },
        {
            "numeric", PgNumeric.Parse("123456789012345678901234567890.000000000000000000000000000001"),
            "123456789012345678901234567890.000000000000000000000000000001",
            "001000070000001e000c0d801ed204d2162e23340d801ed200000000000000000000000000000064"
        },
        { "numeric", PgNumeric.Parse("-1e100"), "-1" + new string('0', 100), "00010019400000000001" },
        { "numeric", PgNumeric.Parse("0.000000000000000000000000000000000000001234"), "0.000000000000000000000000000000000000001234", "0002fff60000002a000c0d48" },
        { "text", "héllo", "héllo", "68c3a96c6c6f" },
        { "varchar", "abc", "abc", "616263" },
        { "bpchar", "ab ", "ab ", "616220" },
        { "name", "abc", "abc", "616263" },
        { "char", "a", "a", "61" },
        { "bytea", new byte[] { 0x00, 0xff }, "\\x00ff", "00ff" },
        { "date", 8825, "2024-02-29", "00002279" },
        { "time", 47655000016L, "13:14:15.000016", "0000000b187597d0" },
        { "timestamp", -500000L, "1999-12-31 23:59:59.5", "fffffffffff85ee0" },
        { "timestamptz", 848531840243331L, "2026-11-20 23:17:20.243331+00", "000303bc36eb1683" },
        { "interval", new PgInterval(14, 3, 14706789000L), "1 year 2 mons 3 days 04:05:06.789", "000000036c97ca88000000030000000e" },
        { "uuid", s_uuid, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a11" },
        { "json", "{\"b\":1}", "{\"b\":1}", "7b2262223a317d" },
        { "jsonb", "{\"a\": [true, null], \"b\": 1}", "{\"a\": [true, null], \"b\": 1}", "017b2261223a205b747275652c206e756c6c5d2c202262223a20317d" },
        { "jsonpath", "$.\"a\"[*]?(@ > 1)", "$.\"a\"[*]?(@ > 1)", "01242e2261225b2a5d3f2840203e203129" },
        { "oid", 12345u, "12345", "00003039" },
        { "vector", new[] { 1f, -2.5f }, "[1,-2.5]", "00020000" + "3f800000" + "c0200000" },
        { "_int4", new PgArray(PgTypes.Int4, [1, null, 3]), "{1,NULL,3}",
            "00000001000000010000001700000003000000010000000400000001ffffffff0000000400000003" },
        { "_text", new PgArray(PgTypes.Text, ["a", "b", "c", null], [2, 2], [1, 1]), "{{a,b},{c,NULL}}",
            "00000002000000010000001900000002000000010000000200000001000000016100000001620000000163ffffffff" },
        { "_int4", new PgArray(PgTypes.Int4, []), "{}", "000000000000000000000017" },
        { "_int8", new PgArray(PgTypes.Int8, [5L, 6L], [2], [0]), "[0:1]={5,6}",
            "0000000100000000000000140000000200000000000000080000000000000005000000080000000000000006" },
        { "_numeric", new PgArray(PgTypes.Numeric, [PgNumeric.Parse("1.5"), PgNumeric.Parse("-2")]), "{1.5,-2}",
            "0000000100000000000006a400000002000000010000000c0002000000000001000113880000000a00010000400000000002" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Binary_RoundTrips(string typeName, object value, string text, string binaryHex)
    {
        _ = text;
        var type = PgTypes.FromName(typeName) ?? throw new ArgumentException(typeName);
        var length = BinaryValueCodec.GetLength(type, value);
        var buffer = new byte[length];
        Assert.Equal(length, BinaryValueCodec.Write(type, value, buffer));
        Assert.Equal(binaryHex, Hex.Of(buffer));
        AssertSame(value, ParameterDecoder.DecodeBinary(type, Hex.Bytes(binaryHex), 1));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Text_RoundTrips(string typeName, object value, string text, string binaryHex)
    {
        _ = binaryHex;
        var type = PgTypes.FromName(typeName)!;
        Assert.Equal(text, ValueText.Format(type, value));
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        AssertSame(value, ParameterDecoder.Decode(type, binary: false, new System.Buffers.ReadOnlySequence<byte>(bytes), 1));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DataRow_EncodesBothFormats(string typeName, object value, string text, string binaryHex)
    {
        var type = PgTypes.FromName(typeName)!;
        var vector = ColumnVector.Create(type, 4);
        vector.Append(null);
        vector.Append(value);
        var batch = new Batch([vector], 2);
        foreach (var (formats, expected) in new[] { (ResultFormats.AllText, Hex.Of(System.Text.Encoding.UTF8.GetBytes(text))), (ResultFormats.AllBinary, binaryHex) })
        {
            var writer = new System.Buffers.ArrayBufferWriter<byte>();
            var output = new PgOutput(writer);
            Assert.Equal(2, DataRowWriter.WriteRows(output, batch, 0, 2, formats, long.MaxValue));
            var valueLength = expected.Length / 2;
            var nullRow = "44" + "0000000a" + "0001" + "ffffffff";
            var row = "44" + (10 + valueLength).ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + "0001"
                + valueLength.ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + expected;
            Assert.Equal(nullRow + row, Hex.Of(writer.WrittenSpan));
        }
    }

    [Theory]
    [InlineData("int4", "00000000" + "00")]
    [InlineData("int8", "0000")]
    [InlineData("bool", "0000")]
    [InlineData("uuid", "00")]
    public void BinaryOfTheWrongLength_IsRejected(string typeName, string hex)
    {
        var type = PgTypes.FromName(typeName)!;
        var error = Assert.Throws<OmenDb.Common.PgException>(() => ParameterDecoder.DecodeBinary(type, Hex.Bytes(hex), 3));
        // Too long: 22P03 naming the parameter; too short: pq_getmsg*'s 08P01 (PostgreSQL 15 answers exactly so).
        Assert.True(error.SqlState is "22P03" or "08P01", error.SqlState);
        if (error.SqlState == "22P03")
        {
            Assert.Equal("incorrect binary data format in bind parameter 3", error.Message);
        }
    }

    [Theory]
    [InlineData("0001000000000000" + "2710", "invalid digit in external \"numeric\" value")]
    [InlineData("0000000012340000", "invalid sign in external \"numeric\" value")]
    public void InvalidNumeric_Is22P03(string hex, string message)
    {
        var error = Assert.Throws<OmenDb.Common.PgException>(() => ParameterDecoder.DecodeBinary(PgTypes.Numeric, Hex.Bytes(hex), 1));
        Assert.Equal(("22P03", message), (error.SqlState, error.Message));
    }

    [Fact]
    public void NumericBeyondItsScale_IsTruncated()
    {
        // ndigits 2, weight 0, dscale 1: 3.2500 with dscale 1 reads as 3.2 (numeric_recv's trunc_var).
        var value = Assert.IsType<PgNumeric>(ParameterDecoder.DecodeBinary(PgTypes.Numeric, Hex.Bytes("0002000000000001000309c4"), 1));
        Assert.Equal("3.2", value.ToString());
    }

    [Fact]
    public void ArrayWithTheWrongElementType_Is42804()
    {
        var error = Assert.Throws<OmenDb.Common.PgException>(
            () => ParameterDecoder.DecodeBinary(PgTypes.Int4.ArrayType!, Hex.Bytes("000000000000000000000019"), 1));
        Assert.Equal("42804", error.SqlState);
    }

    [Theory]
    [InlineData(new byte[] { 0xff }, "0xff")]
    [InlineData(new byte[] { 0x61, 0xc3, 0x27 }, "0xc3 0x27")]
    [InlineData(new byte[] { 0xe2, 0x82 }, "0xe2 0x82")]
    [InlineData(new byte[] { 0x61, 0x00 }, "0x00")]
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 }, "0xed 0xa0 0x80")]
    public void InvalidUtf8Text_Is22021(byte[] bytes, string shown)
    {
        var error = Assert.Throws<OmenDb.Common.PgException>(
            () => ParameterDecoder.Decode(PgTypes.Text, binary: false, new System.Buffers.ReadOnlySequence<byte>(bytes), 1));
        Assert.Equal(("22021", "invalid byte sequence for encoding \"UTF8\": " + shown), (error.SqlState, error.Message));
    }

    [Fact]
    public void DataRow_GrowsItsSpanForLongValues()
    {
        var vector = (ReferenceVector<string>)ColumnVector.Create(PgTypes.Text, 1);
        var longText = new string('é', 100_000);
        vector.Add(longText);
        var writer = new System.Buffers.ArrayBufferWriter<byte>(16);
        var output = new PgOutput(writer);
        DataRowWriter.WriteRow(output, [vector], 0, ResultFormats.AllText);
        Assert.Equal(7 + 4 + 200_000, writer.WrittenCount);
    }

    [Fact]
    public void DataRow_HonoursTheSelectionVectorAndPerColumnFormats()
    {
        var ints = (PrimitiveVector<int>)ColumnVector.Create(PgTypes.Int4, 4);
        var texts = (ReferenceVector<string>)ColumnVector.Create(PgTypes.Text, 4);
        for (var i = 0; i < 4; i++)
        {
            ints.Add(i);
            texts.Add("r" + i);
        }

        var batch = new Batch([ints, texts], 4) { Selection = [1, 3], SelectionCount = 2 };
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.Equal(2, DataRowWriter.WriteRows(new PgOutput(writer), batch, 0, 10, ResultFormats.PerColumn([false, true]), long.MaxValue));
        var row1 = "44" + "00000011" + "0002" + "00000001" + "31" + "00000002" + "7231";
        var row3 = "44" + "00000011" + "0002" + "00000001" + "33" + "00000002" + "7233";
        Assert.Equal(row1 + row3, Hex.Of(writer.WrittenSpan));
    }

    private static void AssertSame(object expected, object actual)
    {
        switch (expected)
        {
            case PgArray array:
                var other = Assert.IsType<PgArray>(actual);
                Assert.Equal(array.ElementType, other.ElementType);
                Assert.Equal(array.Elements, other.Elements);
                Assert.Equal(array.Dimensions, other.Dimensions);
                Assert.Equal(array.LowerBounds, other.LowerBounds);
                break;
            case PgNumeric d:
                Assert.Equal(d, Assert.IsType<PgNumeric>(actual));
                Assert.Equal(d.Scale, ((PgNumeric)actual).Scale);
                break;
            default:
                Assert.Equal(expected, actual);
                break;
        }
    }
}
