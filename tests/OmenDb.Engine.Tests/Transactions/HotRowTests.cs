using OmenDb.Common;
using OmenDb.Engine.Sessions;
using static OmenDb.Engine.Tests.Support.SessionScript;

namespace OmenDb.Engine.Tests.Transactions;

/// <summary>
/// A row updated many times between reclaims (pgbench's branches): a key lookup searches its versions newest first
/// and stops at the visible one, and an UPDATE that keeps the key skips the uniqueness search. Older snapshots still
/// find their own version, and the key stays unique.
/// </summary>
public sealed class HotRowTests : IDisposable
{
    private readonly DatabaseEngine _engine = DatabaseEngine.Open(new EngineOptions { InMemory = true, ReclaimInterval = TimeSpan.FromHours(1) });

    public void Dispose() => _engine.Dispose();

    [Fact]
    public void A_repeatable_read_snapshot_sees_both_the_deleted_version_and_its_own_reinsert_as_in_postgresql()
    {
        using var mine = _engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        using var other = _engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        Run(mine, "CREATE TABLE hot_rr (id int PRIMARY KEY, v text)");
        Run(mine, "INSERT INTO hot_rr VALUES (5, 'old'), (6, 'x')");

        // The delete commits after the snapshot, so the snapshot still sees 'old'; the insert passes the unique check
        // because the deleter committed. PostgreSQL 15 returns both rows.
        Run(mine, "BEGIN ISOLATION LEVEL REPEATABLE READ");
        Assert.Equal(["2"], Run(mine, "SELECT count(*) FROM hot_rr"));
        Run(other, "DELETE FROM hot_rr WHERE id = 5");
        Run(mine, "INSERT INTO hot_rr VALUES (5, 'new')");
        Assert.Equal(["new", "old"], Run(mine, "SELECT v FROM hot_rr WHERE id = 5 ORDER BY v"));
        Run(mine, "ROLLBACK");
        Assert.Equal(["x"], Run(mine, "SELECT v FROM hot_rr ORDER BY id"));
    }

    [Fact]
    public void Each_snapshot_finds_its_version_of_a_hot_row_and_the_key_stays_unique()
    {
        using var writer = _engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        using var reader = _engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        Run(writer, "CREATE TABLE hot (id int PRIMARY KEY, balance int)");
        Run(writer, "INSERT INTO hot SELECT g, 0 FROM generate_series(1, 3) g");

        Run(reader, "BEGIN ISOLATION LEVEL REPEATABLE READ");
        Assert.Equal(["0"], Run(reader, "SELECT balance FROM hot WHERE id = 2"));
        for (var i = 1; i <= 50; i++)
        {
            Run(writer, "UPDATE hot SET balance = balance + 1 WHERE id = 2");
        }

        // The writer's own uncommitted version is the newest; the reader's is the oldest.
        Run(writer, "BEGIN");
        Run(writer, "UPDATE hot SET balance = balance + 100 WHERE id = 2");
        Assert.Equal(["150"], Run(writer, "SELECT balance FROM hot WHERE id = 2"));
        Assert.Equal(["0"], Run(reader, "SELECT balance FROM hot WHERE id = 2"));
        Run(writer, "ROLLBACK");
        Run(reader, "COMMIT");
        Assert.Equal(["50"], Run(reader, "SELECT balance FROM hot WHERE id = 2"));
        Assert.Equal(["1|0", "2|50", "3|0"], Run(reader, "SELECT id, balance FROM hot ORDER BY id"));

        // Unchanged keys were entered without a check, and the key is still unique: a new row, a changed key, and an
        // update that leaves the key alone.
        Assert.Equal(SqlState.UniqueViolation, Assert.Throws<PgException>(() => Run(writer, "INSERT INTO hot VALUES (2, 9)")).SqlState);
        Assert.Equal(SqlState.UniqueViolation,
            Assert.Throws<PgException>(() => Run(writer, "UPDATE hot SET id = 2 WHERE id = 3")).SqlState);
        Run(writer, "UPDATE hot SET id = id, balance = 7 WHERE id = 3");
        Run(writer, "DELETE FROM hot WHERE id = 2");
        Run(writer, "INSERT INTO hot VALUES (2, 1)");
        Assert.Equal(["1|0", "2|1", "3|7"], Run(reader, "SELECT id, balance FROM hot ORDER BY id"));
    }
}
