using OmenDb.Engine.Catalog;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Vectors;
using static OmenDb.Engine.Tests.Support.SessionScript;

namespace OmenDb.Engine.Tests.Vectors;

/// <summary>
/// The stored HNSW graph stays usable whatever happens while it is written: a compaction that renumbers the rows, a
/// write that never finishes (kill -9), a DROP that commits meanwhile.
/// </summary>
public sealed class HnswPersistenceTests
{
    [Fact]
    public void A_compaction_during_a_write_does_not_change_the_keys_the_graph_is_stored_under()
    {
        using var engine = DatabaseEngine.Open(new EngineOptions { InMemory = true, ReclaimInterval = TimeSpan.Zero });
        var session = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        Run(session, "CREATE TABLE hc (id int PRIMARY KEY, v vector(3))");
        Run(session, "INSERT INTO hc SELECT i, ARRAY[i % 31 + 1, i % 37, i % 41]::vector FROM generate_series(1, 3000) i");
        Run(session, "CREATE INDEX hc_idx ON hc USING hnsw (v vector_l2_ops)");
        Run(session, "DELETE FROM hc WHERE id % 2 = 0");
        var table = (TableInfo)engine.Catalog.Databases["postgres"].Schemas["public"].Relations["hc"];
        var index = HnswIndexRegistry.Get((IndexInfo)engine.Catalog.Databases["postgres"].Schemas["public"].Relations["hc_idx"])!;

        // What a write takes when it starts, then a compaction (VACUUM) renumbers the rows while it runs.
        var (graph, keyOf) = index.SnapshotForWrite();
        Assert.NotNull(graph);
        var before = Enumerable.Range(0, graph.Count).Select(n => table.Data.TupleId(graph.LabelOf(n))).ToArray();
        var generation = table.Data.Generation;
        Run(session, "VACUUM hc");
        Assert.NotEqual(generation, table.Data.Generation);

        // The live table now puts other rows (or none) at the graph's row ids; the write's keys are still the tuple ids
        // of the rows the graph was linked to.
        Assert.Contains(Enumerable.Range(0, graph.Count), n => graph.LabelOf(n) >= table.Data.RowVersionCount
            || table.Data.TupleId(graph.LabelOf(n)) != before[n]);
        Assert.Equal(before, Enumerable.Range(0, graph.Count).Select(n => keyOf(graph.LabelOf(n))).ToArray());
        session.Dispose();
    }
}
