using Npgsql;
using OmenDb.Wire.Tests.Support;

namespace OmenDb.Wire.Tests.Protocol;

/// <summary>
/// Binder behaviour that sql/ scripts do not pin down on their own: polymorphic functions, operators and aggregates
/// specialised for their actual argument types (a date stays a date inside concat, to_json or array_agg), overload
/// resolution ("is not unique"), function-style casts and error positions. Expectations come from PostgreSQL 15.20.
/// </summary>
[Trait("needs", "sql")]
public sealed class TypeResolutionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Task<NpgsqlConnection> OpenAsync() => NpgsqlConnections.OpenAsync(fixture.Port);

    [Theory]
    [InlineData("select concat('d=', date '2024-01-02', ' ', 1.50)", "d=2024-01-02 1.50")]
    [InlineData("select jsonb_agg(x)::text from (values ('a'), ('b')) v(x)", "[\"a\", \"b\"]")]
    [InlineData("select array_agg(d)::text from (values (date '2024-01-01'), (date '2024-01-02')) v(d)", "{2024-01-01,2024-01-02}")]
    [InlineData("select to_json(date '2024-01-02')::text", "\"2024-01-02\"")]
    [InlineData("select 'x' || date '2024-01-02'", "x2024-01-02")]
    [InlineData("select json_build_object('d', date '2024-01-02', 't', ARRAY['a','b'])::text", "{\"d\" : \"2024-01-02\", \"t\" : [\"a\",\"b\"]}")]
    [InlineData("select pg_typeof(1.5 + 1)::text", "numeric")]
    [InlineData("select int4(3.9)::text || ' ' || float8(1)::text || ' ' || text(12)", "4 1 12")]
    [InlineData("select COALESCE(1, 1 / 0)::text", "1")]
    [InlineData("select CASE WHEN false THEN 1 / 0 ELSE 2 END::text", "2")]
    public async Task SpecialisedResults(string sql, string expected)
    {
        await using var c = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, c) { AllResultTypesAreUnknown = true };
        Assert.Equal(expected, (string?)await command.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("SELECT '1' + '2'", "42725", "operator is not unique: unknown + unknown", 12)]
    [InlineData("SELECT 1 || 2", "42883", "operator does not exist: integer || integer", 10)]
    [InlineData("SELECT 1.5::boolean", "42846", "cannot cast type numeric to boolean", 11)]
    [InlineData("SELECT 1 = 'a'", "22P02", "invalid input syntax for type integer: \"a\"", 12)]
    [InlineData("SELECT 1 / 0", "22012", "division by zero", 0)]
    [InlineData("SELECT format(1)", "42883", "function format(integer) does not exist", 8)]
    public async Task ErrorsCarryPostgreSqlsPosition(string sql, string sqlState, string message, int position)
    {
        await using var c = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, c);
        var e = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());
        Assert.Equal((sqlState, message, position), (e.SqlState, e.MessageText, e.Position));
    }
}
