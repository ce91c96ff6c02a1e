using System.Diagnostics;
using System.Text;
using OmenDb.Bench.Data;
using OmenDb.Bench.Servers;

namespace OmenDb.Bench.Workloads;

/// <summary>
/// Bulk load by <c>COPY ... FROM STDIN</c> (text) into an empty table with a primary key: the first rows of the bulk
/// data set, pre-generated so that the client's formatting cost is not measured. Every round drops and re-creates the
/// table outside the clock and checks the row count after. Rounds are sized in rows, not seconds. A second case
/// reports the run's load of the whole bulk table (10M rows at scale 1, in 1M-row COPYs of text generated before the
/// clock starts), measured once per server.
/// </summary>
internal sealed class CopyWorkload : Workload
{
    private const string Table = "bench_copy";
    private List<string> _slices = [];
    private long _rows;
    private long _bytes;

    /// <inheritdoc />
    public override string Name => "copy";

    /// <inheritdoc />
    public override string Description => "COPY FROM STDIN into a fresh table with a primary key (rows/s)";

    /// <summary>Rows per round: a twentieth of the bulk table (500,000 at scale 1; the rate does not depend on the
    /// size, as the 100K, 1M and 10M runs showed), at least 50,000.</summary>
    private static long RowsPerRound(BenchContext context) => Math.Max(50_000, context.BulkRowCount / 20);

    /// <inheritdoc />
    public override long EstimatedBytes(BenchContext context) => RowsPerRound(context) * 110;

    /// <inheritdoc />
    public override async Task PrepareAsync(BenchServer server, BenchContext context, CancellationToken cancellationToken)
    {
        if (_slices.Count == 0)
        {
            _rows = RowsPerRound(context);
            var slices = new List<string>();
            await BulkRows.WriteAsync(_rows, () =>
            {
                var writer = new SliceWriter(slices);
                return Task.FromResult<TextWriter>(writer);
            }, null, cancellationToken).ConfigureAwait(false);
            _slices = slices;
            _bytes = slices.Sum(s => (long)Encoding.UTF8.GetByteCount(s));
        }
    }

    /// <inheritdoc />
    public override async Task VerifyAsync(BenchServer omendb, BenchServer postgres, BenchContext context,
        CancellationToken cancellationToken)
    {
        foreach (var server in new[] { omendb, postgres })
        {
            await LoadAsync(server, cancellationToken).ConfigureAwait(false);
        }

        await Answers.AssertSameAsync(omendb, postgres,
            $"SELECT count(*), sum(a), min(c), max(c), sum(b) FROM {Table}", [], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override IReadOnlyList<BenchCase> Cases(BenchContext context) =>
    [
        new($"{_rows:N0} rows",
            [new Metric("rows/s", "rows/s", true), new Metric("MB/s", "MB/s", true)],
            async (server, _, cancellationToken) =>
            {
                var seconds = await LoadAsync(server, cancellationToken).ConfigureAwait(false);
                return [_rows / seconds, _bytes / 1e6 / seconds];
            }),
        new($"bulk load {context.BulkRowCount:N0} rows{(context.Options.BulkClientFormat ? ", formatted while timed" : "")}",
            [new Metric("rows/s", "rows/s", true)],
            async (server, _, cancellationToken) =>
            {
                // The run's one load of the bulk table (done here if no earlier workload needed it).
                await context.EnsureBulkAsync(server, cancellationToken).ConfigureAwait(false);
                return context.BulkCopySeconds(server) is { } seconds ? [context.BulkRowCount / seconds] : null;
            },
            Once: _ => true),
    ];

    /// <summary>Re-creates the table, loads every slice, checks the count; returns the seconds the COPYs took.</summary>
    private async Task<double> LoadAsync(BenchServer server, CancellationToken cancellationToken)
    {
        await BenchContext.RecreateBulkTableAsync(server, Table, cancellationToken).ConfigureAwait(false);
        double seconds;
        await using (var connection = await server.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            var clock = Stopwatch.StartNew();
            foreach (var slice in _slices)
            {
                await using var writer = await BenchContext.BeginCopyAsync(connection, Table, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(slice).ConfigureAwait(false);
            }

            seconds = clock.Elapsed.TotalSeconds;
        }

        await BenchContext.ExpectRowCountAsync(server, Table, _rows, $"COPY of {_rows:N0} rows", cancellationToken).ConfigureAwait(false);
        return seconds;
    }

    /// <summary>Collects one COPY slice's text into a string, which becomes one COPY in the measured rounds.</summary>
    private sealed class SliceWriter(List<string> slices) : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
    {
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                slices.Add(ToString());
            }

            base.Dispose(disposing);
        }
    }
}
