using System.Globalization;
using Microsoft.Extensions.Logging;
using OmenDb.Server;

namespace OmenDb.Regress.Tests;

/// <summary>
/// The OmenDb server the regression scripts run against: started in-process through
/// <see cref="OmenDbServer.StartAsync"/> on 127.0.0.1 with an ephemeral port and a temporary RocksDB data directory
/// (deleted on dispose), or an already running server named by OMENDB_REGRESS_HOST / OMENDB_REGRESS_PORT.
/// </summary>
public sealed class OmenDbHost : IAsyncDisposable
{
    private readonly OmenDbServer? _server;
    private readonly string? _dataDirectory;

    private OmenDbHost(string host, int port, string description, OmenDbServer? server, string? dataDirectory)
    {
        Host = host;
        Port = port;
        Description = description;
        _server = server;
        _dataDirectory = dataDirectory;
    }

    /// <summary>Host name or address psql connects to.</summary>
    public string Host { get; }

    /// <summary>Bound TCP port.</summary>
    public int Port { get; }

    /// <summary>Which server this is (for test output).</summary>
    public string Description { get; }

    /// <summary>Uses the external server when OMENDB_REGRESS_HOST or OMENDB_REGRESS_PORT is set, else starts one.</summary>
    public static async Task<OmenDbHost> StartAsync()
    {
        var externalHost = Environment.GetEnvironmentVariable("OMENDB_REGRESS_HOST");
        var externalPort = Environment.GetEnvironmentVariable("OMENDB_REGRESS_PORT");
        if (!string.IsNullOrEmpty(externalHost) || !string.IsNullOrEmpty(externalPort))
        {
            var host = string.IsNullOrEmpty(externalHost) ? "127.0.0.1" : externalHost;
            var port = string.IsNullOrEmpty(externalPort) ? 5433 : int.Parse(externalPort, NumberStyles.None, CultureInfo.InvariantCulture);
            return new OmenDbHost(host, port, $"external server {host}:{port}", null, null);
        }

        var dataDirectory = Directory.CreateTempSubdirectory("omendb-regress-").FullName;
        try
        {
            var server = await OmenDbServer.StartAsync(new ServerOptions
            {
                Port = 0,
                DataDirectory = dataDirectory,
                ConfigureLogging = logging => logging.ClearProviders(),
            });
            return new OmenDbHost("127.0.0.1", server.Port, $"in-process OmenDb on 127.0.0.1:{server.Port}, data in {dataDirectory}",
                server, dataDirectory);
        }
        catch
        {
            TryDeleteDirectory(dataDirectory);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_dataDirectory is not null)
        {
            TryDeleteDirectory(_dataDirectory);
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A stale directory under /tmp is harmless; failing the run for it would hide the real results.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
