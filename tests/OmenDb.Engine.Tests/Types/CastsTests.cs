using OmenDb.Common;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Tests.Types;

/// <summary>Casts against PostgreSQL 15: the pg_cast table (castcontext) and conversions checked on a reference server.</summary>
public sealed class CastsTests
{
    /// <summary>pg_cast rows among the built-in types we have: (castsource, casttarget, castcontext), from the reference server.</summary>
    private static readonly (uint Source, uint Target, char Context)[] s_pgCast =
    [
        (16, 23, 'e'),
        (16, 25, 'a'),
        (16, 1042, 'a'),
        (16, 1043, 'a'),
        (18, 23, 'e'),
        (18, 25, 'i'),
        (18, 1042, 'a'),
        (18, 1043, 'a'),
        (19, 25, 'i'),
        (19, 1042, 'a'),
        (19, 1043, 'a'),
        (20, 21, 'a'),
        (20, 23, 'a'),
        (20, 24, 'i'),
        (20, 26, 'i'),
        (20, 700, 'i'),
        (20, 701, 'i'),
        (20, 790, 'a'),
        (20, 1700, 'i'),
        (20, 2202, 'i'),
        (20, 2203, 'i'),
        (20, 2205, 'i'),
        (20, 2206, 'i'),
        (20, 4089, 'i'),
        (20, 4096, 'i'),
        (21, 20, 'i'),
        (21, 23, 'i'),
        (21, 24, 'i'),
        (21, 26, 'i'),
        (21, 700, 'i'),
        (21, 701, 'i'),
        (21, 1700, 'i'),
        (21, 2202, 'i'),
        (21, 2203, 'i'),
        (21, 2205, 'i'),
        (21, 2206, 'i'),
        (21, 4089, 'i'),
        (21, 4096, 'i'),
        (23, 16, 'e'),
        (23, 18, 'e'),
        (23, 20, 'i'),
        (23, 21, 'a'),
        (23, 24, 'i'),
        (23, 26, 'i'),
        (23, 700, 'i'),
        (23, 701, 'i'),
        (23, 790, 'a'),
        (23, 1700, 'i'),
        (23, 2202, 'i'),
        (23, 2203, 'i'),
        (23, 2205, 'i'),
        (23, 2206, 'i'),
        (23, 4089, 'i'),
        (23, 4096, 'i'),
        (24, 20, 'a'),
        (24, 23, 'a'),
        (24, 26, 'i'),
        (24, 2202, 'i'),
        (25, 18, 'a'),
        (25, 19, 'i'),
        (25, 1042, 'i'),
        (25, 1043, 'i'),
        (25, 2205, 'i'),
        (26, 20, 'a'),
        (26, 23, 'a'),
        (26, 24, 'i'),
        (26, 2202, 'i'),
        (26, 2203, 'i'),
        (26, 2205, 'i'),
        (26, 2206, 'i'),
        (26, 4089, 'i'),
        (26, 4096, 'i'),
        (114, 3802, 'a'),
        (700, 20, 'a'),
        (700, 21, 'a'),
        (700, 23, 'a'),
        (700, 701, 'i'),
        (700, 1700, 'a'),
        (701, 20, 'a'),
        (701, 21, 'a'),
        (701, 23, 'a'),
        (701, 700, 'a'),
        (701, 1700, 'a'),
        (790, 1700, 'a'),
        (1042, 18, 'a'),
        (1042, 19, 'i'),
        (1042, 25, 'i'),
        (1042, 1042, 'i'),
        (1042, 1043, 'i'),
        (1043, 18, 'a'),
        (1043, 19, 'i'),
        (1043, 25, 'i'),
        (1043, 1042, 'i'),
        (1043, 1043, 'i'),
        (1043, 2205, 'i'),
        (1082, 1114, 'i'),
        (1082, 1184, 'i'),
        (1083, 1083, 'i'),
        (1083, 1186, 'i'),
        (1114, 1082, 'a'),
        (1114, 1083, 'a'),
        (1114, 1114, 'i'),
        (1114, 1184, 'i'),
        (1184, 1082, 'a'),
        (1184, 1083, 'a'),
        (1184, 1114, 'a'),
        (1184, 1184, 'i'),
        (1186, 1083, 'a'),
        (1186, 1186, 'i'),
        (1700, 20, 'a'),
        (1700, 21, 'a'),
        (1700, 23, 'a'),
        (1700, 700, 'i'),
        (1700, 701, 'i'),
        (1700, 790, 'a'),
        (1700, 1700, 'i'),
        (2202, 20, 'a'),
        (2202, 23, 'a'),
        (2202, 24, 'i'),
        (2202, 26, 'i'),
        (2203, 20, 'a'),
        (2203, 23, 'a'),
        (2203, 26, 'i'),
        (2205, 20, 'a'),
        (2205, 23, 'a'),
        (2205, 26, 'i'),
        (2206, 20, 'a'),
        (2206, 23, 'a'),
        (2206, 26, 'i'),
        (3802, 16, 'e'),
        (3802, 20, 'e'),
        (3802, 21, 'e'),
        (3802, 23, 'e'),
        (3802, 114, 'a'),
        (3802, 700, 'e'),
        (3802, 701, 'e'),
        (3802, 1700, 'e'),
        (4089, 20, 'a'),
        (4089, 23, 'a'),
        (4089, 26, 'i'),
        (4096, 20, 'a'),
        (4096, 23, 'a'),
        (4096, 26, 'i'),
    ];

    private static PgType TypeOf(string name)
    {
        if (name.EndsWith("[]", StringComparison.Ordinal))
        {
            return TypeOf(name[..^2]).ArrayType!;
        }

        return name == "\"char\"" ? PgTypes.Char : PgTypes.FromName(name)!;
    }

    [Fact]
    public void EveryPgCastRowIsPresentWithTheSameContext()
    {
        foreach (var (source, target, context) in s_pgCast)
        {
            // text/varchar → regclass look names up in the catalog: not a type-system cast here.
            if (target == PgTypes.Regclass.Oid && source is 25 or 1043)
            {
                continue;
            }

            var entry = Casts.Find(PgTypes.FromOid(source)!, PgTypes.FromOid(target)!);
            Assert.True(entry is not null, $"missing cast {source} -> {target}");
            Assert.Equal(context, (char)entry.Context);
        }
    }

    [Fact]
    public void EveryListedCastIsInPgCastOrPgvector()
    {
        var pg = s_pgCast.Select(c => (c.Source, c.Target)).ToHashSet();
        foreach (var entry in Casts.All)
        {
            if (entry.Source.Kind == PgTypeKind.Vector || entry.Target.Kind == PgTypeKind.Vector)
            {
                continue;
            }

            Assert.True(pg.Contains((entry.Source.Oid, entry.Target.Oid)), $"{entry.Source.Name} -> {entry.Target.Name} is not in pg_cast");
        }
    }

    [Theory]
    [InlineData("int4", "text", 'a')]
    [InlineData("date", "varchar", 'a')]
    [InlineData("uuid", "bpchar", 'a')]
    [InlineData("text", "int4", 'e')]
    [InlineData("varchar", "uuid", 'e')]
    [InlineData("bpchar", "date", 'e')]
    [InlineData("name", "int8", 'e')]
    [InlineData("int4[]", "int8[]", 'i')]
    [InlineData("int8[]", "int4[]", 'a')]
    [InlineData("int4[]", "bool[]", 'e')]
    [InlineData("int4[]", "text", 'a')]
    [InlineData("text", "int4[]", 'e')]
    [InlineData("jsonb", "text", 'a')]
    [InlineData("int4[]", "vector", 'a')]
    [InlineData("float4[]", "vector", 'a')]
    [InlineData("float8[]", "vector", 'a')]
    [InlineData("numeric[]", "vector", 'a')]
    [InlineData("vector", "float4[]", 'i')]
    [InlineData("vector", "text", 'a')]
    [InlineData("text", "vector", 'e')]
    public void DerivedCastsHavePostgresContexts(string source, string target, char context)
    {
        var entry = Casts.Find(TypeOf(source), TypeOf(target));
        Assert.NotNull(entry);
        Assert.Equal(context, (char)entry.Context);
    }

    [Theory]
    [InlineData("int4", "uuid")]
    [InlineData("date", "int4")]
    [InlineData("bool", "int8")]
    [InlineData("uuid", "bytea")]
    [InlineData("int4", "int4")]
    public void NoCast(string source, string target) => Assert.Null(Casts.Find(TypeOf(source), TypeOf(target)));

    /// <summary>(source, target, input text of the source, PostgreSQL's output of the cast) with TimeZone America/New_York.</summary>
    [Theory]
    [InlineData("float8", "int4", "2.5", "2")]
    [InlineData("float8", "int4", "3.5", "4")]
    [InlineData("float8", "int4", "-2.5", "-2")]
    [InlineData("float8", "int4", "1e10", "!22003: integer out of range")]
    [InlineData("float8", "int4", "nan", "!22003: integer out of range")]
    [InlineData("float8", "int2", "1e10", "!22003: smallint out of range")]
    [InlineData("float8", "int8", "1e30", "!22003: bigint out of range")]
    [InlineData("float4", "int2", "2.5", "2")]
    [InlineData("numeric", "int4", "2.5", "3")]
    [InlineData("numeric", "int4", "-2.5", "-3")]
    [InlineData("numeric", "int4", "99999999999.5", "!22003: integer out of range")]
    [InlineData("numeric", "int8", "-9223372036854775808", "-9223372036854775808")]
    [InlineData("int4", "int2", "99999", "!22003: smallint out of range")]
    [InlineData("int8", "int4", "99999999999", "!22003: integer out of range")]
    [InlineData("int4", "\"char\"", "300", "!22003: \"char\" out of range")]
    [InlineData("int4", "\"char\"", "65", "A")]
    [InlineData("int8", "oid", "99999999999", "!22003: OID out of range")]
    [InlineData("int8", "oid", "4294967295", "4294967295")]
    [InlineData("int4", "oid", "-1", "4294967295")]
    [InlineData("oid", "int4", "4294967295", "-1")]
    [InlineData("jsonb", "int4", "\"a\"", "!22023: cannot cast jsonb string to type integer")]
    [InlineData("jsonb", "int4", "1.5", "2")]
    [InlineData("jsonb", "int4", "1.7", "2")]
    [InlineData("jsonb", "numeric", "true", "!22023: cannot cast jsonb boolean to type numeric")]
    [InlineData("jsonb", "int4", "null", "!22023: cannot cast jsonb null to type integer")]
    [InlineData("jsonb", "bool", "[1]", "!22023: cannot cast jsonb array to type boolean")]
    [InlineData("jsonb", "bool", "{\"a\":1}", "!22023: cannot cast jsonb object to type boolean")]
    [InlineData("jsonb", "bool", "1", "!22023: cannot cast jsonb numeric to type boolean")]
    [InlineData("jsonb", "float8", "1.5", "1.5")]
    [InlineData("jsonb", "bool", "true", "t")]
    [InlineData("bool", "text", "true", "true")]
    [InlineData("bool", "varchar", "false", "false")]
    [InlineData("\"char\"", "int4", "é", "-61")]
    [InlineData("text", "\"char\"", "abc", "a")]
    [InlineData("text", "\"char\"", "é", "\\303")]
    [InlineData("float8", "numeric", "1.2345678901234567", "1.23456789012346")]
    [InlineData("float4", "numeric", "0.1", "0.1")]
    [InlineData("float8", "numeric", "1e20", "100000000000000000000")]
    [InlineData("float8", "numeric", "1.5", "1.5")]
    [InlineData("float4", "numeric", "123456.7", "123457")]
    [InlineData("float8", "numeric", "1e-10", "0.0000000001")]
    [InlineData("float8", "numeric", "0.1", "0.1")]
    [InlineData("float8", "float4", "1e300", "!22003: value out of range: overflow")]
    [InlineData("float8", "float4", "1e-300", "!22003: value out of range: underflow")]
    [InlineData("float8", "float4", "0.1", "0.1")]
    [InlineData("numeric", "float8", "0.1", "0.1")]
    [InlineData("numeric", "float4", "1.23456789", "1.2345679")]
    [InlineData("int8", "float4", "9007199254740993", "9.007199e+15")]
    [InlineData("int4", "bool", "0", "f")]
    [InlineData("int4", "bool", "-5", "t")]
    [InlineData("bool", "int4", "true", "1")]
    [InlineData("date", "timestamp", "2024-01-31", "2024-01-31 00:00:00")]
    [InlineData("date", "timestamptz", "2024-01-31", "2024-01-31 00:00:00-05")]
    [InlineData("date", "timestamp", "infinity", "infinity")]
    [InlineData("date", "timestamp", "5874897-01-01", "!22008: date out of range for timestamp")]
    [InlineData("timestamptz", "date", "2024-01-31 10:00+00", "2024-01-31")]
    [InlineData("timestamp", "time", "2024-01-31 10:00:00.5", "10:00:00.5")]
    [InlineData("timestamp", "date", "-infinity", "-infinity")]
    [InlineData("interval", "time", "36 hours", "12:00:00")]
    [InlineData("interval", "time", "-1 hours", "23:00:00")]
    [InlineData("time", "interval", "13:00", "13:00:00")]
    [InlineData("timestamp", "timestamptz", "2024-01-31 03:00", "2024-01-31 03:00:00-05")]
    [InlineData("timestamptz", "timestamp", "2024-01-31 03:00+00", "2024-01-30 22:00:00")]
    [InlineData("timestamptz", "time", "2024-01-31 03:00+00", "22:00:00")]
    [InlineData("json", "jsonb", "{\"b\":1,\"a\":2}", "{\"a\": 2, \"b\": 1}")]
    [InlineData("jsonb", "json", "{\"b\":1,\"a\":2}", "{\"a\": 2, \"b\": 1}")]
    [InlineData("bpchar", "text", "ab  ", "ab")]
    [InlineData("bpchar", "varchar", "ab  ", "ab")]
    [InlineData("text", "name", "abc", "abc")]
    [InlineData("int4", "text", "42", "42")]
    [InlineData("float8", "text", "1e20", "1e+20")]
    [InlineData("date", "text", "2024-01-31", "2024-01-31")]
    [InlineData("interval", "varchar", "1 day", "1 day")]
    [InlineData("uuid", "text", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")]
    [InlineData("text", "int4", " 12 ", "12")]
    [InlineData("text", "date", "Jan 31 2024", "2024-01-31")]
    [InlineData("varchar", "float8", "NaN", "NaN")]
    [InlineData("text", "uuid", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")]
    [InlineData("int4[]", "int8[]", "{1,2,NULL}", "{1,2,NULL}")]
    [InlineData("int4[]", "text[]", "{1,2}", "{1,2}")]
    [InlineData("text[]", "int4[]", "{1,2}", "{1,2}")]
    [InlineData("float8[]", "int4[]", "{1.5,2.5}", "{2,2}")]
    [InlineData("int4[]", "text", "{1,2}", "{1,2}")]
    [InlineData("text", "int4[]", "{1,2}", "{1,2}")]
    [InlineData("int4[]", "int2[]", "{1,99999}", "!22003: smallint out of range")]
    [InlineData("numeric[]", "int4[]", "{1.5,-2.5}", "{2,-3}")]
    public void ConversionMatchesPostgres(string source, string target, string input, string expected)
    {
        var context = new EvalContext { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), TimeZoneName = "America/New_York" };
        var sourceType = TypeOf(source);
        var targetType = TypeOf(target);
        var value = ValueText.Parse(sourceType, input, -1, context);
        var entry = Casts.Find(sourceType, targetType);
        Assert.NotNull(entry);
        if (expected.StartsWith('!'))
        {
            var ex = Assert.Throws<PgException>(() => entry.Invoke(value, -1, context));
            Assert.Equal(expected, "!" + ex.SqlState + ": " + ex.Message);
            return;
        }

        var result = entry.Invoke(value, -1, context);
        Assert.Equal(expected, ValueText.Format(targetType, result, context.TimeZone));
    }

    [Theory]
    [InlineData("{1,2,3}", "[1,2,3]")]
    [InlineData("{1.5,-2}", "[1.5,-2]")]
    public void ArrayToVector(string array, string vector)
    {
        var entry = Casts.Find(PgTypes.Float8.ArrayType!, PgTypes.Vector)!;
        var value = entry.Invoke(ValueText.Parse(PgTypes.Float8.ArrayType!, array), -1, new EvalContext());
        Assert.Equal(vector, ValueText.Format(PgTypes.Vector, value));
    }

    [Theory]
    [InlineData("{1,NULL}", "22004", "array must not contain nulls")]
    [InlineData("{NaN}", "22000", "NaN not allowed in vector")]
    [InlineData("{Infinity}", "22000", "infinite value not allowed in vector")]
    [InlineData("{}", "22000", "vector must have at least 1 dimension")]
    public void ArrayToVectorErrors(string array, string sqlState, string message)
    {
        var entry = Casts.Find(PgTypes.Float4.ArrayType!, PgTypes.Vector)!;
        var ex = Assert.Throws<PgException>(() => entry.Invoke(ValueText.Parse(PgTypes.Float4.ArrayType!, array), -1, new EvalContext()));
        Assert.Equal(sqlState, ex.SqlState);
        Assert.Equal(message, ex.Message);
    }
}
