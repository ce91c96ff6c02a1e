using System.Diagnostics;
using System.Globalization;
using Npgsql;
using OmenDb.Bench.Data;
using OmenDb.Bench.Servers;

namespace OmenDb.Bench.Workloads;

internal sealed partial class VectorWorkload
{
    private const string HnswOptions = "USING hnsw (e vector_l2_ops) WITH (m = 16, ef_construction = 64)";

    /// <summary>Vectors preloaded into the insert table before its index is built.</summary>
    private const int InsertTableRows = 10_000;

    private BenchCase CopyCase(PgvectorReference? reference) => new(
        $"COPY {CopyRows:N0} vectors, no index",
        [new Metric("rate", "vectors/s", true), new Metric("MB/s", "MB/s", true)],
        async (server, _, cancellationToken) =>
        {
            var mode = _modes[server.Name];
            await RecreateAsync(server, CopyTable, mode, primaryKey: false, cancellationToken).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            await CopyAsync(server, CopyTable, mode, CopyRows, cancellationToken).ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            await BenchContext.ExpectRowCountAsync(server, CopyTable, CopyRows, $"COPY of {CopyRows:N0} vectors", cancellationToken).ConfigureAwait(false);
            var bytes = _copyText.Take((CopyRows + RowsPerChunk - 1) / RowsPerChunk).Sum(c => (long)c.Length);
            return [CopyRows / seconds, bytes / 1e6 / seconds];
        },
        Reference: reference is null ? null : new Dictionary<string, double> { ["rate"] = reference.CopyRate },
        ReferenceName: reference?.Name);

    private BenchCase ExactCase(int clients, PgvectorReference? reference) => new(
        clients == 1 ? "exact top-10, 1 client" : $"exact top-10, {clients} clients",
        clients == 1
            ? [new Metric("p50", "ms", false), new Metric("p99", "ms", false), new Metric("QPS", "queries/s", true),
               new Metric("scan", "GB/s", true), new Metric("of memory bandwidth", "%", true)]
            : [new Metric("p50", "ms", false), new Metric("p99", "ms", false), new Metric("QPS", "queries/s", true),
               new Metric("time per query (1 / QPS)", "ms", false)],
        async (server, duration, cancellationToken) =>
        {
            var mode = _modes[server.Name];
            if (clients > 1 && mode == VectorMode.RealArray)
            {
                return null; // 32 concurrent scans through SQL arrays would take minutes per round
            }

            var queries = _queries.Length / Dimensions;
            var result = await ClientLoop.RunAsync(server, clients, duration, async (client, connection) =>
            {
                var search = await PrepareSearchAsync(connection, mode, Table, null).ConfigureAwait(false);
                var next = client * (queries / clients);
                return async () =>
                {
                    var q = next++;
                    CheckExact(server, q, await search(Query(q)).ConfigureAwait(false));
                };
            }, cancellationToken).ConfigureAwait(false);
            var p50 = result.Percentile(50);
            var gbps = (double)_base.Length * sizeof(float) / (p50 / 1000) / 1e9;
            return clients == 1
                ? [p50, result.Percentile(99), result.PerSecond, gbps, gbps / _bandwidth * 100]
                : [p50, result.Percentile(99), result.PerSecond, 1000 / result.PerSecond];
        },
        // The real[] expression takes about a second per 10,000 rows: one query, no warm-up, beyond 10,000.
        Once: server => _modes[server.Name] == VectorMode.RealArray && _base.Length / Dimensions > 10_000,
        Reference: reference is null ? null : new Dictionary<string, double> { ["p50"] = reference.ExactP50 },
        ReferenceName: reference?.Name);

    private BenchCase BuildCase(PgvectorReference? reference) => new(
        "HNSW build, m 16, ef_construction 64",
        [new Metric("rate", "vectors/s", true), new Metric("time", "s", false)],
        async (server, _, cancellationToken) =>
        {
            if (!HnswAvailable(server))
            {
                return null;
            }

            await BenchContext.ExecuteAsync(server, $"DROP INDEX IF EXISTS {Table}_hnsw", cancellationToken).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            await BenchContext.ExecuteAsync(server, $"CREATE INDEX {Table}_hnsw ON {Table} {HnswOptions}", cancellationToken).ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            return [_base.Length / Dimensions / seconds, seconds];
        },
        Once: _ => true,
        Reference: reference is null ? null : new Dictionary<string, double> { ["rate"] = reference.BuildRate, ["time"] = reference.BuildSeconds },
        ReferenceName: reference?.Name);

    private BenchCase SearchCase(int ef, PgvectorReference? reference)
    {
        var point = reference?.Search(ef);
        return new(
            $"HNSW ef_search {ef}, 1 client",
            [new Metric("p50", "ms", false), new Metric("p99", "ms", false), new Metric("QPS", "queries/s", true),
             new Metric("recall@10", "fraction", true)],
            (server, duration, cancellationToken) => HnswRoundAsync(server, Table, ef, duration, _queries, _truth, cancellationToken),
            Reference: point is null ? null : new Dictionary<string, double> { ["p50"] = point.Value.P50, ["QPS"] = point.Value.Qps, ["recall@10"] = point.Value.Recall },
            ReferenceName: reference?.Name);
    }

    private BenchCase SiftCase() => new(
        "SIFT 10K sample, HNSW ef_search 40",
        [new Metric("p50", "ms", false), new Metric("QPS", "queries/s", true), new Metric("recall@10", "fraction", true)],
        async (server, duration, cancellationToken) =>
        {
            if (_sift is null)
            {
                return null;
            }

            var values = await HnswRoundAsync(server, SiftTable, 40, duration, _sift.Queries, _siftTruth, cancellationToken).ConfigureAwait(false);
            return values is null ? null : [values[0], values[2], values[3]];
        });

    private BenchCase InsertCase() => new(
        "HNSW-indexed single-row INSERTs, 1 client",
        [new Metric("rate", "inserts/s", true), new Metric("p50", "ms", false), new Metric("p99", "ms", false)],
        async (server, duration, cancellationToken) =>
        {
            if (!HnswAvailable(server))
            {
                return null;
            }

            var before = await CountAsync(server, InsertTable, cancellationToken).ConfigureAwait(false);
            var result = await ClientLoop.RunAsync(server, 1, duration, async (_, connection) =>
            {
                var command = new NpgsqlCommand($"INSERT INTO {InsertTable} (id, e) VALUES ($1, $2::vector)", connection);
                var id = new NpgsqlParameter<int> { TypedValue = 0 };
                var vector = new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Unknown, Value = "" };
                command.Parameters.Add(id);
                command.Parameters.Add(vector);
                await command.PrepareAsync().ConfigureAwait(false);
                var text = new System.Text.StringBuilder(1600);
                return async () =>
                {
                    var next = (int)Interlocked.Increment(ref _nextInsertId);
                    id.TypedValue = next;
                    text.Clear();
                    Clusters128.AppendText(text, _base.AsSpan(next % (_base.Length / Dimensions) * Dimensions, Dimensions), '[', ']');
                    vector.Value = text.ToString();
                    await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                };
            }, cancellationToken).ConfigureAwait(false);
            await BenchContext.ExpectRowCountAsync(server, InsertTable, before + result.Operations,
                $"{result.Operations:N0} acknowledged INSERTs", cancellationToken).ConfigureAwait(false);
            return [result.PerSecond, result.Percentile(50), result.Percentile(99)];
        });

    /// <summary>One round of HNSW searches at <paramref name="ef"/>: p50, p99, QPS and mean recall@10 (null without an index).</summary>
    private async Task<double[]?> HnswRoundAsync(BenchServer server, string table, int ef, TimeSpan duration, float[] queries,
        int[][] truth, CancellationToken cancellationToken)
    {
        if (!HnswAvailable(server))
        {
            return null;
        }

        var mode = _modes[server.Name];
        var count = queries.Length / Dimensions;
        double recallSum = 0;
        var answered = 0;
        var result = await ClientLoop.RunAsync(server, 1, duration, async (_, connection) =>
        {
            var search = await PrepareSearchAsync(connection, mode, table, ef).ConfigureAwait(false);
            var next = 0;
            return async () =>
            {
                var q = next++ % count;
                var ids = await search(queries.AsMemory(q * Dimensions, Dimensions)).ConfigureAwait(false);
                recallSum += GroundTruth.Recall(truth[q], ids, K);
                answered++;
            };
        }, cancellationToken).ConfigureAwait(false);
        return [result.Percentile(50), result.Percentile(99), result.PerSecond, recallSum / answered];
    }

    /// <summary>Whether <paramref name="server"/> has HNSW indexes (pgvector mode and the probe succeeded).</summary>
    private bool HnswAvailable(BenchServer server) =>
        _modes[server.Name] == VectorMode.Pgvector && !_hnswUnsupported.ContainsKey(server.Name);

    /// <summary>
    /// The insert case's table: the first 10,000 base vectors and an HNSW index. Creating that index is the probe for
    /// HNSW support: a server that refuses it (OmenDb before HNSW landed) has no HNSW figures, which is logged, not failed.
    /// </summary>
    private async Task PrepareInsertTableAsync(BenchServer server, BenchContext context, VectorMode mode, CancellationToken cancellationToken)
    {
        if (mode != VectorMode.Pgvector)
        {
            return;
        }

        var rows = Math.Min(InsertTableRows, _base.Length / Dimensions);
        await RecreateAsync(server, InsertTable, mode, primaryKey: true, cancellationToken).ConfigureAwait(false);
        await CopyAsync(server, InsertTable, mode, rows, cancellationToken).ConfigureAwait(false);
        string? unsupported = null;
        try
        {
            await BenchContext.ExecuteAsync(server, $"CREATE INDEX {InsertTable}_hnsw ON {InsertTable} {HnswOptions}", cancellationToken).ConfigureAwait(false);
            var text = new System.Text.StringBuilder();
            Clusters128.AppendText(text, _queries.AsSpan(0, Dimensions), '[', ']');
            var plan = await Answers.ReadAsync(server, $"EXPLAIN SELECT id FROM {InsertTable} ORDER BY e <-> '{text}' LIMIT {K}", [], cancellationToken)
                .ConfigureAwait(false);
            if (!plan.Any(row => row[0] is string line && line.Contains($"{InsertTable}_hnsw", StringComparison.Ordinal)))
            {
                unsupported = "CREATE INDEX USING hnsw is accepted but the plan of ORDER BY e <-> v LIMIT 10 does not use the index";
            }
        }
        catch (PostgresException ex)
        {
            unsupported = $"{ex.SqlState}: {ex.MessageText}";
        }

        if (unsupported is not null)
        {
            _hnswUnsupported[server.Name] = unsupported;
            context.Log($"[yellow]{server.Name}: no HNSW index search yet ({Spectre.Console.Markup.Escape(unsupported)}): no HNSW figures for it[/]");
            return;
        }

        Interlocked.Exchange(ref _nextInsertId, Math.Max(_nextInsertId, rows));
    }

    /// <summary>The SIFT sample's held-out base (ids 100..9999) with an HNSW index where the server has them.</summary>
    private async Task PrepareSiftAsync(BenchServer server, BenchContext context, VectorMode mode, CancellationToken cancellationToken)
    {
        await RecreateAsync(server, SiftTable, mode, primaryKey: true, cancellationToken).ConfigureAwait(false);
        var text = new System.Text.StringBuilder();
        var (open, close) = mode == VectorMode.Pgvector ? ('[', ']') : ('{', '}');
        for (var i = 0; i < _sift!.BaseIds.Length; i++)
        {
            text.Append(_sift.BaseIds[i].ToString(CultureInfo.InvariantCulture)).Append('\t');
            Clusters128.AppendText(text, _sift.Base.AsSpan(i * _sift.Dimensions, _sift.Dimensions), open, close);
            text.Append('\n');
        }

        await BenchContext.CopyTextAsync(server, SiftTable, text, cancellationToken).ConfigureAwait(false);
        if (HnswAvailable(server))
        {
            await BenchContext.ExecuteAsync(server, $"CREATE INDEX {SiftTable}_hnsw ON {SiftTable} {HnswOptions}", cancellationToken).ConfigureAwait(false);
        }

        await BenchContext.AnalyzeAsync(server, SiftTable, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> CountAsync(BenchServer server, string table, CancellationToken cancellationToken)
    {
        await using var command = server.DataSource.CreateCommand($"SELECT count(*) FROM {table}");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// The pgvector reference figures of datasets.md (PostgreSQL 15.20 + pgvector 0.8.6 on this machine class, medians of
/// 3 in a quiet period): reported next to OmenDb's figures when the PostgreSQL of the run has no pgvector and the set
/// size is one of the two measured there. Not measured in this run, and the report says so.
/// </summary>
internal sealed record PgvectorReference(int Count, double CopyRate, double ExactP50, double BuildSeconds,
    (double P50, double Qps, double Recall) Ef40, (double P50, double Qps, double Recall) Ef200)
{
    /// <summary>How the reports name these figures.</summary>
    public string Name => $"pgvector reference ({Count:N0}, datasets.md, not this run)";

    /// <summary>Build rate in vectors/s.</summary>
    public double BuildRate => Count / BuildSeconds;

    /// <summary>The reference point at <paramref name="ef"/>, where there is one (40 and 200).</summary>
    public (double P50, double Qps, double Recall)? Search(int ef) => ef switch
    {
        40 => Ef40,
        200 => Ef200,
        _ => null,
    };

    /// <summary>The reference for a set of <paramref name="count"/> vectors, or null.</summary>
    public static PgvectorReference? For(int count) => count switch
    {
        100_000 => new(count, 63_800, 34, 14.5, (0.65, 1_460, 0.935), (1.22, 782, 0.985)),
        1_000_000 => new(count, 74_400, 198, 266, (1.76, 548, 0.684), (5.16, 192, 0.897)),
        _ => null,
    };
}
