using OmenDb.Engine.Vectors;

namespace OmenDb.Durability.Tests;

/// <summary>An hnsw index survives a restart: its catalog entry (method, operator class, options) is stored, and its graph
/// is rebuilt in the background at start, after which the planner uses it again.</summary>
public sealed class HnswRestartTests
{
    private const string Plan = "EXPLAIN (COSTS OFF) SELECT id FROM hr_t ORDER BY v <=> '[1,2,3]' LIMIT 5";
    private const string Query = "SELECT id::text FROM hr_t ORDER BY v <=> '[1,2,3]', id LIMIT 5";

    [Fact]
    public async Task Restart_keeps_the_index_and_rebuilds_its_graph()
    {
        using var dir = new TempDataDirectory();
        List<string> before;
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await conn.ExecuteAsync("CREATE TABLE hr_t (id int PRIMARY KEY, v vector(3))");
            await conn.ExecuteAsync("INSERT INTO hr_t SELECT i, ARRAY[i % 31 + 1, i % 37, i % 41]::vector FROM generate_series(1, 12000) i");
            await conn.ExecuteAsync("CREATE INDEX hr_idx ON hr_t USING hnsw (v vector_cosine_ops) WITH (m = 8, ef_construction = 40)");
            Assert.Contains("Index Scan using hr_idx on hr_t", string.Join("\n", await conn.RowsAsync(Plan)));
            before = await conn.RowsAsync(Query);
        }

        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            Assert.Equal(["CREATE INDEX hr_idx ON public.hr_t USING hnsw (v vector_cosine_ops) WITH (m='8', ef_construction='40')"],
                await conn.RowsAsync("SELECT indexdef FROM pg_indexes WHERE indexname = 'hr_idx'"));
            await HnswIndexRegistry.WhenBuilt();
            Assert.Contains("Index Scan using hr_idx on hr_t", string.Join("\n", await conn.RowsAsync(Plan)));
            Assert.Equal(before, await conn.RowsAsync(Query));
        }
    }
}
