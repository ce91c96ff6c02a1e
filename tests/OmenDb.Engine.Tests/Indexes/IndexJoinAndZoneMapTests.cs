using OmenDb.Engine.Sessions;
using OmenDb.Engine.Tests.Support;

namespace OmenDb.Engine.Tests.Indexes;

/// <summary>
/// Index nested-loop joins (results equal to the hash join over an unindexed copy), zone-map pruning (results equal
/// to a filter that cannot prune, across updates and deletes), and the omendb_index_stats view.
/// </summary>
public sealed class IndexJoinAndZoneMapTests : IDisposable
{
    private readonly DatabaseEngine _engine = DatabaseEngine.Open(new EngineOptions { InMemory = true });
    private readonly Session _session;

    public IndexJoinAndZoneMapTests()
    {
        _session = _engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        Run("CREATE TABLE ij_big (id int8 PRIMARY KEY, n int4, v text)");
        Run("CREATE TABLE ij_plain (id int8, n int4, v text)");
        Run("INSERT INTO ij_big SELECT g * 2, g % 1000, 'v' || g FROM generate_series(1, 20000) g");
        Run("INSERT INTO ij_plain SELECT * FROM ij_big");
        Run("CREATE TABLE ij_small (k int4, w text)");
        Run("INSERT INTO ij_small VALUES (2, 'a'), (4, 'b'), (4, 'b2'), (5, 'miss'), (NULL, 'null'), (40000, 'last'), (-2, 'neg'), (39998, 'c')");
    }

    public void Dispose()
    {
        _session.Dispose();
        _engine.Dispose();
    }

    [Theory]
    [InlineData("JOIN {0} b ON b.id = s.k")]
    [InlineData("LEFT JOIN {0} b ON b.id = s.k")]
    [InlineData("JOIN {0} b ON s.k = b.id AND b.n > 1")]
    [InlineData("JOIN {0} b ON b.id = s.k AND b.v <> s.w")]
    [InlineData("LEFT JOIN {0} b ON b.id = s.k AND b.n = 2")]
    [InlineData("JOIN (SELECT * FROM {0} WHERE n < 3) b ON b.id = s.k")]
    public void Index_nested_loop_joins_match_hash_joins(string join)
    {
        var query = "SELECT s.k, s.w, b.id, b.n, b.v FROM ij_small s " + join + " ORDER BY 1, 2, 3, 4, 5";
        var plan = string.Join("\n", Run("EXPLAIN " + string.Format(System.Globalization.CultureInfo.InvariantCulture, query, "ij_big")));
        var expected = Run(string.Format(System.Globalization.CultureInfo.InvariantCulture, query, "ij_plain"));
        Assert.NotEmpty(expected);
        Assert.True(plan.Contains("Index Scan using", StringComparison.Ordinal) || join.Contains("SELECT", StringComparison.Ordinal), plan);
        Assert.Equal(expected, Run(string.Format(System.Globalization.CultureInfo.InvariantCulture, query, "ij_big")));
        if (!join.Contains("SELECT", StringComparison.Ordinal))
        {
            Assert.Contains("Nested Loop", plan);
            Assert.Contains("Index Scan using ij_big_pkey on ij_big b", plan);
            Assert.Contains("Index Engine: ", plan);
            Assert.DoesNotContain("Hash", plan);
        }
    }

    [Fact]
    public void Index_joins_see_updates_deletes_and_the_delta()
    {
        Run("UPDATE ij_big SET v = 'changed' WHERE id = 4");
        Run("DELETE FROM ij_big WHERE id = 2");
        Run("INSERT INTO ij_big VALUES (5, 7, 'new')");
        Run("UPDATE ij_plain SET v = 'changed' WHERE id = 4");
        Run("DELETE FROM ij_plain WHERE id = 2");
        Run("INSERT INTO ij_plain VALUES (5, 7, 'new')");
        const string Query = "SELECT s.k, s.w, b.v FROM ij_small s LEFT JOIN {0} b ON b.id = s.k ORDER BY 1, 2, 3";
        Assert.Equal(Run(string.Format(System.Globalization.CultureInfo.InvariantCulture, Query, "ij_plain")),
            Run(string.Format(System.Globalization.CultureInfo.InvariantCulture, Query, "ij_big")));
        Assert.Contains(Run("SELECT s.w, b.v FROM ij_small s JOIN ij_big b ON b.id = s.k ORDER BY 1, 2"), r => r == "miss|new");
    }

    [Fact]
    public void A_large_outer_side_keeps_the_hash_join()
    {
        var plan = string.Join("\n", Run("EXPLAIN SELECT count(*) FROM ij_plain p JOIN ij_big b ON b.id = p.id"));
        Assert.Contains("Hash", plan);
        Assert.DoesNotContain("Index Scan", plan);
        Assert.Equal(Run("SELECT count(*) FROM ij_plain p JOIN ij_plain b ON b.id = p.id"), Run("SELECT count(*) FROM ij_plain p JOIN ij_big b ON b.id = p.id"));
    }

    [Theory]
    [InlineData("n = 500")]
    [InlineData("n > 995")]
    [InlineData("n >= 3 AND n <= 4")]
    [InlineData("n BETWEEN 10 AND 12 AND v LIKE '%1'")]
    [InlineData("n IN (1, 999, 5000)")]
    [InlineData("n < -1")]
    [InlineData("n = NULL")]
    [InlineData("n IS NULL")]
    [InlineData("d > date '2026-01-03'")]
    public void Zone_maps_prune_without_losing_rows(string where)
    {
        Run("CREATE TABLE zm (n int4, d date, v text)");
        Run("INSERT INTO zm SELECT g / 10, date '2026-01-01' + g / 2000, 'v' || g FROM generate_series(0, 9999) g");
        Run("UPDATE zm SET n = 5000 WHERE n = 2");
        Run("DELETE FROM zm WHERE n = 995");
        Run("UPDATE zm SET n = NULL WHERE n = 3 AND v LIKE '%5'");

        // The reference: the same condition on an expression, which no zone map can answer.
        var reference = where.Replace("n ", "(n + 0) ", StringComparison.Ordinal).Replace("d ", "(d + 0) ", StringComparison.Ordinal);
        Assert.Equal(Run($"SELECT n, d, v FROM zm WHERE {reference} ORDER BY v"), Run($"SELECT n, d, v FROM zm WHERE {where} ORDER BY v"));
    }

    [Fact]
    public void Explain_analyze_counts_the_pruned_segments()
    {
        Run("CREATE TABLE zm2 (n int4, v text)");
        Run("INSERT INTO zm2 SELECT g, 'v' FROM generate_series(1, 10000) g");
        var plan = string.Join("\n", Run("EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) SELECT count(*) FROM zm2 WHERE n BETWEEN 2100 AND 2200"));
        Assert.Contains("Segments Pruned by Zone Map: 3 of 5", plan);
        Assert.Equal(["101"], Run("SELECT count(*) FROM zm2 WHERE n BETWEEN 2100 AND 2200"));

        // An update moves a version into the last segment, which is never pruned; the old version's segment keeps its range.
        Run("UPDATE zm2 SET n = 2150 WHERE n = 9000");
        Assert.Equal(["102"], Run("SELECT count(*) FROM zm2 WHERE n BETWEEN 2100 AND 2200"));
    }

    [Fact]
    public void The_stats_view_reports_every_built_index()
    {
        Assert.Equal(["4|v2"], Run("SELECT id, v FROM ij_big WHERE id = 4"));
        Run("INSERT INTO ij_big VALUES (-1, 0, 'delta')");
        Assert.Equal(["-1"], Run("SELECT id FROM ij_big WHERE id = -1"));
        var row = Assert.Single(Run(
            "SELECT schemaname, relname, indexrelname, attname, method, engine, keys, row_versions, delta_size, models > 0, max_error <= coalesce(epsilon, 64), bytes > 0, last_build IS NOT NULL, choice <> '' FROM pg_catalog.omendb_index_stats WHERE relname = 'ij_big'"));
        Assert.Equal("public|ij_big|ij_big_pkey|id|auto|linear|20000|20000|1|True|True|True|True|True", row);
        Assert.Empty(Run("SELECT * FROM omendb_index_stats WHERE relname = 'ij_plain'"));
    }

    private List<string> Run(string sql) => SessionScript.Run(_session, sql);
}
