using System.Runtime.CompilerServices;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution;

namespace OmenDb.Engine.PgCatalog;

/// <summary>
/// The rows of a catalog-derived system relation (pg_type, pg_class, pg_attribute, ...) as columnar batches, built once
/// per database and catalog version and shared by every statement that scans the relation until the next catalog change
/// (every DDL, COMMENT, VACUUM/ANALYZE and rollback of DDL bumps <see cref="CatalogStore.Version"/>). Npgsql runs its
/// type-loading query on every new physical connection; with the cache its scans cost nothing and only the joins run.
/// While a transaction's DDL is uncommitted, sessions see different catalogs and every scan computes its rows.
/// The vectors are shared read-only, like a table segment's: each scan wraps them in batches of its own (operators set a
/// batch's selection and output hooks, never its vectors).
/// </summary>
internal sealed class SystemTableCache
{
    private readonly ConditionalWeakTable<DatabaseInfo, Entry> _entries = new();

    /// <summary>
    /// The batches of <paramref name="table"/> as <paramref name="reader"/> sees the catalog, built when missing or stale;
    /// null while some transaction's DDL is uncommitted (sessions then see different catalogs: the caller computes the rows).
    /// </summary>
    public IReadOnlyList<Batch>? Get(SystemTable table, CatalogReader reader)
    {
        // The version is read before the rows: a change during the build leaves an entry older readers may use and newer ones rebuild.
        var version = reader.Catalog.Version;
        if (HasUncommittedChanges(reader.Database))
        {
            return null;
        }

        if (_entries.TryGetValue(reader.Database, out var entry) && entry.Version == version)
        {
            return entry.Batches;
        }

        var rows = table.Rows(reader, table).ToList();
        var batches = new List<Batch>((rows.Count / Batch.DefaultSize) + 1);
        for (var start = 0; start < rows.Count; start += Batch.DefaultSize)
        {
            batches.Add(RowBatchBuilder.Build(table.Columns, rows, start, Math.Min(Batch.DefaultSize, rows.Count - start)));
        }

        _entries.AddOrUpdate(reader.Database, new Entry(version, batches));
        return batches;
    }

    /// <summary>
    /// Whether any object of the database carries an uncommitted transaction's mark (<see cref="CatalogVisibility"/>).
    /// Without marks every viewer sees the same catalog; marks appear and go without changing the objects themselves,
    /// so an entry built while there were none stays right for its version. One pass over the relations: microseconds.
    /// </summary>
    private static bool HasUncommittedChanges(DatabaseInfo database)
    {
        if (database.HiddenSchemas is { Count: > 0 })
        {
            return true;
        }

        foreach (var schema in database.Schemas.Values.ToArray())
        {
            if (schema.PendingOwner is not null || schema.Hidden is { Count: > 0 })
            {
                return true;
            }

            foreach (var rel in schema.Relations.Values.ToArray())
            {
                if (rel.PendingOwner is not null)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed record Entry(long Version, IReadOnlyList<Batch> Batches);
}
