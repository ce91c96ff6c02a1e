using System.Text;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Tests.Support;

namespace OmenDb.Engine.Tests.Indexes;

/// <summary>
/// Primary-key index scans through SQL: which queries become index scans (the plan text), and that every one of
/// them returns what a sequential scan over an identical table without a key returns, also across MVCC changes.
/// </summary>
public sealed class KeyIndexPlanTests : IDisposable
{
    private readonly DatabaseEngine _engine = DatabaseEngine.Open(new EngineOptions { InMemory = true });
    private readonly Session _session;

    public KeyIndexPlanTests()
    {
        _session = _engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        Run("CREATE TABLE kp (id int8 PRIMARY KEY, v text)");
        Run("CREATE TABLE kp_plain (id int8, v text)");
        Run("INSERT INTO kp SELECT g * 3, 'v' || g FROM generate_series(1, 5000) g");
        Run("INSERT INTO kp_plain SELECT id, v FROM kp");
    }

    public void Dispose()
    {
        _session.Dispose();
        _engine.Dispose();
    }

    [Theory]
    [InlineData("SELECT v FROM kp WHERE id = 42", "Index Scan using kp_pkey on kp")]
    [InlineData("SELECT v FROM kp WHERE 42 = id", "Index Scan using kp_pkey on kp")]
    [InlineData("SELECT v FROM kp WHERE id IN (3, 9, 1)", "Index Scan using kp_pkey on kp")]
    [InlineData("SELECT v FROM kp WHERE id = ANY('{3,9}'::int8[])", "Index Scan using kp_pkey on kp")]
    [InlineData("SELECT v FROM kp WHERE id BETWEEN 10 AND 20 AND v <> 'v5'", "Filter: (v <> ")]
    [InlineData("SELECT v FROM kp WHERE id >= 100 ORDER BY id LIMIT 5", "Index Scan using kp_pkey on kp")]
    [InlineData("SELECT v FROM kp ORDER BY id DESC LIMIT 5", "Index Scan Backward using kp_pkey on kp")]
    [InlineData("SELECT v FROM kp ORDER BY id LIMIT 5 OFFSET 2", "Index Scan using kp_pkey on kp")]
    [InlineData("DELETE FROM kp WHERE id = 7", "Index Scan using kp_pkey on kp")]
    [InlineData("SELECT v FROM kp WHERE id = 42::int2", "Index Engine: linear (max error 0)")]
    public void Key_conditions_use_the_index(string sql, string expected)
    {
        var plan = Explain(sql);
        Assert.Contains(expected, plan);
        Assert.DoesNotContain("Seq Scan", plan);
    }

    [Theory]
    [InlineData("SELECT id, v FROM kp WHERE id BETWEEN 10 AND 20 ORDER BY id", "Index Scan using kp_pkey on kp")]
    [InlineData("SELECT v FROM kp WHERE id > 100 ORDER BY id DESC", "Index Scan Backward using kp_pkey on kp")]
    [InlineData("SELECT v FROM kp WHERE id IN (9, 3, 6) ORDER BY id", "Index Scan using kp_pkey on kp")]
    public void Key_ordered_results_need_no_sort(string sql, string expected)
    {
        var plan = Explain(sql);
        Assert.Contains(expected, plan);
        Assert.DoesNotContain("Sort", plan);
    }

    [Theory]
    [InlineData("SELECT v FROM kp WHERE v = 'v1'")]
    [InlineData("SELECT v FROM kp WHERE id + 0 = 3")]
    [InlineData("SELECT v FROM kp WHERE id = 3 OR v = 'v2'")]
    [InlineData("SELECT v FROM kp WHERE id = 3.0")]
    [InlineData("SELECT v FROM kp WHERE id = (random() * 10)::int8")]
    [InlineData("SELECT v FROM kp ORDER BY id")]
    [InlineData("SELECT v FROM kp ORDER BY v LIMIT 3")]
    [InlineData("SELECT v FROM kp ORDER BY id NULLS FIRST LIMIT 3")]
    public void Other_conditions_keep_the_sequential_scan(string sql)
    {
        var plan = Explain(sql);
        Assert.True(plan.Contains("Seq Scan on kp", StringComparison.Ordinal) && !plan.Contains("Index Scan", StringComparison.Ordinal), plan);
    }

    [Theory]
    [InlineData("id = 42")]
    [InlineData("id = 43")]
    [InlineData("id IN (3, 1, NULL, 3, 15000, 15003)")]
    [InlineData("id = ANY('{6,NULL,9}'::int8[])")]
    [InlineData("id BETWEEN 10 AND 200 AND v <> 'v15'")]
    [InlineData("id > 14990")]
    [InlineData("id >= 9223372036854775807")]
    [InlineData("id > 9223372036854775807")]
    [InlineData("id < -9223372036854775807")]
    [InlineData("id <= 3 AND id >= 3")]
    [InlineData("id < 3 AND id > 3")]
    [InlineData("id = NULL")]
    [InlineData("id BETWEEN 20 AND 10")]
    [InlineData("id = 30 AND id = 31")]
    [InlineData("3000000000 < id")]
    [InlineData("id IN (9, 3, 4, 14997, 15000, 15003, 30, 33, 36, 39, 40, 42, -3, 9, 300, 3003, 6000, 9999)")]
    [InlineData("id = ANY(ARRAY(SELECT g * 7 FROM generate_series(-5, 3000) g))")]
    public void Index_scans_match_sequential_scans(string where)
        => Assert.Equal(Rows($"SELECT id, v FROM kp_plain WHERE {where} ORDER BY id"), Rows($"SELECT id, v FROM kp WHERE {where} ORDER BY id"));

    [Theory]
    [InlineData("ORDER BY id LIMIT 7")]
    [InlineData("ORDER BY id DESC LIMIT 7")]
    [InlineData("ORDER BY id DESC NULLS LAST LIMIT 7")]
    [InlineData("WHERE id > 100 AND v LIKE '%7' ORDER BY id LIMIT 4")]
    [InlineData("WHERE id < 100 ORDER BY id DESC LIMIT 3000")]
    [InlineData("WHERE id BETWEEN 100 AND 9000 ORDER BY id DESC")]
    [InlineData("WHERE id IN (9, 3, 6, 15000) AND v <> 'v2' ORDER BY id DESC")]
    [InlineData("WHERE id IN (3, 9, 12, 15, 18, 21, 24, 27, 30, 33, 1) ORDER BY id DESC LIMIT 4")]
    public void Ordered_scans_match_sorting(string tail)
        => Assert.Equal(Rows($"SELECT id, v FROM kp_plain {tail}"), Rows($"SELECT id, v FROM kp {tail}"));

    [Fact]
    public void Gathered_batches_keep_nulls_across_segments()
    {
        // Several storage segments, nulls in every other column value, rows updated out of key order: the index scan
        // copies runs of rows per segment and must keep each value with its row.
        Run("CREATE TABLE kp_nulls (id int8 PRIMARY KEY, v text, n int4, f float8)");
        Run("CREATE TABLE kp_nulls_plain (id int8, v text, n int4, f float8)");
        Run("INSERT INTO kp_nulls SELECT g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'v' || g END, CASE WHEN g % 5 = 0 THEN NULL ELSE g END, g / 4.0 FROM generate_series(1, 20000) g");
        Run("UPDATE kp_nulls SET v = NULL, f = NULL WHERE id % 7 = 0");
        Run("INSERT INTO kp_nulls_plain SELECT * FROM kp_nulls");
        foreach (var where in (string[])["id BETWEEN 100 AND 15000", "id IN (3, 7, 14, 19999, 10)", "id > 19000"])
        {
            Assert.Equal(Rows($"SELECT id, v, n, f FROM kp_nulls_plain WHERE {where} ORDER BY id"), Rows($"SELECT id, v, n, f FROM kp_nulls WHERE {where} ORDER BY id"));
        }

        Assert.Contains("Index Scan", Explain("SELECT id, v, n, f FROM kp_nulls WHERE id BETWEEN 100 AND 15000 ORDER BY id"));
    }

    [Fact]
    public void Updates_deletes_and_rollbacks_stay_visible_correctly()
    {
        foreach (var table in (string[])["kp", "kp_plain"])
        {
            Run($"UPDATE {table} SET v = 'changed' WHERE id = 30");
            Run($"UPDATE {table} SET id = 100000 WHERE id = 33");
            Run($"DELETE FROM {table} WHERE id = 36");
            Run("BEGIN");
            Run($"INSERT INTO {table} VALUES (7, 'rolled back')");
            Assert.Single(Rows($"SELECT v FROM {table} WHERE id = 7"));
            Run("ROLLBACK");
            for (var i = 0; i < 5000; i++)
            {
                Run($"INSERT INTO {table} VALUES ({-i}, 'n{i}')");
            }
        }

        foreach (var where in (string[])["id = 30", "id = 33", "id = 100000", "id = 36", "id = 7", "id < 50", "id IN (-4999, -1, 0, 33, 100000)"])
        {
            Assert.Equal(Rows($"SELECT id, v FROM kp_plain WHERE {where} ORDER BY id"), Rows($"SELECT id, v FROM kp WHERE {where} ORDER BY id"));
        }

        Assert.Equal(Rows("SELECT id FROM kp_plain ORDER BY id LIMIT 10"), Rows("SELECT id FROM kp ORDER BY id LIMIT 10"));
        Run("DELETE FROM kp");
        Run("INSERT INTO kp VALUES (5, 'after delete')");
        Assert.Equal(["5|after delete"], Rows("SELECT id, v FROM kp WHERE id >= 0"));
    }

    [Fact]
    public void Parameters_are_read_at_execution()
    {
        var prepared = _session.Prepare("SELECT v FROM kp WHERE id = $1", [20]);
        Assert.Contains("Index Scan", Explain(prepared));
        Assert.Equal(["v14"], Fetch(prepared, [42L]));
        Assert.Equal(["v1"], Fetch(prepared, [3L]));
        Assert.Empty(Fetch(prepared, [null]));

        var range = _session.Prepare("SELECT count(*) FROM kp WHERE id BETWEEN $1 AND $1 + 9", [20]);
        Assert.Contains("Index Cond: (id >= $1) AND (id <= ($1 + '9'", Explain(range));
        Assert.Equal(["4"], Fetch(range, [30L]));
    }

    [Fact]
    public void Narrow_key_types_compare_in_64_bits()
    {
        Run("CREATE TABLE kp_small (id int2 PRIMARY KEY)");
        Run("INSERT INTO kp_small VALUES (-32768), (0), (32767)");
        Assert.Equal(["-32768", "0", "32767"], Rows("SELECT id FROM kp_small WHERE id >= -40000 ORDER BY id"));
        Assert.Empty(Rows("SELECT id FROM kp_small WHERE id = 65535"));
        Assert.Equal(["32767"], Rows("SELECT id FROM kp_small WHERE id > 32766::int8"));
        Assert.Equal(["32767", "0"], Rows("SELECT id FROM kp_small ORDER BY id DESC LIMIT 2"));
    }

    [Fact]
    public void Create_index_using_learned_serves_other_columns()
    {
        Run("CREATE TABLE kp_ts (id int8 PRIMARY KEY, at timestamp, n int4, t text)");
        Run("INSERT INTO kp_ts SELECT g, timestamp '2026-01-01' + g * interval '1 minute', g % 100, 't' FROM generate_series(1, 3000) g");
        Run("CREATE INDEX ON kp_ts USING learned (at)");
        Run("CREATE INDEX kp_ts_n ON kp_ts USING learned (n)");
        Run("CREATE INDEX IF NOT EXISTS kp_ts_n ON kp_ts USING learned (n)");

        var plan = Explain("SELECT id FROM kp_ts WHERE at BETWEEN '2026-01-01 01:00' AND '2026-01-01 02:00'");
        Assert.Contains("Index Scan using kp_ts_at_idx on kp_ts", plan);
        Assert.Contains("Index Engine: linear (max error 0)", plan);
        Assert.Equal([.. Enumerable.Range(60, 61).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            Rows("SELECT id FROM kp_ts WHERE at BETWEEN '2026-01-01 01:00' AND '2026-01-01 02:00' ORDER BY id"));

        Assert.Contains("Index Scan using kp_ts_n on kp_ts", Explain("SELECT id FROM kp_ts WHERE n = 5"));
        Assert.Equal(30, Rows("SELECT id FROM kp_ts WHERE n = 5").Count);
        Assert.Equal(["3000", "2999"], Rows("SELECT id FROM kp_ts WHERE at > '2026-01-01' ORDER BY at DESC LIMIT 2"));

        Assert.Equal("0A000", ErrorOf("CREATE UNIQUE INDEX ON kp_ts USING learned (n)"));
        Assert.Equal("0A000", ErrorOf("CREATE INDEX ON kp_ts USING learned (n, id)"));
        Assert.Equal("0A000", ErrorOf("CREATE INDEX ON kp_ts USING learned ((n + 1))"));
        Assert.Equal("42704", ErrorOf("CREATE INDEX ON kp_ts USING learned (t)"));
        Assert.Equal("42703", ErrorOf("CREATE INDEX ON kp_ts USING learned (nope)"));
        Assert.Equal("42P01", ErrorOf("CREATE INDEX ON kp_nope USING learned (n)"));
        Assert.Equal("42P07", ErrorOf("CREATE INDEX kp_ts_n ON kp_ts USING learned (n)"));
    }

    [Fact]
    public void The_setting_overrides_the_engine_of_the_primary_key()
    {
        var table = TableOf("kp");
        Run("SET omendb.index_engine = 'btree'");
        Assert.Equal(["v14"], Rows("SELECT v FROM kp WHERE id = 42"));
        Assert.Contains(OmenDb.Engine.Indexes.KeyIndexRegistry.All(table), i => i.Index.Current.Engine.Kind == OmenDb.Engine.Indexes.IndexEngineKind.BTree);
        Run("SET omendb.index_engine = 'learned'");
        Assert.Equal(["v14"], Rows("SELECT v FROM kp WHERE id = 42"));
        Assert.Contains(OmenDb.Engine.Indexes.KeyIndexRegistry.All(table), i => i.Index.Method == OmenDb.Engine.Indexes.KeyIndexMethod.Learned);
        Run("SET omendb.index_engine = 'fastest'");
        Assert.Equal("22023", ErrorOf("SELECT v FROM kp WHERE id = 42"));
        Run("RESET omendb.index_engine");
        Assert.Equal(["v14"], Rows("SELECT v FROM kp WHERE id = 42"));
    }

    private OmenDb.Engine.Catalog.TableInfo TableOf(string name)
    {
        var plan = _session.Prepare(Assert.Single(_session.ParseScript($"SELECT * FROM {name} WHERE id = 1"))).Plan!;
        while (plan is not OmenDb.Engine.Execution.Nodes.IndexScanNode)
        {
            plan = plan.Children.Single();
        }

        return ((OmenDb.Engine.Execution.Nodes.IndexScanNode)plan).Table;
    }

    private string ErrorOf(string sql)
    {
        try
        {
            Run(sql);
        }
        catch (OmenDb.Common.PgException e)
        {
            _session.OnError();
            _session.Sync();
            return e.SqlState;
        }

        return "no error";
    }

    private void Run(string sql) => Rows(sql);

    private List<string> Rows(string sql)
    {
        var rows = new List<string>();
        foreach (var statement in _session.ParseScript(sql))
        {
            rows.AddRange(Fetch(_session.Prepare(statement), []));
        }

        return rows;
    }

    private List<string> Fetch(PreparedStatement prepared, object?[] parameters) => SessionScript.Fetch(_session, prepared, parameters);

    private string Explain(string sql) => Explain(_session.Prepare(Assert.Single(_session.ParseScript(sql))));

    private static string Explain(PreparedStatement prepared)
    {
        var sb = new StringBuilder();
        prepared.Plan!.Explain(sb, 0, null);
        return sb.ToString();
    }
}
