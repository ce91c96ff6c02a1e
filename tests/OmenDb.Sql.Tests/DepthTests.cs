using OmenDb.Common;
using OmenDb.Sql.Parsing;

namespace OmenDb.Sql.Tests;

/// <summary>Pathological nesting ends in 54001 (PostgreSQL's "stack depth limit exceeded"), never a stack overflow.</summary>
public sealed class DepthTests
{
    private static void AssertTooDeep(string sql)
    {
        var e = Assert.Throws<PgException>(() => SqlParser.ParseScript(sql));
        Assert.Equal(SqlState.StatementTooComplex, e.SqlState);
        Assert.Equal("stack depth limit exceeded", e.Message);
        Assert.StartsWith("Increase the configuration parameter \"max_stack_depth\"", e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void TenThousandParentheses() => AssertTooDeep("SELECT " + new string('(', 10_000) + "1" + new string(')', 10_000));

    [Fact]
    public void TenThousandNots() => AssertTooDeep("SELECT " + string.Concat(Enumerable.Repeat("NOT ", 10_000)) + "true");

    [Fact]
    public void TenThousandUnaryMinus() => AssertTooDeep("SELECT " + string.Concat(Enumerable.Repeat("- ", 10_000)) + "1");

    [Fact]
    public void DeepScalarSubqueries() =>
        AssertTooDeep("SELECT " + string.Concat(Enumerable.Repeat("(SELECT ", 5_000)) + "1" + new string(')', 5_000));

    [Fact]
    public void DeepArrays() => AssertTooDeep("SELECT ARRAY" + new string('[', 5_000) + "1" + new string(']', 5_000));

    [Fact]
    public void DeepFromParentheses() =>
        AssertTooDeep("SELECT * FROM " + new string('(', 5_000) + "a JOIN b ON true" + new string(')', 5_000));

    [Fact]
    public void DeepSetOperations() => AssertTooDeep(new string('(', 5_000) + "SELECT 1" + new string(')', 5_000));

    [Fact]
    public void UnclosedDeepParenthesesStillReportDepth() => AssertTooDeep("SELECT " + new string('(', 100_000));

    [Fact]
    public void LongLeftDeepChainsAreTooDeepAsInPostgres() =>
        AssertTooDeep("SELECT " + string.Join(" + ", Enumerable.Repeat("1", 5_000)));

    [Fact]
    public void ModerateNestingIsFine()
    {
        var sql = "SELECT " + new string('(', 1000) + "1" + new string(')', 1000);
        Assert.Single(SqlParser.ParseScript(sql));
        Assert.Equal("SELECT 1", RoundTrip.Canonical(sql));
    }

    [Fact]
    public void LongFlatChainsDoNotRecurse()
    {
        var ands = "SELECT " + string.Join(" AND ", Enumerable.Range(0, 50_000).Select(i => $"a{i % 10} = {i}"));
        Assert.Single(SqlParser.ParseScript(ands));
        var sums = "SELECT " + string.Join(" + ", Enumerable.Range(0, 1_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Single(SqlParser.ParseScript(sums));
        var inList = "SELECT 1 WHERE a IN (" + string.Join(", ", Enumerable.Range(0, 50_000)) + ")";
        Assert.Single(SqlParser.ParseScript(inList));
        var values = "INSERT INTO t VALUES " + string.Join(", ", Enumerable.Range(0, 20_000).Select(i => $"({i}, 'x{i}')"));
        Assert.Single(SqlParser.ParseScript(values));
    }
}
