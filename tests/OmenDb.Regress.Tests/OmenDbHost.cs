using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace OmenDb.Regress.Tests;

/// <summary>
/// An OmenDb server for the regression scripts: on 127.0.0.1 with an ephemeral port and a temporary data directory
/// (deleted on dispose), or an already running server named by OMENDB_REGRESS_HOST / OMENDB_REGRESS_PORT.
/// </summary>
/// <remarks>
/// The server is started in-process through the public host of src/OmenDb.Server: a public static
/// <c>StartAsync(options[, CancellationToken])</c> on a type named <c>OmenDbServer</c>, whose options carry the listen
/// address, the port (0 = ephemeral), the data directory and in-memory flag, and whose result exposes the bound
/// <c>Port</c> and is disposable. The host is found by reflection so that this suite keeps compiling while that API
/// settles; once it is fixed, replace <see cref="TryStartInProcessAsync"/> with a direct call. When no such host
/// exists, or OMENDB_REGRESS_MODE=process, the server executable (omendb.dll) runs as a child process with
/// <c>--listen 127.0.0.1 --port P --data DIR</c> instead.
/// </remarks>
public sealed class OmenDbHost : IAsyncDisposable
{
    private const string ServerAssemblyName = "omendb";
    private const string HostTypeName = "OmenDbServer";

    private readonly object? _inProcess;
    private readonly Process? _process;
    private readonly string? _dataDirectory;

    private OmenDbHost(string host, int port, string description, object? inProcess, Process? process, string? dataDirectory)
    {
        Host = host;
        Port = port;
        Description = description;
        _inProcess = inProcess;
        _process = process;
        _dataDirectory = dataDirectory;
    }

    /// <summary>Host name or address psql connects to.</summary>
    public string Host { get; }

    /// <summary>Bound TCP port.</summary>
    public int Port { get; }

    /// <summary>How the server was started (for test output).</summary>
    public string Description { get; }

    /// <summary>Starts (or finds) the server; see the type remarks for the order of attempts.</summary>
    public static async Task<OmenDbHost> StartAsync()
    {
        var externalHost = Environment.GetEnvironmentVariable("OMENDB_REGRESS_HOST");
        var externalPort = Environment.GetEnvironmentVariable("OMENDB_REGRESS_PORT");
        if (!string.IsNullOrEmpty(externalHost) || !string.IsNullOrEmpty(externalPort))
        {
            var host = string.IsNullOrEmpty(externalHost) ? "127.0.0.1" : externalHost;
            var port = string.IsNullOrEmpty(externalPort) ? 5433 : int.Parse(externalPort, System.Globalization.CultureInfo.InvariantCulture);
            return new OmenDbHost(host, port, $"external server {host}:{port}", null, null, null);
        }

        var dataDirectory = Directory.CreateTempSubdirectory("omendb-regress-").FullName;
        try
        {
            if (Environment.GetEnvironmentVariable("OMENDB_REGRESS_MODE") != "process")
            {
                var inProcess = await TryStartInProcessAsync(dataDirectory);
                if (inProcess is not null)
                {
                    return inProcess;
                }
            }

            return await StartProcessAsync(dataDirectory);
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
        switch (_inProcess)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
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

    private static async Task<OmenDbHost?> TryStartInProcessAsync(string dataDirectory)
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(ServerAssemblyName);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        var hostType = assembly.GetExportedTypes().FirstOrDefault(type => type.Name == HostTypeName);
        var start = hostType?.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(method => method.Name == "StartAsync" && method.GetParameters().Length is 1 or 2)
            .Where(method => method.GetParameters().Length == 1 || method.GetParameters()[1].ParameterType == typeof(CancellationToken))
            .FirstOrDefault();
        if (start is null)
        {
            return null;
        }

        var optionsType = start.GetParameters()[0].ParameterType;
        var options = Activator.CreateInstance(optionsType)
            ?? throw new InvalidOperationException($"cannot create {optionsType.FullName}");
        SetFirst(options, ["ListenAddress", "Listen", "Host", "Address"], "127.0.0.1");
        SetFirst(options, ["Port"], 0);
        SetFirst(options, ["DataDirectory", "Data", "DataDir", "DataPath"], dataDirectory);
        SetFirst(options, ["InMemory"], false);

        object?[] arguments = start.GetParameters().Length == 1 ? [options] : [options, CancellationToken.None];
        var task = (Task)(start.Invoke(null, arguments) ?? throw new InvalidOperationException("StartAsync returned null"));
        await task;
        var server = task.GetType().GetProperty("Result")?.GetValue(task)
            ?? throw new InvalidOperationException($"{hostType!.FullName}.StartAsync returned no server");
        var port = ReadPort(server);
        return new OmenDbHost("127.0.0.1", port, $"in-process {hostType!.FullName} on 127.0.0.1:{port}, data in {dataDirectory}",
            server, null, dataDirectory);
    }

    /// <summary>Sets the first of the named writable properties that exists (names matched case-insensitively).</summary>
    private static void SetFirst(object target, string[] names, object value)
    {
        foreach (var name in names)
        {
            var property = target.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite)
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type == typeof(IPAddress) && value is string address)
            {
                property.SetValue(target, IPAddress.Parse(address));
            }
            else if (type.IsInstanceOfType(value))
            {
                property.SetValue(target, value);
            }
            else
            {
                continue;
            }

            return;
        }
    }

    private static int ReadPort(object server)
    {
        foreach (var name in new[] { "Port", "BoundPort", "LocalPort" })
        {
            if (server.GetType().GetProperty(name)?.GetValue(server) is int port && port > 0)
            {
                return port;
            }
        }

        foreach (var name in new[] { "EndPoint", "LocalEndPoint", "BoundEndPoint" })
        {
            if (server.GetType().GetProperty(name)?.GetValue(server) is IPEndPoint endPoint)
            {
                return endPoint.Port;
            }
        }

        throw new InvalidOperationException($"{server.GetType().FullName} exposes no bound port (Port, BoundPort or EndPoint)");
    }

    private static async Task<OmenDbHost> StartProcessAsync(string dataDirectory)
    {
        var serverDll = FindServerDll();
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in new[] { serverDll, "--listen", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--data", dataDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Ready when the port accepts a connection; give up after 30 s or when the process exits.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                return new OmenDbHost("127.0.0.1", port, $"process dotnet {serverDll} on 127.0.0.1:{port}, data in {dataDirectory}",
                    null, process, dataDirectory);
            }
            catch (SocketException)
            {
                // Not ready yet: wait a little, or less if the process exits meanwhile.
                using var pause = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
                try
                {
                    await process.WaitForExitAsync(pause.Token);
                }
                catch (OperationCanceledException)
                {
                    // Still running; probe again.
                }
            }
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        string output;
        lock (log)
        {
            output = log.ToString();
        }

        process.Dispose();
        throw new InvalidOperationException($"the OmenDb server ({serverDll}) did not accept connections on port {port}:\n{output}");
    }

    /// <summary>omendb.dll beside this assembly (copied by the project reference), else the server's own build output.</summary>
    private static string FindServerDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, ServerAssemblyName + ".dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, ServerAssemblyName + ".runtimeconfig.json")))
        {
            return beside;
        }

        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var candidate = Path.Combine(RegressionSuite.Root, "src", "OmenDb.Server", "bin", configuration, "net10.0",
                ServerAssemblyName + ".dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("omendb.dll not found: build src/OmenDb.Server first");
    }

    /// <summary>A port that was free a moment ago (the OS picks it; a race with another process is possible but rare).</summary>
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
            // A server that is still flushing may hold files for a moment; a stale temp directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
