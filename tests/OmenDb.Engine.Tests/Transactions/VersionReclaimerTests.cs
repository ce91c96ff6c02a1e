using OmenDb.Engine.Catalog;
using OmenDb.Engine.Sessions;
using static OmenDb.Engine.Tests.Support.SessionScript;

namespace OmenDb.Engine.Tests.Transactions;

/// <summary>
/// Old-version reclamation seen from inside the engine: VACUUM compacts the row versions no snapshot can see, keeps
/// row ids, update chains and indexes consistent, and the transaction states do not pile up.
/// </summary>
public sealed class VersionReclaimerTests : IDisposable
{
    private readonly DatabaseEngine _engine = DatabaseEngine.Open(new EngineOptions { InMemory = true, ReclaimInterval = TimeSpan.Zero });
    private readonly Session _a;
    private readonly Session _b;

    public VersionReclaimerTests()
    {
        _a = _engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        _b = _engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        Run(_a, "CREATE TABLE rv (id int8 PRIMARY KEY, v int NOT NULL, t text UNIQUE)");
        Run(_a, "INSERT INTO rv SELECT g, 0, 't' || g FROM generate_series(1, 3000) g");
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        _engine.Dispose();
    }

    private TableInfo Table => (TableInfo)_engine.Catalog.Databases["postgres"].Schemas["public"].Relations["rv"];

    [Fact]
    public void Vacuum_drops_ended_versions_and_keeps_every_live_row_reachable()
    {
        for (var i = 0; i < 5; i++)
        {
            Run(_a, "UPDATE rv SET v = v + 1 WHERE id % 2 = 0");
        }

        Assert.Equal(3000 + (5 * 1500), Table.Data.RowVersionCount);
        var generation = Table.Data.Generation;
        Run(_a, "VACUUM rv");
        Assert.Equal(3000, Table.Data.RowVersionCount);
        Assert.NotEqual(generation, Table.Data.Generation);

        // Point lookups through the primary-key index, a scan, and both unique constraints see the compacted rows.
        Assert.Equal(["5"], Run(_a, "SELECT v FROM rv WHERE id = 2000"));
        Assert.Equal(["0"], Run(_a, "SELECT v FROM rv WHERE id = 2001"));
        Assert.Equal(["3000|7500"], Run(_a, "SELECT count(*), sum(v) FROM rv"));
        Assert.Equal("23505", Assert.Throws<Common.PgException>(() => Run(_a, "INSERT INTO rv VALUES (2000, 1, 'new')")).SqlState);
        Assert.Equal("23505", Assert.Throws<Common.PgException>(() => Run(_a, "INSERT INTO rv VALUES (9000, 1, 't17')")).SqlState);

        // Rows keep changing correctly after the renumbering.
        Run(_a, "UPDATE rv SET v = 100 WHERE id = 2000");
        Run(_a, "DELETE FROM rv WHERE id = 1");
        Assert.Equal(["100"], Run(_a, "SELECT v FROM rv WHERE id = 2000"));
        Assert.Equal(["2999"], Run(_a, "SELECT count(*) FROM rv"));
        Run(_a, "INSERT INTO rv VALUES (1, 9, 't1')");
        Assert.Equal(["9"], Run(_a, "SELECT v FROM rv WHERE id = 1"));
    }

    [Fact]
    public void A_repeatable_read_snapshot_keeps_the_versions_it_can_see()
    {
        Run(_b, "BEGIN ISOLATION LEVEL REPEATABLE READ");
        Assert.Equal(["0"], Run(_b, "SELECT sum(v) FROM rv"));
        for (var i = 0; i < 3; i++)
        {
            Run(_a, "UPDATE rv SET v = v + 1");
        }

        Run(_a, "VACUUM rv");
        // Every version ended after B's snapshot stays while B runs (PostgreSQL's xmin horizon does the same).
        Assert.Equal(3000 * 4, Table.Data.RowVersionCount);
        Assert.Equal(["0"], Run(_b, "SELECT sum(v) FROM rv"));
        Assert.Equal(["0"], Run(_b, "SELECT v FROM rv WHERE id = 17"));
        Assert.Equal(["9000"], Run(_a, "SELECT sum(v) FROM rv"));
        Run(_b, "COMMIT");

        Run(_a, "VACUUM rv");
        Assert.Equal(3000, Table.Data.RowVersionCount);
        Assert.Equal(["9000"], Run(_b, "SELECT sum(v) FROM rv"));
    }

    [Fact]
    public void Versions_of_rolled_back_work_are_reclaimed_and_a_running_transaction_keeps_its_own()
    {
        Run(_b, "BEGIN");
        Run(_b, "UPDATE rv SET v = 1 WHERE id <= 10");
        Run(_b, "SAVEPOINT s");
        Run(_b, "INSERT INTO rv SELECT g, 2, 'x' || g FROM generate_series(5001, 5100) g");
        Run(_b, "ROLLBACK TO s");
        Run(_a, "BEGIN");
        Run(_a, "INSERT INTO rv SELECT g, 3, 'y' || g FROM generate_series(6001, 6050) g");
        Run(_a, "ROLLBACK");

        Run(_a, "VACUUM rv");
        // Aborted inserts go; B's uncommitted updates (old and new versions) stay.
        Assert.Equal(3000 + 10, Table.Data.RowVersionCount);
        Assert.Equal(["10"], Run(_b, "SELECT sum(v) FROM rv"));
        Run(_b, "INSERT INTO rv VALUES (5001, 4, 'x5001')");
        Run(_b, "COMMIT");
        Assert.Equal(["14"], Run(_a, "SELECT sum(v) FROM rv"));
        Assert.Equal(["4"], Run(_a, "SELECT v FROM rv WHERE id = 5001"));
    }

    [Fact]
    public void Transaction_states_do_not_pile_up()
    {
        for (var i = 0; i < 2000; i++)
        {
            Run(_a, $"UPDATE rv SET v = v + 1 WHERE id = {(i % 100) + 1}");
        }

        Run(_a, "BEGIN");
        Run(_a, "SELECT 1");
        Run(_a, "ROLLBACK");
        Assert.True(_engine.Transactions.StateCount > 2000, $"{_engine.Transactions.StateCount} states before VACUUM");
        Run(_b, "VACUUM");
        Assert.True(_engine.Transactions.StateCount < 10, $"{_engine.Transactions.StateCount} states after VACUUM");
        Assert.Equal(3000, Table.Data.RowVersionCount);
        Assert.Equal(["2000"], Run(_a, "SELECT sum(v) FROM rv"));
        Assert.Equal(["20"], Run(_a, "SELECT v FROM rv WHERE id = 100"));
    }
}
