using System.Diagnostics;
using System.Globalization;
using OmenDb.Bench.Data;
using OmenDb.Bench.Servers;

namespace OmenDb.Bench.Workloads;

/// <summary>
/// Restart with the bulk table loaded (10M rows at scale 1): a clean stop and a start over the same data directory
/// (OmenDb: SIGTERM and a new process, which rebuilds its in-memory tables from RocksDB; PostgreSQL: <c>pg_ctl -m
/// fast restart</c>), timed until <c>SELECT 1</c> answers and until the first <c>SELECT count(*)</c> of the bulk table
/// returns. Measured once per server (a round is a restart). It runs last, after every workload that needs warm state.
/// </summary>
internal sealed class RestartWorkload : Workload
{
    private const string CountSql = $"SELECT count(*) FROM {BulkRows.Table}";

    /// <inheritdoc />
    public override string Name => "restart";

    /// <inheritdoc />
    public override string Description => "stop and start over the loaded bulk table: until SELECT 1 answers, and until the first count(*) returns";

    /// <inheritdoc />
    public override bool ReadsBulkTable => true;

    /// <inheritdoc />
    public override Task PrepareAsync(BenchServer server, BenchContext context, CancellationToken cancellationToken) =>
        context.EnsureBulkAsync(server, cancellationToken);

    /// <inheritdoc />
    public override Task VerifyAsync(BenchServer omendb, BenchServer postgres, BenchContext context, CancellationToken cancellationToken) =>
        Answers.AssertSameAsync(omendb, postgres, CountSql, [], cancellationToken);

    /// <inheritdoc />
    public override IReadOnlyList<BenchCase> Cases(BenchContext context) =>
    [
        new($"{context.BulkRowCount:N0} rows",
            [new Metric("until SELECT 1", "s", false), new Metric("until first count(*)", "s", false), new Metric("rows/s", "rows/s", true)],
            async (server, _, cancellationToken) =>
            {
                var clock = Stopwatch.StartNew();
                await server.RestartAsync(cancellationToken).ConfigureAwait(false);
                var ready = clock.Elapsed.TotalSeconds;
                await using var command = server.DataSource.CreateCommand(CountSql);
                var count = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                var total = clock.Elapsed.TotalSeconds;
                if (count != context.BulkRowCount)
                {
                    throw new BenchException($"wrong answer: {server.Name} holds {count} bulk rows after a restart, not {context.BulkRowCount}");
                }

                return [ready, total, count / total];
            },
            Once: _ => true),
    ];
}
