using System.Diagnostics;
using System.Globalization;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Sessions;

namespace OmenDb.Benchmarks.Transactions;

/// <summary>
/// `commit-probe [clients...]`: the commit path on a durable engine (RocksDB in a temporary directory, WAL synced),
/// through the session API without the wire. Per case: wall time and process CPU time per commit, bytes allocated per
/// commit (one client), for the harness's single-row autocommit INSERT (synchronous_commit on and off) and pgbench's
/// TPC-B-like transaction; then commits/s of N clients, each a thread with its own session, inserting concurrently.
/// CPU time stays comparable on a busy machine; wall time and rates do not (compare A/B in the same run).
/// </summary>
internal static class CommitProbe
{
    private const string InsertSql = "INSERT INTO bench_insert (id, a, b, c) VALUES ($1, $2, $3, $4)";

    public static void Run(IReadOnlyList<int> clients)
    {
        var directory = Directory.CreateTempSubdirectory("omendb-commit-probe-").FullName;
        try
        {
            using var engine = DatabaseEngine.Open(new EngineOptions { DataDirectory = directory });
            using (var setup = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>()))
            {
                Run(setup, "CREATE TABLE bench_insert (id bigint PRIMARY KEY, a integer NOT NULL, b double precision NOT NULL, c text NOT NULL)");
                Run(setup, "CREATE TABLE pgbench_branches (bid integer PRIMARY KEY, bbalance integer, filler char(88))");
                Run(setup, "CREATE TABLE pgbench_tellers (tid integer PRIMARY KEY, bid integer, tbalance integer, filler char(84))");
                Run(setup, "CREATE TABLE pgbench_accounts (aid integer PRIMARY KEY, bid integer, abalance integer, filler char(84))");
                Run(setup, "CREATE TABLE pgbench_history (tid integer, bid integer, aid integer, delta integer, mtime timestamp, filler char(22))");
                Run(setup, "INSERT INTO pgbench_branches SELECT g, 0, '' FROM generate_series(1, 10) g");
                Run(setup, "INSERT INTO pgbench_tellers SELECT g, (g - 1) / 10 + 1, 0, '' FROM generate_series(1, 100) g");
                Run(setup, "INSERT INTO pgbench_accounts SELECT g, (g - 1) / 100000 + 1, 0, '' FROM generate_series(1, 1000000) g");
            }

            long nextId = 0;
            using var session = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
            var insert = Inserter(session, () => ++nextId);
            Measure("insert, synchronous_commit on", insert, 5_000);
            var tpcb = Tpcb(session, new Random(7));
            Measure("tpcb transaction, synchronous_commit on", tpcb, 2_000);
            Run(session, "SET synchronous_commit = off");
            Measure("insert, synchronous_commit off", insert, 100_000);
            Measure("tpcb transaction, synchronous_commit off", tpcb, 20_000);
            Run(session, "SET synchronous_commit = on");

            foreach (var n in clients)
            {
                Concurrent(engine, n, () => Interlocked.Increment(ref nextId));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>One prepared autocommit INSERT of the harness's row shape per call.</summary>
    private static Action Inserter(Session session, Func<long> next)
    {
        var statement = session.Prepare(InsertSql, [20, 23, 701, 25]);
        var parameters = new object?[4];
        return () =>
        {
            var id = next();
            parameters[0] = id;
            parameters[1] = (int)(id % 1_000_000);
            parameters[2] = id * 0.5;
            parameters[3] = id.ToString("x16", CultureInfo.InvariantCulture);
            Execute(session, statement, parameters);
            session.Sync();
        };
    }

    /// <summary>pgbench's five statements between BEGIN and COMMIT, each prepared, with pgbench's random values.</summary>
    private static Action Tpcb(Session session, Random random)
    {
        var begin = session.Prepare("BEGIN", []);
        var account = session.Prepare("UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2", [23, 23]);
        var balance = session.Prepare("SELECT abalance FROM pgbench_accounts WHERE aid = $1", [23]);
        var teller = session.Prepare("UPDATE pgbench_tellers SET tbalance = tbalance + $1 WHERE tid = $2", [23, 23]);
        var branch = session.Prepare("UPDATE pgbench_branches SET bbalance = bbalance + $1 WHERE bid = $2", [23, 23]);
        var history = session.Prepare(
            "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)", [23, 23, 23, 23]);
        var commit = session.Prepare("COMMIT", []);
        return () =>
        {
            var aid = random.Next(1, 1_000_001);
            var bid = random.Next(1, 11);
            var tid = random.Next(1, 101);
            var delta = random.Next(-5000, 5001);
            Execute(session, begin, []);
            session.Sync();
            Execute(session, account, [delta, aid]);
            session.Sync();
            Execute(session, balance, [aid]);
            session.Sync();
            Execute(session, teller, [delta, tid]);
            session.Sync();
            Execute(session, branch, [delta, bid]);
            session.Sync();
            Execute(session, history, [tid, bid, aid, delta]);
            session.Sync();
            Execute(session, commit, []);
            session.Sync();
        };
    }

    private static void Concurrent(DatabaseEngine engine, int clients, Func<long> next)
    {
        const int PerClient = 2_000;
        var sessions = new Session[clients];
        var inserts = new Action[clients];
        for (var i = 0; i < clients; i++)
        {
            sessions[i] = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
            inserts[i] = Inserter(sessions[i], next);
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var threads = new Thread[clients];
        for (var i = 0; i < clients; i++)
        {
            var insert = inserts[i];
            threads[i] = new Thread(() =>
            {
                for (var k = 0; k < PerClient; k++)
                {
                    insert();
                }
            });
            threads[i].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        var elapsed = clock.Elapsed;
        process.Refresh();
        var commits = (double)clients * PerClient;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"insert, {clients} clients: {commits / elapsed.TotalSeconds:N0} commits/s, " +
            $"{(process.TotalProcessorTime - cpu).TotalMicroseconds / commits:0.0} us CPU per commit"));
        foreach (var session in sessions)
        {
            session.Dispose();
        }
    }

    private static void Measure(string name, Action operation, int count)
    {
        for (var i = 0; i < count / 10; i++)
        {
            operation();
        }

        var wall = new List<double>();
        var cpu = new List<double>();
        var bytes = long.MaxValue;
        using var process = Process.GetCurrentProcess();
        for (var round = 0; round < 5; round++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count / 5; i++)
            {
                operation();
            }

            wall.Add(clock.Elapsed.TotalMicroseconds / (count / 5));
            bytes = Math.Min(bytes, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (count / 5));
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - before).TotalMicroseconds / (count / 5));
        }

        wall.Sort();
        cpu.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {wall[2]:0.0} us wall, {cpu[2]:0.0} us CPU, {bytes:N0} B allocated per commit (median of 5)"));
    }

    private static void Execute(Session session, PreparedStatement statement, object?[] parameters)
    {
        using var portal = session.Bind(statement, parameters);
        while (portal.TryFetch(0, out Batch? _))
        {
        }
    }

    private static void Run(Session session, string sql)
    {
        foreach (var statement in session.ParseScript(sql))
        {
            Execute(session, session.Prepare(statement), []);
        }

        session.Sync();
    }
}
