using OmenDb.Common;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Tests.Types;

/// <summary>btree ordering as PostgreSQL 15 sorts (ORDER BY on a C-collation database), and Compare/Equals/hash consistency.</summary>
public sealed class ValueComparerTests
{
    /// <summary>Inputs already in PostgreSQL's ascending order (checked with SELECT ... ORDER BY on the reference server);
    /// values separated by '|' within a group are equal.</summary>
    [Theory]
    [InlineData("float8", "-Infinity;-1e300;-0|0;5e-324;1;Infinity;NaN|nan")]
    [InlineData("float4", "-Infinity;-1;0|-0;1.5;NaN")]
    [InlineData("numeric", "-10;-1.5;0|0.00|-0;1.5|1.50|1.500;2")]
    [InlineData("text", ";A;B;Z;_;a;ab;b;z;é;€;😀")]
    [InlineData("text", ";a;ab;abc;b")]
    [InlineData("bpchar", "a|a  ;ab|ab ;b")]
    [InlineData("bool", "f;t")]
    [InlineData("interval", "-1 day;00:00:00;23:59:59;1 day|24:00:00;29 days;1 mon|30 days;1 year")]
    [InlineData("uuid", "00000000-0000-0000-0000-000000000001;00000000-0000-0000-0000-000000000100;0000ffff-0000-0000-0000-000000000000;10000000-0000-0000-0000-000000000000;ffffffff-0000-0000-0000-000000000000")]
    [InlineData("bytea", "\\x;\\x00;\\x0001;\\x01;\\xff")]
    [InlineData("date", "-infinity;4714-11-24 BC;0001-01-01;2000-01-01;2024-01-31;infinity")]
    [InlineData("timestamp", "-infinity;1999-12-31 23:59:59.999999;2000-01-01 00:00:00;infinity")]
    [InlineData("_int4", "{};[0:0]={1};{1};{1,2};{{1,2}};{{1},{2}};{1,2,3};{1,3};{1,NULL};{2};{NULL};{NULL,1}")]
    [InlineData("_text", "{a};{a,b};{b}")]
    [InlineData("jsonb", "[];null;\"a\";\"aa\";\"b\";1|1.0;2;false;true;[\"a\"];[2];[[]];[1, 2];{};{\"b\": 1};{\"a\": 1, \"b\": 1}")]
    [InlineData("jsonb", "\"x\";0.5;1;[null];[\"x\"];[1];[{}];[1, 2];{\"a\": 1};{\"a\": 2};{\"aa\": 1};{\"b\": 1}")]
    [InlineData("vector", "[1,2];[1,2,3];[2]")]
    [InlineData("oid", "0;1;4294967295")]
    [InlineData("int8", "-9223372036854775808;-1;0;9223372036854775807")]
    public void OrdersAsPostgres(string type, string ordered)
    {
        var pgType = ValueTextReferenceTests.TypeOf(type);
        var groups = ordered.Split(';').Select(g => g.Split('|').Select(t => ValueText.Parse(pgType, t)).ToArray()).ToArray();
        for (var i = 0; i < groups.Length; i++)
        {
            for (var j = 0; j < groups.Length; j++)
            {
                foreach (var a in groups[i])
                {
                    foreach (var b in groups[j])
                    {
                        var expected = i.CompareTo(j);
                        Assert.Equal(expected, Math.Sign(ValueComparer.Compare(pgType, a, b)));
                        Assert.Equal(expected == 0, ValueComparer.Equals(pgType, a, b));
                        if (expected == 0)
                        {
                            Assert.Equal(ValueComparer.GetHashCode(pgType, a), ValueComparer.GetHashCode(pgType, b));
                        }
                    }
                }
            }
        }
    }

    public static TheoryData<string> RandomTypes() =>
        ["int2", "int4", "int8", "float4", "float8", "numeric", "text", "bpchar", "bool", "interval", "uuid", "bytea", "date", "time",
            "timestamp", "timestamptz", "_int4", "_text", "vector", "jsonb"];

    /// <summary>For random values: Compare is antisymmetric and agrees with Equals, equal values hash alike, sorting is
    /// consistent with pairwise comparisons, and Format → Parse gives an equal value.</summary>
    [Theory]
    [MemberData(nameof(RandomTypes))]
    public void RandomValuesAreConsistent(string type)
    {
        var pgType = ValueTextReferenceTests.TypeOf(type);
        var random = new Random(type.GetHashCode(StringComparison.Ordinal) & 0x7FFF);
        var values = Enumerable.Range(0, 120).Select(_ => RandomValues.Create(pgType, random)).ToList();
        values.AddRange(values.Take(20).Select(v => ValueText.Parse(pgType, ValueText.Format(pgType, v))));
        foreach (var a in values)
        {
            var text = ValueText.Format(pgType, a);
            var back = ValueText.Parse(pgType, text);
            Assert.True(ValueComparer.Equals(pgType, a, back), $"{type}: '{text}' did not round-trip");
            Assert.Equal(text, ValueText.Format(pgType, back));
            foreach (var b in values)
            {
                var ab = Math.Sign(ValueComparer.Compare(pgType, a, b));
                var ba = Math.Sign(ValueComparer.Compare(pgType, b, a));
                Assert.Equal(-ab, ba);
                Assert.Equal(ab == 0, ValueComparer.Equals(pgType, a, b));
                if (ab == 0)
                {
                    Assert.Equal(ValueComparer.GetHashCode(pgType, a), ValueComparer.GetHashCode(pgType, b));
                }
            }
        }

        var comparer = new TypedValueComparer(pgType);
        var sorted = values.Cast<object?>().Append(null).OrderBy(v => v, comparer).ToList();
        Assert.Null(sorted[^1]);
        for (var k = 1; k < sorted.Count - 1; k++)
        {
            Assert.True(comparer.Compare(sorted[k - 1], sorted[k]) <= 0);
        }
    }

    [Fact]
    public void TypedComparerPutsNullsLastAndGroupsThem()
    {
        var comparer = new TypedValueComparer(PgTypes.Int4);
        Assert.True(comparer.Compare(null, 1) > 0);
        Assert.True(comparer.Compare(1, null) < 0);
        Assert.Equal(0, comparer.Compare(null, null));
        Assert.True(comparer.Equals(null, null));
        Assert.False(comparer.Equals(null, 0));
        var set = new HashSet<object?>(comparer) { 1, null, 1, null, 2 };
        Assert.Equal(3, set.Count);
        var numeric = new HashSet<object?>(new TypedValueComparer(PgTypes.Numeric)) { PgNumeric.Parse("1.5"), PgNumeric.Parse("1.50"), PgNumeric.Parse("1.500") };
        Assert.Single(numeric);
    }
}
