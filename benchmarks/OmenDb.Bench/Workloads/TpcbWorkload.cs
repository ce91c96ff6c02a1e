using System.Globalization;
using System.Text;
using Npgsql;
using OmenDb.Bench.Data;
using OmenDb.Bench.Servers;

namespace OmenDb.Bench.Workloads;

/// <summary>
/// pgbench's built-in TPC-B-like transaction, sent through Npgsql as prepared statements (pgbench -M prepared) by 8
/// clients: UPDATE an account, SELECT its balance, UPDATE its teller and branch, INSERT a history row, COMMIT.
/// Tables and sizes are pgbench's (scale s: s branches, 10·s tellers, 100,000·s accounts; s = 10 × --scale, at
/// least 1). Every client draws from its own SplitMix64, so both servers run the same transactions. Zero errors are
/// required, and after every round the balances must add up: Σ abalance = Σ tbalance = Σ bbalance = Σ delta.
/// </summary>
internal sealed class TpcbWorkload : Workload
{
    private const int Clients = 8;

    /// <inheritdoc />
    public override string Name => "tpcb";

    /// <inheritdoc />
    public override string Description => "pgbench's TPC-B-like transaction, 8 clients (TPS, zero errors)";

    private static int Scale(BenchContext context) => Math.Max(1, (int)Math.Round(10 * context.Options.Scale));

    /// <inheritdoc />
    public override long EstimatedBytes(BenchContext context) => Scale(context) * 100_000L * 160;

    /// <inheritdoc />
    public override async Task PrepareAsync(BenchServer server, BenchContext context, CancellationToken cancellationToken)
    {
        var scale = Scale(context);
        foreach (var ddl in new[]
                 {
                     "CREATE TABLE pgbench_branches (bid integer PRIMARY KEY, bbalance integer, filler char(88))",
                     "CREATE TABLE pgbench_tellers (tid integer PRIMARY KEY, bid integer, tbalance integer, filler char(84))",
                     "CREATE TABLE pgbench_accounts (aid integer PRIMARY KEY, bid integer, abalance integer, filler char(84))",
                     "CREATE TABLE pgbench_history (tid integer, bid integer, aid integer, delta integer, mtime timestamp, filler char(22))",
                 })
        {
            await BenchContext.ExecuteAsync(server, ddl, cancellationToken).ConfigureAwait(false);
        }

        await BenchContext.CopyTextAsync(server, "pgbench_branches", Rows(scale, null), cancellationToken).ConfigureAwait(false);
        await BenchContext.CopyTextAsync(server, "pgbench_tellers", Rows(10 * scale, 10), cancellationToken).ConfigureAwait(false);
        await BenchContext.CopyTextAsync(server, "pgbench_accounts", Rows(100_000 * scale, 100_000), cancellationToken)
            .ConfigureAwait(false);

        foreach (var table in new[] { "pgbench_branches", "pgbench_tellers", "pgbench_accounts", "pgbench_history" })
        {
            await BenchContext.AnalyzeAsync(server, table, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// COPY text of pgbench's initial rows "id, [bid,] 0, ''" (balance 0, empty filler); rows of a teller or account
    /// carry the branch they belong to, <paramref name="perBranch"/> to a branch (null for the branches themselves).
    /// </summary>
    private static StringBuilder Rows(int rows, int? perBranch)
    {
        var text = new StringBuilder(rows * 16);
        for (var id = 1; id <= rows; id++)
        {
            text.Append(id.ToString(CultureInfo.InvariantCulture)).Append('\t');
            if (perBranch is { } size)
            {
                text.Append(((id - 1) / size + 1).ToString(CultureInfo.InvariantCulture)).Append('\t');
            }

            text.Append("0\t\n");
        }

        return text;
    }

    /// <inheritdoc />
    public override async Task VerifyAsync(BenchServer omendb, BenchServer postgres, BenchContext context,
        CancellationToken cancellationToken)
    {
        // One client's first 20 transactions on each server, then the same balances everywhere.
        foreach (var server in new[] { omendb, postgres })
        {
            await using var connection = await server.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await Transaction(connection, new SplitMix64(99), Scale(context), new Errors()).ConfigureAwait(false);
            for (var i = 0; i < 20; i++)
            {
                await transaction().ConfigureAwait(false);
            }
        }

        await Answers.AssertSameAsync(omendb, postgres,
            "SELECT aid, abalance FROM pgbench_accounts WHERE abalance <> 0 ORDER BY aid", [], cancellationToken).ConfigureAwait(false);
        await Answers.AssertSameAsync(omendb, postgres,
            "SELECT tid, tbalance FROM pgbench_tellers ORDER BY tid", [], cancellationToken).ConfigureAwait(false);
        await Answers.AssertSameAsync(omendb, postgres,
            "SELECT count(*), sum(delta) FROM pgbench_history", [], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override IReadOnlyList<BenchCase> Cases(BenchContext context) =>
    [
        new($"{Clients} clients, scale {Scale(context)}",
            [new Metric("TPS", "transactions/s", true), new Metric("p50", "ms", false), new Metric("p99", "ms", false)],
            async (server, duration, cancellationToken) =>
            {
                var errors = new Errors();
                var result = await ClientLoop.RunAsync(server, Clients, duration, (client, connection) =>
                    Transaction(connection, new SplitMix64(1000 + (ulong)client), Scale(context), errors), cancellationToken)
                    .ConfigureAwait(false);
                if (errors.Count > 0)
                {
                    throw new BenchException($"{errors.Count} of {result.Operations} transactions failed on {server.Name}; first: {errors.First}");
                }

                await CheckBalancesAsync(server, cancellationToken).ConfigureAwait(false);
                return [result.PerSecond, result.Percentile(50), result.Percentile(99)];
            }),
    ];

    private static async Task CheckBalancesAsync(BenchServer server, CancellationToken cancellationToken)
    {
        var sums = (await Answers.ReadAsync(server,
            "SELECT (SELECT sum(abalance) FROM pgbench_accounts), (SELECT sum(tbalance) FROM pgbench_tellers), " +
            "(SELECT sum(bbalance) FROM pgbench_branches), (SELECT sum(delta) FROM pgbench_history)", [], cancellationToken)
            .ConfigureAwait(false))[0];
        var values = sums.Select(v => Convert.ToInt64(v ?? 0L, CultureInfo.InvariantCulture)).ToArray();
        if (values.Distinct().Count() != 1)
        {
            throw new BenchException(
                $"wrong answer: {server.Name} balances do not add up: accounts {values[0]}, tellers {values[1]}, branches {values[2]}, history {values[3]}");
        }
    }

    /// <summary>Failed transactions of one round: counted, the first message kept; the round then fails.</summary>
    private sealed class Errors
    {
        private int _count;

        public int Count => _count;

        public string? First { get; private set; }

        public void Add(Exception ex)
        {
            if (Interlocked.Increment(ref _count) == 1)
            {
                First = ex.Message;
            }
        }
    }

    /// <summary>Prepares pgbench's five statements on the connection and returns one transaction with fresh random values.</summary>
    private static async Task<Func<Task>> Transaction(NpgsqlConnection connection, SplitMix64 random, int scale, Errors errors)
    {
        async Task<NpgsqlCommand> Prepare(string sql, int parameters)
        {
            var command = new NpgsqlCommand(sql, connection);
            for (var i = 0; i < parameters; i++)
            {
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = 0 });
            }

            await command.PrepareAsync().ConfigureAwait(false);
            return command;
        }

        // pgbench's built-in script, statement by statement.
        var account = await Prepare("UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2", 2).ConfigureAwait(false);
        var balance = await Prepare("SELECT abalance FROM pgbench_accounts WHERE aid = $1", 1).ConfigureAwait(false);
        var teller = await Prepare("UPDATE pgbench_tellers SET tbalance = tbalance + $1 WHERE tid = $2", 2).ConfigureAwait(false);
        var branch = await Prepare("UPDATE pgbench_branches SET bbalance = bbalance + $1 WHERE bid = $2", 2).ConfigureAwait(false);
        var history = await Prepare(
            "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)", 4).ConfigureAwait(false);
        return async () =>
        {
            // Random values as pgbench draws them: aid in 1..100,000·s, bid in 1..s, tid in 1..10·s, delta in ±5000.
            var aid = 1 + (int)(random.Next() % (ulong)(100_000 * scale));
            var bid = 1 + (int)(random.Next() % (ulong)scale);
            var tid = 1 + (int)(random.Next() % (ulong)(10 * scale));
            var delta = (int)(random.Next() % 10_001) - 5000;
            Set(account, delta, aid);
            Set(balance, aid);
            Set(teller, delta, tid);
            Set(branch, delta, bid);
            Set(history, tid, bid, aid, delta);
            await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            try
            {
                await account.ExecuteNonQueryAsync().ConfigureAwait(false);
                await balance.ExecuteScalarAsync().ConfigureAwait(false);
                await teller.ExecuteNonQueryAsync().ConfigureAwait(false);
                await branch.ExecuteNonQueryAsync().ConfigureAwait(false);
                await history.ExecuteNonQueryAsync().ConfigureAwait(false);
                await transaction.CommitAsync().ConfigureAwait(false);
            }
            catch (PostgresException ex)
            {
                errors.Add(ex);
                await transaction.RollbackAsync().ConfigureAwait(false);
            }
        };
    }

    private static void Set(NpgsqlCommand command, params ReadOnlySpan<int> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            ((NpgsqlParameter<int>)command.Parameters[i]).TypedValue = values[i];
        }
    }
}
