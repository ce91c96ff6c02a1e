using Npgsql;
using OmenDb.Wire.Tests.Support;
using static OmenDb.Wire.Tests.Support.NpgsqlCommands;

namespace OmenDb.Wire.Tests.Protocol;

/// <summary>
/// Run-time parameters through Npgsql: SET / SET LOCAL / RESET inside and outside transaction blocks, PostgreSQL's
/// validation errors, ParameterStatus reports, and values written as text in the session's TimeZone and bytea_output.
/// Expectations come from PostgreSQL 15.20 answering the same statements.
/// </summary>
[Trait("needs", "sql")]
public sealed class SettingsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Task<NpgsqlConnection> OpenAsync(string applicationName = "settings-test")
        => NpgsqlConnections.OpenAsync(fixture.Port, applicationName);

    [Fact]
    public async Task SetLocalEndsWithTheBlock_AndRollbackUndoesSet()
    {
        await using var c = await OpenAsync();
        await ExecAsync(c, "BEGIN");
        await ExecAsync(c, "SET LOCAL statement_timeout = '1min'");
        Assert.Equal("1min", await ScalarTextAsync(c, "SHOW statement_timeout"));
        await ExecAsync(c, "COMMIT");
        Assert.Equal("0", await ScalarTextAsync(c, "SHOW statement_timeout"));

        await ExecAsync(c, "BEGIN");
        await ExecAsync(c, "SET statement_timeout = 90000");
        await ExecAsync(c, "ROLLBACK");
        Assert.Equal("0", await ScalarTextAsync(c, "SHOW statement_timeout"));

        await ExecAsync(c, "BEGIN");
        await ExecAsync(c, "SET work_mem = '64MB'");
        await ExecAsync(c, "COMMIT");
        Assert.Equal("64MB", await ScalarTextAsync(c, "SHOW work_mem"));
    }

    [Fact]
    public async Task ResetReturnsToTheStartupValue_AndChangesAreReported()
    {
        await using var c = await OpenAsync("from-startup");
        Assert.Equal("from-startup", await ScalarTextAsync(c, "SHOW application_name"));
        await ExecAsync(c, "SET application_name = 'changed'");
        Assert.Equal("changed", c.PostgresParameters["application_name"]);
        await ExecAsync(c, "RESET application_name");
        Assert.Equal("from-startup", await ScalarTextAsync(c, "SHOW application_name"));
        Assert.Equal("from-startup", c.PostgresParameters["application_name"]);
        Assert.Equal("via_function", await ScalarTextAsync(c, "SELECT set_config('application_name', 'via_function', false)"));
        Assert.Equal("via_function", c.PostgresParameters["application_name"]);
    }

    [Theory]
    [InlineData("SET statement_timeout = 'soon'", "22023", "invalid value for parameter \"statement_timeout\": \"soon\"")]
    [InlineData("SET statement_timeout = -1", "22023", "-1 ms is outside the valid range for parameter \"statement_timeout\" (0 .. 2147483647)")]
    [InlineData("SET work_mem = 10", "22023", "10 kB is outside the valid range for parameter \"work_mem\" (64 .. 2147483647)")]
    [InlineData("SET enable_seqscan = maybe", "22023", "parameter \"enable_seqscan\" requires a Boolean value")]
    [InlineData("SET client_min_messages = loud", "22023", "invalid value for parameter \"client_min_messages\": \"loud\"")]
    [InlineData("SET DateStyle = 'ISO, DMY, MDY'", "22023", "invalid value for parameter \"DateStyle\": \"ISO, DMY, MDY\"")]
    [InlineData("SET TimeZone = 'Mars/Olympus_Mons'", "22023", "invalid value for parameter \"TimeZone\": \"Mars/Olympus_Mons\"")]
    [InlineData("SET server_version = '1'", "55P02", "parameter \"server_version\" cannot be changed")]
    [InlineData("SET max_connections = 5", "55P02", "parameter \"max_connections\" cannot be changed without restarting the server")]
    [InlineData("SET no_such_setting = 1", "42704", "unrecognized configuration parameter \"no_such_setting\"")]
    [InlineData("SHOW no_such_setting", "42704", "unrecognized configuration parameter \"no_such_setting\"")]
    public async Task InvalidSettingsAreRefusedAsPostgreSqlDoes(string sql, string sqlState, string message)
    {
        await using var c = await OpenAsync();
        var e = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(c, sql));
        Assert.Equal((sqlState, message), (e.SqlState, e.MessageText));
    }

    [Theory]
    [InlineData("SET statement_timeout = 1500", "SHOW statement_timeout", "1500ms")]
    [InlineData("SET statement_timeout = '3600000'", "SHOW statement_timeout", "1h")]
    [InlineData("SET lock_timeout = '1.5s'", "SHOW lock_timeout", "1500ms")]
    [InlineData("SET work_mem = 1000", "SHOW work_mem", "1000kB")]
    [InlineData("SET enable_seqscan = yes", "SHOW enable_seqscan", "on")]
    [InlineData("SET extra_float_digits = 2.6", "SHOW extra_float_digits", "3")]
    [InlineData("SET extra_float_digits = 0", "SELECT 0.1::float8 + 0.2::float8", "0.3")]
    [InlineData("SET extra_float_digits = 0", "SELECT 1e20::float8", "1e+20")]
    [InlineData("SET extra_float_digits = 0", "SELECT 1e15::float8", "1e+15")]
    [InlineData("SET extra_float_digits = 0", "SELECT 0.0001234::float8", "0.0001234")]
    [InlineData("SET extra_float_digits = 0", "SELECT 1::real / 3::real", "0.333333")]
    [InlineData("SET extra_float_digits = -3", "SELECT pi()", "3.14159265359")]
    [InlineData("SET extra_float_digits = -15", "SELECT 2.5::float8", "2")]
    [InlineData("SET extra_float_digits = -15", "SELECT 1234::real", "1e+03")]
    [InlineData("SET DateStyle = 'German'", "SHOW DateStyle", "German, DMY")]
    [InlineData("SET DateStyle = postgres, mdy", "SHOW DateStyle", "Postgres, MDY")]
    [InlineData("SET search_path TO a, \"B\", public", "SHOW search_path", "a, \"B\", public")]
    [InlineData("SET DateStyle = 'ISO, DMY'", "SELECT '01/02/2024'::date", "2024-02-01")]
    [InlineData("SET TimeZone = 'Asia/Kolkata'", "SELECT timestamptz '2024-03-15 10:30:00+00'", "2024-03-15 16:00:00+05:30")]
    [InlineData("SET TimeZone = '+05:30'", "SELECT timestamptz '2024-03-15 10:30:00+00'", "2024-03-15 05:00:00-05:30")]
    [InlineData("SET bytea_output = 'escape'", "SELECT '\\x0a41ff5c'::bytea", "\\012A\\377\\\\")]
    public async Task ValuesAreCanonicalisedAndApplied(string set, string query, string expected)
    {
        await using var c = await OpenAsync();
        await ExecAsync(c, set);
        Assert.Equal(expected, await ScalarTextAsync(c, query));
    }
}
