using System.Globalization;
using System.Text;
using Npgsql;
using OmenDb.Bench.Data;
using OmenDb.Bench.Servers;

namespace OmenDb.Bench.Workloads;

/// <summary>
/// Analytical queries over the whole bulk table (10M rows at scale 1): a filtered GROUP BY aggregate, and a join
/// with a 100,000-row dimension table (k = 0, 10, 20, ... 999,990, so about one bulk row in ten finds its match)
/// grouped by a dimension column. One client; the figure is the latency of one query and the bulk rows it reads per
/// second.
/// </summary>
internal sealed class AggregateWorkload : Workload
{
    private const string Dimension = "bench_dim";
    private const int DimensionRows = 100_000;

    private const string GroupBySql =
        $"SELECT a % 100 AS g, count(*) AS n, sum(b) AS sb, avg(a) AS aa FROM {BulkRows.Table} WHERE b < 250.0 GROUP BY a % 100 ORDER BY g";

    private const string JoinSql =
        $"SELECT d.grp, count(*) AS n, sum(f.b) AS sb FROM {BulkRows.Table} f JOIN {Dimension} d ON d.k = f.a " +
        "WHERE f.b < 500.0 GROUP BY d.grp ORDER BY d.grp";

    /// <inheritdoc />
    public override string Name => "aggregate";

    /// <inheritdoc />
    public override string Description => "filtered GROUP BY over the bulk table, and a join with a 100,000-row dimension";

    /// <inheritdoc />
    public override bool ReadsBulkTable => true;

    /// <inheritdoc />
    public override long EstimatedBytes(BenchContext context) => DimensionRows * 80L;

    /// <inheritdoc />
    public override async Task PrepareAsync(BenchServer server, BenchContext context, CancellationToken cancellationToken)
    {
        await context.EnsureBulkAsync(server, cancellationToken).ConfigureAwait(false);
        await BenchContext.ExecuteAsync(server,
            $"CREATE TABLE {Dimension} (k integer PRIMARY KEY, grp integer NOT NULL, name text NOT NULL)", cancellationToken)
            .ConfigureAwait(false);
        var text = new StringBuilder(DimensionRows * 24);
        for (var i = 0; i < DimensionRows; i++)
        {
            text.Append((i * 10).ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append((i % 100).ToString(CultureInfo.InvariantCulture)).Append("\tdim-")
                .Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        await BenchContext.CopyTextAsync(server, Dimension, text, cancellationToken).ConfigureAwait(false);
        await BenchContext.AnalyzeAsync(server, Dimension, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task VerifyAsync(BenchServer omendb, BenchServer postgres, BenchContext context,
        CancellationToken cancellationToken)
    {
        await Answers.AssertSameAsync(omendb, postgres, GroupBySql, [], cancellationToken).ConfigureAwait(false);
        await Answers.AssertSameAsync(omendb, postgres, JoinSql, [], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override IReadOnlyList<BenchCase> Cases(BenchContext context) =>
        [Case("group by", GroupBySql, 100, context.BulkRowCount), Case("join", JoinSql, 100, context.BulkRowCount)];

    private static BenchCase Case(string name, string sql, int groups, long scanned) => new(
        name,
        [new Metric("latency p50", "ms", false), new Metric("scan rate", "Mrows/s", true)],
        async (server, duration, cancellationToken) =>
        {
            var result = await ClientLoop.RunAsync(server, 1, duration, (_, connection) =>
                Task.FromResult(Query(connection, sql, groups)), cancellationToken).ConfigureAwait(false);
            var p50 = result.Percentile(50);
            return [p50, scanned / 1e6 / (p50 / 1000)];
        });

    private static Func<Task> Query(NpgsqlConnection connection, string sql, int groups) => async () =>
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var rows = 0;
        await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                rows++;
            }
        }

        if (rows != groups)
        {
            throw new BenchException($"wrong answer: {sql} returned {rows} groups, not {groups}");
        }
    };
}
