using OmenDb.Engine.Vectors;

namespace OmenDb.Engine.PgCatalog;

// pg_stat_progress_create_index: one row per HNSW graph being built (CREATE INDEX, or the rebuild after a restart) in
// the current database, with PostgreSQL's phase name; tuples_total/tuples_done count the row versions to link.
internal static partial class SystemTables
{
    private static void RegisterProgress()
    {
        Set("pg_stat_progress_create_index", static (r, t) => HnswIndexRegistry.All()
            .Where(i => i.Phase is not null && i.Info.Schema.Database == r.Database)
            .Select(i => t.Row(("pid", i.Pid), ("datid", r.Database.Oid), ("datname", r.Database.Name), ("relid", i.Info.Table.Oid),
                ("index_relid", i.Info.Oid), ("command", "CREATE INDEX"), ("phase", i.Phase), ("lockers_total", 0L), ("lockers_done", 0L),
                ("current_locker_pid", 0L), ("blocks_total", 0L), ("blocks_done", 0L), ("tuples_total", i.TuplesTotal),
                ("tuples_done", i.TuplesDone), ("partitions_total", 0L), ("partitions_done", 0L))));
    }
}
