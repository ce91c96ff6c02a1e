using OmenDb.Common;
using OmenDb.Engine.Persistence;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Tests.Support;
using OmenDb.Storage.Kv;
using static OmenDb.Engine.Tests.Support.SessionScript;

namespace OmenDb.Engine.Tests.Persistence;

/// <summary>
/// Storage faults reach the client as PostgreSQL's errors and lose nothing: a write that fails (disk full 53100, I/O
/// error 58030) aborts only the committing transaction and the session goes on; damaged row bytes refuse the start
/// with XX001 instead of being misread.
/// </summary>
public sealed class StorageFaultTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("omendb-faults-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(SqlState.DiskFull, "could not write RocksDB store: No space left on device")]
    [InlineData(SqlState.IoError, "could not write RocksDB store: Input/output error")]
    public void A_failing_commit_reports_the_storage_error_and_the_session_survives(string sqlState, string message)
    {
        FaultyStore? faulty = null;
        using (var engine = DatabaseEngine.Open(new EngineOptions { DataDirectory = _dir, WrapStore = s => faulty = new FaultyStore(s) }))
        {
            var session = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
            Run(session, "CREATE TABLE sf (id int PRIMARY KEY, v text)");
            Run(session, "INSERT INTO sf VALUES (1, 'kept')");

            faulty!.Failure = new PgException(sqlState, message);
            var autocommit = Assert.Throws<PgException>(() => Run(session, "INSERT INTO sf VALUES (2, 'lost')"));
            Assert.Equal((sqlState, message), (autocommit.SqlState, autocommit.Message));
            Assert.Equal(TransactionStatus.Idle, session.TransactionStatus);

            Run(session, "BEGIN");
            Run(session, "UPDATE sf SET v = 'changed' WHERE id = 1");
            Run(session, "INSERT INTO sf VALUES (3, 'lost')");
            Assert.Equal(sqlState, Assert.Throws<PgException>(() => Run(session, "COMMIT")).SqlState);
            Assert.Equal(TransactionStatus.Idle, session.TransactionStatus);

            // Reads still work, nothing of the failed transactions is visible, and writes resume with the disk.
            Assert.Equal(["1|kept"], Run(session, "SELECT id, v FROM sf ORDER BY id"));
            faulty.Failure = null;
            Run(session, "INSERT INTO sf VALUES (2, 'after')");
            Run(session, "UPDATE sf SET v = 'kept too' WHERE id = 1");
            session.Dispose();
        }

        using (var engine = DatabaseEngine.Open(new EngineOptions { DataDirectory = _dir }))
        {
            var session = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
            Assert.Equal(["1|kept too", "2|after"], Run(session, "SELECT id, v FROM sf ORDER BY id"));
            session.Dispose();
        }
    }

    [Fact]
    public void A_failing_ingestion_of_a_large_commit_keeps_nothing()
    {
        FaultyStore? faulty = null;
        using (var engine = DatabaseEngine.Open(new EngineOptions { DataDirectory = _dir, WrapStore = s => faulty = new FaultyStore(s) }))
        {
            var session = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
            Run(session, "CREATE TABLE sf_big (id int PRIMARY KEY, v text)");
            Run(session, "INSERT INTO sf_big VALUES (0, 'kept')");

            // More rows than CommitIngestion.MinimumRows: the commit goes through ingest files, which fail to add.
            faulty!.Failure = new PgException(SqlState.DiskFull, "could not write RocksDB store: No space left on device");
            var error = Assert.Throws<PgException>(() => Run(session, "INSERT INTO sf_big SELECT g, 'lost' FROM generate_series(1, 60000) g"));
            Assert.Equal(SqlState.DiskFull, error.SqlState);
            Assert.Equal(TransactionStatus.Idle, session.TransactionStatus);
            Assert.Equal(["1"], Run(session, "SELECT count(*) FROM sf_big"));
            Assert.Equal(1, faulty.IngestCalls);

            faulty.Failure = null;
            Run(session, "INSERT INTO sf_big SELECT g, 'later' FROM generate_series(1, 60000) g");
            Assert.Equal(2, faulty.IngestCalls);
            session.Dispose();
        }

        using (var engine = DatabaseEngine.Open(new EngineOptions { DataDirectory = _dir }))
        {
            var session = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
            Assert.Equal(["60001|1"], Run(session, "SELECT count(*), count(*) FILTER (WHERE v = 'kept') FROM sf_big"));
            Assert.Equal(["0"], Run(session, "SELECT count(*) FROM sf_big WHERE v = 'lost'"));
            session.Dispose();
        }
    }

    [Fact]
    public void A_failing_ddl_commit_is_undone()
    {
        FaultyStore? faulty = null;
        using var engine = DatabaseEngine.Open(new EngineOptions { DataDirectory = _dir, WrapStore = s => faulty = new FaultyStore(s) });
        var session = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        faulty!.Failure = new PgException(SqlState.DiskFull, "could not write RocksDB store: No space left on device");
        Assert.Equal(SqlState.DiskFull, Assert.Throws<PgException>(() => Run(session, "CREATE TABLE sf_ddl (id int)")).SqlState);
        faulty.Failure = null;
        Assert.Equal(SqlState.UndefinedTable, Assert.Throws<PgException>(() => Run(session, "SELECT * FROM sf_ddl")).SqlState);
        Run(session, "CREATE TABLE sf_ddl (id int)");
        session.Dispose();
    }

    [Fact]
    public void Damaged_row_bytes_refuse_the_start_with_XX001()
    {
        using (var engine = DatabaseEngine.Open(new EngineOptions { DataDirectory = _dir }))
        {
            var session = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
            Run(session, "CREATE TABLE sf_bad (id int PRIMARY KEY, v text, n numeric)");
            Run(session, "INSERT INTO sf_bad SELECT g, 'v' || g, g * 1.5 FROM generate_series(1, 20) g");
            session.Dispose();
        }

        // Cut the last stored row short, as a torn or damaged SST block would.
        using (var store = RocksDbStore.Open(new RocksDbOptions(Path.Combine(_dir, "rocksdb"))))
        {
            byte[]? key = null, value = null;
            using (var it = store.CreateIterator([StorageKeys.RowSpace], [StorageKeys.RowSpace + 1]))
            {
                for (it.SeekToFirst(); it.Valid; it.Next())
                {
                    (key, value) = (it.Key.ToArray(), it.Value.ToArray());
                }
            }

            store.Put(key!, value.AsSpan(0, value!.Length - 3));
        }

        var error = Assert.Throws<PgException>(() => DatabaseEngine.Open(new EngineOptions { DataDirectory = _dir }));
        Assert.Equal(SqlState.DataCorrupted, error.SqlState);
        Assert.StartsWith("could not read row 20 of table \"public.sf_bad\": ", error.Message);
    }
}
