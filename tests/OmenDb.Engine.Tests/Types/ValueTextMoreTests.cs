using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Tests.Types;

/// <summary>Session time zones, special date words with a clock, vectors (pgvector's messages) and the UTF-8 fast path.</summary>
public sealed class ValueTextMoreTests
{
    /// <summary>timestamptz output per TimeZone, from PostgreSQL 15 (PGTZ=zone).</summary>
    [Theory]
    [InlineData("Asia/Kolkata", "2024-01-31 13:45:06.5+00", "2024-01-31 19:15:06.5+05:30")]
    [InlineData("Asia/Kolkata", "2024-07-01 00:00+00", "2024-07-01 05:30:00+05:30")]
    [InlineData("America/St_Johns", "2024-01-31 13:45:06.5+00", "2024-01-31 10:15:06.5-03:30")]
    [InlineData("America/St_Johns", "2024-07-01 00:00+00", "2024-06-30 21:30:00-02:30")]
    [InlineData("Europe/Paris", "2024-01-31 13:45:06.5+00", "2024-01-31 14:45:06.5+01")]
    [InlineData("Europe/Paris", "2024-07-01 00:00+00", "2024-07-01 02:00:00+02")]
    [InlineData("Asia/Kathmandu", "2024-07-01 00:00+00", "2024-07-01 05:45:00+05:45")]
    // Known difference: before a zone's first transition PostgreSQL shows local mean time to the second
    // ("1850-01-01 00:09:21+00:09:21" in Europe/Paris); .NET's TimeZoneInfo rounds offsets to whole minutes.
    public void TimestampTzInSessionZone(string zone, string input, string expected)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var value = ValueText.Parse(PgTypes.TimestampTz, input);
        Assert.Equal(expected, ValueText.Format(PgTypes.TimestampTz, value, tz));
    }

    /// <summary>Zone-less input is local to the session zone; a time in the spring-forward gap moves forward as in PostgreSQL.</summary>
    [Theory]
    [InlineData("Europe/Paris", "2024-03-31 02:30", "2024-03-31 03:30:00+02")]
    [InlineData("Asia/Kolkata", "2024-03-31 02:30", "2024-03-31 02:30:00+05:30")]
    [InlineData("America/New_York", "2024-11-03 01:30:00", "2024-11-03 01:30:00-05")]
    public void ZonelessInputUsesSessionZone(string zone, string input, string expected)
    {
        var context = new EvalContext { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone) };
        var value = ValueText.Parse(PgTypes.TimestampTz, input, -1, context);
        Assert.Equal(expected, ValueText.Format(PgTypes.TimestampTz, value, context.TimeZone));
    }

    [Fact]
    public void SpecialWordsUseTheTransactionClock()
    {
        // 2024-01-31 23:30:00 UTC is already 2024-02-01 in Paris.
        var now = (long)ValueText.Parse(PgTypes.TimestampTz, "2024-01-31 23:30:00+00");
        var context = new EvalContext { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"), TransactionTimestamp = now };
        string Show(PgType type, string text) => ValueText.Format(type, ValueText.Parse(type, text, -1, context), context.TimeZone);
        Assert.Equal("2024-02-01", Show(PgTypes.Date, "today"));
        Assert.Equal("2024-02-02", Show(PgTypes.Date, "tomorrow"));
        Assert.Equal("2024-01-31", Show(PgTypes.Date, "yesterday"));
        Assert.Equal("2024-02-01 00:30:00+01", Show(PgTypes.TimestampTz, "now"));
        Assert.Equal("2024-02-01 00:00:00+01", Show(PgTypes.TimestampTz, "today"));
        Assert.Equal("2024-02-01 00:30:00", Show(PgTypes.Timestamp, "now"));
        Assert.Equal("00:30:00", Show(PgTypes.Time, "now"));
    }

    [Theory]
    [InlineData("[1,2,3]", "[1,2,3]")]
    [InlineData("[-1,-2,-3]", "[-1,-2,-3]")]
    [InlineData("[1.,2.,3.]", "[1,2,3]")]
    [InlineData(" [ 1,  2 ,    3  ] ", "[1,2,3]")]
    [InlineData("[1.23456]", "[1.23456]")]
    [InlineData("[1.5e38,-1.5e38]", "[1.5e+38,-1.5e+38]")]
    [InlineData("[1.5e-38,-1.5e-38]", "[1.5e-38,-1.5e-38]")]
    [InlineData("[1e-46,1]", "[0,1]")]
    [InlineData("[-1e-46,1]", "[-0,1]")]
    [InlineData("[0.1,1000000,123456.7]", "[0.1,1e+06,123456.7]")]
    [InlineData("[hello,1]", "!22P02: invalid input syntax for type vector: \"[hello,1]\"")]
    [InlineData("[NaN,1]", "!22000: NaN not allowed in vector")]
    [InlineData("[Infinity,1]", "!22000: infinite value not allowed in vector")]
    [InlineData("[-Infinity,1]", "!22000: infinite value not allowed in vector")]
    [InlineData("[4e38,1]", "!22003: \"4e38\" is out of range for type vector")]
    [InlineData("[-4e38,1]", "!22003: \"-4e38\" is out of range for type vector")]
    [InlineData("[1,2,3", "!22P02: invalid input syntax for type vector: \"[1,2,3\"")]
    [InlineData("[1,2,3]9", "!22P02: invalid input syntax for type vector: \"[1,2,3]9\"")]
    [InlineData("1,2,3", "!22P02: invalid input syntax for type vector: \"1,2,3\"")]
    [InlineData("", "!22P02: invalid input syntax for type vector: \"\"")]
    [InlineData("[", "!22P02: invalid input syntax for type vector: \"[\"")]
    [InlineData("[,", "!22P02: invalid input syntax for type vector: \"[,\"")]
    [InlineData("[]", "!22000: vector must have at least 1 dimension")]
    [InlineData("[ ]", "!22000: vector must have at least 1 dimension")]
    [InlineData("[,]", "!22P02: invalid input syntax for type vector: \"[,]\"")]
    [InlineData("[1,]", "!22P02: invalid input syntax for type vector: \"[1,]\"")]
    [InlineData("[1a]", "!22P02: invalid input syntax for type vector: \"[1a]\"")]
    [InlineData("[1,,3]", "!22P02: invalid input syntax for type vector: \"[1,,3]\"")]
    [InlineData("[1, ,3]", "!22P02: invalid input syntax for type vector: \"[1, ,3]\"")]
    public void VectorAsPgvector(string input, string expected)
    {
        if (expected.StartsWith('!'))
        {
            var ex = Assert.Throws<PgException>(() => ValueText.Parse(PgTypes.Vector, input));
            Assert.Equal(expected, "!" + ex.SqlState + ": " + ex.Message);
            return;
        }

        Assert.Equal(expected, ValueText.Format(PgTypes.Vector, ValueText.Parse(PgTypes.Vector, input)));
    }

    [Fact]
    public void VectorTypmodIsCheckedByInput()
    {
        var ex = Assert.Throws<PgException>(() => ValueText.Parse(PgTypes.Vector, "[1,2,3]", 2));
        Assert.Equal("22000", ex.SqlState);
        Assert.Equal("expected 2 dimensions, not 3", ex.Message);
        var vectors = ValueText.Parse(PgTypes.Vector.ArrayType!, "{\"[1,2,3]\", \"[4,5,6]\"}");
        Assert.Equal("{\"[1,2,3]\",\"[4,5,6]\"}", ValueText.Format(PgTypes.Vector.ArrayType!, vectors));
    }

    public static TheoryData<string> FastPathTypes() =>
        ["bool", "int2", "int4", "int8", "float4", "float8", "oid", "date", "time", "timestamp", "timestamptz", "uuid", "text", "numeric",
            "interval", "bytea", "_int4", "vector", "jsonb", "char"];

    [Theory]
    [MemberData(nameof(FastPathTypes))]
    public void TryFormatUtf8MatchesFormat(string type)
    {
        var pgType = ValueTextReferenceTests.TypeOf(type);
        var random = new Random(7);
        var vector = ColumnVector.Create(pgType, 64);
        var values = new List<object>();
        for (var k = 0; k < 64; k++)
        {
            var value = pgType == PgTypes.Oid ? (uint)random.Next() : pgType == PgTypes.Char ? "a" : RandomValues.Create(pgType, random);
            values.Add(value);
            vector.Append(value);
        }

        Span<byte> small = stackalloc byte[2];
        var big = new byte[4096];
        for (var k = 0; k < values.Count; k++)
        {
            var expected = Encoding.UTF8.GetBytes(ValueText.Format(pgType, values[k]));
            Assert.True(ValueText.TryFormatUtf8(pgType, vector, k, big, out var written));
            Assert.Equal(expected, big[..written]);
            if (expected.Length > small.Length)
            {
                Assert.False(ValueText.TryFormatUtf8(pgType, vector, k, small, out written));
                Assert.Equal(0, written);
            }
        }
    }

    [Fact]
    public void TryFormatUtf8DoesNotAllocateForFixedWidthTypes()
    {
        var vector = (PrimitiveVector<long>)ColumnVector.Create(PgTypes.TimestampTz, 4);
        vector.Add(761_234_567_891_234L);
        var buffer = new byte[64];
        ValueText.TryFormatUtf8(PgTypes.TimestampTz, vector, 0, buffer, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < 100; k++)
        {
            ValueText.TryFormatUtf8(PgTypes.TimestampTz, vector, 0, buffer, out _);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void NumericHoldsWhatPostgresHolds()
    {
        Assert.Equal("123456789012345678901234567890.5", ValueText.Format(PgTypes.Numeric, ValueText.Parse(PgTypes.Numeric, "123456789012345678901234567890.5")));
        Assert.Equal("NaN", ValueText.Format(PgTypes.Numeric, ValueText.Parse(PgTypes.Numeric, " nan ")));
        Assert.Equal("-Infinity", ValueText.Format(PgTypes.Numeric, ValueText.Parse(PgTypes.Numeric, "-inf")));
        Assert.Equal(131072, ValueText.Format(PgTypes.Numeric, ValueText.Parse(PgTypes.Numeric, "1e131071")).Length);
        var ex = Assert.Throws<PgException>(() => ValueText.Parse(PgTypes.Numeric, "1e131072"));
        Assert.Equal("22003", ex.SqlState);
        Assert.Equal("value overflows numeric format", ex.Message);
        ex = Assert.Throws<PgException>(() => ValueText.Parse(PgTypes.Numeric, "-NaN"));
        Assert.Equal("22P02", ex.SqlState);
        Assert.Equal("invalid input syntax for type numeric: \"-NaN\"", ex.Message);
    }

    [Fact]
    public void JsonErrorsCarryPostgresContext()
    {
        var ex = Assert.Throws<PgException>(() => ValueText.Parse(PgTypes.Json, "{\"a\" 1}"));
        Assert.Equal("Expected \":\", but found \"1\".", ex.Detail);
        Assert.Equal("JSON data, line 1: {\"a\" 1...", ex.Where);
        ex = Assert.Throws<PgException>(() => ValueText.Parse(PgTypes.Json, "{\"a\":1,}"));
        Assert.Equal("JSON data, line 1: {\"a\":1,}", ex.Where);
    }
}
