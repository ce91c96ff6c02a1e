using Npgsql;

namespace OmenDb.Wire.Tests.Support;

/// <summary>One-line Npgsql commands for tests: run a statement, read one value (typed, or as the server's text).</summary>
internal static class NpgsqlCommands
{
    public static async Task ExecAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>The first column of the first row as the server wrote it in text (null for NULL).</summary>
    public static async Task<string?> ScalarTextAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { AllResultTypesAreUnknown = true };
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return reader.IsDBNull(0) ? null : reader.GetString(0);
    }
}
