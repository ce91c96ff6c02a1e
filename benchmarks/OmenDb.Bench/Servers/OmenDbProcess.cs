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
    private readonly string _dll;
    private readonly Queue<string> _log = new();
    private Process _process;
    private bool _stopped;

    private OmenDbProcess(string dll, string root, int port)
    {
        _dll = dll;
        _root = root;
        _data = Path.Combine(root, "data");
        Port = port;
        _process = StartProcess();
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
        var server = new OmenDbProcess(dll, root, Shell.FreePort());
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

    /// <summary>Starts omendb.dll over this server's data directory and port, its output kept for <see cref="LogTail"/>.</summary>
    private Process StartProcess()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     _dll, "--listen", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--data", _data,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new BenchException("cannot start dotnet " + _dll);
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <inheritdoc />
    public override async Task RestartAsync(CancellationToken cancellationToken)
    {
        DataSource.Clear();
        await TerminateAsync().ConfigureAwait(false);
        _process.Dispose();
        _process = StartProcess();
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(600), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SIGTERM (the server's graceful shutdown), then a kill if it has not exited within 30 s.</summary>
    private async Task TerminateAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

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
        await TerminateAsync().ConfigureAwait(false);
        _process.Dispose();
        DeleteDirectory(_root);
    }
}
