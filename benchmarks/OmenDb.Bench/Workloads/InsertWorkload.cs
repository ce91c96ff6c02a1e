using System.Globalization;
using Npgsql;
using OmenDb.Bench.Servers;

namespace OmenDb.Bench.Workloads;

/// <summary>
/// Single-row autocommit INSERTs (prepared) into a table with a primary key, 1 and 16 clients: every statement is a
/// commit, so on PostgreSQL each one waits for its WAL flush (group commit shares the fsync between clients). The
/// table is re-created before every round outside the clock; its row count is checked after the round.
/// </summary>
internal sealed class InsertWorkload : Workload
{
    private const string Table = "bench_insert";
    private const string Sql = $"INSERT INTO {Table} (id, a, b, c) VALUES ($1, $2, $3, $4)";
    private long _nextId;

    /// <inheritdoc />
    public override string Name => "insert";

    /// <inheritdoc />
    public override string Description => "single-row autocommit INSERTs (commits/s, p50, p99)";

    /// <inheritdoc />
    public override Task PrepareAsync(BenchServer server, BenchContext context, CancellationToken cancellationToken) =>
        BenchContext.RecreateBulkTableAsync(server, Table, cancellationToken);

    /// <inheritdoc />
    public override async Task VerifyAsync(BenchServer omendb, BenchServer postgres, BenchContext context,
        CancellationToken cancellationToken)
    {
        foreach (var server in new[] { omendb, postgres })
        {
            // The same ids on both servers, so that the sums compare.
            Interlocked.Exchange(ref _nextId, 0);
            await using var connection = await server.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var insert = await Inserter(connection).ConfigureAwait(false);
            for (var i = 0; i < 10; i++)
            {
                await insert().ConfigureAwait(false);
            }
        }

        await Answers.AssertSameAsync(omendb, postgres, $"SELECT count(*), sum(a), sum(b) FROM {Table}", [], cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override IReadOnlyList<BenchCase> Cases(BenchContext context) => [Case(1), Case(16)];

    private BenchCase Case(int clients) => new(
        clients == 1 ? "1 client" : $"{clients} clients",
        [new Metric("commits/s", "commits/s", true), new Metric("p50", "ms", false), new Metric("p99", "ms", false)],
        async (server, duration, cancellationToken) =>
        {
            await BenchContext.RecreateBulkTableAsync(server, Table, cancellationToken).ConfigureAwait(false);
            var result = await ClientLoop.RunAsync(server, clients, duration, (_, connection) => Inserter(connection), cancellationToken)
                .ConfigureAwait(false);
            await BenchContext.ExpectRowCountAsync(server, Table, result.Operations, $"{result.Operations:N0} acknowledged INSERTs",
                cancellationToken).ConfigureAwait(false);

            return [result.PerSecond, result.Percentile(50), result.Percentile(99)];
        });

    /// <summary>A prepared INSERT of the next unique id (shared counter), with values derived from the id.</summary>
    private async Task<Func<Task>> Inserter(NpgsqlConnection connection)
    {
        var command = new NpgsqlCommand(Sql, connection);
        var id = new NpgsqlParameter<long> { TypedValue = 0 };
        var a = new NpgsqlParameter<int> { TypedValue = 0 };
        var b = new NpgsqlParameter<double> { TypedValue = 0 };
        var c = new NpgsqlParameter<string> { TypedValue = "" };
        command.Parameters.Add(id);
        command.Parameters.Add(a);
        command.Parameters.Add(b);
        command.Parameters.Add(c);
        await command.PrepareAsync().ConfigureAwait(false);
        return async () =>
        {
            var next = Interlocked.Increment(ref _nextId);
            id.TypedValue = next;
            a.TypedValue = (int)(next % 1_000_000);
            b.TypedValue = next * 0.5;
            c.TypedValue = next.ToString("x16", CultureInfo.InvariantCulture);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        };
    }
}
