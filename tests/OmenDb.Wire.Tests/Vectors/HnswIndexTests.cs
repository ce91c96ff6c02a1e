using Npgsql;
using OmenDb.Wire.Tests.Support;

namespace OmenDb.Wire.Tests.Vectors;

/// <summary>
/// pgvector's HNSW surface through Npgsql: CREATE INDEX ... USING hnsw with its errors, hnsw.ef_search, the planner's
/// choice shown by EXPLAIN, answers against an exact reference (an ORDER BY the rewrite does not touch), rows inserted,
/// updated and deleted after the build, filtered searches that must still return k rows, and DROP.
/// </summary>
public sealed class HnswIndexTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Exact = "(v <-> '[3,1,2]') + 0"; // an expression the vector rewrite leaves to the sort

    [Theory]
    [InlineData("CREATE INDEX ON hx_err USING hnsw (v vector_l2_ops) WITH (m = 1)", "22023", "value 1 out of bounds for option \"m\"")]
    [InlineData("CREATE INDEX ON hx_err USING hnsw (v vector_l2_ops) WITH (m = 101)", "22023", "value 101 out of bounds for option \"m\"")]
    [InlineData("CREATE INDEX ON hx_err USING hnsw (v vector_l2_ops) WITH (ef_construction = 3)", "22023", "value 3 out of bounds for option \"ef_construction\"")]
    [InlineData("CREATE INDEX ON hx_err USING hnsw (v vector_l2_ops) WITH (ef_construction = 1001)", "22023", "value 1001 out of bounds for option \"ef_construction\"")]
    [InlineData("CREATE INDEX ON hx_err USING hnsw (v vector_l2_ops) WITH (m = 16, ef_construction = 31)", "XX000", "ef_construction must be greater than or equal to 2 * m")]
    [InlineData("CREATE INDEX ON hx_err USING hnsw (v) WITH (m = 'x')", "22023", "invalid value for integer option \"m\": x")]
    [InlineData("CREATE INDEX ON hx_err USING hnsw (v) WITH (m = 8, m = 9)", "22023", "parameter \"m\" specified more than once")]
    [InlineData("CREATE INDEX ON hx_err USING hnsw (v) WITH (lists = 100)", "22023", "unrecognized parameter \"lists\"")]
    [InlineData("CREATE INDEX ON hx_err USING hnsw (v foo_ops)", "42704", "operator class \"foo_ops\" does not exist for access method \"hnsw\"")]
    [InlineData("CREATE INDEX ON hx_err USING hnsw (id)", "42704", "data type integer has no default operator class for access method \"hnsw\"")]
    [InlineData("CREATE INDEX ON hx_err USING hnsw (id vector_l2_ops)", "42804", "operator class \"vector_l2_ops\" does not accept data type integer")]
    [InlineData("CREATE INDEX ON hx_err USING hnsw (v, id)", "0A000", "access method \"hnsw\" does not support multicolumn indexes")]
    [InlineData("CREATE UNIQUE INDEX ON hx_err USING hnsw (v)", "0A000", "access method \"hnsw\" does not support unique indexes")]
    [InlineData("CREATE INDEX ON hx_err USING hnsw (nope)", "42703", "column \"nope\" does not exist")]
    [InlineData("CREATE INDEX ON hx_nope USING hnsw (v)", "42P01", "relation \"hx_nope\" does not exist")]
    [InlineData("CREATE INDEX ON hx_err USING hnsw (u)", "XX000", "column does not have dimensions")]
    [InlineData("CREATE INDEX ON hx_err USING hnsw (w)", "XX000", "column cannot have more than 2000 dimensions for hnsw index")]
    [InlineData("SET hnsw.ef_search = 0", "22023", "0 is outside the valid range for parameter \"hnsw.ef_search\" (1 .. 1000)")]
    [InlineData("SET hnsw.ef_search = 1001", "22023", "1001 is outside the valid range for parameter \"hnsw.ef_search\" (1 .. 1000)")]
    public async Task Ddl_errors_are_pgvectors(string sql, string sqlState, string message)
    {
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS hx_err (id int, v vector(3), u vector, w vector(2001))");
        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, sql));
        Assert.Equal((sqlState, message), (error.SqlState, error.MessageText));
    }

    [Fact]
    public async Task Index_is_catalogued_chosen_by_cost_and_answers_like_the_exact_search()
    {
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, "CREATE TABLE hx_t (id int PRIMARY KEY, v vector(3), cat int)");
        try
        {
            await ExecuteAsync(connection, "INSERT INTO hx_t SELECT i, ARRAY[i % 101, (i * 7) % 103, (i * 13) % 107]::vector, i % 1000 FROM generate_series(1, 20000) i");
            await ExecuteAsync(connection, "CREATE TABLE hx_small (id int, v vector(3))");
            await ExecuteAsync(connection, "INSERT INTO hx_small VALUES (1, '[1,1,1]')");
            await ExecuteAsync(connection, "CREATE INDEX hx_small_idx ON hx_small USING hnsw (v vector_l2_ops)");
            await ExecuteAsync(connection, "CREATE INDEX IF NOT EXISTS hx_t_idx ON hx_t USING hnsw (v vector_l2_ops) WITH (m = 8, ef_construction = 32)");
            await ExecuteAsync(connection, "CREATE INDEX IF NOT EXISTS hx_t_idx ON hx_t USING hnsw (v vector_l2_ops)"); // notice, skipped

            Assert.Equal(["CREATE INDEX hx_t_idx ON public.hx_t USING hnsw (v vector_l2_ops) WITH (m='8', ef_construction='32')"],
                await ColumnAsync(connection, "SELECT indexdef FROM pg_indexes WHERE tablename = 'hx_t' AND indexname = 'hx_t_idx'"));
            Assert.Equal(["hnsw"], await ColumnAsync(connection, "SELECT am.amname::text FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.relname = 'hx_t_idx'"));
            Assert.Empty(await ColumnAsync(connection, "SELECT phase FROM pg_stat_progress_create_index"));

            var plan = await ColumnAsync(connection, "EXPLAIN (COSTS OFF) SELECT id FROM hx_t ORDER BY v <-> '[3,1,2]' LIMIT 10");
            Assert.Contains("Index Scan using hx_t_idx on hx_t", string.Join("\n", plan));
            Assert.Contains("Order By: (v <-> '[3,1,2]'::vector)", string.Join("\n", plan));
            Assert.Contains("Vector Top-K (exact)", string.Join("\n", await ColumnAsync(connection, "EXPLAIN (COSTS OFF) SELECT id FROM hx_small ORDER BY v <-> '[3,1,2]' LIMIT 10")));
            Assert.Contains("Vector Top-K (exact)", string.Join("\n", await ColumnAsync(connection, "EXPLAIN (COSTS OFF) SELECT id FROM hx_t ORDER BY v <=> '[3,1,2]' LIMIT 10")));

            await ExecuteAsync(connection, "SET hnsw.ef_search = 200");
            Assert.Equal(["200"], await ColumnAsync(connection, "SHOW hnsw.ef_search"));
            await AssertSameAsExactAsync(connection, "", 10);

            // Writes after the build: new rows are found, deleted and replaced versions are not.
            await ExecuteAsync(connection, "INSERT INTO hx_t VALUES (100001, '[3,1,2]', 1), (100002, '[3,1,2.5]', 1)");
            await ExecuteAsync(connection, "DELETE FROM hx_t WHERE id IN (SELECT id FROM hx_t ORDER BY " + Exact + ", id LIMIT 4 OFFSET 2)");
            await ExecuteAsync(connection, "UPDATE hx_t SET v = '[3,1,2.25]' WHERE id = 7");
            var top = await ColumnAsync(connection, "SELECT id FROM hx_t ORDER BY v <-> '[3,1,2]' LIMIT 3");
            Assert.Equal(["100001", "7", "100002"], top);
            await AssertSameAsExactAsync(connection, "", 10);

            // A selective filter: 20 rows match, the graph walk alone finds few of them, all 20 still come back.
            await AssertSameAsExactAsync(connection, "WHERE cat = 977", 20);
            await AssertSameAsExactAsync(connection, "WHERE cat < 500", 10);

            // LIMIT $n and the query vector as a parameter.
            await using (var command = new NpgsqlCommand("SELECT id FROM hx_t ORDER BY v <-> $1::vector LIMIT $2", connection))
            {
                command.Parameters.AddWithValue("[3,1,2]");
                command.Parameters.AddWithValue(2L);
                var ids = new List<int>();
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    ids.Add(reader.GetInt32(0));
                }

                Assert.Equal([100001, 7], ids);
            }

            await ExecuteAsync(connection, "DROP INDEX hx_t_idx");
            Assert.Contains("Vector Top-K (exact)", string.Join("\n", await ColumnAsync(connection, "EXPLAIN (COSTS OFF) SELECT id FROM hx_t ORDER BY v <-> '[3,1,2]' LIMIT 10")));
        }
        finally
        {
            await ExecuteAsync(connection, "DROP TABLE IF EXISTS hx_t, hx_small");
        }
    }

    [Fact]
    public async Task Truncate_and_a_rolled_back_drop_keep_the_index_consistent()
    {
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, "CREATE TABLE hx_tr (id int, v vector(2))");
        try
        {
            await ExecuteAsync(connection, "INSERT INTO hx_tr SELECT i, ARRAY[i, i % 7]::vector FROM generate_series(1, 12000) i");
            await ExecuteAsync(connection, "CREATE INDEX hx_tr_idx ON hx_tr USING hnsw (v vector_l2_ops) WITH (m = 4, ef_construction = 16)");
            await ExecuteAsync(connection, "BEGIN; DROP INDEX hx_tr_idx; ROLLBACK");
            Assert.Equal(["1", "2"], await ColumnAsync(connection, "SELECT id FROM hx_tr ORDER BY v <-> '[0,0]' LIMIT 2"));
            await ExecuteAsync(connection, "TRUNCATE hx_tr");
            Assert.Empty(await ColumnAsync(connection, "SELECT id FROM hx_tr ORDER BY v <-> '[0,0]' LIMIT 2"));
            await ExecuteAsync(connection, "INSERT INTO hx_tr VALUES (5, '[5,5]'), (6, '[1,1]'), (7, NULL)");
            Assert.Equal(["6", "5", "7"], await ColumnAsync(connection, "SELECT id FROM hx_tr ORDER BY v <-> '[0,0]' LIMIT 5"));
        }
        finally
        {
            await ExecuteAsync(connection, "DROP TABLE hx_tr");
        }
    }

    [Fact]
    public async Task A_graph_walked_on_its_compact_copy_answers_like_the_exact_search_with_filters_and_deletes()
    {
        // 32 dimensions: the graph keeps int8 codes of the vectors and its walk reads them; the scan ranks the
        // candidates by their exact distance, so the rows and their order are the exact search's, also for rows that
        // a filter or a delete leaves out.
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, "CREATE TABLE hx_c (id int PRIMARY KEY, v vector(32), cat int)");
        try
        {
            var random = new Random(7);
            var centres = Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, 32).Select(_ => (random.NextDouble() * 20) - 10).ToArray()).ToArray();
            await using (var writer = await connection.BeginTextImportAsync("COPY hx_c FROM STDIN"))
            {
                for (var id = 1; id <= 12_000; id++)
                {
                    var centre = centres[id % centres.Length];
                    var v = string.Join(',', centre.Select(x => (x + random.NextDouble() - 0.5).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));
                    await writer.WriteLineAsync($"{id}\t[{v}]\t{id % 10}");
                }
            }

            await ExecuteAsync(connection, "CREATE INDEX hx_c_idx ON hx_c USING hnsw (v vector_l2_ops) WITH (m = 8, ef_construction = 32)");
            var probe = (await ColumnAsync(connection, "SELECT v::text FROM hx_c WHERE id = 1234"))[0];
            Assert.Contains("Index Scan using hx_c_idx", string.Join("\n", await ColumnAsync(connection, $"EXPLAIN (COSTS OFF) SELECT id FROM hx_c WHERE cat < 5 ORDER BY v <-> '{probe}' LIMIT 10")));
            await ExecuteAsync(connection, "SET hnsw.ef_search = 100");
            await ExecuteAsync(connection, "DELETE FROM hx_c WHERE id % 3 = 0");
            foreach (var where in new[] { "", "WHERE cat = 4", "WHERE cat < 5" })
            {
                var expected = await ColumnAsync(connection, $"SELECT id FROM hx_c {where} ORDER BY (v <-> '{probe}') + 0, id LIMIT 10");
                var actual = await ColumnAsync(connection, $"SELECT id FROM hx_c {where} ORDER BY v <-> '{probe}' LIMIT 10");
                Assert.Equal(expected, actual);
            }
        }
        finally
        {
            await ExecuteAsync(connection, "RESET hnsw.ef_search");
            await ExecuteAsync(connection, "DROP TABLE hx_c");
        }
    }

    /// <summary>The search returns what the sort over every row returns (ids, in order, ties by id).</summary>
    private static async Task AssertSameAsExactAsync(NpgsqlConnection connection, string where, int k)
    {
        var expected = await ColumnAsync(connection, $"SELECT id FROM hx_t {where} ORDER BY {Exact}, id LIMIT {k}");
        var actual = await ColumnAsync(connection, $"SELECT id FROM hx_t {where} ORDER BY v <-> '[3,1,2]' LIMIT {k}");
        Assert.Equal(k, actual.Count);
        Assert.Equal(expected, actual);
    }

    private static async Task<List<string>> ColumnAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={fixture.Port};Username=postgres;Database=postgres;Pooling=false;Server Compatibility Mode=NoTypeLoading");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
