using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Vectors;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

public sealed partial class Session
{
    /// <summary>hnsw indexes dropped in the current transaction: their stored graphs are deleted when it commits.</summary>
    private readonly List<IndexInfo> _droppedHnswIndexes = [];

    /// <summary>
    /// <c>CREATE INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON t USING hnsw (col [opclass]) [WITH (m, ef_construction)]</c>
    /// as pgvector defines it. The checks run in PostgreSQL's DefineIndex order (access method capabilities, storage
    /// parameters, column and operator class), then pgvector's build checks (dimensions, ef_construction ≥ 2·m). The
    /// catalog entry is recorded by <see cref="CreateIndex"/>; the graph is then built on all cores by this session's
    /// thread and the thread pool, holding no lock, so other sessions read and write the table meanwhile (rows they
    /// append are linked before the index is marked ready). The statement returns when the index is usable.
    /// </summary>
    private string CreateHnswIndex(CreateIndexStatement c)
    {
        TableInfo? table;
        lock (Catalog.SyncRoot)
        {
            table = NewBinder([]).FindRelation(c.Table) as TableInfo;
        }

        if (table is null || c.Unique)
        {
            return CreateIndex(c); // raises PostgreSQL's error for these
        }

        if (c.Elements.Count > 1)
        {
            throw new PgException(SqlState.FeatureNotSupported, "access method \"hnsw\" does not support multicolumn indexes");
        }

        var (m, efConstruction) = HnswOptions.ParseStorageParameters([.. c.Options.Select(o => o.Value is null ? o.Name : $"{o.Name}={o.Value.Text}")]);
        var element = c.Elements[0];
        if (element.Column is not { } name)
        {
            throw new PgException(SqlState.FeatureNotSupported, "hnsw indexes on expressions are not supported");
        }

        var column = table.FindColumn(name) ?? throw new PgException(SqlState.UndefinedColumn, $"column \"{name}\" does not exist");
        var opClass = element.OpClass?.Name;
        if (HnswOptions.MetricOfOpClass(opClass) is null)
        {
            throw new PgException(SqlState.UndefinedObject, $"operator class \"{opClass}\" does not exist for access method \"hnsw\"");
        }

        if (column.Type != Types.PgTypes.Vector)
        {
            throw opClass is null
                ? new PgException(SqlState.UndefinedObject, $"data type {column.Type.SqlName} has no default operator class for access method \"hnsw\"")
                {
                    Hint = "You must specify an operator class for the index or define a default operator class for the data type.",
                }
                : new PgException(SqlState.DatatypeMismatch, $"operator class \"{opClass}\" does not accept data type {column.Type.SqlName}");
        }

        var skipped = c.IfNotExists && c.Name is { } existing && table.Schema.Relations.ContainsKey(existing);
        if (!skipped)
        {
            // pgvector's build checks are elog(ERROR), that is XX000, in pgvector as well.
            if (column.Typmod < 1)
            {
                throw new PgException(SqlState.InternalError, "column does not have dimensions");
            }

            if (column.Typmod > HnswOptions.MaxDimensions)
            {
                throw new PgException(SqlState.InternalError, $"column cannot have more than {HnswOptions.MaxDimensions} dimensions for hnsw index");
            }

            if (efConstruction < 2 * m)
            {
                throw new PgException(SqlState.InternalError, "ef_construction must be greater than or equal to 2 * m");
            }
        }

        IndexInfo? created = null;
        var tag = CreateIndex(c, index => created = index);
        if (created is not null && c.Where is null)
        {
            HnswIndexRegistry.Get(created, "CREATE INDEX", inline: true, pid: ProcessId);
        }

        return tag;
    }

    /// <summary>DROP of an hnsw index (or of its table): its build stops now, its stored graph goes when the transaction
    /// commits (<see cref="DeleteDroppedHnswGraphs"/>), so that a rolled-back DROP keeps it.</summary>
    private void DropHnswIndex(IndexInfo index)
    {
        HnswIndexRegistry.Cancel(index);
        _droppedHnswIndexes.Add(index);
    }

    /// <summary>At a commit: deletes the stored graphs of the hnsw indexes the transaction dropped (those an undo put
    /// back in the catalog were taken off the list then).</summary>
    private void DeleteDroppedHnswGraphs() => RestoreDroppedHnswIndexes(all: true);

    /// <summary>
    /// When an undo (ROLLBACK TO, a failed block, ROLLBACK) has put dropped hnsw indexes back in the catalog: each loads
    /// its stored graph again now (<see cref="HnswIndexRegistry.Restore"/>), before a query of this or another session
    /// would build a new one, and a later commit does not delete it. With <paramref name="all"/> (a full ROLLBACK) the
    /// list empties: an index not back in the catalog was created in the rolled-back transaction, and its graph goes.
    /// </summary>
    private void RestoreDroppedHnswIndexes(bool all)
    {
        for (var i = _droppedHnswIndexes.Count - 1; i >= 0; i--)
        {
            var index = _droppedHnswIndexes[i];
            if (IsCatalogued(index))
            {
                HnswIndexRegistry.Restore(index);
                _droppedHnswIndexes.RemoveAt(i);
            }
            else if (all)
            {
                HnswIndexRegistry.DeleteStoredGraph(index);
                _droppedHnswIndexes.RemoveAt(i);
            }
        }
    }

    private bool IsCatalogued(IndexInfo index)
    {
        lock (Catalog.SyncRoot)
        {
            return index.Schema.Relations.TryGetValue(index.Name, out var current) && ReferenceEquals(current, index);
        }
    }
}
