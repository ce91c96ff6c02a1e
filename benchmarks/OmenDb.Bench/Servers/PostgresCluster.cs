using System.Globalization;

namespace OmenDb.Bench.Servers;

/// <summary>
/// A throwaway PostgreSQL 15 cluster: initdb into a temporary directory (as the postgres OS user when the harness is
/// root), 127.0.0.1 on a free port, fsync and synchronous_commit on (PostgreSQL's durable defaults, stated
/// explicitly), shared_buffers sized so the data set fits. Stopped with a fast shutdown and deleted on dispose.
/// </summary>
internal sealed class PostgresCluster : BenchServer
{
    /// <summary>Where Debian's postgresql-15 package puts the binaries.</summary>
    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";

    private readonly string _bin;
    private readonly string _root;
    private readonly string _data;
    private bool _stopped;

    private PostgresCluster(string bin, string root)
    {
        _bin = bin;
        _root = root;
        _data = Path.Combine(root, "data");
    }

    /// <inheritdoc />
    public override string Name => "postgres";

    /// <summary>The shared_buffers setting in MB.</summary>
    public long SharedBuffersMb { get; private set; }

    /// <summary>Creates and starts the cluster; the caller owns it (dispose to stop).</summary>
    /// <param name="bin">Directory with initdb, pg_ctl and postgres.</param>
    /// <param name="dataBytes">Estimated size of all data the run loads, for shared_buffers.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<PostgresCluster> StartAsync(string bin, long dataBytes, CancellationToken cancellationToken)
    {
        await EnsureInstalledAsync(bin, cancellationToken).ConfigureAwait(false);
        var root = Directory.CreateTempSubdirectory("omendb-bench-pg-").FullName;
        var cluster = new PostgresCluster(bin, root);
        try
        {
            await cluster.InitAndStartAsync(dataBytes, cancellationToken).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitAndStartAsync(long dataBytes, CancellationToken cancellationToken)
    {
        if (Shell.IsRoot)
        {
            await Shell.RunCheckedAsync("chown", ["postgres:postgres", _root], cancellationToken).ConfigureAwait(false);
        }

        await Shell.RunAsPostgresAsync(Path.Combine(_bin, "initdb"),
            ["-D", _data, "-U", "postgres", "-A", "trust", "--locale=C", "-E", "UTF8", "--no-sync"], cancellationToken)
            .ConfigureAwait(false);

        // Data plus indexes plus PostgreSQL's per-tuple overhead, with headroom; at least the 128MB default and at
        // most a quarter of the machine's memory (PostgreSQL's own rule of thumb).
        var memoryMb = MachineInfo.Current.MemoryMb;
        SharedBuffersMb = Math.Clamp(dataBytes * 2 / (1024 * 1024), 128, Math.Max(128, memoryMb / 4));
        Port = Shell.FreePort();
        var settings = string.Join('\n',
            "# omendb-bench: a throwaway cluster for one side-by-side run",
            "listen_addresses = '127.0.0.1'",
            $"port = {Port.ToString(CultureInfo.InvariantCulture)}",
            $"unix_socket_directories = '{_root}'",
            "fsync = on",
            "synchronous_commit = on",
            "full_page_writes = on",
            $"shared_buffers = {SharedBuffersMb.ToString(CultureInfo.InvariantCulture)}MB",
            "max_connections = 100",
            "max_wal_size = 4GB",
            "");
        await File.AppendAllTextAsync(Path.Combine(_data, "postgresql.conf"), settings, cancellationToken).ConfigureAwait(false);
        await Shell.RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"),
            ["-D", _data, "-l", Path.Combine(_root, "postgres.log"), "-w", "-t", "120", "start"], cancellationToken)
            .ConfigureAwait(false);
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        await using var command = DataSource.CreateCommand("SELECT version()");
        Description = (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        Description += $"; fsync on, synchronous_commit on, shared_buffers {SharedBuffersMb}MB";
    }

    /// <summary>Installs PostgreSQL 15 with apt-get (through sudo when not root) when its binaries are missing.</summary>
    private static async Task EnsureInstalledAsync(string bin, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(bin, "initdb")))
        {
            return;
        }

        if (bin != DefaultBinDirectory)
        {
            throw new BenchException($"no initdb in {bin}");
        }

        Console.Error.WriteLine("PostgreSQL 15 is missing: installing postgresql-15 with apt-get");
        string[] install = ["apt-get", "install", "-y", "--no-install-recommends", "postgresql-15"];
        var environment = "DEBIAN_FRONTEND=noninteractive";
        if (Shell.IsRoot)
        {
            await Shell.RunCheckedAsync("env", [environment, .. install], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Shell.RunCheckedAsync("sudo", ["env", environment, .. install], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async Task RestartAsync(CancellationToken cancellationToken)
    {
        DataSource.Clear();
        await Shell.RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"),
            ["-D", _data, "-l", Path.Combine(_root, "postgres.log"), "-m", "fast", "-w", "-t", "600", "restart"], cancellationToken)
            .ConfigureAwait(false);
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void EnsureAlive()
    {
        if (_stopped || !PostmasterRunning())
        {
            throw new BenchException($"PostgreSQL (port {Port}) is not running\n{LogTail()}");
        }
    }

    private bool PostmasterRunning()
    {
        var pidFile = Path.Combine(_data, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return false;
        }

        var first = File.ReadLines(pidFile).FirstOrDefault();
        return first is not null && Directory.Exists("/proc/" + first.Trim());
    }

    /// <inheritdoc />
    public override string LogTail()
    {
        var log = Path.Combine(_root, "postgres.log");
        return File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "(no log)";
    }

    /// <inheritdoc />
    protected override async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (PostmasterRunning())
        {
            var ctl = Path.Combine(_bin, "pg_ctl");
            try
            {
                await Shell.RunAsPostgresAsync(ctl, ["-D", _data, "-m", "fast", "-w", "-t", "60", "stop"]).ConfigureAwait(false);
            }
            catch (BenchException ex)
            {
                Console.Error.WriteLine("fast shutdown failed, stopping PostgreSQL immediately: " + ex.Message);
                await Shell.RunAsPostgresAsync(ctl, ["-D", _data, "-m", "immediate", "-w", "stop"]).ConfigureAwait(false);
            }
        }

        DeleteDirectory(_root);
    }
}
