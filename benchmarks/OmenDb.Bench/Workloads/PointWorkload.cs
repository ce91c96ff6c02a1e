using Npgsql;
using OmenDb.Bench.Data;
using OmenDb.Bench.Servers;

namespace OmenDb.Bench.Workloads;

/// <summary>
/// Prepared primary-key lookups on the bulk table, keys from the seed-13 generator (datasets.md), with 1 and 16
/// concurrent clients. Each client walks its own slice of one key list, so both servers see the same keys.
/// </summary>
internal sealed class PointWorkload : Workload
{
    private const string Sql = $"SELECT a, b, c FROM {BulkRows.Table} WHERE id = $1";
    private long[] _keys = [];

    /// <inheritdoc />
    public override string Name => "point";

    /// <inheritdoc />
    public override string Description => "prepared primary-key lookups (QPS, p50, p99)";

    /// <inheritdoc />
    public override bool ReadsBulkTable => true;

    /// <inheritdoc />
    public override Task PrepareAsync(BenchServer server, BenchContext context, CancellationToken cancellationToken)
    {
        if (_keys.Length == 0)
        {
            _keys = BulkRows.PointKeys(context.BulkRowCount, 1 << 20);
        }

        return context.EnsureBulkAsync(server, cancellationToken);
    }

    /// <inheritdoc />
    public override async Task VerifyAsync(BenchServer omendb, BenchServer postgres, BenchContext context,
        CancellationToken cancellationToken)
    {
        for (var i = 0; i < 50; i++)
        {
            await Answers.AssertSameAsync(omendb, postgres, Sql, [_keys[i * 997]], cancellationToken).ConfigureAwait(false);
        }

        // A key that does not exist answers no row on both.
        await Answers.AssertSameAsync(omendb, postgres, Sql, [context.BulkRowCount + 1], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override IReadOnlyList<BenchCase> Cases(BenchContext context) => [Case(1), Case(16)];

    private BenchCase Case(int clients) => new(
        clients == 1 ? "1 client" : $"{clients} clients",
        [new Metric("QPS", "queries/s", true), new Metric("p50", "ms", false), new Metric("p99", "ms", false)],
        async (server, duration, cancellationToken) =>
        {
            var result = await ClientLoop.RunAsync(server, clients, duration, (client, connection) =>
                Lookup(connection, client * (_keys.Length / clients)), cancellationToken).ConfigureAwait(false);
            return [result.PerSecond, result.Percentile(50), result.Percentile(99)];
        });

    private async Task<Func<Task>> Lookup(NpgsqlConnection connection, int start)
    {
        var command = new NpgsqlCommand(Sql, connection);
        var id = new NpgsqlParameter<long> { TypedValue = 1 };
        command.Parameters.Add(id);
        await command.PrepareAsync().ConfigureAwait(false);
        var next = start;
        return async () =>
        {
            id.TypedValue = _keys[next++ & (_keys.Length - 1)];
            var rows = 0;
            await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
            {
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    _ = reader.GetInt32(0) + reader.GetDouble(1) + reader.GetString(2).Length;
                    rows++;
                }
            }

            if (rows != 1)
            {
                throw new BenchException($"wrong answer: id = {id.TypedValue} returned {rows} rows");
            }
        };
    }
}
