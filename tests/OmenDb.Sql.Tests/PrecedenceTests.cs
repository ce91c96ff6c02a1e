using OmenDb.Sql.Parsing;

namespace OmenDb.Sql.Tests;

/// <summary>Operator precedence and associativity as in PostgreSQL 15's gram.y.</summary>
public sealed class PrecedenceTests
{
    [Theory]
    [InlineData("a + b * c", "(a + (b * c))")]
    [InlineData("a * b + c", "((a * b) + c)")]
    [InlineData("a - b - c", "((a - b) - c)")]
    [InlineData("a / b * c % d", "(((a / b) * c) % d)")]
    [InlineData("2 ^ 3 ^ 2", "((2 ^ 3) ^ 2)")]
    [InlineData("-x ^ 2", "((- x) ^ 2)")]
    [InlineData("-2 ^ 2", "(-2 ^ 2)")]
    [InlineData("-2::int", "(- (cast 2 int4))")]
    [InlineData("(-2)::int", "(cast -2 int4)")]
    [InlineData("- 2", "-2")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("9223372036854775808", "9223372036854775808")]
    [InlineData("-x[1]", "(- (subscript x 1))")]
    [InlineData("a || b = c", "((a || b) = c)")]
    [InlineData("a = b || c", "(a = (b || c))")]
    [InlineData("a || b + c", "(a || (b + c))")]
    [InlineData("a <-> b < c", "((a <-> b) < c)")]
    [InlineData("~ a + b", "(~ (a + b))")]
    [InlineData("NOT a = b", "(not (a = b))")]
    [InlineData("NOT a AND b", "(and (not a) b)")]
    [InlineData("NOT a IS NULL", "(not (a is-null))")]
    [InlineData("a AND b OR c AND d", "(or (and a b) (and c d))")]
    [InlineData("a OR b AND c", "(or a (and b c))")]
    [InlineData("a AND b AND c", "(and a b c)")]
    [InlineData("a OR b OR c", "(or a b c)")]
    [InlineData("x BETWEEN 1 AND 2 AND y", "(and (x between 1 2) y)")]
    [InlineData("x NOT BETWEEN SYMMETRIC a + 1 AND b * 2", "(x not-between-symmetric (a + 1) (b * 2))")]
    [InlineData("a = b IS NULL", "((a = b) is-null)")]
    [InlineData("a IS NULL = b", "((a is-null) = b)")]
    [InlineData("a < b IN (true)", "(a < (b in true))")]
    [InlineData("a IN (1, 2) = b", "((a in 1 2) = b)")]
    [InlineData("a LIKE b || c", "(a like (b || c))")]
    [InlineData("a NOT LIKE 'x' ESCAPE '!'", "(a not-like 'x' escape '!')")]
    [InlineData("a ILIKE b = c", "((a ilike b) = c)")]
    [InlineData("a = ANY (b)", "(a = any b)")]
    [InlineData("a < ALL (ARRAY[1, 2])", "(a < all (array 1 2))")]
    [InlineData("a != b", "(a <> b)")]
    [InlineData("a IS DISTINCT FROM b + 1", "(a is-distinct-from (b + 1))")]
    [InlineData("x::text || y", "((cast x text) || y)")]
    [InlineData("x::int[]", "(cast x int4[])")]
    [InlineData("x[1]::text", "(cast (subscript x 1) text)")]
    [InlineData("a COLLATE \"C\" < b", "((collate a C) < b)")]
    [InlineData("ts AT TIME ZONE 'UTC' + i", "((pg_catalog.timezone 'UTC' ts) + i)")]
    [InlineData("a + b AT TIME ZONE z", "(a + (pg_catalog.timezone z b))")]
    [InlineData("c.relname OPERATOR(pg_catalog.~) '^x$' COLLATE pg_catalog.default", "(c.relname pg_catalog.~ (collate '^x$' pg_catalog.default))")]
    [InlineData("a OPERATOR(pg_catalog.+) b * c", "(a pg_catalog.+ (b * c))")]
    [InlineData("(a, b) = (1, 2)", "((row a b) = (row 1 2))")]
    [InlineData("(x).f + 1", "((field x f) + 1)")]
    [InlineData("a[1:2][3]", "(subscript (subscript x 1:2) 3)")]
    [InlineData("EXTRACT(year FROM d) = 2020", "((pg_catalog.extract 'year' d) = 2020)")]
    [InlineData("POSITION('b' IN s)", "(pg_catalog.position s 'b')")]
    [InlineData("TRIM(LEADING 'x' FROM s)", "(pg_catalog.ltrim s 'x')")]
    [InlineData("SUBSTRING(s FOR 2)", "(pg_catalog.substring s 1 2)")]
    [InlineData("a IS NOT TRUE AND b IS UNKNOWN", "(and (a is-not-true) (b is-unknown))")]
    [InlineData("1 - -1", "(1 - -1)")]
    [InlineData("x NOTNULL", "(x is-not-null)")]
    public void ParsesWithPostgresPrecedence(string sql, string expected)
    {
        var tree = Sexpr.Of(SqlParser.ParseExpression(sql));
        Assert.Equal(expected.Replace("(subscript x 1:2)", "(subscript a 1:2)", StringComparison.Ordinal), tree);
    }

    [Theory]
    [InlineData("a + b * c", "a + b * c")]
    [InlineData("(a + b) * c", "(a + b) * c")]
    [InlineData("a - (b - c)", "a - (b - c)")]
    [InlineData("(a - b) - c", "a - b - c")]
    [InlineData("NOT (a = b)", "NOT a = b")]
    [InlineData("(NOT a) = b", "(NOT a) = b")]
    [InlineData("(a AND b) OR c", "a AND b OR c")]
    [InlineData("a AND (b OR c)", "a AND (b OR c)")]
    [InlineData("a AND (b AND c)", "a AND (b AND c)")]
    [InlineData("(a < b) = c", "(a < b) = c")]
    [InlineData("(x BETWEEN 1 AND 2) = true", "x BETWEEN 1 AND 2 = TRUE")]
    [InlineData("x BETWEEN (1 AND 2) AND 3", "x BETWEEN (1 AND 2) AND 3")]
    [InlineData("(-2)::int", "(-2)::int4")]
    [InlineData("-(2::int)", "-2::int4")]
    [InlineData("- (-2)", "- -2")]
    [InlineData("-(-x)", "- -x")]
    [InlineData("@ (-5)", "@ -5")]
    [InlineData("(a || b) = c", "a || b = c")]
    [InlineData("a || (b = c)", "a || (b = c)")]
    [InlineData("(a + b)::text", "(a + b)::text")]
    [InlineData("(x::int)[1]", "(x::int4)[1]")]
    [InlineData("((a))", "a")]
    [InlineData("(a IS NULL) IS NULL", "a IS NULL IS NULL")]
    [InlineData("a IS DISTINCT FROM (b IS NULL)", "a IS DISTINCT FROM (b IS NULL)")]
    [InlineData("a LIKE (b LIKE c)", "a LIKE (b LIKE c)")]
    [InlineData("(a = ANY (b)) = c", "(a = ANY (b)) = c")]
    [InlineData("(ts AT TIME ZONE 'UTC') AT TIME ZONE 'X'", "ts AT TIME ZONE 'UTC' AT TIME ZONE 'X'")]
    [InlineData("ts AT TIME ZONE (a || b)", "ts AT TIME ZONE (a || b)")]
    public void PrinterAddsParenthesesOnlyWhereNeeded(string sql, string expected) =>
        Assert.Equal(expected, RoundTrip.CanonicalExpr(sql));
}

/// <summary>The structural dump used by the round-trip checks sees tree differences and ignores positions.</summary>
public sealed class AstDumpTests
{
    [Fact]
    public void DistinguishesShapesButNotPositions()
    {
        var a = AstDump.Of(SqlParser.ParseExpression("a + b * c"));
        Assert.NotEqual(a, AstDump.Of(SqlParser.ParseExpression("(a + b) * c")));
        Assert.Equal(a, AstDump.Of(SqlParser.ParseExpression("  a+b   *c")));
        Assert.Contains("Left=ColumnRef{Parts=[\"a\"] } Op=\"+\"", a, StringComparison.Ordinal);
    }
}
