using OmenDb.Bench.Servers;

namespace OmenDb.Bench.Workloads;

/// <summary>
/// One named workload (point, range, ...): it loads what it needs into each server through the same Npgsql code,
/// compares a sample of answers between the servers, and offers one or more measured cases. The runner drives every
/// case A B A B (warm-up first) and fails the workload loudly on any exception; a workload never swallows an error.
///
/// To add a workload (the vector helper's extension point): derive from this class in a new file of this folder and
/// add an instance to <see cref="WorkloadRegistry.All"/>. Nothing else changes: options, runner and reports are
/// generic over workloads, cases and metrics.
/// </summary>
internal abstract class Workload
{
    /// <summary>Name on the command line and in reports.</summary>
    public abstract string Name { get; }

    /// <summary>One line describing what is measured.</summary>
    public abstract string Description { get; }

    /// <summary>Whether it reads the shared bulk table (loaded once per run by <see cref="BenchContext.EnsureBulkAsync"/>).</summary>
    public virtual bool ReadsBulkTable => false;

    /// <summary>Estimated bytes of its own tables (the bulk table aside), for PostgreSQL's shared_buffers.</summary>
    public virtual long EstimatedBytes(BenchContext context) => 0;

    /// <summary>Creates and loads this workload's tables in one server (called for OmenDb, then PostgreSQL).</summary>
    public abstract Task PrepareAsync(BenchServer server, BenchContext context, CancellationToken cancellationToken);

    /// <summary>Compares a sample of query answers between the two servers; throws <see cref="BenchException"/> on a difference.</summary>
    public abstract Task VerifyAsync(BenchServer omendb, BenchServer postgres, BenchContext context, CancellationToken cancellationToken);

    /// <summary>Why some figures are missing or stand in for others (e.g. no pgvector), for the reports.</summary>
    public virtual IReadOnlyList<string> Notes => [];

    /// <summary>The measured cases, each with its metrics.</summary>
    public abstract IReadOnlyList<BenchCase> Cases(BenchContext context);
}

/// <summary>A metric of a case, e.g. QPS (higher is better) or p99 latency in ms (lower is better).</summary>
internal sealed record Metric(string Name, string Unit, bool HigherIsBetter);

/// <summary>
/// One measured configuration of a workload (e.g. point lookups with 16 clients). <see cref="RunRoundAsync"/> runs
/// one round against one server for about the given time and returns one value per metric, in metric order, or null
/// when that server cannot run the case (e.g. HNSW on a PostgreSQL without pgvector): its figures are then absent,
/// never invented. A server for which <see cref="Once"/> holds (an index build of minutes, a scan through SQL arrays
/// that takes a minute) gets no warm-up and one measured round. <see cref="Reference"/> holds published PostgreSQL figures by metric name, reported next to OmenDb's as
/// separate rows named after <see cref="ReferenceName"/>, never as measured ones.
/// </summary>
internal sealed record BenchCase(
    string Name,
    IReadOnlyList<Metric> Metrics,
    Func<BenchServer, TimeSpan, CancellationToken, Task<double[]?>> RunRoundAsync,
    Func<BenchServer, bool>? Once = null,
    IReadOnlyDictionary<string, double>? Reference = null,
    string? ReferenceName = null);
