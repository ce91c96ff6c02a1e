using OmenDb.Engine.Catalog;
using OmenDb.Engine.Indexes;

namespace OmenDb.Engine.PgCatalog;

// pg_catalog.omendb_index_stats: one row per ordered key index (primary key or CREATE INDEX ... USING learned |
// btree) of the current database that has been built, which happens on its first use and again after every
// background merge. It reports the engine the chooser picked and why, its models, errors and bytes, the keys and row
// versions of the main part, the delta not merged yet, and the last build. docs/indexes.md describes the columns.
internal static partial class SystemTables
{
    private static void RegisterIndexStats()
    {
        Set("omendb_index_stats", static (r, t) => r.Relations.OfType<TableInfo>()
            .SelectMany(table => KeyIndexRegistry.All(table).Select(index => (table, index)))
            .Select(p => IndexStatsRow(t, p.table, p.index)));
    }

    private static object?[] IndexStatsRow(SystemTable t, TableInfo table, TableKeyIndex index)
    {
        var version = index.Index.Current;
        var engine = version.Engine;
        var name = KeyIndexRegistry.Describe(table, index.Column)?.Name;
        var builtAt = (version.BuiltAt.Ticks - new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks) / 10;
        return t.Row(("schemaname", table.Schema.Name), ("relname", table.Name), ("indexrelname", name),
            ("attname", table.Columns[index.Column].Name), ("method", index.Index.Method.ToString().ToLowerInvariant()),
            ("engine", engine.Kind.ToString().ToLowerInvariant()), ("models", (long)engine.Models), ("max_error", engine.MaxError),
            ("mean_error", engine.MeanError), ("epsilon", engine is PgmEngine pgm ? pgm.Epsilon : null), ("bytes", engine.ModelBytes),
            ("bytes_per_key", engine.Count == 0 ? 0d : (double)engine.ModelBytes / engine.Count), ("keys", (long)engine.Count),
            ("row_versions", (long)version.MainRows), ("delta_size", (long)version.Delta.Count), ("merges", (long)index.Index.Merges),
            ("last_build", builtAt), ("build_ms", version.BuildTime.TotalMilliseconds), ("choice", version.Choice),
            ("description", engine.Describe()));
    }
}
