using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Execution;

/// <summary>
/// Writes the row versions of one table for a DML statement: NOT NULL (23502), CHECK (23514), UNIQUE / PRIMARY KEY
/// (23505) and FOREIGN KEY (23503) checks, and the referential actions of the foreign keys that reference the table
/// (NO ACTION / RESTRICT, CASCADE, SET NULL, SET DEFAULT), which write the referencing tables through their own writers.
/// Referential actions run as each row is written rather than at the end of the statement.
/// </summary>
internal sealed class TableWriter
{
    private readonly RowSlot _slot;
    private readonly Dictionary<TableInfo, TableWriter> _writers;
    private List<(TableInfo Child, ConstraintInfo Fk)>? _referencing;

    public TableWriter(TableInfo table)
        : this(table, [])
    {
    }

    private TableWriter(TableInfo table, Dictionary<TableInfo, TableWriter> writers)
    {
        Table = table;
        _writers = writers;
        _writers[table] = this;
        _slot = new RowSlot([.. table.Columns.Select(c => c.Type)]);
    }

    public TableInfo Table { get; }

    /// <summary>Checks NOT NULL and CHECK constraints of a new row.</summary>
    public void Check(object?[] row, ExecContext ctx)
    {
        foreach (var col in Table.Columns)
        {
            if (col.NotNull && !col.IsDropped && row[col.Slot] is null)
            {
                throw new PgException(SqlState.NotNullViolation, $"null value in column \"{col.Name}\" of relation \"{Table.Name}\" violates not-null constraint")
                {
                    Detail = $"Failing row contains ({RowText(row)}).",
                    SchemaName = Table.Schema.Name,
                    TableName = Table.Name,
                    ColumnName = col.Name,
                };
            }
        }

        if (Table.BoundChecks.Count > 0)
        {
            _slot.Load(row, row.Length, null);
            foreach (var (c, check) in Table.BoundChecks)
            {
                if (check.Eval(_slot.Batch, 0, ctx) is false)
                {
                    throw new PgException(SqlState.CheckViolation, $"new row for relation \"{Table.Name}\" violates check constraint \"{c.Name}\"")
                    {
                        Detail = $"Failing row contains ({RowText(row)}).",
                        SchemaName = Table.Schema.Name,
                        TableName = Table.Name,
                        ConstraintName = c.Name,
                    };
                }
            }
        }
    }

    /// <summary>
    /// Appends a checked row version (a new row, or the new version of <paramref name="oldRow"/> whose version
    /// <paramref name="replacesRowId"/> the caller has locked, which links the update chain), enforces unique and foreign keys, and applies the actions of foreign keys that reference a changed key.
    /// </summary>
    public long Write(object?[] row, object?[]? oldRow, ExecContext ctx, long replacesRowId = -1)
    {
        var id = Table.Data.Append(row, ctx.WriteTxId);
        if (replacesRowId >= 0)
        {
            Table.Data.SetSuccessor(replacesRowId, id);
        }

        foreach (var idx in Table.UniqueIndexes)
        {
            var key = Key(row, idx.Constraint.Columns);
            if (replacesRowId >= 0 && oldRow is not null && SameKey(Table, idx.Constraint.Columns, key, Key(oldRow, idx.Constraint.Columns)))
            {
                // PostgreSQL's HOT update: an unchanged key needs no uniqueness check.
                idx.AddUnchangedKey(key, id);
                continue;
            }

            if (idx.TryAdd(key, id, Table, ctx.TxManager, ctx.WriteTxId, ctx.OwnTxIds) is not null)
            {
                // Our new version stays invisible: the failed statement aborts the writing transaction.
                throw Duplicate(idx.Constraint, key);
            }
        }

        CheckReferences(row, oldRow, ctx);
        if (oldRow is not null)
        {
            OnReferencedChange(oldRow, row, ctx);
        }

        return id;
    }

    /// <summary>Applies the ON DELETE actions of foreign keys referencing a row the caller has deleted (locked).</summary>
    public void Deleted(object?[] oldRow, ExecContext ctx) => OnReferencedChange(oldRow, null, ctx);

    /// <summary>A 23505 error for <paramref name="key"/> of a unique constraint.</summary>
    public PgException Duplicate(ConstraintInfo c, object?[] key)
        => new(SqlState.UniqueViolation, $"duplicate key value violates unique constraint \"{c.Name}\"")
        {
            Detail = $"Key ({ColumnNames(Table, c.Columns)})=({KeyText(Table, c.Columns, key)}) already exists.",
            SchemaName = Table.Schema.Name,
            TableName = Table.Name,
            ConstraintName = c.Name,
        };

    /// <summary>The values of <paramref name="columns"/> (attnums) of a physical row.</summary>
    public static object?[] Key(object?[] row, short[] columns)
    {
        var key = new object?[columns.Length];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = row[columns[i] - 1];
        }

        return key;
    }

    /// <summary>Takes the row version <paramref name="rowId"/> for writing; false when it is no longer ours to change (see <see cref="LockVersion"/>).</summary>
    public bool Lock(long rowId, ExecContext ctx) => LockVersion(rowId, ctx, null).RowId == rowId;

    /// <summary>
    /// Takes the row version for writing and returns the id of the version taken, or -1 when there is none to take.
    /// If another running transaction holds it, waits for it to end. If that one committed: REPEATABLE READ fails with
    /// 40001; READ COMMITTED follows the row to its newest version and takes it only when <paramref name="recheck"/>
    /// (the statement's WHERE evaluated again, PostgreSQL's EvalPlanQual) returns the row to write from that version;
    /// without a re-check, or for a deleted row, nothing is taken.
    /// </summary>
    public (long RowId, object?[]? Rechecked) LockVersion(long rowId, ExecContext ctx, Func<long, object?[]?>? recheck)
    {
        object?[]? rechecked = null;
        while (true)
        {
            var holder = Table.Data.TryMarkDeleted(rowId, ctx.WriteTxId);
            if (holder == 0)
            {
                return (rowId, rechecked);
            }

            if (ctx.OwnTxIds.Contains(holder))
            {
                return (-1, null);
            }

            var state = ctx.TxManager.Get(holder);
            if (state is null || state.Aborted)
            {
                Table.Data.ClearAbortedDelete(rowId, holder);
                continue;
            }

            if (!state.IsFinished)
            {
                ctx.Session.WaitForTransaction(state);
                continue;
            }

            if (ctx.TransactionSnapshot)
            {
                throw new PgException(SqlState.TRSerializationFailure, "could not serialize access due to concurrent update");
            }

            var next = Table.Data.Successor(rowId);
            if (next == 0 || recheck?.Invoke(next) is not { } row)
            {
                return (-1, null);
            }

            (rowId, rechecked) = (next, row);
        }
    }

    /// <summary>A new or changed referencing key must exist in the referenced table (MATCH SIMPLE: a key with a NULL passes).</summary>
    public void CheckReferences(object?[] row, object?[]? oldRow, ExecContext ctx)
    {
        foreach (var fk in Table.Constraints)
        {
            if (fk.Kind != ConstraintKind.ForeignKey || fk.ReferencedTable is not { } parent)
            {
                continue;
            }

            var key = Key(row, fk.Columns);
            if (Array.IndexOf(key, null) >= 0 || (oldRow is not null && SameKey(Table, fk.Columns, key, Key(oldRow, fk.Columns))))
            {
                continue;
            }

            var index = parent.UniqueIndexes.Find(u => new HashSet<short>(u.Constraint.Columns).SetEquals(fk.ReferencedColumns));
            var probe = new object?[fk.Columns.Length];
            if (index is not null)
            {
                for (var i = 0; i < probe.Length; i++)
                {
                    probe[i] = key[Array.IndexOf(fk.ReferencedColumns, index.Constraint.Columns[i])];
                }
            }

            if (index?.Find(probe, parent, ctx.TxManager, ctx.OwnTxIds) is null)
            {
                throw new PgException(SqlState.ForeignKeyViolation, $"insert or update on table \"{Table.Name}\" violates foreign key constraint \"{fk.Name}\"")
                {
                    Detail = $"Key ({ColumnNames(Table, fk.Columns)})=({KeyText(Table, fk.Columns, key)}) is not present in table \"{parent.Name}\".",
                    SchemaName = Table.Schema.Name,
                    TableName = Table.Name,
                    ConstraintName = fk.Name,
                };
            }
        }
    }

    /// <summary>Applies ON DELETE (<paramref name="newRow"/> null) or ON UPDATE actions to rows referencing a changed key.</summary>
    private void OnReferencedChange(object?[] oldRow, object?[]? newRow, ExecContext ctx)
    {
        _referencing ??= ReferencingConstraints(Table);
        foreach (var (child, fk) in _referencing)
        {
            var oldKey = Key(oldRow, fk.ReferencedColumns);
            if (Array.IndexOf(oldKey, null) >= 0 || (newRow is not null && SameKey(Table, fk.ReferencedColumns, oldKey, Key(newRow, fk.ReferencedColumns))))
            {
                continue;
            }

            var action = newRow is null ? fk.OnDelete : fk.OnUpdate;
            var writer = WriterFor(child);
            foreach (var (rowId, childRow) in writer.FindReferencing(fk, oldKey, ctx))
            {
                if (action is ReferentialAction.NoAction or ReferentialAction.Restrict)
                {
                    throw new PgException(SqlState.ForeignKeyViolation,
                        $"update or delete on table \"{Table.Name}\" violates foreign key constraint \"{fk.Name}\" on table \"{child.Name}\"")
                    {
                        Detail = $"Key ({ColumnNames(Table, fk.ReferencedColumns)})=({KeyText(Table, fk.ReferencedColumns, oldKey)}) is still referenced from table \"{child.Name}\".",
                        SchemaName = child.Schema.Name,
                        TableName = child.Name,
                        ConstraintName = fk.Name,
                    };
                }

                if (!writer.Lock(rowId, ctx))
                {
                    continue;
                }

                if (action == ReferentialAction.Cascade && newRow is null)
                {
                    writer.Deleted(childRow, ctx);
                    continue;
                }

                var updated = (object?[])childRow.Clone();
                for (var i = 0; i < fk.Columns.Length; i++)
                {
                    var col = child.Columns[fk.Columns[i] - 1];
                    updated[col.Slot] = action switch
                    {
                        ReferentialAction.Cascade => newRow![fk.ReferencedColumns[i] - 1],
                        ReferentialAction.SetDefault => ctx.Session.NewBinder([]).DefaultFor(col).Eval(_slot.Batch, 0, ctx),
                        _ => null,
                    };
                }

                writer.Check(updated, ctx);
                writer.Write(updated, childRow, ctx);
            }
        }
    }

    private TableWriter WriterFor(TableInfo table) => _writers.TryGetValue(table, out var w) ? w : new TableWriter(table, _writers);

    /// <summary>Visible rows of this table whose <paramref name="fk"/> columns equal <paramref name="key"/>.</summary>
    private List<(long RowId, object?[] Row)> FindReferencing(ConstraintInfo fk, object?[] key, ExecContext ctx)
    {
        var found = new List<(long, object?[])>();
        foreach (var rowId in Table.Data.VisibleRowIds(ctx.Snapshot))
        {
            var (seg, r) = Table.Data.Locate(rowId);
            var match = true;
            for (var i = 0; i < fk.Columns.Length && match; i++)
            {
                var col = fk.Columns[i] - 1;
                match = seg.Columns[col].GetValue(r) is { } v && ValueComparer.Compare(Table.Columns[col].Type, v, key[i]!) == 0;
            }

            if (match)
            {
                var row = new object?[Table.Columns.Count];
                Table.Data.ReadRow(rowId, row);
                found.Add((rowId, row));
            }
        }

        return found;
    }

    /// <summary>Foreign keys of every table of the database that reference <paramref name="table"/>.</summary>
    public static List<(TableInfo Child, ConstraintInfo Fk)> ReferencingConstraints(TableInfo table)
    {
        var list = new List<(TableInfo, ConstraintInfo)>();
        foreach (var schema in table.Schema.Database.Schemas.Values)
        {
            foreach (var rel in schema.Relations.Values)
            {
                if (rel is TableInfo t)
                {
                    foreach (var c in t.Constraints)
                    {
                        if (c.Kind == ConstraintKind.ForeignKey && c.ReferencedTable == table)
                        {
                            list.Add((t, c));
                        }
                    }
                }
            }
        }

        return list;
    }

    private static bool SameKey(TableInfo table, short[] columns, object?[] a, object?[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] is null != b[i] is null || (a[i] is { } x && ValueComparer.Compare(table.Columns[columns[i] - 1].Type, x, b[i]!) != 0))
            {
                return false;
            }
        }

        return true;
    }

    private string RowText(object?[] row)
        => string.Join(", ", Table.Columns.Where(c => !c.IsDropped).Select(c => row[c.Slot] is { } v ? ValueText.Format(c.Type, v) : "null"));

    private static string ColumnNames(TableInfo table, short[] columns) => string.Join(", ", columns.Select(a => table.Columns[a - 1].Name));

    private static string KeyText(TableInfo table, short[] columns, object?[] key)
        => string.Join(", ", key.Select((v, i) => v is null ? "null" : ValueText.Format(table.Columns[columns[i] - 1].Type, v)));
}
