using System.Runtime.CompilerServices;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Transactions;

namespace OmenDb.Engine.PgCatalog;

/// <summary>
/// The rows of a catalog-derived system relation (pg_type, pg_class, pg_attribute, ...) as columnar batches, built once
/// per database, catalog version and view, and shared by every statement that scans the relation until the next catalog
/// change (every DDL, COMMENT, VACUUM/ANALYZE, rollback of DDL and end of a transaction with DDL bumps
/// <see cref="CatalogStore.Version"/>). Npgsql runs its type-loading query on every new physical connection; with the cache
/// its scans cost nothing and only the joins run.
/// <para>Views: every transaction without uncommitted DDL of its own sees the same catalog, the committed one
/// (<see cref="CatalogVisibility"/>: other transactions' marks hide their changes alike from all of them), so it shares
/// one entry; a transaction with uncommitted DDL sees a catalog of its own and gets an entry keyed by its transaction.</para>
/// The vectors are shared read-only, like a table segment's: each scan wraps them in batches of its own (operators set a
/// batch's selection and output hooks, never its vectors).
/// </summary>
internal sealed class SystemTableCache
{
    private readonly ConditionalWeakTable<DatabaseInfo, Entry> _entries = new();

    /// <summary>The batches of <paramref name="table"/> as <paramref name="reader"/> sees the catalog, built when missing or stale.</summary>
    public IReadOnlyList<Batch> Get(SystemTable table, CatalogReader reader)
    {
        // The version is read before the rows: a change during the build leaves an entry older readers may use and newer ones rebuild.
        var version = reader.Catalog.Version;
        var viewer = reader.ViewerHasPendingDdl ? reader.Viewer : null;
        var entry = _entries.GetValue(reader.Database, static _ => new Entry());
        var cached = viewer is null ? entry.Committed : entry.Own;
        if (cached is not null && cached.Version == version && cached.Viewer == viewer)
        {
            return cached.Batches;
        }

        var rows = table.Rows(reader, table).ToList();
        var batches = new List<Batch>((rows.Count / Batch.DefaultSize) + 1);
        for (var start = 0; start < rows.Count; start += Batch.DefaultSize)
        {
            batches.Add(RowBatchBuilder.Build(table.Columns, rows, start, Math.Min(Batch.DefaultSize, rows.Count - start)));
        }

        var built = new View(version, viewer, batches);
        if (viewer is null)
        {
            entry.Committed = built;
        }
        else
        {
            entry.Own = built;
        }

        return batches;
    }

    /// <summary>The batches of one view at one catalog version; <c>Viewer</c> is null for the committed catalog.</summary>
    private sealed record View(long Version, TransactionState? Viewer, IReadOnlyList<Batch> Batches);

    /// <summary>A database's cached views: the committed one, and the last transaction's own (replaced, never accumulated).</summary>
    private sealed class Entry
    {
        public View? Committed;

        public View? Own;
    }
}
