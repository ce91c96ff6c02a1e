using OmenDb.Common;
using OmenDb.Sql.Ast;
using OmenDb.Sql.Parsing;

namespace OmenDb.Sql.Tests;

/// <summary>
/// Syntax errors: SQLSTATE, message and 1-based position (field P) exactly as PostgreSQL 15.20 reports them for the
/// same text (checked with psql against a real server).
/// </summary>
public sealed class ErrorTests
{
    [Theory]
    [InlineData("SELECT * FROM WHERE", "syntax error at or near \"WHERE\"", 15)]
    [InlineData("SELECT 1 +", "syntax error at end of input", 11)]
    [InlineData("SELECT (1", "syntax error at end of input", 10)]
    [InlineData("selec 1", "syntax error at or near \"selec\"", 1)]
    [InlineData("SELECT 1 2", "syntax error at or near \"2\"", 10)]
    [InlineData("SELECT 'abc", "unterminated quoted string at or near \"'abc\"", 8)]
    [InlineData("SELECT \"abc", "unterminated quoted identifier at or near \"\"abc\"", 8)]
    [InlineData("SELECT \"\"", "zero-length delimited identifier at or near \"\"\"\"", 8)]
    [InlineData("SELECT 1 /* abc", "unterminated /* comment at or near \"/* abc\"", 10)]
    [InlineData("SELECT $$abc", "unterminated dollar-quoted string at or near \"$$abc\"", 8)]
    [InlineData("SELECT 0x10", "trailing junk after numeric literal at or near \"0x10\"", 8)]
    [InlineData("SELECT 1abc", "trailing junk after numeric literal at or near \"1abc\"", 8)]
    [InlineData("SELECT $1abc", "trailing junk after parameter at or near \"$1abc\"", 8)]
    [InlineData("SELECT 1..2", "syntax error at or near \"..\"", 9)]
    [InlineData("SELECT 'a' 'b'", "syntax error at or near \"'b'\"", 12)]
    [InlineData("SELECT a < b = c", "syntax error at or near \"=\"", 14)]
    [InlineData("SELECT 1 = 1 = 1", "syntax error at or near \"=\"", 14)]
    [InlineData("SELECT 1 AS", "syntax error at end of input", 12)]
    [InlineData("SELECT * FROM t LIMIT 1, 2", "LIMIT #,# syntax is not supported", 17)]
    [InlineData("SELECT * FROM t WHERE", "syntax error at end of input", 22)]
    [InlineData("INSERT INTO t VALUES", "syntax error at end of input", 21)]
    [InlineData("CREATE TABLE t (a int,)", "syntax error at or near \")\"", 23)]
    [InlineData("SELECT a FROM t GROUP a", "syntax error at or near \"a\"", 23)]
    [InlineData("SELECT CASE END", "syntax error at or near \"END\"", 13)]
    [InlineData("SELECT * FROM t t2 t3", "syntax error at or near \"t3\"", 20)]
    [InlineData("UPDATE t SET a = 1 WHERE", "syntax error at end of input", 25)]
    [InlineData("DELETE t", "syntax error at or near \"t\"", 8)]
    [InlineData("SELECT 1 FROM (SELECT 1)", "subquery in FROM must have an alias", 15)]
    [InlineData("SELECT 1 FROM (VALUES (1))", "VALUES in FROM must have an alias", 15)]
    [InlineData("CREATE INDEX ON t", "syntax error at end of input", 18)]
    [InlineData("SELECT foo(", "syntax error at end of input", 12)]
    [InlineData("SELECT array[1,", "syntax error at end of input", 16)]
    [InlineData("SELECT 1 filter", "syntax error at or near \"filter\"", 10)]
    [InlineData("SELECT x::", "syntax error at end of input", 11)]
    [InlineData("SELECT (SELECT 1 FROM)", "syntax error at or near \")\"", 22)]
    [InlineData("SELECT a IN (SELECT 1 FROM)", "syntax error at or near \")\"", 27)]
    [InlineData("DROP TABLE", "syntax error at end of input", 11)]
    [InlineData("SELECT int(5)", "syntax error at or near \"(\"", 11)]
    [InlineData("SELECT left", "syntax error at end of input", 12)]
    [InlineData("SELECT * FROM t JOIN u", "syntax error at end of input", 23)]
    [InlineData("SELECT 1 UNION", "syntax error at end of input", 15)]
    [InlineData("SELECT 1; SELECT (", "syntax error at end of input", 19)]
    [InlineData("SELECT b'01", "unterminated bit string literal at or near \"b'01\"", 8)]
    [InlineData("SELECT x'ab", "unterminated hexadecimal string literal at or near \"x'ab\"", 8)]
    [InlineData("SELECT $", "syntax error at or near \"$\"", 8)]
    [InlineData("SELECT NOT", "syntax error at end of input", 11)]
    [InlineData("SELECT a BETWEEN 1", "syntax error at end of input", 19)]
    [InlineData("COPY t FROM", "syntax error at end of input", 12)]
    [InlineData("BEGIN ISOLATION LEVEL FOO", "syntax error at or near \"FOO\"", 23)]
    [InlineData("SET x =", "syntax error at end of input", 8)]
    [InlineData("SELECT 5 !", "syntax error at end of input", 11)]
    public void SyntaxErrorsMatchPostgres(string sql, string message, int position)
    {
        var e = Assert.Throws<PgException>(() => SqlParser.ParseScript(sql));
        Assert.Equal(SqlState.SyntaxError, e.SqlState);
        Assert.Equal(message, e.Message);
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void BadUnicodeEscapeIs22025AtTheEscape()
    {
        var e = Assert.Throws<PgException>(() => SqlParser.ParseStatement("SELECT E'\\u12'"));
        Assert.Equal(SqlState.InvalidEscapeSequence, e.SqlState);
        Assert.Equal("invalid Unicode escape", e.Message);
        Assert.Equal(10, e.Position);
        Assert.Equal("Unicode escapes must be \\uXXXX or \\UXXXXXXXX.", e.Hint);
    }

    [Fact]
    public void InvalidUtf8FromByteEscapesIs22021()
    {
        var e = Assert.Throws<PgException>(() => SqlParser.ParseStatement("SELECT E'\\xff'"));
        Assert.Equal(SqlState.CharacterNotInRepertoire, e.SqlState);
        Assert.Equal("invalid byte sequence for encoding \"UTF8\": 0xff", e.Message);
    }

    [Fact]
    public void SubqueryAliasErrorHasPostgresHint()
    {
        var e = Assert.Throws<PgException>(() => SqlParser.ParseStatement("SELECT 1 FROM (SELECT 1)"));
        Assert.Equal("For example, FROM (SELECT ...) [AS] foo.", e.Hint);
    }

    [Fact]
    public void IsWithoutATestIsABareLabel()
    {
        var s = (SelectStatement)SqlParser.ParseStatement("SELECT 1 IS")!;
        Assert.Equal("is", ((SelectCore)s.Body).Targets[0].Alias);
    }

    [Theory]
    [InlineData("SELECT 1 2;", 10)]
    [InlineData("SELECT 1;\nSELECT 'x' 'y';", 22)]
    public void PositionsAreOffsetsInTheWholeScript(string sql, int position)
    {
        var e = Assert.Throws<PgException>(() => SqlParser.ParseScript(sql));
        Assert.Equal(position, e.Position);
    }

    [Theory]
    [InlineData("CREATE OR REPLACE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql", "CREATE FUNCTION")]
    [InlineData("CREATE TYPE mood AS ENUM ('sad', 'ok')", "CREATE TYPE")]
    [InlineData("CREATE DOMAIN d AS int CHECK (VALUE > 0)", "CREATE DOMAIN")]
    [InlineData("CREATE FOREIGN TABLE f (a int) SERVER s", "CREATE FOREIGN TABLE")]
    [InlineData("ALTER DATABASE d SET x = 1", "ALTER DATABASE")]
    [InlineData("ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO r", "ALTER DEFAULT PRIVILEGES")]
    [InlineData("DROP POLICY p ON t", "DROP POLICY")]
    [InlineData("REINDEX TABLE t", "REINDEX")]
    [InlineData("REFRESH MATERIALIZED VIEW mv", "REFRESH")]
    public void RecognisedButUnsupportedStatementsBecomeNodes(string sql, string tag)
    {
        var stmts = SqlParser.ParseScript("SELECT 1; " + sql + "; SELECT 2");
        Assert.Equal(3, stmts.Count);
        var u = Assert.IsType<UnsupportedStatement>(stmts[1].Statement);
        Assert.Equal(tag, u.Tag);
        Assert.Equal(sql, u.Text);
    }

    [Theory]
    [InlineData("INHERITS")]
    [InlineData("SELECT 1 FROM t TABLESAMPLE system (10)")]
    [InlineData("SELECT XMLPARSE(DOCUMENT '<a/>')")]
    [InlineData("CREATE TABLE t (a int) INHERITS (u)")]
    [InlineData("\u0001")]
    [InlineData("SELECT )")]
    [InlineData("SELECT 1 FROM t WHERE a = ANY")]
    [InlineData("SELECT x::setof int")]
    public void UnsupportedSyntaxIs42601(string sql)
    {
        var e = Assert.Throws<PgException>(() => SqlParser.ParseScript(sql));
        Assert.Equal(SqlState.SyntaxError, e.SqlState);
        Assert.True(e.Position > 0);
    }
}
