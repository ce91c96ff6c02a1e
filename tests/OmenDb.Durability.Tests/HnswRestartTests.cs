using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using OmenDb.Engine.Vectors;
using OmenDb.Storage.Kv;

namespace OmenDb.Durability.Tests;

/// <summary>An hnsw index survives a restart: its catalog entry (method, operator class, options) is stored, and so is its
/// graph, which the restart loads instead of rebuilding (the build report, which the server logs, says which), after which
/// the planner uses it again and it answers the same rows. A stored graph that is corrupt is detected and rebuilt.</summary>
public sealed class HnswRestartTests
{
    private const string Plan = "EXPLAIN (COSTS OFF) SELECT id FROM {0} ORDER BY v <=> '[1,2,3]' LIMIT 5";
    private const string Query = "SELECT id::text FROM {0} ORDER BY v <=> '[1,2,3]', id LIMIT 5";

    [Fact]
    public async Task Restart_loads_the_stored_graph_and_answers_the_same_rows()
    {
        using var dir = new TempDataDirectory();
        // 150,000 rows: more than the start-up load reads as one part, so the table comes back in parallel parts (with
        // placeholder rows padding a part's last segment), and the graph must still find every row by tuple id.
        var before = await CreateIndexedTable(dir.Path, "hr_t", "hr_idx", rows: 150_000);
        var reports = await RestartAndCollectReports(dir.Path, "hr_idx", async conn =>
        {
            Assert.Equal(["CREATE INDEX hr_idx ON public.hr_t USING hnsw (v vector_cosine_ops) WITH (m='8', ef_construction='40')"],
                await conn.RowsAsync("SELECT indexdef FROM pg_indexes WHERE indexname = 'hr_idx'"));
            Assert.Contains("Index Scan using hr_idx on hr_t", string.Join("\n", await conn.RowsAsync(string.Format(Plan, "hr_t"))));
            Assert.Equal(before, await conn.RowsAsync(string.Format(Query, "hr_t")));
        });

        var report = Assert.Single(reports);
        Assert.True(report.Loaded, report.Reason);
        Assert.Equal(150_000, report.Vectors);
        Assert.Equal(0, report.Linked);
    }

    [Fact]
    public async Task Restart_finds_every_node_around_the_placeholder_rows_of_a_padded_load()
    {
        using var dir = new TempDataDirectory();
        // Every fifth of 150,000 rows is deleted before the index is built: the tuple ids have holes, so the first part of
        // the parallel start-up load ends in a partial segment padded with placeholder rows (tuple id 0), and the rows
        // after them sit at other row ids than before the restart.
        List<string> before;
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await conn.ExecuteAsync("CREATE TABLE hp_t (id int PRIMARY KEY, v vector(3))");
            await conn.ExecuteAsync("INSERT INTO hp_t SELECT i, ARRAY[i % 31 + 1, i % 37, i % 41]::vector FROM generate_series(1, 150000) i");
            await conn.ExecuteAsync("DELETE FROM hp_t WHERE id % 5 = 0");
            await conn.ExecuteAsync("CREATE INDEX hp_idx ON hp_t USING hnsw (v vector_cosine_ops) WITH (m = 8, ef_construction = 40)");
            before = await conn.RowsAsync(string.Format(Query, "hp_t"));
        }

        var reports = await RestartAndCollectReports(dir.Path, "hp_idx", async conn =>
        {
            Assert.Contains("Index Scan using hp_idx on hp_t", string.Join("\n", await conn.RowsAsync(string.Format(Plan, "hp_t"))));
            Assert.Equal(before, await conn.RowsAsync(string.Format(Query, "hp_t")));
            Assert.Equal(["120000"], await conn.RowsAsync("SELECT count(*)::text FROM hp_t"));
        });

        var report = Assert.Single(reports);
        Assert.True(report.Loaded, report.Reason);
        Assert.Equal(0, report.Linked);
        Assert.Equal(120_000, report.Vectors);
    }

    [Fact]
    public async Task A_corrupt_stored_graph_is_rebuilt_and_answers_correctly()
    {
        using var dir = new TempDataDirectory();
        var before = await CreateIndexedTable(dir.Path, "hc_t", "hc_idx");
        using (var kv = RocksDbStore.Open(new RocksDbOptions(Path.Combine(dir.Path, "rocksdb"))))
        {
            // Flip one byte inside the first stored chunk of the graph (space 0x04, then index oid, then 0x01, write id, chunk).
            using var it = kv.CreateIterator([0x04], [0x05]);
            it.SeekToFirst();
            while (it.Valid && !(it.Key.Length == 18 && it.Key[5] == 1))
            {
                it.Next();
            }

            Assert.True(it.Valid, "a stored graph chunk");
            var key = it.Key.ToArray();
            var value = it.Value.ToArray();
            value[value.Length / 2] ^= 0x5A;
            kv.Put(key, value);
        }

        var reports = await RestartAndCollectReports(dir.Path, "hc_idx", async conn =>
        {
            Assert.Contains("Index Scan using hc_idx on hc_t", string.Join("\n", await conn.RowsAsync(string.Format(Plan, "hc_t"))));
            Assert.Equal(before, await conn.RowsAsync(string.Format(Query, "hc_t")));
        });

        var report = Assert.Single(reports);
        Assert.False(report.Loaded);
        Assert.Contains("corrupt", report.Reason, StringComparison.Ordinal);
        Assert.Equal(12_000, report.Vectors);

        // The rebuilt graph was stored again: the next start loads it.
        var again = await RestartAndCollectReports(dir.Path, "hc_idx", async conn =>
            Assert.Equal(before, await conn.RowsAsync(string.Format(Query, "hc_t"))));
        Assert.True(Assert.Single(again).Loaded);
    }

    [Fact]
    public async Task After_a_crash_the_stored_graph_is_loaded_and_only_the_rows_inserted_since_are_linked()
    {
        using var dir = new TempDataDirectory();
        List<string> before;
        await using (var server = await ServerProcess.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await conn.ExecuteAsync("CREATE TABLE hk_t (id int PRIMARY KEY, v vector(3))");
            await conn.ExecuteAsync("INSERT INTO hk_t SELECT i, ARRAY[i % 31 + 1, i % 37, i % 41]::vector FROM generate_series(1, 12000) i");
            await conn.ExecuteAsync("CREATE INDEX hk_idx ON hk_t USING hnsw (v vector_cosine_ops) WITH (m = 8, ef_construction = 40)");
            await conn.ExecuteAsync("INSERT INTO hk_t SELECT i, ARRAY[i % 29 + 1, i % 23, i % 19]::vector FROM generate_series(12001, 12500) i");
            before = await conn.RowsAsync(string.Format(Query, "hk_t")); // links the 500 rows in memory only
            await server.KillAsync(); // no checkpoint: the stored graph is the one written when the build ended
        }

        var reports = await RestartAndCollectReports(dir.Path, "hk_idx", async conn =>
        {
            Assert.Contains("Index Scan using hk_idx on hk_t", string.Join("\n", await conn.RowsAsync(string.Format(Plan, "hk_t"))));
            Assert.Equal(before, await conn.RowsAsync(string.Format(Query, "hk_t")));
        });

        var report = Assert.Single(reports);
        Assert.True(report.Loaded, report.Reason);
        Assert.Equal(12_500, report.Vectors);
        Assert.Equal(500, report.Linked);
    }

    [Fact]
    public async Task A_graph_that_grew_by_many_rows_is_stored_again_before_a_crash()
    {
        using var dir = new TempDataDirectory();
        List<string> before;
        await using (var server = await ServerProcess.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await conn.ExecuteAsync("CREATE TABLE hg_t (id int PRIMARY KEY, v vector(3))");
            await conn.ExecuteAsync("INSERT INTO hg_t SELECT i, ARRAY[i % 31 + 1, i % 37, i % 41]::vector FROM generate_series(1, 12000) i");
            await conn.ExecuteAsync("CREATE INDEX hg_idx ON hg_t USING hnsw (v vector_cosine_ops) WITH (m = 8, ef_construction = 40)");
            await conn.ExecuteAsync("INSERT INTO hg_t SELECT i, ARRAY[i % 29 + 1, i % 23, i % 19]::vector FROM generate_series(12001, 22000) i");
            before = await conn.RowsAsync(string.Format(Query, "hg_t"));
            await conn.RowsAsync("SELECT id::text FROM hg_t ORDER BY v <=> '[1,2,3]' LIMIT 5"); // an index scan links the 10,000 rows

            // The graph is written again in the background; the log says when.
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!server.Log.Contains("hg_idx on hg_t: graph of 22000 vectors stored", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.True(server.Log.Contains("hg_idx on hg_t: graph of 22000 vectors stored", StringComparison.Ordinal), server.Log);
            await server.KillAsync(); // no clean-shutdown checkpoint
        }

        var reports = await RestartAndCollectReports(dir.Path, "hg_idx", async conn =>
            Assert.Equal(before, await conn.RowsAsync(string.Format(Query, "hg_t"))));
        var report = Assert.Single(reports);
        Assert.True(report.Loaded, report.Reason);
        Assert.Equal(22_000, report.Vectors);
        Assert.Equal(0, report.Linked);
    }

    [Fact]
    public async Task A_dropped_index_loses_its_stored_graph_when_the_drop_commits()
    {
        using var dir = new TempDataDirectory();
        uint kept;
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await conn.ExecuteAsync("CREATE TABLE hd_t (id int PRIMARY KEY, v vector(3))");
            await conn.ExecuteAsync("CREATE TABLE hd_u (id int PRIMARY KEY, v vector(3))");
            await conn.ExecuteAsync("INSERT INTO hd_t SELECT i, ARRAY[i % 31 + 1, i % 37, i % 41]::vector FROM generate_series(1, 2000) i");
            await conn.ExecuteAsync("INSERT INTO hd_u SELECT * FROM hd_t");
            await conn.ExecuteAsync("CREATE INDEX hd_a ON hd_t USING hnsw (v vector_l2_ops)");
            await conn.ExecuteAsync("CREATE INDEX hd_b ON hd_t USING hnsw (v vector_cosine_ops)");
            await conn.ExecuteAsync("CREATE INDEX hd_c ON hd_u USING hnsw (v vector_l2_ops)");
            kept = uint.Parse((await conn.RowsAsync("SELECT 'hd_a'::regclass::oid::text"))[0], CultureInfo.InvariantCulture);

            // hd_a: dropped after a savepoint rolled back to, then dropped in a transaction rolled back: kept.
            // hd_b: dropped in a committed transaction; hd_c: with its table.
            await conn.ExecuteAsync("BEGIN");
            await conn.ExecuteAsync("DROP INDEX hd_b");
            await conn.ExecuteAsync("SAVEPOINT s");
            await conn.ExecuteAsync("DROP INDEX hd_a");
            await conn.ExecuteAsync("ROLLBACK TO SAVEPOINT s");
            await conn.ExecuteAsync("COMMIT");
            await conn.ExecuteAsync("BEGIN");
            await conn.ExecuteAsync("DROP INDEX hd_a");
            await conn.ExecuteAsync("ROLLBACK");
            await conn.ExecuteAsync("DROP TABLE hd_u");
        }

        // A clean shutdown writes the graphs of the indexes that exist and removes none: what is gone went at the commits.
        using var kv = RocksDbStore.Open(new RocksDbOptions(Path.Combine(dir.Path, "rocksdb")));
        var stored = new SortedSet<uint>();
        using var it = kv.CreateIterator([0x04], [0x05]);
        for (it.SeekToFirst(); it.Valid; it.Next())
        {
            stored.Add(BinaryPrimitives.ReadUInt32BigEndian(it.Key[1..]));
        }

        Assert.Equal([kept], stored);
    }

    /// <summary>Creates a table of <paramref name="rows"/> rows with an hnsw index in a fresh server and returns the top 5 by
    /// cosine distance.</summary>
    private static async Task<List<string>> CreateIndexedTable(string dataDirectory, string table, string index, int rows = 12_000)
    {
        await using var server = await InProcessServer.StartAsync(dataDirectory);
        await using var conn = await InProcessServer.ConnectAsync(server.Port);
        await conn.ExecuteAsync($"CREATE TABLE {table} (id int PRIMARY KEY, v vector(3))");
        await conn.ExecuteAsync($"INSERT INTO {table} SELECT i, ARRAY[i % 31 + 1, i % 37, i % 41]::vector FROM generate_series(1, {rows}) i");
        await conn.ExecuteAsync($"CREATE INDEX {index} ON {table} USING hnsw (v vector_cosine_ops) WITH (m = 8, ef_construction = 40)");
        Assert.Contains($"Index Scan using {index} on {table}", string.Join("\n", await conn.RowsAsync(string.Format(Plan, table))));
        return await conn.RowsAsync(string.Format(Query, table));
    }

    /// <summary>Starts a server on the directory, waits for its graphs, runs <paramref name="check"/>, and returns the build
    /// reports of <paramref name="index"/> raised meanwhile (tests in other classes raise theirs too).</summary>
    private static async Task<List<HnswBuildReport>> RestartAndCollectReports(string dataDirectory, string index, Func<Npgsql.NpgsqlConnection, Task> check)
    {
        var reports = new ConcurrentQueue<HnswBuildReport>();
        void Collect(HnswBuildReport r)
        {
            if (r.Index == index)
            {
                reports.Enqueue(r);
            }
        }

        HnswIndexRegistry.BuildFinished += Collect;
        try
        {
            await using var server = await InProcessServer.StartAsync(dataDirectory);
            await using var conn = await InProcessServer.ConnectAsync(server.Port);
            await HnswIndexRegistry.WhenBuilt();
            await check(conn);
        }
        finally
        {
            HnswIndexRegistry.BuildFinished -= Collect;
        }

        return [.. reports];
    }
}
