using OmenDb.Common;
using OmenDb.Engine.Persistence;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Tests.Support;
using static OmenDb.Engine.Tests.Support.SessionScript;

namespace OmenDb.Engine.Tests.Persistence;

/// <summary>
/// The commit path's WAL syncs (<c>Persistence/GroupCommit</c>): a synchronous commit returns only after a sync that
/// covers it, concurrent commits share syncs and each survives a restart, synchronous_commit = off syncs nothing, and
/// a failed sync fails every commit waiting on it (and every later one) with the storage error.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    private const int Clients = 8;
    private readonly string _dir = Directory.CreateTempSubdirectory("omendb-group-commit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Synchronous_commit_on_syncs_each_commit_and_off_syncs_none()
    {
        FaultyStore? store = null;
        using (var engine = Open(s => store = new FaultyStore(s)))
        {
            using var session = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
            Run(session, "CREATE TABLE gc_sync (id int PRIMARY KEY)");
            var syncs = store!.Syncs;
            Run(session, "INSERT INTO gc_sync VALUES (1)");
            Assert.Equal(syncs + 1, store.Syncs);

            Run(session, "SET synchronous_commit = off");
            Run(session, "INSERT INTO gc_sync VALUES (2)");
            Run(session, "BEGIN; INSERT INTO gc_sync VALUES (3); COMMIT");
            Assert.Equal(syncs + 1, store.Syncs);

            // A read-only transaction writes nothing and waits for no sync.
            Run(session, "SET synchronous_commit = on");
            Assert.Equal(["3"], Run(session, "SELECT count(*) FROM gc_sync"));
            Assert.Equal(syncs + 1, store.Syncs);
            Run(session, "INSERT INTO gc_sync VALUES (4)");
            // One sync for the first commit (or for more, when others wrote before it began), one for the rest.
            Assert.InRange(store.Syncs - syncs, 1, 2);
        }

        // The clean shutdown carries the unsynced commits to disk too.
        using (var engine = Open())
        {
            using var session = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
            Assert.Equal(["1", "2", "3", "4"], Run(session, "SELECT id FROM gc_sync ORDER BY id"));
        }
    }

    [Fact]
    public void Commits_that_arrive_during_a_sync_share_the_next_one_and_each_is_durable()
    {
        FaultyStore? store = null;
        using (var engine = Open(s => store = new FaultyStore(s)))
        {
            var sessions = Sessions(engine, "CREATE TABLE gc_many (id int PRIMARY KEY, client int)");
            var writes = store!.Writes;
            var syncs = store.Syncs;

            // The first sync waits until every client has written its batch: all but the first commit then wait for
            // the next sync, which the first of them to wake leads for all.
            store.BeforeSync = () =>
            {
                store.BeforeSync = null;
                Assert.True(SpinWait.SpinUntil(() => store.Writes >= writes + Clients, TimeSpan.FromSeconds(30)), "every client wrote");
            };
            RunConcurrently(sessions, i => Run(sessions[i], $"INSERT INTO gc_many VALUES ({i}, {i})"));

            // One sync for the first commit (or for more, when others wrote before it began), one for the rest; a third
            // when a client was preempted between its write and counting its ticket, so the second sync's leader
            // missed it. Eight commits in at most three syncs is the sharing this proves.
            Assert.InRange(store.Syncs - syncs, 1, 3);
            Assert.Equal([Clients.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                Run(sessions[0], "SELECT count(*) FROM gc_many"));
            Dispose(sessions);
        }

        using (var engine = Open())
        {
            using var session = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
            Assert.Equal([.. Enumerable.Range(0, Clients).Select(i => $"{i}|{i}")], Run(session, "SELECT id, client FROM gc_many ORDER BY id"));
        }
    }

    [Fact]
    public void No_commit_is_acknowledged_before_a_sync_that_started_after_its_write()
    {
        // Clients commit concurrently while syncs take varying time, so commits arrive before, during and after each
        // sync and rounds hand over to the next one's leader. Each client checks, as its INSERT returns, that a sync
        // which started after its batch was written has completed.
        FaultyStore? store = null;
        using var engine = Open(s => store = new FaultyStore(s));
        var sessions = Sessions(engine, "CREATE TABLE gc_ack (id int PRIMARY KEY)");
        var delays = new ThreadLocal<Random>(() => new Random(Environment.CurrentManagedThreadId));
        store!.BeforeSync = () => Thread.Sleep(delays.Value!.Next(0, 3));
        const int PerClient = 40;
        var early = 0;
        RunConcurrently(sessions, i =>
        {
            for (var n = 0; n < PerClient; n++)
            {
                Run(sessions[i], $"INSERT INTO gc_ack VALUES ({i * PerClient + n})");
                if (store.SyncedThrough < store.LastWriteOnThisThread)
                {
                    Interlocked.Increment(ref early);
                }
            }
        });

        store.BeforeSync = null;
        Assert.Equal(0, early);
        Assert.Equal([(Clients * PerClient).ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Run(sessions[0], "SELECT count(*) FROM gc_ack"));
        Assert.True(store.Syncs < Clients * PerClient, $"{Clients * PerClient} commits shared {store.Syncs} syncs");
        Dispose(sessions);
        delays.Dispose();
    }

    [Fact]
    public void Under_contention_every_wait_ends_after_a_sync_that_covers_its_write()
    {
        // GroupCommit alone, many threads, syncs of random length (a spin, sometimes a yield): rounds start, hand over
        // to the next round's leader and cover late arrivals in every order. No wait may end before a sync that started
        // after its write completed, and none may be left without a leader (the join would time out).
        using var store = new FaultyStore(new Storage.Kv.InMemoryKvStore());
        var groupCommit = new GroupCommit(store);
        var random = new ThreadLocal<Random>(() => new Random(Environment.CurrentManagedThreadId));
        store.BeforeSync = () =>
        {
            Thread.SpinWait(random.Value!.Next(0, 2_000));
            if (random.Value.Next(4) == 0)
            {
                Thread.Yield();
            }
        };
        const int Threads = 16;
        const int PerThread = 2_000;
        var early = 0;
        RunConcurrently(Threads, index =>
        {
            using var batch = store.CreateWriteBatch();
            batch.Put([1, (byte)index], [1]);
            for (var n = 0; n < PerThread; n++)
            {
                groupCommit.WaitDurable(groupCommit.Write(batch));
                if (store.SyncedThrough < store.LastWriteOnThisThread)
                {
                    Interlocked.Increment(ref early);
                }
            }
        });

        Assert.Equal(0, early);
        Assert.Equal(groupCommit.Syncs, store.Syncs);
        Assert.True(store.Syncs < Threads * PerThread, $"{Threads * PerThread} commits shared {store.Syncs} syncs");
        random.Dispose();
    }

    [Fact]
    public void A_failed_sync_fails_every_waiting_commit_and_later_ones_with_the_storage_error()
    {
        FaultyStore? store = null;
        using var engine = Open(s => store = new FaultyStore(s));
        var sessions = Sessions(engine, "CREATE TABLE gc_fail (id int PRIMARY KEY); INSERT INTO gc_fail VALUES (100)");
        var writes = store!.Writes;
        store.SyncFailure = new PgException(SqlState.IoError, "could not flush the WAL of RocksDB store: Input/output error");
        store.BeforeSync = () =>
        {
            store.BeforeSync = null;
            Assert.True(SpinWait.SpinUntil(() => store.Writes >= writes + Clients, TimeSpan.FromSeconds(30)), "every client wrote");
        };

        var errors = new PgException?[Clients];
        RunConcurrently(sessions, i => errors[i] = Assert.Throws<PgException>(() => Run(sessions[i], $"INSERT INTO gc_fail VALUES ({i})")));

        Assert.All(errors, e => Assert.Equal(SqlState.IoError, e!.SqlState));
        Assert.Contains(errors, e => e!.Message == "could not flush the WAL of RocksDB store: Input/output error");
        Assert.All(sessions, s => Assert.Equal(TransactionStatus.Idle, s.TransactionStatus));

        // Nothing of the failed commits is visible, reads go on, and no later commit is acknowledged.
        store.SyncFailure = null;
        Assert.Equal(["100"], Run(sessions[0], "SELECT id FROM gc_fail ORDER BY id"));
        var later = Assert.Throws<PgException>(() => Run(sessions[1], "INSERT INTO gc_fail VALUES (200)"));
        Assert.Equal(SqlState.IoError, later.SqlState);
        Assert.Contains("an earlier WAL sync failed", later.Message, StringComparison.Ordinal);
        Assert.Equal(["100"], Run(sessions[1], "SELECT id FROM gc_fail ORDER BY id"));
        Dispose(sessions);
    }

    [Fact]
    public void A_failed_sync_of_a_large_commit_through_ingestion_fails_later_commits_too()
    {
        FaultyStore? store = null;
        using var engine = Open(s => store = new FaultyStore(s));
        using var session = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        Run(session, "CREATE TABLE gc_big (id int PRIMARY KEY)");
        store!.SyncFailure = new PgException(SqlState.IoError, "could not flush the WAL of RocksDB store: Input/output error");
        var failed = Assert.Throws<PgException>(() => Run(session, "INSERT INTO gc_big SELECT g FROM generate_series(1, 60000) g"));
        Assert.Equal(SqlState.IoError, failed.SqlState);
        Assert.Equal(0, store.IngestCalls);

        store.SyncFailure = null;
        var later = Assert.Throws<PgException>(() => Run(session, "SET synchronous_commit = off; INSERT INTO gc_big VALUES (0)"));
        Assert.Contains("an earlier WAL sync failed", later.Message, StringComparison.Ordinal);
        Assert.Equal(["0"], Run(session, "SELECT count(*) FROM gc_big"));
    }

    [Fact]
    public void A_ddl_commit_waiting_for_its_sync_keeps_its_tables_in_a_concurrent_ddl_commits_catalog_image()
    {
        FaultyStore? store = null;
        using (var engine = Open(s => store = new FaultyStore(s)))
        {
            var sessions = Sessions(engine, "CREATE TABLE gc_old (id int)");
            var (creator, other) = (sessions[0], sessions[1]);
            Run(other, "BEGIN; SELECT count(*) FROM gc_old");
            Run(creator, "BEGIN; CREATE TABLE gc_new (id int); INSERT INTO gc_new VALUES (1), (2)");

            // While the creator's commit waits for its sync, the other transaction commits DDL of its own. Its catalog
            // image must not be built before the creator's commit is visible: one without gc_new would also delete
            // gc_new's rows for good.
            var otherDone = new ManualResetEventSlim();
            Exception? otherFailure = null;
            store!.BeforeSync = () =>
            {
                store.BeforeSync = null;
                new Thread(() =>
                {
                    try
                    {
                        Run(other, "CREATE TABLE gc_other (id int); COMMIT");
                    }
                    catch (Exception e)
                    {
                        otherFailure = e;
                    }
                    finally
                    {
                        otherDone.Set();
                    }
                }).Start();
                otherDone.Wait(TimeSpan.FromMilliseconds(500));
            };
            Run(creator, "COMMIT");
            Assert.True(otherDone.Wait(TimeSpan.FromSeconds(30)), "the other commit finished");
            Assert.Null(otherFailure);
            Dispose(sessions);
        }

        using (var engine = Open())
        {
            using var session = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
            Assert.Equal(["1", "2"], Run(session, "SELECT id FROM gc_new ORDER BY id"));
            Assert.Equal(["0"], Run(session, "SELECT count(*) FROM gc_other"));
        }
    }

    private DatabaseEngine Open(Func<Storage.Kv.IKvStore, Storage.Kv.IKvStore>? wrap = null)
        => DatabaseEngine.Open(new EngineOptions { DataDirectory = _dir, WrapStore = wrap });

    /// <summary>Runs <paramref name="setup"/>, then opens one session per client.</summary>
    private static Session[] Sessions(DatabaseEngine engine, string setup)
    {
        var sessions = new Session[Clients];
        for (var i = 0; i < Clients; i++)
        {
            sessions[i] = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        }

        Run(sessions[0], setup);
        return sessions;
    }

    /// <summary>Runs <paramref name="work"/> for every client on its own thread and waits for all.</summary>
    private static void RunConcurrently(Session[] sessions, Action<int> work) => RunConcurrently(sessions.Length, work);

    /// <summary>Runs <paramref name="work"/>(0 … <paramref name="count"/> − 1), each on its own background thread, and
    /// fails with the first exception one of them threw, or when they do not all finish within two minutes.</summary>
    private static void RunConcurrently(int count, Action<int> work)
    {
        var failures = new Exception?[count];
        var threads = new Thread[count];
        for (var i = 0; i < threads.Length; i++)
        {
            var client = i;
            threads[i] = new Thread(() =>
            {
                try
                {
                    work(client);
                }
                catch (Exception e)
                {
                    failures[client] = e;
                }
            })
            { IsBackground = true };
            threads[i].Start();
        }

        JoinAll(threads, TimeSpan.FromSeconds(120));
        Assert.All(failures, Assert.Null);
    }

    /// <summary>Waits for every thread within one deadline: a lost wake-up fails the test instead of hanging it (the threads
    /// are background threads, so stuck ones do not keep the test host alive).</summary>
    private static void JoinAll(Thread[] threads, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        foreach (var thread in threads)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero), "every committer finished within " + within);
        }
    }

    private static void Dispose(Session[] sessions)
    {
        foreach (var session in sessions)
        {
            session.Dispose();
        }
    }
}
