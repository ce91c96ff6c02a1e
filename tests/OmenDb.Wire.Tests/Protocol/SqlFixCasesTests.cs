using Npgsql;
using OmenDb.Wire.Tests.Support;
using static OmenDb.Wire.Tests.Support.NpgsqlCommands;

namespace OmenDb.Wire.Tests.Protocol;

/// <summary>
/// Statement behaviours the sql/ scripts touch only once: subscripted UPDATE on NULL, empty and short arrays,
/// data-modifying WITH reading the statement's snapshot, percentile over an array of fractions, ORDER BY USING and
/// pg_prepared_statements. Expectations come from PostgreSQL 15 answering the same statements.
/// </summary>
[Trait("needs", "sql")]
public sealed class SqlFixCasesTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task SubscriptedUpdateExtendsArraysLikeArraySetElement()
    {
        await using var c = await NpgsqlConnections.OpenAsync(fixture.Port, "sqlfix-arrays");
        await ExecAsync(c, "CREATE TEMP TABLE sfx_arr (id int, a int[])");
        await ExecAsync(c, "INSERT INTO sfx_arr VALUES (1, NULL), (2, '{}'), (3, '{1,2}')");
        await ExecAsync(c, "UPDATE sfx_arr SET a[4] = 9");
        Assert.Equal("[4:4]={9}|[4:4]={9}|{1,2,NULL,9}", await ScalarTextAsync(c, "SELECT string_agg(a::text, '|' ORDER BY id) FROM sfx_arr"));
        await ExecAsync(c, "UPDATE sfx_arr SET a[-1] = 7 WHERE id = 3");
        Assert.Equal("[-1:4]={7,NULL,1,2,NULL,9}", await ScalarTextAsync(c, "SELECT a::text FROM sfx_arr WHERE id = 3"));

        var ex = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(c, "UPDATE sfx_arr SET a[NULL] = 1"));
        Assert.Equal("22004", ex.SqlState);
        Assert.Equal("array subscript in assignment must not be null", ex.MessageText);
        ex = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(c, "UPDATE sfx_arr SET id[1] = 1"));
        Assert.Equal("42804", ex.SqlState);
    }

    [Fact]
    public async Task DataModifyingWithIsInvisibleToTheRestOfItsStatementButNotToTheNext()
    {
        await using var c = await NpgsqlConnections.OpenAsync(fixture.Port, "sqlfix-cte");
        await ExecAsync(c, "CREATE TEMP TABLE sfx_cte (id int)");
        await ExecAsync(c, "BEGIN");
        Assert.Equal("0", await ScalarTextAsync(c, "WITH i AS (INSERT INTO sfx_cte VALUES (1), (2) RETURNING id) SELECT count(*) FROM sfx_cte"));
        Assert.Equal("2", await ScalarTextAsync(c, "WITH d AS (DELETE FROM sfx_cte RETURNING id) SELECT count(*) FROM sfx_cte"));
        Assert.Equal("0", await ScalarTextAsync(c, "SELECT count(*) FROM sfx_cte"));
        await ExecAsync(c, "ROLLBACK");
        Assert.Equal("0", await ScalarTextAsync(c, "SELECT count(*) FROM sfx_cte"));
        Assert.Equal("1", await ScalarTextAsync(c, "WITH i AS (INSERT INTO sfx_cte VALUES (5) RETURNING id) SELECT count(*) FROM i"));
        Assert.Equal("1", await ScalarTextAsync(c, "SELECT count(*) FROM sfx_cte"));
    }

    [Theory]
    [InlineData("SELECT percentile_cont(ARRAY[0, 0.5, 1]) WITHIN GROUP (ORDER BY g) FROM generate_series(1, 5) g", "{1,3,5}")]
    [InlineData("SELECT percentile_cont(ARRAY[0.5, NULL]) WITHIN GROUP (ORDER BY g DESC) FROM generate_series(1, 4) g", "{2.5,NULL}")]
    [InlineData("SELECT percentile_disc(ARRAY[0.1, 0.5]) WITHIN GROUP (ORDER BY g DESC) FROM generate_series(1, 10) g", "{10,6}")]
    [InlineData("SELECT percentile_disc(ARRAY[0.25]) WITHIN GROUP (ORDER BY g) FROM generate_series(1, 0) g", null)]
    [InlineData("SELECT g FROM generate_series(1, 3) g ORDER BY g USING >", "3")]
    public async Task Answers(string sql, string? expected)
    {
        await using var c = await NpgsqlConnections.OpenAsync(fixture.Port, "sqlfix-answers");
        Assert.Equal(expected, await ScalarTextAsync(c, sql));
    }

    [Theory]
    [InlineData("SELECT percentile_cont(ARRAY[0.5, 2]) WITHIN GROUP (ORDER BY g) FROM generate_series(1, 3) g", "22003", "percentile value 2 is not between 0 and 1")]
    [InlineData("SELECT 1 ORDER BY 1 USING =", "42809", "operator = is not a valid ordering operator")]
    [InlineData("SELECT 1 ORDER BY 1 USING ~", "42883", "operator does not exist: integer ~ integer")]
    [InlineData("SELECT * FROM generate_series('a', 'b')", "42725", "function generate_series(unknown, unknown) is not unique")]
    public async Task Errors(string sql, string sqlState, string message)
    {
        await using var c = await NpgsqlConnections.OpenAsync(fixture.Port, "sqlfix-errors");
        var ex = await Assert.ThrowsAsync<PostgresException>(() => ScalarTextAsync(c, sql));
        Assert.Equal(sqlState, ex.SqlState);
        Assert.Equal(message, ex.MessageText);
    }

    [Fact]
    public async Task SimpleViewsTakeDmlOnTheirBaseTableAndOthersSayWhyNot()
    {
        await using var c = await NpgsqlConnections.OpenAsync(fixture.Port, "sqlfix-views");
        await ExecAsync(c, "CREATE TEMP TABLE sfx_vb (id int, p int)");
        await ExecAsync(c, "CREATE TEMP VIEW sfx_vs AS SELECT * FROM sfx_vb WHERE p > 0");
        await ExecAsync(c, "CREATE TEMP VIEW sfx_vw AS SELECT id, p + 1 AS q FROM sfx_vb");
        await ExecAsync(c, "CREATE TEMP VIEW sfx_va AS SELECT count(*) FROM sfx_vb");
        await ExecAsync(c, "INSERT INTO sfx_vs VALUES (1, 5), (2, -1)");
        await ExecAsync(c, "INSERT INTO sfx_vw (id) VALUES (3)");
        await ExecAsync(c, "UPDATE sfx_vs SET p = p * 10");
        Assert.Equal("1:50,2:-1,3:", await ScalarTextAsync(c, "SELECT string_agg(id || ':' || coalesce(p::text, ''), ',' ORDER BY id) FROM sfx_vb"));
        await ExecAsync(c, "DELETE FROM sfx_vs");
        Assert.Equal("2,3", await ScalarTextAsync(c, "SELECT string_agg(id::text, ',' ORDER BY id) FROM sfx_vb"));

        var ex = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(c, "DELETE FROM sfx_va"));
        Assert.Equal(("55000", "cannot delete from view \"sfx_va\""), (ex.SqlState, ex.MessageText));
        ex = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(c, "UPDATE sfx_vw SET q = 1"));
        Assert.Equal(("0A000", "cannot update column \"q\" of view \"sfx_vw\""), (ex.SqlState, ex.MessageText));
        ex = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(c, "UPDATE sfx_vs SET nope = 1"));
        Assert.Equal(("42703", 19), (ex.SqlState, ex.Position));
    }

    [Fact]
    public async Task PreparedStatementsAreListedWithTheirQueryText()
    {
        await using var c = await NpgsqlConnections.OpenAsync(fixture.Port, "sqlfix-prepared");
        await ExecAsync(c, "PREPARE sfx_p (int, text) AS SELECT $1, $2");
        Assert.Equal("PREPARE sfx_p (int, text) AS SELECT $1, $2|{integer,text}|true",
            await ScalarTextAsync(c, "SELECT statement || '|' || parameter_types::text || '|' || from_sql FROM pg_prepared_statements WHERE name = 'sfx_p'"));
        await ExecAsync(c, "DEALLOCATE sfx_p");
        Assert.Equal("0", await ScalarTextAsync(c, "SELECT count(*) FROM pg_prepared_statements"));
    }
}
