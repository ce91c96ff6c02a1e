using Npgsql;

namespace OmenDb.Wire.Tests.Support;

/// <summary>Unpooled Npgsql connections to a test server, without type loading (no catalog queries at open).</summary>
internal static class NpgsqlConnections
{
    /// <summary>
    /// Opens a connection as <paramref name="user"/> (default the superuser); <paramref name="cancellationTimeoutMs"/> is
    /// how long a cancelled command waits for the server's answer to the CancelRequest before Npgsql breaks the
    /// connection (Npgsql's default: 2 s).
    /// </summary>
    public static async Task<NpgsqlConnection> OpenAsync(int port, string? applicationName = null, int cancellationTimeoutMs = 2000,
        string user = "postgres", string? password = null)
    {
        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = user,
            Password = password,
            Database = "postgres",
            Pooling = false,
            ApplicationName = applicationName,
            CancellationTimeout = cancellationTimeoutMs,
        }.ConnectionString);
        builder.ConfigureTypeLoading(t => t.EnableTypeLoading(false));
        return await builder.Build().OpenConnectionAsync();
    }
}
