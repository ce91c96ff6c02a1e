namespace OmenDb.Durability.Tests;

/// <summary>Arbitrary-precision numerics (NaN, ±Infinity, long digit strings, negative values) survive a restart with
/// their scale, and a numeric index built at start orders them as PostgreSQL does.</summary>
public sealed class NumericRestartTests
{
    private const string Query = "SELECT id::text, v::text, (v * 2)::text FROM nr_t ORDER BY v, id";

    [Fact]
    public async Task Numerics_read_back_identically_after_a_restart()
    {
        using var dir = new TempDataDirectory();
        List<string> before;
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await conn.ExecuteAsync("CREATE TABLE nr_t (id int PRIMARY KEY, v numeric, f numeric(20,10))");
            await conn.ExecuteAsync("CREATE INDEX nr_t_v ON nr_t (v)");
            await conn.ExecuteAsync("""
                INSERT INTO nr_t VALUES
                  (1, 'NaN', 1.5), (2, '-Infinity', NULL), (3, 'Infinity', -0.0000000001),
                  (4, 123456789012345678901234567890123456789.000000000000000000000000000001, 1234567890.0123456789),
                  (5, -98765432109876543210.5, -1), (6, 0.00, 0), (7, 1.50, 2), (8, 1e-100, 3)
                """);
            before = await conn.RowsAsync(Query);
        }

        Assert.Equal(8, before.Count);
        Assert.Equal("2|-Infinity|-Infinity", before[0]);
        Assert.Equal("1|NaN|NaN", before[^1]);
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            Assert.Equal(before, await conn.RowsAsync(Query));
            Assert.Equal(["1.5000000000|-0.0000000001|1234567890.0123456789"],
                await conn.RowsAsync("SELECT (SELECT f::text FROM nr_t WHERE id = 1), (SELECT f::text FROM nr_t WHERE id = 3), (SELECT f::text FROM nr_t WHERE id = 4)"));
            Assert.Equal(["4"], await conn.RowsAsync("SELECT id::text FROM nr_t WHERE v = 123456789012345678901234567890123456789.000000000000000000000000000001"));
        }
    }
}
