using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OmenDb.Bench.Servers;

/// <summary>Small process helpers: run a command to completion, find a free port, run as the postgres OS user.</summary>
internal static class Shell
{
    /// <summary>True when the harness runs as root (PostgreSQL refuses to run as root: it runs as "postgres").</summary>
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs a program, waits for it, and returns its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments,
        CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new BenchException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }

    /// <summary>Runs a program and throws with its output when it fails.</summary>
    public static async Task<string> RunCheckedAsync(string program, IEnumerable<string> arguments,
        CancellationToken cancellationToken = default)
    {
        var list = arguments.ToList();
        var (exitCode, output) = await RunAsync(program, list, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new BenchException($"{program} {string.Join(' ', list)} failed ({exitCode}):\n{output}");
        }

        return output;
    }

    /// <summary>Runs a PostgreSQL binary, as the postgres OS user when the harness is root; throws when it fails.</summary>
    public static Task<string> RunAsPostgresAsync(string program, IEnumerable<string> arguments,
        CancellationToken cancellationToken = default) =>
        IsRoot
            ? RunCheckedAsync("runuser", ["-u", "postgres", "--", program, .. arguments], cancellationToken)
            : RunCheckedAsync(program, arguments, cancellationToken);

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
