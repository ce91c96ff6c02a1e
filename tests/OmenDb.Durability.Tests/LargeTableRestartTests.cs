using System.Buffers.Binary;
using Npgsql;
using OmenDb.Storage.Kv;

namespace OmenDb.Durability.Tests;

/// <summary>
/// A table large enough that the start-up load reads it in parts on several threads (Persistence/TableLoader), with
/// holes in its tuple ids (deleted and updated rows), a dropped and an added column, NULLs in every nullable column,
/// and rows in the previous stored format: everything reads back identically and in the same physical order, the
/// unique constraints still hold, and the key indexes answer as before.
/// </summary>
public sealed class LargeTableRestartTests
{
    /// <summary>Rows inserted: more than two parts' worth (TableLoader splits at 32 segments of 2,048 rows per part).</summary>
    private const int Rows = 140_000;

    private const string Query = "SELECT id::text, k::text, n::text, j::text, v::text, t, f::text, extra FROM lt_big ORDER BY id";

    private const string Probes = """
        SELECT (SELECT t FROM lt_big WHERE id = 12345), (SELECT id::text FROM lt_big WHERE k = 24690),
               (SELECT string_agg(id::text, ',' ORDER BY id) FROM lt_big WHERE id BETWEEN 995 AND 1012),
               (SELECT count(*)::text FROM lt_big WHERE id > 139990), (SELECT count(*)::text FROM lt_big)
        """;

    [Fact]
    public async Task A_table_loaded_in_parts_reads_back_identically_with_its_constraints_and_indexes()
    {
        using var dir = new TempDataDirectory();
        List<string> rows, order, probes;
        uint oid;
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await conn.ExecuteAsync("CREATE TABLE lt_big (id bigint PRIMARY KEY, k int UNIQUE, n numeric, j jsonb, v vector(3), gone int, t text, f float8)");
            await conn.ExecuteAsync($"""
                INSERT INTO lt_big
                SELECT g, g * 2, CASE WHEN g % 10 = 0 THEN NULL ELSE g / 7.0 END,
                       CASE WHEN g % 13 = 0 THEN NULL ELSE jsonb_build_object('i', g, 'a', jsonb_build_array(g, 'x')) END,
                       CASE WHEN g % 11 = 0 THEN NULL ELSE ('[' || g || ',0.5,-2]')::vector END, g,
                       CASE WHEN g % 17 = 0 THEN NULL ELSE 'row ' || g END, CASE WHEN g % 19 = 0 THEN NULL ELSE g * 0.25 END
                FROM generate_series(1, {Rows}) AS g
                """);
            await conn.ExecuteAsync("ALTER TABLE lt_big DROP COLUMN gone");
            await conn.ExecuteAsync("ALTER TABLE lt_big ADD COLUMN extra text");
            await conn.ExecuteAsync("DELETE FROM lt_big WHERE id % 1000 = 7");
            await conn.ExecuteAsync("UPDATE lt_big SET t = 'updated', extra = 'e' || id WHERE id % 5000 = 3");
            await conn.ExecuteAsync($"INSERT INTO lt_big (id, k, t, extra) VALUES ({Rows + 1}, -1, 'late', 'x'), ({Rows + 2}, -2, NULL, NULL)");
            rows = await conn.RowsAsync(Query);
            order = await conn.RowsAsync("SELECT id::text FROM lt_big");
            probes = await conn.RowsAsync(Probes);
            oid = (uint)(await conn.RowsAsync("SELECT oid::text FROM pg_class WHERE relname = 'lt_big'")).Select(uint.Parse).Single();
        }

        Assert.Equal(Rows - (Rows / 1000) + 2, rows.Count);
        const string Found = "row 12345|12345|995,996,997,998,999,1000,1001,1002,1003,1004,1005,1006,1008,1009,1010,1011,1012";
        Assert.Equal([Found + "|12|139862"], probes);

        // Two rows in the previous row format (numeric as System.Decimal), put where deleted rows were (tuple ids 7
        // and 70007, one in each part): they must read back in their tuple-id place, missing columns as NULL.
        using (var store = RocksDbStore.Open(new RocksDbOptions(Path.Combine(dir.Path, "rocksdb"))))
        {
            store.Put(RowKey(oid, 7), VersionOneRow(Rows + 10, -10, 15, 1));
            store.Put(RowKey(oid, 70007), VersionOneRow(Rows + 11, -11, -25, 2));
        }

        rows.AddRange([$"{Rows + 10}|-10|1.5|null|null|null|null|null", $"{Rows + 11}|-11|-0.25|null|null|null|null|null"]);
        order.Insert(order.IndexOf("6") + 1, $"{Rows + 10}");
        order.Insert(order.IndexOf("70006") + 1, $"{Rows + 11}");
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            Assert.Equal(rows, await conn.RowsAsync(Query));
            Assert.Equal(order, await conn.RowsAsync("SELECT id::text FROM lt_big"));
            Assert.Equal([Found + "|14|139864"], await conn.RowsAsync(Probes));

            // The unique indexes were rebuilt from the loaded rows, the old-format ones included.
            foreach (var duplicate in new[] { "(5, -100)", "(-100, 10)", $"({Rows + 10}, -200)", "(-200, -11)" })
            {
                var error = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync($"INSERT INTO lt_big (id, k) VALUES {duplicate}"));
                Assert.Equal("23505", error.SqlState);
            }

            // A deleted key is free again; the placeholder versions that fill a part's last segment are invisible and
            // go at the next VACUUM without changing what any query sees.
            await conn.ExecuteAsync("INSERT INTO lt_big (id, k) VALUES (1007, 2014)");
            await conn.ExecuteAsync("DELETE FROM lt_big WHERE id = 1007");
            await conn.ExecuteAsync("VACUUM lt_big");
            Assert.Equal(rows, await conn.RowsAsync(Query));
            Assert.Equal(order, await conn.RowsAsync("SELECT id::text FROM lt_big"));
        }
    }

    private static byte[] RowKey(uint oid, long tupleId)
    {
        var key = new byte[13];
        key[0] = 0x02;
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(1), oid);
        BinaryPrimitives.WriteInt64BigEndian(key.AsSpan(5), tupleId);
        return key;
    }

    /// <summary>A row of format version 1 with three columns (bigint, int, numeric as System.Decimal: mantissa, scale).</summary>
    private static byte[] VersionOneRow(long id, int k, int mantissa, int scale)
    {
        var row = new byte[4 + 8 + 4 + 16];
        row[0] = 1; // format version 1
        row[1] = 0; // schema version 0
        row[2] = 3; // three columns
        row[3] = 0; // no NULLs
        BinaryPrimitives.WriteInt64LittleEndian(row.AsSpan(4), id);
        BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan(12), k);
        BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan(16), Math.Abs(mantissa));
        BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan(28), (scale << 16) | (mantissa < 0 ? unchecked((int)0x8000_0000) : 0));
        return row;
    }
}
