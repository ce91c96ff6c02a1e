using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using OmenDb.Server;

namespace OmenDb.Regress.Tests;

/// <summary>
/// The OmenDb server the regression scripts run against, on 127.0.0.1 with a temporary RocksDB data directory
/// (deleted on dispose): in-process through <see cref="OmenDbServer.StartAsync"/> on an ephemeral port, or as a child
/// process (the omendb executable) when isolation is asked for or OMENDB_REGRESS_MODE=process. An already running
/// server named by OMENDB_REGRESS_HOST / OMENDB_REGRESS_PORT takes precedence over both.
/// </summary>
/// <remarks>
/// Isolation matters while the engine is young: a stack overflow cannot be caught in .NET, so in-process it ends the
/// whole test run, while in a child process it only fails the scripts that come after it.
/// </remarks>
public sealed class OmenDbHost : IAsyncDisposable
{
    private readonly OmenDbServer? _server;
    private readonly Process? _process;
    private readonly StringBuilder? _processLog;
    private readonly string? _dataDirectory;

    private OmenDbHost(string host, int port, string description, OmenDbServer? server, Process? process, StringBuilder? processLog,
        string? dataDirectory)
    {
        Host = host;
        Port = port;
        Description = description;
        _server = server;
        _process = process;
        _processLog = processLog;
        _dataDirectory = dataDirectory;
    }

    /// <summary>Host name or address psql connects to.</summary>
    public string Host { get; }

    /// <summary>Bound TCP port.</summary>
    public int Port { get; }

    /// <summary>Which server this is (for test output).</summary>
    public string Description { get; }

    /// <summary>For a child-process server that has exited: its exit code and the end of its output; otherwise null.</summary>
    public string? ExitReport
    {
        get
        {
            if (_process is null || !_process.HasExited)
            {
                return null;
            }

            _process.WaitForExit(); // also waits until the redirected output has been read to the end
            string log;
            lock (_processLog!)
            {
                log = _processLog.ToString();
            }

            // A crash prints "Unhandled exception" or "Stack overflow" and then a stack that may repeat for megabytes:
            // show its beginning. Otherwise show the end of the output.
            const int Excerpt = 4000;
            var crash = log.IndexOf("Unhandled exception", StringComparison.Ordinal);
            crash = crash >= 0 ? crash : log.IndexOf("Stack overflow", StringComparison.Ordinal);
            var excerpt = crash >= 0 ? log.Substring(crash, Math.Min(Excerpt, log.Length - crash))
                : log.Length > Excerpt ? log[^Excerpt..] : log;
            return $"the server process exited with code {_process.ExitCode}; its output:\n{excerpt}";
        }
    }

    /// <summary>
    /// Uses the external server when OMENDB_REGRESS_HOST or OMENDB_REGRESS_PORT is set, else starts one, in a child
    /// process when <paramref name="isolated"/> or OMENDB_REGRESS_MODE=process.
    /// </summary>
    public static async Task<OmenDbHost> StartAsync(bool isolated = false)
    {
        var externalHost = Environment.GetEnvironmentVariable("OMENDB_REGRESS_HOST");
        var externalPort = Environment.GetEnvironmentVariable("OMENDB_REGRESS_PORT");
        if (!string.IsNullOrEmpty(externalHost) || !string.IsNullOrEmpty(externalPort))
        {
            var host = string.IsNullOrEmpty(externalHost) ? "127.0.0.1" : externalHost;
            var port = string.IsNullOrEmpty(externalPort) ? 5433 : int.Parse(externalPort, NumberStyles.None, CultureInfo.InvariantCulture);
            return new OmenDbHost(host, port, $"external server {host}:{port}", null, null, null, null);
        }

        var dataDirectory = Directory.CreateTempSubdirectory("omendb-regress-").FullName;
        try
        {
            if (isolated || Environment.GetEnvironmentVariable("OMENDB_REGRESS_MODE") == "process")
            {
                return await StartProcessAsync(dataDirectory);
            }

            var server = await OmenDbServer.StartAsync(new ServerOptions
            {
                Port = 0,
                DataDirectory = dataDirectory,
                ConfigureLogging = logging => logging.ClearProviders(),
            });
            return new OmenDbHost("127.0.0.1", server.Port, $"in-process OmenDb on 127.0.0.1:{server.Port}, data in {dataDirectory}",
                server, null, null, dataDirectory);
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

        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        if (_dataDirectory is not null)
        {
            TryDeleteDirectory(_dataDirectory);
        }
    }

    /// <summary>
    /// Runs omendb.dll (copied beside this assembly by the project reference) on a free port and waits until the port
    /// accepts connections (at most 60 s, or until the process exits).
    /// </summary>
    private static async Task<OmenDbHost> StartProcessAsync(string dataDirectory)
    {
        var serverDll = Path.Combine(AppContext.BaseDirectory, "omendb.dll");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { serverDll, "--listen", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--data", dataDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet " + serverDll);
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                return new OmenDbHost("127.0.0.1", port, $"child process omendb on 127.0.0.1:{port}, data in {dataDirectory}", null, process, log,
                    dataDirectory);
            }
            catch (SocketException)
            {
                // Not listening yet: wait a little (less if the process exits meanwhile) and probe again.
                using var pause = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
                try
                {
                    await process.WaitForExitAsync(pause.Token);
                }
                catch (OperationCanceledException)
                {
                    // Still starting.
                }
            }
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
        string output;
        lock (log)
        {
            output = log.ToString();
        }

        throw new InvalidOperationException($"omendb ({serverDll}) did not accept connections on 127.0.0.1:{port}:\n{output}");
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    /// <summary>A port the OS just handed out; another process could take it before the server binds, which is rare.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
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
