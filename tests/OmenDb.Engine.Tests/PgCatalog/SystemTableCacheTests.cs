using OmenDb.Engine.Sessions;
using static OmenDb.Engine.Tests.Support.SessionScript;

namespace OmenDb.Engine.Tests.PgCatalog;

/// <summary>
/// The catalog relations cached per catalog version (pg_class, pg_type, pg_attribute, ...) must show every change at
/// once to the session that made it, and to every other one once committed; the shared batches must come out unchanged
/// however the statements before them filtered or joined them. Joins on oid columns (the catalog's) run through the typed hash
/// join and must return what PostgreSQL returns, duplicates and NULL keys included.
/// </summary>
public sealed class SystemTableCacheTests : IDisposable
{
    private readonly DatabaseEngine _engine = DatabaseEngine.Open(new EngineOptions { InMemory = true });
    private readonly Session _a;
    private readonly Session _b;

    public SystemTableCacheTests()
    {
        _a = _engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        _b = _engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        _engine.Dispose();
    }

    private const string Tables = "SELECT relname FROM pg_class WHERE relname LIKE 'stc\\_%' ORDER BY relname";

    [Fact]
    public void Every_catalog_change_is_seen_by_the_next_scan_in_every_session()
    {
        Assert.Empty(Run(_a, Tables));
        Run(_b, "CREATE TABLE stc_t (id int PRIMARY KEY, v text)");
        Assert.Equal(["stc_t", "stc_t_pkey"], Run(_a, Tables));
        Assert.Equal(["id|int4", "v|text"], Run(_a,
            "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
            + "WHERE a.attrelid = 'stc_t'::regclass AND a.attnum > 0 ORDER BY a.attnum"));

        Run(_b, "ALTER TABLE stc_t RENAME TO stc_u; ALTER TABLE stc_u ADD COLUMN w int8");
        Assert.Equal(["stc_t_pkey", "stc_u"], Run(_a, Tables));
        Assert.Equal(["stc_u|3"], Run(_a, "SELECT typname, (SELECT relnatts FROM pg_class WHERE oid = typrelid) FROM pg_type WHERE typname LIKE 'stc\\_%'"));

        Run(_b, "BEGIN; CREATE TABLE stc_new (x int)");
        Assert.Equal(["stc_new", "stc_t_pkey", "stc_u"], Run(_b, Tables));
        Assert.Equal(["stc_t_pkey", "stc_u"], Run(_a, Tables));
        Run(_b, "COMMIT");
        Assert.Equal(["stc_new", "stc_t_pkey", "stc_u"], Run(_a, Tables));
        Run(_b, "BEGIN; DROP TABLE stc_new");
        Assert.Equal(["stc_new", "stc_t_pkey", "stc_u"], Run(_a, Tables));
        Run(_b, "COMMIT");
        Assert.Equal(["stc_t_pkey", "stc_u"], Run(_a, Tables));

        Run(_b, "BEGIN; CREATE TABLE stc_gone (x int); ROLLBACK");
        Assert.Equal(["stc_t_pkey", "stc_u"], Run(_a, Tables));

        Run(_b, "COMMENT ON TABLE stc_u IS 'cached?'");
        Assert.Equal(["cached?"], Run(_a, "SELECT description FROM pg_description WHERE objoid = 'stc_u'::regclass"));

        Assert.Equal(["-1"], Run(_a, "SELECT reltuples FROM pg_class WHERE relname = 'stc_u'"));
        Run(_b, "INSERT INTO stc_u SELECT g, 'x' FROM generate_series(1, 5) g; ANALYZE stc_u");
        Assert.Equal(["5"], Run(_a, "SELECT reltuples FROM pg_class WHERE relname = 'stc_u'"));

        Run(_b, "DROP TABLE stc_u");
        Assert.Empty(Run(_a, Tables));
    }

    [Fact]
    public void Shared_batches_come_out_whole_after_filters_and_joins()
    {
        var all = Run(_a, "SELECT count(*) FROM pg_type");
        Assert.Equal(["23"], Run(_a, "SELECT oid FROM pg_type WHERE typname = 'int4'"));
        Assert.Equal(["_int4"], Run(_a, "SELECT a.typname FROM pg_type t JOIN pg_type a ON a.oid = t.typarray WHERE t.typname = 'int4'"));
        Assert.Equal(all, Run(_a, "SELECT count(*) FROM pg_type"));
        Assert.Equal(all, Run(_b, "SELECT count(*) FROM pg_type t LEFT JOIN pg_class c ON c.oid = t.typrelid"));
        Assert.True(long.Parse(all[0], System.Globalization.CultureInfo.InvariantCulture) > 50);
    }

    [Fact]
    public void Oid_keyed_hash_joins_keep_duplicates_nulls_and_reg_casts()
    {
        Run(_a, "CREATE TABLE stc_l (k oid, v text); CREATE TABLE stc_r (k oid, w text)");
        Run(_a, "INSERT INTO stc_l VALUES (1, 'a'), (2, 'b'), (NULL, 'n'), (4000000000, 'big')");
        Run(_a, "INSERT INTO stc_r VALUES (1, 'x'), (1, 'y'), (NULL, 'z'), (4000000000, 'q')");
        Assert.Equal(["a|x", "a|y", "big|q"], Run(_a, "SELECT v, w FROM stc_l JOIN stc_r USING (k) ORDER BY v, w"));
        Assert.Equal(["a|x", "a|y", "b|null", "big|q", "n|null"],
            Run(_a, "SELECT v, w FROM stc_l LEFT JOIN stc_r ON stc_r.k = stc_l.k ORDER BY v, w"));
        Assert.Equal(["a", "big"], Run(_a, "SELECT v FROM stc_l WHERE k IN (SELECT k FROM stc_r) ORDER BY v"));
        Assert.Equal(["b", "n"], Run(_a, "SELECT v FROM stc_l WHERE NOT EXISTS (SELECT FROM stc_r WHERE stc_r.k = stc_l.k) ORDER BY v"));
        Assert.Equal(["int4|int4recv"], Run(_a,
            "SELECT t.typname, p.proname FROM pg_type t LEFT JOIN pg_proc p ON p.oid = t.typreceive WHERE t.typname = 'int4'"));
        Run(_a, "DROP TABLE stc_l, stc_r");
    }
}
