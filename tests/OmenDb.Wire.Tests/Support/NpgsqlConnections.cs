using Npgsql;

namespace OmenDb.Wire.Tests.Support;

/// <summary>Unpooled Npgsql connections to a test server, without type loading (no catalog queries at open).</summary>
internal static class NpgsqlConnections
{
    public static async Task<NpgsqlConnection> OpenAsync(int port, string? applicationName = null)
    {
        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
            Pooling = false,
            ApplicationName = applicationName,
        }.ConnectionString);
        builder.ConfigureTypeLoading(t => t.EnableTypeLoading(false));
        return await builder.Build().OpenConnectionAsync();
    }
}
