using System.Diagnostics;
using System.Globalization;

namespace OmenDb.Bench.Servers;

/// <summary>
/// An OmenDb server as a child process (the Release build of src/OmenDb.Server, never in-process: the load generator
/// must not share a runtime with the server it measures), on 127.0.0.1 and a free port, in durable mode with a
/// temporary data directory. Stopped with SIGTERM (the server's graceful shutdown), killed if it does not exit.
/// </summary>
internal sealed class OmenDbProcess : BenchServer
{
    private readonly string _root;
    private readonly string _data;
    private readonly Process _process;
    private readonly Queue<string> _log = new();
    private bool _stopped;

    private OmenDbProcess(string root, Process process)
    {
        _root = root;
        _data = Path.Combine(root, "data");
        _process = process;
    }

    /// <inheritdoc />
    public override string Name => "omendb";

    /// <summary>
    /// Whether the server wrote anything to its data directory after the load: false means this build keeps
    /// everything in memory whatever <c>--data</c> says, and the report must say so.
    /// </summary>
    public bool WritesDataDirectory => Directory.Exists(_data) && Directory.EnumerateFileSystemEntries(_data).Any();

    /// <summary>Starts omendb.dll and waits until it answers; the caller owns it (dispose to stop).</summary>
    public static async Task<OmenDbProcess> StartAsync(string dll, CancellationToken cancellationToken)
    {
        if (!File.Exists(dll))
        {
            throw new BenchException($"{dll} does not exist: build it with `dotnet build src/OmenDb.Server -c Release`");
        }

        var root = Directory.CreateTempSubdirectory("omendb-bench-omendb-").FullName;
        var port = Shell.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     dll, "--listen", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
                     "--data", Path.Combine(root, "data"),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new BenchException("cannot start dotnet " + dll);
        var server = new OmenDbProcess(root, process) { Port = port };
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), cancellationToken).ConfigureAwait(false);
            await using var command = server.DataSource.CreateCommand("SHOW server_version");
            server.Description = (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Enqueue(line);
            if (_log.Count > 40)
            {
                _log.Dequeue();
            }
        }
    }

    /// <inheritdoc />
    public override void EnsureAlive()
    {
        if (_stopped || _process.HasExited)
        {
            var code = _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "stopped";
            throw new BenchException($"OmenDb (port {Port}) is not running (exit code {code})\n{LogTail()}");
        }
    }

    /// <inheritdoc />
    public override string LogTail()
    {
        lock (_log)
        {
            return string.Join('\n', _log);
        }
    }

    /// <inheritdoc />
    protected override async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (!_process.HasExited)
        {
            await Shell.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]).ConfigureAwait(false);
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(patience.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("OmenDb did not stop within 30 s of SIGTERM: killing it");
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        _process.Dispose();
        DeleteDirectory(_root);
    }
}
