using System.Numerics;
using Npgsql;
using NpgsqlTypes;
using OmenDb.Wire.Tests.Support;

namespace OmenDb.Wire.Tests.Types;

/// <summary>
/// Arbitrary-precision numeric through a real client: Npgsql reads numeric in binary (decimal when it fits, BigInteger
/// for large integers) and sends decimal / BigInteger parameters in binary; text results carry every digit, NaN and the
/// infinities. Expected values are PostgreSQL 15's.
/// </summary>
[Trait("needs", "sql")]
public sealed class NumericWireTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Task<NpgsqlConnection> OpenAsync() => NpgsqlConnections.OpenAsync(fixture.Port);

    [Fact]
    public async Task Values_that_fit_a_decimal_arrive_as_decimals_with_their_scale()
    {
        await using var c = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1.50::numeric, -0.0001::numeric, 79228162514264337593543950335::numeric, 2.0 / 3", c);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("1.50", reader.GetDecimal(0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(-0.0001m, reader.GetDecimal(1));
        Assert.Equal(decimal.MaxValue, reader.GetDecimal(2));
        Assert.Equal("0.66666666666666666667", reader.GetDecimal(3).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Big_integers_round_trip_in_binary()
    {
        var big = BigInteger.Parse("123456789012345678901234567890123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture);
        await using var c = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT $1 * 10, ($1 * 10)::text", c);
        command.Parameters.Add(new NpgsqlParameter<BigInteger> { TypedValue = big, NpgsqlDbType = NpgsqlDbType.Numeric });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(big * 10, reader.GetFieldValue<BigInteger>(0));
        Assert.Equal((big * 10).ToString(System.Globalization.CultureInfo.InvariantCulture), reader.GetString(1));
    }

    [Theory]
    [InlineData("SELECT 123456789012345678901234567890.123456789012345678901234567890 * 2",
        "246913578024691357802469135780.246913578024691357802469135780")]
    [InlineData("SELECT 1::numeric / 7", "0.14285714285714285714")]
    [InlineData("SELECT 'NaN'::numeric", "NaN")]
    [InlineData("SELECT '-inf'::numeric", "-Infinity")]
    [InlineData("SELECT 'Infinity'::numeric + 1", "Infinity")]
    [InlineData("SELECT to_json('NaN'::numeric)::text || to_jsonb('-Infinity'::numeric)::text || to_json(1.50)::text", "\"NaN\"\"-Infinity\"1.50")]
    [InlineData("SELECT sqrt(2::numeric(40,30))", "1.414213562373095048801688724210")]
    [InlineData("SELECT exp(1::numeric(30,25))", "2.7182818284590452353602875")]
    [InlineData("SELECT factorial(30)", "265252859812191058636308480000000")]
    [InlineData("SELECT sum(x) FROM (VALUES (9223372036854775807::numeric), (9223372036854775807)) v(x)", "18446744073709551614")]
    public async Task Text_results_carry_every_digit(string sql, string expected)
    {
        await using var c = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, c) { AllResultTypesAreUnknown = true };
        Assert.Equal(expected, (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Nan_and_infinity_arrive_in_binary_as_doubles()
    {
        await using var c = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 'NaN'::numeric::float8, 'Infinity'::numeric::float8, '-Infinity'::numeric::float8", c);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(double.IsNaN(reader.GetDouble(0)));
        Assert.Equal(double.PositiveInfinity, reader.GetDouble(1));
        Assert.Equal(double.NegativeInfinity, reader.GetDouble(2));
    }

    [Theory]
    [InlineData("SELECT 1234.5::numeric(5,2)", "22003", "numeric field overflow",
        "A field with precision 5, scale 2 must round to an absolute value less than 10^3.")]
    [InlineData("SELECT 'Infinity'::numeric(5,2)", "22003", "numeric field overflow",
        "A field with precision 5, scale 2 cannot hold an infinite value.")]
    [InlineData("SELECT 'NaN'::numeric::integer", "0A000", "cannot convert NaN to integer", null)]
    [InlineData("SELECT '1e131072'::numeric", "22003", "value overflows numeric format", null)]
    [InlineData("SELECT 'x1'::numeric", "22P02", "invalid input syntax for type numeric: \"x1\"", null)]
    [InlineData("SELECT 1.5 % 0", "22012", "division by zero", null)]
    [InlineData("SELECT ln(-1.5)", "2201E", "cannot take logarithm of a negative number", null)]
    public async Task Errors_match_postgresql(string sql, string sqlState, string message, string? detail)
    {
        // Npgsql hides DETAIL unless asked for it.
        await using var c = new NpgsqlConnection(
            $"Host=127.0.0.1;Port={fixture.Port};Username=postgres;Database=postgres;Pooling=false;Include Error Detail=true;Server Compatibility Mode=NoTypeLoading");
        await c.OpenAsync();
        await using var command = new NpgsqlCommand(sql, c);
        var e = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());
        Assert.Equal((sqlState, message), (e.SqlState, e.MessageText));
        if (detail is not null)
        {
            Assert.Equal(detail, e.Detail);
        }
    }

    [Fact]
    public async Task Stored_values_keep_their_digits_and_order()
    {
        await using var c = await OpenAsync();
        await NpgsqlCommands.ExecAsync(c, "CREATE TABLE nw_t (id int, v numeric)");
        try
        {
            await NpgsqlCommands.ExecAsync(c, """
                INSERT INTO nw_t VALUES (1, 'NaN'), (2, '-Infinity'), (3, 1e100), (4, -12345678901234567890.000000000001),
                                        (5, 0.000000000000000000000000000000001), (6, 'Infinity'), (7, 1.50), (8, 1.5)
                """);
            await using var command = new NpgsqlCommand("SELECT string_agg(id::text, ',' ORDER BY v, id) FROM nw_t", c);
            Assert.Equal("2,4,5,7,8,3,6,1", (string?)await command.ExecuteScalarAsync());
            await using var distinct = new NpgsqlCommand("SELECT count(DISTINCT v) FROM nw_t", c);
            Assert.Equal(7L, await distinct.ExecuteScalarAsync());
        }
        finally
        {
            await NpgsqlCommands.ExecAsync(c, "DROP TABLE nw_t");
        }
    }
}
