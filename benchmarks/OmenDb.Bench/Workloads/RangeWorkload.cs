using Npgsql;
using OmenDb.Bench.Data;
using OmenDb.Bench.Servers;

namespace OmenDb.Bench.Workloads;

/// <summary>
/// Primary-key range scans returning 100 and 10,000 rows in key order (one client, prepared), start keys from the
/// seed-12 generator (datasets.md). Every answer's row count is checked.
/// </summary>
internal sealed class RangeWorkload : Workload
{
    private const string Sql = $"SELECT id, a, b, c FROM {BulkRows.Table} WHERE id BETWEEN $1 AND $2 ORDER BY id";
    private long[] _starts = [];

    /// <inheritdoc />
    public override string Name => "range";

    /// <inheritdoc />
    public override string Description => "primary-key range scans of 100 and 10,000 rows (QPS, p50, rows/s)";

    /// <inheritdoc />
    public override bool ReadsBulkTable => true;

    /// <inheritdoc />
    public override Task PrepareAsync(BenchServer server, BenchContext context, CancellationToken cancellationToken)
    {
        if (_starts.Length == 0)
        {
            _starts = BulkRows.RangeStarts(context.BulkRowCount, 1 << 16);
        }

        return context.EnsureBulkAsync(server, cancellationToken);
    }

    /// <inheritdoc />
    public override async Task VerifyAsync(BenchServer omendb, BenchServer postgres, BenchContext context,
        CancellationToken cancellationToken)
    {
        foreach (var size in new[] { 100L, 10_000L })
        {
            for (var i = 0; i < 3; i++)
            {
                await Answers.AssertSameAsync(omendb, postgres, Sql, [_starts[i], _starts[i] + size - 1], cancellationToken)
                    .ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public override IReadOnlyList<BenchCase> Cases(BenchContext context) => [Case(100), Case(10_000)];

    private BenchCase Case(int size) => new(
        $"{size:N0} rows",
        [new Metric("QPS", "queries/s", true), new Metric("p50", "ms", false), new Metric("rows/s", "rows/s", true)],
        async (server, duration, cancellationToken) =>
        {
            var result = await ClientLoop.RunAsync(server, 1, duration, (_, connection) => Scan(connection, size), cancellationToken)
                .ConfigureAwait(false);
            return [result.PerSecond, result.Percentile(50), result.PerSecond * size];
        });

    private async Task<Func<Task>> Scan(NpgsqlConnection connection, int size)
    {
        var command = new NpgsqlCommand(Sql, connection);
        var low = new NpgsqlParameter<long> { TypedValue = 1 };
        var high = new NpgsqlParameter<long> { TypedValue = 1 };
        command.Parameters.Add(low);
        command.Parameters.Add(high);
        await command.PrepareAsync().ConfigureAwait(false);
        var next = 0;
        return async () =>
        {
            low.TypedValue = _starts[next++ & (_starts.Length - 1)];
            high.TypedValue = low.TypedValue + size - 1;
            var expected = low.TypedValue;
            await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
            {
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    if (reader.GetInt64(0) != expected++)
                    {
                        throw new BenchException($"wrong answer: range from {low.TypedValue}: row {expected - 1 - low.TypedValue} out of order");
                    }

                    _ = reader.GetInt32(1) + reader.GetDouble(2) + reader.GetString(3).Length;
                }
            }

            if (expected != high.TypedValue + 1)
            {
                throw new BenchException($"wrong answer: range from {low.TypedValue} returned {expected - low.TypedValue} rows, not {size}");
            }
        };
    }
}
