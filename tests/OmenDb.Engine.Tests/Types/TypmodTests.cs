using OmenDb.Common;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Tests.Types;

/// <summary>Length coercion (ApplyTypmod) and format_type, with expected results from PostgreSQL 15.</summary>
public sealed class TypmodTests
{
    private static int Typmod(string type, int a, int b) => type switch
    {
        "varchar" or "bpchar" => ValueText.CharacterTypmod(a),
        "numeric" => ValueText.NumericTypmod(a, b),
        "interval" => ValueText.IntervalTypmod(a),
        _ => a,
    };

    /// <summary>(type, typmod args, input, explicit cast?, PostgreSQL's result or "!SQLSTATE: message\nDETAIL").</summary>
    [Theory]
    [InlineData("varchar", 3, 0, "abcdef", true, "abc")]
    [InlineData("varchar", 3, 0, "abcd", false, "!22001: value too long for type character varying(3)")]
    [InlineData("varchar", 3, 0, "abc  ", false, "abc")]
    [InlineData("varchar", 3, 0, "ab", false, "ab")]
    [InlineData("varchar", 2, 0, "é€x", true, "é€")]
    [InlineData("varchar", 2, 0, "😀😀", false, "😀😀")]
    [InlineData("bpchar", 4, 0, "ab", true, "ab  ")]
    [InlineData("bpchar", 4, 0, "ab", false, "ab  ")]
    [InlineData("bpchar", 3, 0, "abcdef", true, "abc")]
    [InlineData("bpchar", 3, 0, "abcd", false, "!22001: value too long for type character(3)")]
    [InlineData("bpchar", 3, 0, "ab   ", false, "ab ")]
    [InlineData("bpchar", 1, 0, "ab", true, "a")]
    [InlineData("numeric", 5, 2, "123.456", false, "123.46")]
    [InlineData("numeric", 5, 2, "123.455", false, "123.46")]
    [InlineData("numeric", 5, 2, "-123.455", false, "-123.46")]
    [InlineData("numeric", 1, 0, "0.5", false, "1")]
    [InlineData("numeric", 3, 0, "1.5", false, "2")]
    [InlineData("numeric", 3, 0, "2.5", false, "3")]
    [InlineData("numeric", 5, 3, "1.5", false, "1.500")]
    [InlineData("numeric", 3, -1, "1234", false, "1230")]
    [InlineData("numeric", 2, 3, "0.0012", false, "0.001")]
    [InlineData("numeric", 2, 3, "0.09", false, "0.090")]
    [InlineData("numeric", 3, 2, "-0.004", false, "0.00")]
    [InlineData("numeric", 5, 2, "1234.5", false,
        "!22003: numeric field overflow\nA field with precision 5, scale 2 must round to an absolute value less than 10^3.")]
    [InlineData("numeric", 4, 2, "99.995", false,
        "!22003: numeric field overflow\nA field with precision 4, scale 2 must round to an absolute value less than 10^2.")]
    [InlineData("numeric", 2, 3, "0.5", false,
        "!22003: numeric field overflow\nA field with precision 2, scale 3 must round to an absolute value less than 10^-1.")]
    [InlineData("numeric", 3, -1, "12345", false,
        "!22003: numeric field overflow\nA field with precision 3, scale -1 must round to an absolute value less than 10^4.")]
    [InlineData("numeric", 2, 2, "1", false,
        "!22003: numeric field overflow\nA field with precision 2, scale 2 must round to an absolute value less than 1.")]
    [InlineData("time", 1, 0, "12:34:56.789", false, "12:34:56.8")]
    [InlineData("time", 0, 0, "12:34:56.5", false, "12:34:57")]
    [InlineData("timestamp", 0, 0, "2024-01-01 12:34:56.789", false, "2024-01-01 12:34:57")]
    [InlineData("timestamp", 0, 0, "-infinity", false, "-infinity")]
    [InlineData("timestamp", 6, 0, "2024-01-01 23:59:59.9999999", false, "2024-01-02 00:00:00")]
    [InlineData("timestamptz", 2, 0, "2024-01-01 12:34:56.789+00", false, "2024-01-01 12:34:56.79+00")]
    [InlineData("interval", 2, 0, "1 day 12:34:56.789", false, "1 day 12:34:56.79")]
    [InlineData("interval", 0, 0, "-12:34:56.5", false, "-12:34:57")]
    [InlineData("interval", 0, 0, "1 day -00:00:00.5", false, "1 day -00:00:01")]
    [InlineData("vector", 3, 0, "[1,2,3]", false, "[1,2,3]")]
    [InlineData("vector", 2, 0, "[1,2,3]", false, "!22000: expected 2 dimensions, not 3")]
    [InlineData("_varchar", 2, 0, "{abc,d,NULL}", true, "{ab,d,NULL}")]
    [InlineData("_numeric", 4, 1, "{1.25,2}", false, "{1.3,2.0}")]
    public void ApplyTypmodMatchesPostgres(string type, int a, int b, string input, bool isExplicit, string expected)
    {
        var pgType = PgTypes.FromName(type)!;
        var typmodType = pgType.ElementType ?? pgType;
        var typmod = Typmod(typmodType.Name, a, b);
        var value = ValueText.Parse(pgType, input);
        if (expected.StartsWith('!'))
        {
            var ex = Assert.Throws<PgException>(() => ValueText.ApplyTypmod(pgType, value, typmod, isExplicit));
            Assert.Equal(expected, "!" + ex.SqlState + ": " + ex.Message + (ex.Detail is null ? "" : "\n" + ex.Detail));
            return;
        }

        Assert.Equal(expected, ValueText.Format(pgType, ValueText.ApplyTypmod(pgType, value, typmod, isExplicit)));
    }

    [Fact]
    public void TypmodMinusOneIsANoOp()
    {
        Assert.Equal("abcdef", ValueText.ApplyTypmod(PgTypes.Varchar, "abcdef", -1, false));
        Assert.Equal(1.23456m, ValueText.ApplyTypmod(PgTypes.Numeric, 1.23456m, -1, false));
    }

    /// <summary>format_type(oid, typmod) as PostgreSQL 15 prints it.</summary>
    [Theory]
    [InlineData("varchar", 24, "character varying(20)")]
    [InlineData("bpchar", 5, "character(1)")]
    [InlineData("numeric", (10 << 16 | 2) + 4, "numeric(10,2)")]
    [InlineData("numeric", (10 << 16) + 4, "numeric(10,0)")]
    [InlineData("numeric", (3 << 16 | 2047) + 4, "numeric(3,-1)")]
    [InlineData("numeric", -1, "numeric")]
    [InlineData("timestamp", 3, "timestamp(3) without time zone")]
    [InlineData("timestamp", 0, "timestamp(0) without time zone")]
    [InlineData("timestamp", -1, "timestamp without time zone")]
    [InlineData("timestamptz", 3, "timestamp(3) with time zone")]
    [InlineData("time", 3, "time(3) without time zone")]
    [InlineData("interval", 2147418114, "interval(2)")]
    [InlineData("interval", -1, "interval")]
    [InlineData("_int4", -1, "integer[]")]
    [InlineData("_varchar", 24, "character varying(20)[]")]
    [InlineData("_timestamptz", 3, "timestamp(3) with time zone[]")]
    [InlineData("bpchar", -1, "bpchar")]
    [InlineData("varchar", -1, "character varying")]
    [InlineData("float8", -1, "double precision")]
    [InlineData("name", -1, "name")]
    [InlineData("int2vector", -1, "int2vector")]
    [InlineData("regclass", -1, "regclass")]
    [InlineData("bool", -1, "boolean")]
    [InlineData("vector", 3, "vector(3)")]
    [InlineData("vector", -1, "vector")]
    public void FormatTypeNameMatchesPostgres(string type, int typmod, string expected) =>
        Assert.Equal(expected, ValueText.FormatTypeName(PgTypes.FromName(type)!, typmod));

    [Fact]
    public void FormatTypeNameOfQuotedChar()
    {
        Assert.Equal("\"char\"", ValueText.FormatTypeName(PgTypes.Char, -1));
        Assert.Equal("\"char\"[]", ValueText.FormatTypeName(PgTypes.Char.ArrayType!, -1));
        Assert.Equal("character", ValueText.FormatTypeName(PgTypes.Bpchar));
    }
}
