using System.Diagnostics;
using System.Globalization;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Sessions;

namespace OmenDb.Benchmarks.Transactions;

/// <summary>
/// `reclaim-memory [rows] [updates]`: memory before and after a long run of single-row autocommit UPDATEs on an
/// in-memory engine, once without reclamation (ReclaimInterval zero, VACUUM never run) and once with the background
/// reclaimer, then after a final VACUUM. Prints the managed heap after a full collection (it holds the tables), the
/// table's row versions and segments, and the transaction states held.
/// </summary>
internal static class ReclaimMemory
{
    public static void Print(int rows, int updates)
    {
        Console.WriteLine($"{rows:N0} rows, {updates:N0} updates of one random row each (autocommit, prepared)");
        Console.WriteLine("| reclamation | phase | GC heap MB | row versions | segments | tx states | updates/s |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        Run(rows, updates, background: false);
        Run(rows, updates, background: true);
    }

    private static void Run(int rows, int updates, bool background)
    {
        var engine = DatabaseEngine.Open(new EngineOptions { InMemory = true, ReclaimInterval = background ? TimeSpan.FromSeconds(1) : TimeSpan.Zero });
        var session = engine.CreateSession("postgres", "postgres", new Dictionary<string, string>());
        Execute(session, "CREATE TABLE reclaim_t (id int8 PRIMARY KEY, v int8 NOT NULL, pad text NOT NULL)");
        Execute(session, $"INSERT INTO reclaim_t SELECT g, 0, 'padding-' || g FROM generate_series(1, {rows}) g");
        var table = (TableInfo)engine.Catalog.Databases["postgres"].Schemas["public"].Relations["reclaim_t"];
        var label = background ? "background, 1 s" : "none";
        Report(label, "loaded", engine, table, null);

        var update = session.Prepare("UPDATE reclaim_t SET v = v + 1 WHERE id = $1", [20]);
        var random = new Random(42);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < updates; i++)
        {
            using var portal = session.Bind(update, [(long)random.Next(1, rows + 1)]);
            while (portal.TryFetch(0, out _))
            {
            }

            session.Sync();
        }

        var rate = updates / clock.Elapsed.TotalSeconds;
        Report(label, "after updates", engine, table, rate);
        if (background)
        {
            Execute(session, "VACUUM reclaim_t");
            Report(label, "after VACUUM", engine, table, null);
        }

        session.Dispose();
        engine.Dispose();
    }

    private static void Report(string label, string phase, DatabaseEngine engine, TableInfo table, double? rate)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heap = GC.GetTotalMemory(forceFullCollection: true) / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {phase} | {heap:F1} | {table.Data.RowVersionCount:N0} | {table.Data.Segments.Length:N0} | {engine.Transactions.StateCount:N0} | {(rate is { } r ? r.ToString("N0", CultureInfo.InvariantCulture) : "")} |"));
    }

    private static void Execute(Session session, string sql)
    {
        foreach (var statement in session.ParseScript(sql))
        {
            using var portal = session.Bind(session.Prepare(statement), []);
            while (portal.TryFetch(0, out _))
            {
            }
        }

        session.Sync();
    }
}
