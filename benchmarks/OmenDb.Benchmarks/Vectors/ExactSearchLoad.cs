using System.Diagnostics;
using System.Globalization;
using System.Text;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Types;

namespace OmenDb.Benchmarks.Vectors;

/// <summary>
/// <c>exact-load [N] [clients...]</c>: concurrent exact top-10 searches (<c>ORDER BY v &lt;-&gt; $1 LIMIT 10</c>) through
/// the engine's session API, without the wire, over N clusters-128 vectors (a multiple of 100) in an in-memory table: for each client count,
/// one session per thread runs queries for a few seconds, and the probe prints wall-clock milliseconds per query
/// (1 / QPS) and process CPU milliseconds per query. CPU time stays comparable while other work shares the machine;
/// run it under <c>perf record</c> (with DOTNET_PerfMapEnabled=1) to see where a shared pass spends it.
/// </summary>
internal static class ExactSearchLoad
{
    public static void Print(int count, int[] clients, double seconds)
    {
        const int dims = 128;
        using var engine = DatabaseEngine.Open(new EngineOptions { InMemory = true, ReclaimInterval = TimeSpan.Zero });
        var loader = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        Run(loader, $"CREATE TABLE vl (id int, v vector({dims}))");
        var clock = Stopwatch.StartNew();
        var rows = HnswRate.Clusters128(2, count);
        const int perStatement = 100;
        var sql = new StringBuilder("INSERT INTO vl VALUES ");
        var types = new uint[2 * perStatement];
        for (var i = 0; i < perStatement; i++)
        {
            sql.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"(${(2 * i) + 1}, ${(2 * i) + 2})");
            (types[2 * i], types[(2 * i) + 1]) = (23, PgTypes.VectorOid);
        }

        var insert = loader.Prepare(sql.ToString(), types);
        var parameters = new object?[2 * perStatement];
        for (var from = 0; from + perStatement <= count; from += perStatement)
        {
            for (var i = 0; i < perStatement; i++)
            {
                (parameters[2 * i], parameters[(2 * i) + 1]) = (from + i, rows[from + i]);
            }

            using (var portal = loader.Bind(insert, parameters))
            {
                while (portal.TryFetch(0, out Batch? _))
                {
                }
            }

            loader.Sync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded {count} x {dims} in {clock.Elapsed.TotalSeconds:0.0} s"));
        loader.Dispose();
        var queries = HnswRate.Clusters128(3, 64);
        foreach (var c in clients)
        {
            Measure(engine, queries, c, seconds); // warm-up: until the pass's methods reach their optimized tier
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"measuring {c} clients"));
            var (wall, cpu, done) = Measure(engine, queries, c, seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c,2} clients: {done} queries, {wall:0.00} ms per query (1 / QPS), {cpu:0.00} CPU ms per query, load average {LoadAverage()}"));
        }
    }

    private static (double Wall, double Cpu, int Done) Measure(DatabaseEngine engine, float[][] queries, int clients, double seconds)
    {
        var done = 0;
        var stop = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var threads = new Thread[clients];
        for (var t = 0; t < clients; t++)
        {
            var client = t;
            threads[t] = new Thread(() =>
            {
                using var session = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
                var statement = session.Prepare("SELECT id FROM vl ORDER BY v <-> $1 LIMIT 10", [PgTypes.VectorOid]);
                var parameters = new object?[1];
                for (var q = client; Stopwatch.GetTimestamp() < stop; q += clients)
                {
                    parameters[0] = queries[q % queries.Length];
                    using (var portal = session.Bind(statement, parameters))
                    {
                        while (portal.TryFetch(0, out Batch? _))
                        {
                        }
                    }

                    session.Sync();
                    Interlocked.Increment(ref done);
                }
            });
            threads[t].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        var wall = clock.Elapsed.TotalMilliseconds;
        process.Refresh();
        return (wall / done, (process.TotalProcessorTime - cpu).TotalMilliseconds / done, done);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static void Run(Session session, string sql)
    {
        foreach (var statement in session.ParseScript(sql))
        {
            using var portal = session.Bind(session.Prepare(statement), []);
            while (portal.TryFetch(0, out Batch? _))
            {
            }
        }

        session.Sync();
    }
}
