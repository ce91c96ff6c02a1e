using System.Buffers.Binary;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Persistence;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Tests.Support;
using OmenDb.Engine.Vectors;
using OmenDb.Storage.Kv;
using static OmenDb.Engine.Tests.Support.SessionScript;

namespace OmenDb.Engine.Tests.Vectors;

/// <summary>
/// The stored HNSW graph stays usable whatever happens while it is written: a compaction that renumbers the rows, a
/// write that never finishes (kill -9), a DROP that commits meanwhile.
/// </summary>
public sealed class HnswPersistenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("omendb-hnsw-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

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
        var (graph, keyOf, _) = index.SnapshotForWrite();
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

    [Fact]
    public void A_write_that_did_not_finish_leaves_the_previous_graph_loadable()
    {
        var data = HnswGraphTests.Clusters128(seed: 2, count: (2 * 4096) + 100); // three chunks of 4,096 nodes
        var options = new HnswOptions(VectorMetric.L2, 16, 64, 128);
        var first = Build(data[..3000]);
        var second = Build(data);
        using var kv = RocksDbStore.Open(new RocksDbOptions(_dir));
        HnswGraphStore.ChunksPerBatch = 1; // this thread's writes: one chunk per batch, so a write can stop between chunks
        try
        {
            Assert.Equal(3000, HnswGraphStore.Write(kv, 7, 1, options, first, static label => label + 1));

            // A rewrite killed after two of its three chunks: the chunks it wrote are under its own generation.
            var batches = 0;
            Assert.Equal(-1, HnswGraphStore.Write(kv, 7, 1, options, second, static label => label + 1, () => ++batches == 2));
            var loaded = Load(kv, options, data);
            Assert.Equal(3000, loaded.Count);
            Assert.Equal(first.Search(data[17], 10, 40), loaded.Search(data[17], 10, 40));

            // The next write switches to its graph and leaves no chunk of the others.
            Assert.Equal(data.Length, HnswGraphStore.Write(kv, 7, 1, options, second, static label => label + 1));
            Assert.Equal(data.Length, Load(kv, options, data).Count);
            Assert.Equal(1 + second.StoredChunks, StoredRecords(kv, 7));
        }
        finally
        {
            HnswGraphStore.ChunksPerBatch = 0;
        }
    }

    [Fact]
    public async Task A_drop_that_commits_while_the_graph_is_written_leaves_no_stored_graph()
    {
        FaultyStore? store = null;
        using var engine = DatabaseEngine.Open(new EngineOptions { DataDirectory = _dir, WrapStore = s => store = new FaultyStore(s) });
        var session = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        var other = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        Run(session, "CREATE TABLE hd (id int PRIMARY KEY, v vector(3))");
        Run(session, "INSERT INTO hd SELECT i, ARRAY[i % 31 + 1, i % 37, i % 41]::vector FROM generate_series(1, 2000) i");
        Run(session, "CREATE INDEX hd_idx ON hd USING hnsw (v vector_l2_ops) WITH (m = 8, ef_construction = 40)");
        var info = (IndexInfo)engine.Catalog.Databases["postgres"].Schemas["public"].Relations["hd_idx"];
        Assert.Equal(1 + 1, StoredRecords(store!, info.Oid)); // the build stored its graph: a header and one chunk
        Run(session, "INSERT INTO hd SELECT i, ARRAY[i % 29 + 1, i % 23, i % 19]::vector FROM generate_series(2001, 12000) i");
        var index = HnswIndexRegistry.Get(info)!;

        // The graph is being written again (one chunk per batch) when another session drops the index and commits.
        Task? drop = null;
        var thread = Environment.CurrentManagedThreadId;
        store!.AfterWrite = () =>
        {
            if (Environment.CurrentManagedThreadId == thread && drop is null)
            {
                drop = Task.Run(() => Run(other, "DROP INDEX hd_idx"));
                SpinWait.SpinUntil(() => index.IsCancelled || drop.IsCompleted);
            }
        };
        HnswGraphStore.ChunksPerBatch = 1;
        try
        {
            index.Persist();
        }
        finally
        {
            HnswGraphStore.ChunksPerBatch = 0;
            store.AfterWrite = null;
        }

        Assert.NotNull(drop);
        await drop;
        Assert.Equal(0, StoredRecords(store, info.Oid));
        session.Dispose();
        other.Dispose();
    }

    [Fact]
    public async Task A_rolled_back_drop_loads_the_stored_graph_again_instead_of_rebuilding_it()
    {
        using var engine = DatabaseEngine.Open(new EngineOptions { DataDirectory = _dir });
        var session = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        Run(session, "CREATE TABLE hr (id int PRIMARY KEY, v vector(3))");
        Run(session, "INSERT INTO hr SELECT i, ARRAY[i % 31 + 1, i % 37, i % 41]::vector FROM generate_series(1, 2000) i");
        Run(session, "CREATE INDEX hr_idx ON hr USING hnsw (v vector_l2_ops) WITH (m = 8, ef_construction = 40)");
        var info = (IndexInfo)engine.Catalog.Databases["postgres"].Schemas["public"].Relations["hr_idx"];
        var reports = new List<HnswBuildReport>();
        void Record(HnswBuildReport report)
        {
            if (report.Index == "hr_idx")
            {
                lock (reports)
                {
                    reports.Add(report);
                }
            }
        }

        HnswIndexRegistry.BuildFinished += Record;
        try
        {
            // After ROLLBACK TO, or an error in a block without a savepoint, the index is back at once, before the
            // transaction ends: its next use must not rebuild it.
            foreach (var (drop, undo) in new[]
            {
                ("BEGIN; SAVEPOINT s; DROP INDEX hr_idx", "ROLLBACK"),
                ("BEGIN; SAVEPOINT s; DROP INDEX hr_idx", "ROLLBACK TO s"),
                ("BEGIN; DROP INDEX hr_idx", "SELECT 1/0"),
            })
            {
                Run(session, drop);
                if (undo.StartsWith("SELECT", StringComparison.Ordinal))
                {
                    Assert.Throws<OmenDb.Common.PgException>(() => Run(session, undo));
                }
                else
                {
                    Run(session, undo);
                }

                var index = HnswIndexRegistry.Get(info)!;
                await index.Build!;
                lock (reports)
                {
                    var report = Assert.Single(reports);
                    Assert.True(report.Loaded, $"{undo}: {report.Reason}");
                    reports.Clear();
                }

                Run(session, "ROLLBACK");
            }
        }
        finally
        {
            HnswIndexRegistry.BuildFinished -= Record;
        }

        session.Dispose();
    }

    private static HnswGraph Build(float[][] data)
    {
        var graph = new HnswGraph(128, VectorMetric.L2);
        for (var i = 0; i < data.Length; i++)
        {
            graph.Append(data[i], i);
        }

        graph.LinkPending();
        return graph;
    }

    private static HnswGraph Load(IKvStore kv, HnswOptions options, float[][] data)
    {
        var loaded = HnswGraphStore.Read(kv, 7, 1, options, new HnswGraph(128, VectorMetric.L2), static key => key - 1, row => data[row], out var problem);
        Assert.True(loaded is not null, problem);
        return loaded;
    }

    /// <summary>Records (header and chunks) stored for one index.</summary>
    private static int StoredRecords(IKvStore kv, uint indexOid)
    {
        var start = new byte[5];
        start[0] = StorageKeys.HnswSpace;
        BinaryPrimitives.WriteUInt32BigEndian(start.AsSpan(1), indexOid);
        var end = new byte[5];
        end[0] = StorageKeys.HnswSpace;
        BinaryPrimitives.WriteUInt32BigEndian(end.AsSpan(1), indexOid + 1);
        var count = 0;
        using var it = kv.CreateIterator(start, end);
        for (it.SeekToFirst(); it.Valid; it.Next())
        {
            count++;
        }

        return count;
    }
}
