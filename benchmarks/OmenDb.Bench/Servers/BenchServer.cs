using Npgsql;

namespace OmenDb.Bench.Servers;

/// <summary>
/// One server under test, started by the harness on 127.0.0.1 and a free port, reached through Npgsql with the same
/// connection settings whichever server it is. Disposing stops it; stopping twice is harmless, so the Ctrl+C handler,
/// the exit handler and the normal path may all call <see cref="DisposeAsync"/>.
/// </summary>
internal abstract class BenchServer : IAsyncDisposable
{
    private NpgsqlDataSource? _dataSource;

    /// <summary>Short name in tables and JSON: "omendb" or "postgres".</summary>
    public abstract string Name { get; }

    /// <summary>The TCP port it listens on.</summary>
    public int Port { get; protected set; }

    /// <summary>Version string and mode, for the report (filled once the server answers).</summary>
    public string Description { get; protected set; } = "";

    /// <summary>A pool of connections to database postgres as user postgres.</summary>
    public NpgsqlDataSource DataSource => _dataSource ??= CreateDataSource();

    private NpgsqlDataSource CreateDataSource()
    {
        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = "postgres",
            MaxPoolSize = 64,
            // The harness runs statements that take minutes at full scale (loads, 10M-row aggregates).
            CommandTimeout = 0,
            Timeout = 60,
            // No DISCARD ALL when a pooled connection is reused (OmenDb does not implement DISCARD yet); every
            // workload opens fresh statements, so no session state carries over either way.
            NoResetOnClose = true,
        }.ConnectionString);

        // Npgsql's type loading queries pg_type, which OmenDb does not serve yet; both servers get the same setting,
        // and the workloads use only built-in types that need no loading.
        builder.ConfigureTypeLoading(typeLoading => typeLoading.EnableTypeLoading(false));
        return builder.Build();
    }

    /// <summary>Throws when the server process has died (a crash must never read as a slow figure).</summary>
    public abstract void EnsureAlive();

    /// <summary>The tail of the server's own log, for failure reports.</summary>
    public abstract string LogTail();

    /// <summary>Stops the server and deletes its temporary directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
            _dataSource = null;
        }

        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>Deletes a server's temporary directory, saying so when it cannot.</summary>
    protected static void DeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"could not delete {directory}: {ex.Message}");
        }
    }

    /// <summary>Stops the server process (idempotent) and removes its files.</summary>
    protected abstract Task StopAsync();

    /// <summary>
    /// Stops the server cleanly and starts it again over the same data directory and port, returning once
    /// <c>SELECT 1</c> answers (pooled connections are dropped: they died with the old process).
    /// </summary>
    public abstract Task RestartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Waits until <c>SELECT 1</c> answers, or fails when the process dies, the timeout passes, or the server answers
    /// with an error (it is up, and something is wrong).
    /// </summary>
    protected async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            EnsureAlive();
            try
            {
                await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException && ex is not PostgresException
                                       && DateTime.UtcNow < deadline)
            {
                DataSource.Clear();
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
