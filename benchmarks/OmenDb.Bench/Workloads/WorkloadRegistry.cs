namespace OmenDb.Bench.Workloads;

/// <summary>
/// Every workload the harness knows, in run order: the relational ones, then the vector one (clusters-128 kNN, exact
/// and HNSW, pgvector or a real[] expression on PostgreSQL), then the restart of each server over its loaded tables.
/// </summary>
internal static class WorkloadRegistry
{
    /// <summary>New instances of all workloads (they keep per-run state such as pre-generated keys).</summary>
    public static IReadOnlyList<Workload> All() =>
    [
        new PointWorkload(),
        new RangeWorkload(),
        new AggregateWorkload(),
        new CopyWorkload(),
        new InsertWorkload(),
        new TpcbWorkload(),
        new VectorWorkload(),
        new RestartWorkload(),
    ];
}
