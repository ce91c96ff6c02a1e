using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using OmenDb.Bench.Data;
using OmenDb.Bench.Servers;

namespace OmenDb.Bench.Workloads;

/// <summary>
/// kNN search on the clusters-128 vectors of datasets.md (1,000,000 × 128 float32 at scale 1, k = 10), the figures
/// of issue 7: COPY rate without an index, exact top-k latency (and the GB/s it reaches against the machine's
/// measured memory bandwidth) for 1, 8 and 32 clients, the HNSW build rate (m = 16, ef_construction = 64), single-row
/// inserts into an HNSW-indexed table, HNSW latency, QPS and recall@10 across ef_search against exact ground truth,
/// and recall on the real SIFT sample. OmenDb and PostgreSQL with pgvector run the same pgvector SQL; PostgreSQL
/// without pgvector runs exact search through an equivalent real[] expression and has no HNSW figures, and where the
/// set size matches, datasets.md's pgvector reference figures are reported next to OmenDb's, labelled as such.
/// Every answer is checked against the exact ground truth (exact search) or scored by it (HNSW recall).
/// </summary>
internal sealed partial class VectorWorkload : Workload
{
    private const string Table = "bench_vec";
    private const string CopyTable = "bench_vec_copy";
    private const string InsertTable = "bench_vec_insert";
    private const string SiftTable = "bench_sift";
    private const int K = 10;
    private const int Dimensions = Clusters128.Dimensions;

    /// <summary>Rows per chunk of pre-formatted COPY text (about 1 MB).</summary>
    private const int RowsPerChunk = 800;

    /// <summary>ef_search values of the HNSW cases (pgvector's default is 40).</summary>
    private static readonly int[] s_efSearch = [10, 20, 40, 80, 200];

    private readonly Dictionary<string, VectorMode> _modes = [];
    private readonly Dictionary<string, string> _hnswUnsupported = [];
    private readonly List<string> _notes = [];
    private float[] _base = [];
    private float[] _queries = [];
    private int[][] _truth = [];
    private List<byte[]> _copyText = [];
    private SiftSample? _sift;
    private int[][] _siftTruth = [];
    private double _bandwidth;
    private long _nextInsertId;

    /// <summary>How a server stores and searches vectors.</summary>
    private enum VectorMode
    {
        /// <summary>A <c>vector(128)</c> column and pgvector's operators (OmenDb, or PostgreSQL with pgvector).</summary>
        Pgvector,

        /// <summary>A <c>real[]</c> column and a SQL expression for the distance (PostgreSQL without pgvector).</summary>
        RealArray,
    }

    /// <inheritdoc />
    public override string Name => "vector";

    /// <inheritdoc />
    public override string Description => "clusters-128 kNN: COPY, exact top-k, HNSW build/insert/search with recall@10, SIFT recall";

    /// <summary>Base vectors: 1,000,000 × scale, at least 10,000.</summary>
    private static int BaseCount(BenchContext context) => (int)Math.Clamp(Math.Round(1_000_000 * context.Options.Scale), 10_000, 10_000_000);

    /// <summary>Queries: 1,000 up to 100,000 base vectors, fewer above (the ground truth costs N × Q), at least 100.</summary>
    private static int QueryCount(int baseCount) => Math.Clamp((int)(1e8 / baseCount), 100, 1000);

    /// <summary>Rows of one COPY round: the whole set up to 200,000.</summary>
    private int CopyRows => Math.Min(_base.Length / Dimensions, 200_000);

    /// <inheritdoc />
    public override IReadOnlyList<string> Notes => [.. _notes, .. _hnswUnsupported.Select(u => $"{u.Key}: no HNSW figures ({u.Value})")];

    /// <inheritdoc />
    public override long EstimatedBytes(BenchContext context) => BaseCount(context) * 1200L;

    /// <inheritdoc />
    public override async Task PrepareAsync(BenchServer server, BenchContext context, CancellationToken cancellationToken)
    {
        if (_base.Length == 0)
        {
            GenerateData(context, cancellationToken);
        }

        var mode = await DetectModeAsync(server, context, cancellationToken).ConfigureAwait(false);
        _modes[server.Name] = mode;
        var count = _base.Length / Dimensions;
        await RecreateAsync(server, Table, mode, primaryKey: true, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        await CopyAsync(server, Table, mode, count, cancellationToken).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        await BenchContext.ExpectRowCountAsync(server, Table, count, $"COPY of {count:N0} vectors", cancellationToken).ConfigureAwait(false);
        await BenchContext.AnalyzeAsync(server, Table, cancellationToken).ConfigureAwait(false);
        context.Log($"{server.Name}: loaded {count:N0} vectors in {seconds:0.0} s ({count / seconds:N0}/s, {Spectre.Console.Markup.Escape(Describe(mode))})");

        // HNSW support is probed on the (small) insert table: its index serves the insert case.
        await PrepareInsertTableAsync(server, context, mode, cancellationToken).ConfigureAwait(false);
        if (_sift is not null)
        {
            await PrepareSiftAsync(server, context, mode, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async Task VerifyAsync(BenchServer omendb, BenchServer postgres, BenchContext context,
        CancellationToken cancellationToken)
    {
        foreach (var server in new[] { omendb, postgres })
        {
            await using var connection = await server.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var search = await PrepareSearchAsync(connection, _modes[server.Name], Table, null).ConfigureAwait(false);
            // Every measured exact query is checked as well; the real[] expression takes seconds per query at 100,000
            // rows and more, so there the measured query is the check.
            var queries = _modes[server.Name] == VectorMode.RealArray && _base.Length / Dimensions > 10_000 ? 0 : 5;
            for (var q = 0; q < queries; q++)
            {
                var ids = await search(Query(q)).ConfigureAwait(false);
                CheckExact(server, q, ids);
            }
        }
    }

    /// <inheritdoc />
    public override IReadOnlyList<BenchCase> Cases(BenchContext context)
    {
        // Published pgvector figures stand in only for a PostgreSQL without pgvector (known once prepared).
        var reference = _modes.GetValueOrDefault("postgres") == VectorMode.RealArray ? PgvectorReference.For(BaseCount(context)) : null;
        var cases = new List<BenchCase>
        {
            CopyCase(reference),
            ExactCase(1, reference),
            ExactCase(8, null),
            ExactCase(32, null),
            BuildCase(reference),
        };
        cases.AddRange(s_efSearch.Select(ef => SearchCase(ef, reference)));
        cases.Add(InsertCase());
        cases.Add(SiftCase());
        return cases;
    }

    /// <summary>Generates the base and query sets, the ground truth, the COPY text, and measures the memory bandwidth.</summary>
    private void GenerateData(BenchContext context, CancellationToken cancellationToken)
    {
        var count = BaseCount(context);
        var clock = Stopwatch.StartNew();
        _base = Clusters128.Generate(Clusters128.BaseSeed, count);
        _queries = Clusters128.Generate(Clusters128.QuerySeed, QueryCount(count));
        context.Log($"clusters-128: {count:N0} base vectors (SHA-256 {Clusters128.Fingerprint(_base)}), " +
            $"{_queries.Length / Dimensions:N0} queries, in {clock.Elapsed.TotalSeconds:0.0} s");
        clock.Restart();
        _truth = GroundTruth.Compute(_base, _queries, Dimensions, K, cancellationToken);
        context.Log($"exact ground truth (k = {K}) in {clock.Elapsed.TotalSeconds:0.0} s");
        clock.Restart();
        _copyText = FormatCopyText(_base, cancellationToken);
        context.Log($"COPY text: {_copyText.Sum(c => (long)c.Length) / 1e6:0} MB in {clock.Elapsed.TotalSeconds:0.0} s");
        _bandwidth = MemoryBandwidth.MeasureGBps();
        context.Log($"memory read bandwidth (all cores, streaming): {_bandwidth:0.0} GB/s");
        var megabytes = _base.Length * sizeof(float) / 1e6;
        _notes.Add($"clusters-128: {count:N0} base vectors ({megabytes:0} MB as float32, SHA-256 {Clusters128.Fingerprint(_base)}), " +
            $"{_queries.Length / Dimensions:N0} queries (seed 3), k = {K}; exact answers checked against the exact ground truth, HNSW answers scored by it; " +
            $"scan GB/s = {megabytes:0} MB / p50, against {_bandwidth:0.0} GB/s measured by a streaming read on all cores" +
            (megabytes < 64 ? " (a set this small stays in the CPU caches, so the scan can exceed it)" : ""));

        var siftDirectory = SiftSample.Locate(context.Options.SiftDirectory, context.Options.RepositoryRoot);
        if (siftDirectory is null)
        {
            context.Log("[yellow]SIFT sample not found (shared/data/bigann10k_*.fvecs; --sift DIR): no SIFT recall figures[/]");
            return;
        }

        _sift = SiftSample.Load(siftDirectory);
        var siftTruth = GroundTruth.Compute(_sift.Base, _sift.Queries, _sift.Dimensions, K, cancellationToken);
        _siftTruth = [.. siftTruth.Select(ids => ids.Select(i => _sift.BaseIds[i]).ToArray())];
        context.Log($"SIFT sample from {Spectre.Console.Markup.Escape(siftDirectory)}: {_sift.BaseIds.Length:N0} base vectors, {_siftTruth.Length} held-out queries");
    }

    /// <summary>COPY text lines <c>id \t [x,...] \n</c> in UTF-8, in chunks of about 1 MB, formatted on all cores.</summary>
    private static List<byte[]> FormatCopyText(float[] vectors, CancellationToken cancellationToken)
    {
        var count = vectors.Length / Dimensions;
        var chunks = new byte[(count + RowsPerChunk - 1) / RowsPerChunk][];
        Parallel.For(0, chunks.Length, new ParallelOptions { CancellationToken = cancellationToken }, c =>
        {
            var text = new StringBuilder(RowsPerChunk * 1300);
            for (var i = c * RowsPerChunk; i < Math.Min(count, (c + 1) * RowsPerChunk); i++)
            {
                text.Append(i.ToString(CultureInfo.InvariantCulture)).Append('\t');
                Clusters128.AppendText(text, vectors.AsSpan(i * Dimensions, Dimensions), '[', ']');
                text.Append('\n');
            }

            chunks[c] = Encoding.UTF8.GetBytes(text.ToString());
        });

        return [.. chunks];
    }

    /// <summary>OmenDb and PostgreSQL with pgvector: vector(128); PostgreSQL without it: real[] (reported).</summary>
    private async Task<VectorMode> DetectModeAsync(BenchServer server, BenchContext context, CancellationToken cancellationToken)
    {
        if (server is PostgresCluster)
        {
            await using var probe = server.DataSource.CreateCommand("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'");
            var available = Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
            if (!available)
            {
                _notes.Add("PostgreSQL has no pgvector: its exact search is a real[] SQL expression (sum of squared differences over " +
                    "unnest), it has no HNSW figures, and the rows 'vs pgvector reference' compare OmenDb with datasets.md's pgvector " +
                    "figures for this set size (PostgreSQL 15.20 + pgvector 0.8.6 on this machine class, not measured in this run)");
                context.Log("[yellow]postgres: pgvector is not installed: exact search runs as a real[[]] SQL expression, no HNSW; " +
                    "pgvector figures come from datasets.md's reference table (not measured in this run)[/]");
                return VectorMode.RealArray;
            }
        }

        await BenchContext.ExecuteAsync(server, "CREATE EXTENSION IF NOT EXISTS vector", cancellationToken).ConfigureAwait(false);
        if (server is PostgresCluster)
        {
            await using var version = server.DataSource.CreateCommand("SELECT extversion FROM pg_extension WHERE extname = 'vector'");
            var pgvector = await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            _notes.Add($"PostgreSQL runs the same pgvector SQL (pgvector {pgvector})");
            context.Log($"postgres: pgvector {pgvector}");
        }

        return VectorMode.Pgvector;
    }

    private static string Describe(VectorMode mode) =>
        mode == VectorMode.Pgvector ? "vector(128), pgvector SQL" : "real[], exact search by a SQL expression (no pgvector)";

    private static async Task RecreateAsync(BenchServer server, string table, VectorMode mode, bool primaryKey, CancellationToken cancellationToken)
    {
        await BenchContext.ExecuteAsync(server, $"DROP TABLE IF EXISTS {table}", cancellationToken).ConfigureAwait(false);
        var type = mode == VectorMode.Pgvector ? $"vector({Dimensions})" : "real[]";
        await BenchContext.ExecuteAsync(server,
            $"CREATE TABLE {table} (id integer {(primaryKey ? "PRIMARY KEY" : "NOT NULL")}, e {type} NOT NULL)", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>COPY the first <paramref name="rows"/> base vectors (text format; real[] uses braces).</summary>
    private async Task CopyAsync(BenchServer server, string table, VectorMode mode, int rows, CancellationToken cancellationToken)
    {
        await using var connection = await server.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var writer = await connection.BeginTextImportAsync($"COPY {table} (id, e) FROM STDIN", cancellationToken).ConfigureAwait(false);
        var chars = new char[1 << 21];
        var sent = 0;
        foreach (var chunk in _copyText)
        {
            var n = Encoding.UTF8.GetChars(chunk, chars);
            var span = chars.AsSpan(0, n);
            if (sent + RowsPerChunk > rows)
            {
                // The last, partial chunk: cut after the rows wanted.
                var lines = rows - sent;
                var end = 0;
                for (var l = 0; l < lines; l++)
                {
                    end += span[end..].IndexOf('\n') + 1;
                }

                span = span[..end];
            }

            if (mode == VectorMode.RealArray)
            {
                span.Replace('[', '{');
                span.Replace(']', '}');
            }

            await writer.WriteAsync(chars.AsMemory(0, span.Length), cancellationToken).ConfigureAwait(false);
            sent += RowsPerChunk;
            if (sent >= rows)
            {
                break;
            }
        }
    }

    /// <summary>The query vector <paramref name="q"/> (cycling through the set).</summary>
    private ReadOnlyMemory<float> Query(int q)
    {
        var count = _queries.Length / Dimensions;
        return _queries.AsMemory(q % count * Dimensions, Dimensions);
    }

    /// <summary>
    /// A prepared top-10 query on <paramref name="connection"/>: pgvector's <c>ORDER BY e &lt;-&gt; $1 LIMIT 10</c> with
    /// the vector sent as text, or the real[] expression; returns the ids in order.
    /// </summary>
    private static async Task<Func<ReadOnlyMemory<float>, Task<List<int>>>> PrepareSearchAsync(NpgsqlConnection connection,
        VectorMode mode, string table, int? efSearch)
    {
        if (efSearch is { } ef)
        {
            await using var set = new NpgsqlCommand($"SET hnsw.ef_search = {ef.ToString(CultureInfo.InvariantCulture)}", connection);
            await set.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        var sql = mode == VectorMode.Pgvector
            ? $"SELECT id FROM {table} ORDER BY e <-> $1::vector LIMIT {K}"
            : $"SELECT id FROM {table} ORDER BY (SELECT sum((x::float8 - y::float8) * (x::float8 - y::float8)) FROM unnest(e, $1::real[]) AS u(x, y)) LIMIT {K}";
        var command = new NpgsqlCommand(sql, connection);
        var text = new StringBuilder(1600);
        NpgsqlParameter parameter = mode == VectorMode.Pgvector
            ? new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Unknown, Value = "" }
            : new NpgsqlParameter<float[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Real, TypedValue = [] };
        command.Parameters.Add(parameter);
        await command.PrepareAsync().ConfigureAwait(false);
        return async vector =>
        {
            if (mode == VectorMode.Pgvector)
            {
                text.Clear();
                Clusters128.AppendText(text, vector.Span, '[', ']');
                parameter.Value = text.ToString();
            }
            else
            {
                ((NpgsqlParameter<float[]>)parameter).TypedValue = vector.ToArray();
            }

            var ids = new List<int>(K);
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                ids.Add(reader.GetInt32(0));
            }

            return ids;
        };
    }

    /// <summary>
    /// Throws a wrong-answer <see cref="BenchException"/> unless <paramref name="ids"/> are k distinct base vectors
    /// each no farther than the true k-th nearest (float rounding may reorder near-ties, never admit a farther one).
    /// </summary>
    private void CheckExact(BenchServer server, int q, List<int> ids)
    {
        var query = Query(q).Span;
        var truth = _truth[q % _truth.Length];
        var kth = GroundTruth.SquaredL2(query, _base.AsSpan(truth[K - 1] * Dimensions, Dimensions));
        var distinct = new HashSet<int>(ids);
        if (ids.Count != K || distinct.Count != K)
        {
            throw new BenchException($"wrong answer: exact top-{K} of query {q} on {server.Name} returned {ids.Count} rows ({distinct.Count} distinct)");
        }

        foreach (var id in ids)
        {
            if (id < 0 || id >= _base.Length / Dimensions ||
                GroundTruth.SquaredL2(query, _base.AsSpan(id * Dimensions, Dimensions)) > kth * (1 + 1e-5))
            {
                throw new BenchException($"wrong answer: exact top-{K} of query {q} on {server.Name} returned id {id}, " +
                    $"not among the {K} nearest ({string.Join(',', truth)})");
            }
        }
    }
}
