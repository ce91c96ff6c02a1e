using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using OmenDb.Bench.Data;
using OmenDb.Bench.Servers;

namespace OmenDb.Bench.Workloads;

/// <summary>
/// What workloads share within one run: the options, the sizes derived from them, and the bulk table, which is loaded
/// once per server by the first workload that needs it (point, range and aggregate all read it).
/// </summary>
internal sealed class BenchContext(BenchOptions options, Action<string> log) : IDisposable
{
    private readonly HashSet<string> _bulkLoaded = [];
    private readonly Dictionary<string, double> _bulkCopySeconds = [];
    private BulkText? _bulkText;

    /// <summary>The run's options.</summary>
    public BenchOptions Options { get; } = options;

    /// <summary>Progress and diagnostic lines.</summary>
    public Action<string> Log { get; } = log;

    /// <summary>Rows in the bulk table.</summary>
    public long BulkRowCount => Options.BulkRows;

    /// <summary>Bytes the bulk table takes in PostgreSQL (heap + primary key), roughly.</summary>
    public long BulkBytes => BulkRowCount * 110;

    /// <summary>Estimated bytes all of <paramref name="workloads"/> load, the bulk table counted once.</summary>
    public long EstimatedBytes(IEnumerable<Workload> workloads)
    {
        var list = workloads.ToList();
        return list.Sum(w => w.EstimatedBytes(this)) + (list.Any(w => w.ReadsBulkTable) ? BulkBytes : 0);
    }

    /// <summary>SHA-256 of the bulk rows' COPY text, so that two runs can be compared (datasets.md).</summary>
    public string? BulkFingerprint { get; private set; }

    /// <summary>Creates and loads the bulk table in <paramref name="server"/> unless this run already did.</summary>
    public async Task EnsureBulkAsync(BenchServer server, CancellationToken cancellationToken)
    {
        if (!_bulkLoaded.Add(server.Name))
        {
            return;
        }

        var started = DateTime.UtcNow;
        await ExecuteAsync(server, BulkRows.CreateTableSql(BulkRows.Table), cancellationToken).ConfigureAwait(false);
        string fingerprint;
        if (Options.BulkClientFormat)
        {
            // The method before 21 Nov 15:30: the client formats (and hashes) each row while the COPY is timed.
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var connection = await server.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var copying = System.Diagnostics.Stopwatch.StartNew();
            await BulkRows.WriteAsync(BulkRowCount, () => BeginCopyAsync(connection, BulkRows.Table, cancellationToken), hash,
                cancellationToken).ConfigureAwait(false);
            _bulkCopySeconds[server.Name] = copying.Elapsed.TotalSeconds;
            fingerprint = Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        else
        {
            // The text is generated and hashed once, before anything is timed; every server is sent the same bytes.
            if (_bulkText is null)
            {
                var generating = System.Diagnostics.Stopwatch.StartNew();
                _bulkText = await BulkText.CreateAsync(BulkRowCount, cancellationToken).ConfigureAwait(false);
                Log($"generated the bulk COPY text ({_bulkText.Bytes / 1e6:N0} MB) in {generating.Elapsed.TotalSeconds:0.0} s");
            }

            await using var connection = await server.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var copying = System.Diagnostics.Stopwatch.StartNew();
            await _bulkText.CopyAsync(connection, BulkRows.Table, cancellationToken).ConfigureAwait(false);
            _bulkCopySeconds[server.Name] = copying.Elapsed.TotalSeconds;
            fingerprint = _bulkText.Fingerprint;
        }

        if (BulkFingerprint is not null && BulkFingerprint != fingerprint)
        {
            throw new BenchException($"wrong answer: {server.Name} was sent bulk rows with SHA-256 {fingerprint}, not {BulkFingerprint}");
        }

        BulkFingerprint = fingerprint;

        await AnalyzeAsync(server, BulkRows.Table, cancellationToken).ConfigureAwait(false);
        Log($"{server.Name}: loaded {BulkRowCount:N0} bulk rows in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Seconds the COPYs of the bulk load took in <paramref name="server"/> (1M-row COPY statements of text generated
    /// before the clock started, or formatted while it streams with <c>--bulk-client-format</c>, the same for every
    /// server; the VACUUM ANALYZE after it not counted), or null before the load.
    /// </summary>
    public double? BulkCopySeconds(BenchServer server) => _bulkCopySeconds.TryGetValue(server.Name, out var s) ? s : null;

    /// <summary>Starts <c>COPY table FROM STDIN</c> (text format) on <paramref name="connection"/>.</summary>
    public static async Task<TextWriter> BeginCopyAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken) =>
        await connection.BeginTextImportAsync($"COPY {table} FROM STDIN", cancellationToken).ConfigureAwait(false);

    /// <summary>Sends prepared COPY text (lines ending in \n) to <c>COPY table FROM STDIN</c> on a pooled connection.</summary>
    public static async Task CopyTextAsync(BenchServer server, string table, StringBuilder text, CancellationToken cancellationToken)
    {
        await using var connection = await server.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var writer = await BeginCopyAsync(connection, table, cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops <paramref name="table"/> if it exists and creates it empty with the bulk layout.</summary>
    public static async Task RecreateBulkTableAsync(BenchServer server, string table, CancellationToken cancellationToken)
    {
        await ExecuteAsync(server, $"DROP TABLE IF EXISTS {table}", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(server, BulkRows.CreateTableSql(table), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Throws a wrong-answer <see cref="BenchException"/> unless <paramref name="table"/> holds <paramref name="expected"/> rows.</summary>
    public static async Task ExpectRowCountAsync(BenchServer server, string table, long expected, string after,
        CancellationToken cancellationToken)
    {
        await using var command = server.DataSource.CreateCommand($"SELECT count(*) FROM {table}");
        var count = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (count != expected)
        {
            throw new BenchException($"wrong answer: {server.Name} holds {count} rows in {table} after {after}");
        }
    }

    /// <summary>Runs one statement on a pooled connection.</summary>
    public static async Task ExecuteAsync(BenchServer server, string sql, CancellationToken cancellationToken)
    {
        await using var command = server.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After a load, PostgreSQL gets <c>VACUUM ANALYZE</c> (what pgbench does after its own load, so its planner has
    /// statistics and its visibility map is set). OmenDb does not implement VACUUM/ANALYZE yet and needs neither.
    /// </summary>
    public static Task AnalyzeAsync(BenchServer server, string table, CancellationToken cancellationToken) =>
        server is PostgresCluster ? ExecuteAsync(server, $"VACUUM ANALYZE {table}", cancellationToken) : Task.CompletedTask;

    /// <summary>Deletes the generated bulk text.</summary>
    public void Dispose() => _bulkText?.Dispose();
}
