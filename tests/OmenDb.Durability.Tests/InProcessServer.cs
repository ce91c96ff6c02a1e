using Microsoft.Extensions.Logging;
using Npgsql;
using OmenDb.Server;

namespace OmenDb.Durability.Tests;

/// <summary>Starts the server in-process on an ephemeral 127.0.0.1 port over a given data directory (durable mode).</summary>
internal static class InProcessServer
{
    public static Task<OmenDbServer> StartAsync(string dataDirectory) => OmenDbServer.StartAsync(new ServerOptions
    {
        Port = 0,
        DataDirectory = dataDirectory,
        ConfigureLogging = logging => logging.ClearProviders(),
    });

    /// <summary>A connection whose commands may run 120 s (an index build on a loaded 2-core machine outlasts Npgsql's default
    /// 30 s).</summary>
    public static async Task<NpgsqlConnection> ConnectAsync(int port)
    {
        var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=30;Command Timeout=120;Server Compatibility Mode=NoTypeLoading");
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A connection that receives the DETAIL of errors (Npgsql redacts it by default).</summary>
    public static async Task<NpgsqlConnection> ConnectWithDetailAsync(int port)
    {
        var connection = new NpgsqlConnection(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Include Error Detail=true;Command Timeout=120;Server Compatibility Mode=NoTypeLoading");
        await connection.OpenAsync();
        return connection;
    }

    public static async Task<int> ExecuteAsync(this NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        return await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a query and renders every row as "v1|v2|..." (NULL as "null"), for whole-result comparisons; with
    /// <paramref name="textResults"/> the server sends every value in text format (else Npgsql asks for binary).</summary>
    public static async Task<List<string>> RowsAsync(this NpgsqlConnection connection, string sql, bool textResults = false)
    {
        await using var cmd = new NpgsqlCommand(sql, connection) { AllResultTypesAreUnknown = textResults };
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.IsDBNull(i) ? "null" : reader.GetFieldValue<string>(i);
            }

            rows.Add(string.Join('|', fields));
        }

        return rows;
    }
}
