using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>INSERT / UPDATE / DELETE.</summary>
internal enum ModifyKind : byte
{
    Insert,
    Update,
    Delete,
}

/// <summary>
/// Writes rows. The input yields, per row: for INSERT the new row's physical slots; for UPDATE the new slots
/// then the old row id; for DELETE the row id (last column). Constraints are checked per row (NOT NULL 23502,
/// CHECK 23514, UNIQUE/PK 23505). RETURNING expressions are evaluated over the written physical row.
/// All input is read before the first write, so a statement never sees its own changes.
/// </summary>
internal sealed class ModifyTableNode : PlanNode
{
    public ModifyTableNode(ModifyKind kind, TableInfo table, PlanNode input, BoundExpr[]? returning, IReadOnlyList<ResultColumn> columns)
        : base(columns)
    {
        Kind = kind;
        Table = table;
        Input = input;
        Returning = returning;
    }

    public ModifyKind Kind { get; }

    public TableInfo Table { get; }

    public PlanNode Input { get; }

    public BoundExpr[]? Returning { get; }

    /// <summary>ON CONFLICT DO NOTHING.</summary>
    public bool OnConflictDoNothing { get; init; }

    /// <summary>ON CONFLICT DO UPDATE: new slots computed from (existing row ++ excluded row), and an optional WHERE over the same.</summary>
    public BoundExpr[]? ConflictUpdate { get; init; }

    public BoundExpr? ConflictWhere { get; init; }

    /// <summary>Rows written (for the command tag).</summary>
    public override string ExplainName => $"{Kind} on {Table.Name}";

    public override IEnumerable<PlanNode> Children => [Input];

    protected override OperatorState OpenCore(ExecContext ctx)
    {
        var input = NestedLoopJoinNode.Drain(Input.Open(ctx), ctx);
        var width = Table.Columns.Count;
        var types = Table.Columns.Select(c => c.Type).ToList();
        var slot = new RowSlot(types);
        var output = new List<object?[]>();
        long count = 0;
        foreach (var row in input)
        {
            ctx.CheckInterrupts();
            object?[]? written = null;
            switch (Kind)
            {
                case ModifyKind.Insert:
                    written = Insert(row[..width], ctx, slot);
                    break;
                case ModifyKind.Update:
                    {
                        var (rowId, rechecked) = LockRow((long)row[width]!, ctx);
                        if (rowId < 0)
                        {
                            continue;
                        }

                        written = rechecked ?? row[..width];

                        Check(written, ctx, slot);
                        var newId = Table.Data.Append(written, ctx.WriteTxId);
                        Table.Data.SetSuccessor(rowId, newId);
                        AddToIndexes(written, newId, ctx);
                        break;
                    }

                case ModifyKind.Delete:
                    {
                        var (rowId, _) = LockRow((long)row[^1]!, ctx);
                        if (rowId < 0)
                        {
                            continue;
                        }

                        written = new object?[width];
                        Table.Data.ReadRow(rowId, written);
                        break;
                    }
            }

            if (written is null)
            {
                continue;
            }

            count++;
            if (Returning is not null)
            {
                slot.Load(written, width, null);
                output.Add([.. Returning.Select(r => r.Eval(slot.Batch, 0, ctx))]);
            }
        }

        ctx.RowsAffected = count;
        return new MaterializedRowsState(Columns, output);
    }

    private object?[]? Insert(object?[] row, ExecContext ctx, RowSlot slot)
    {
        Check(row, ctx, slot);
        foreach (var idx in Table.UniqueIndexes)
        {
            var key = Key(idx.Constraint, row);
            if (Array.IndexOf(key, null) < 0 && idx.Find(key, Table, ctx.TxManager, ctx.OwnTxIds) is { } existing)
            {
                if (OnConflictDoNothing)
                {
                    return null;
                }

                if (ConflictUpdate is not null)
                {
                    var current = new object?[Table.Columns.Count];
                    Table.Data.ReadRow(existing, current);
                    var both = new RowSlot([.. Table.Columns.Select(c => c.Type), .. Table.Columns.Select(c => c.Type)]);
                    both.Load(current, current.Length, row);
                    if (ConflictWhere is not null && ConflictWhere.Eval(both.Batch, 0, ctx) is not true)
                    {
                        return null;
                    }

                    var updated = ConflictUpdate.Select(e => e.Eval(both.Batch, 0, ctx)).ToArray();
                    if (LockRow(existing, ctx).RowId != existing)
                    {
                        return null;
                    }

                    Check(updated, ctx, slot);
                    var id = Table.Data.Append(updated, ctx.WriteTxId);
                    Table.Data.SetSuccessor(existing, id);
                    AddToIndexes(updated, id, ctx);
                    return updated;
                }

                throw Duplicate(idx.Constraint, key);
            }
        }

        var rowId = Table.Data.Append(row, ctx.WriteTxId);
        AddToIndexes(row, rowId, ctx);
        return row;
    }

    private void AddToIndexes(object?[] row, long rowId, ExecContext ctx)
    {
        foreach (var idx in Table.UniqueIndexes)
        {
            var key = Key(idx.Constraint, row);
            if (idx.TryAdd(key, rowId, Table, ctx.TxManager, ctx.WriteTxId, ctx.OwnTxIds) is not null)
            {
                // Our new version stays invisible: this (sub)transaction's writes are undone by the statement failure.
                throw Duplicate(idx.Constraint, key);
            }
        }
    }

    private PgException Duplicate(ConstraintInfo c, object?[] key)
    {
        var cols = string.Join(", ", c.Columns.Select(a => Table.Columns[a - 1].Name));
        var vals = string.Join(", ", key.Select((v, i) => v is null ? "null" : ValueText.Format(Table.Columns[c.Columns[i] - 1].Type, v)));
        return new PgException(SqlState.UniqueViolation, $"duplicate key value violates unique constraint \"{c.Name}\"")
        {
            Detail = $"Key ({cols})=({vals}) already exists.",
            SchemaName = Table.Schema.Name,
            TableName = Table.Name,
            ConstraintName = c.Name,
        };
    }

    private static object?[] Key(ConstraintInfo c, object?[] row)
    {
        var key = new object?[c.Columns.Length];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = row[c.Columns[i] - 1];
        }

        return key;
    }

    private void Check(object?[] row, ExecContext ctx, RowSlot slot)
    {
        foreach (var col in Table.Columns)
        {
            if (col.NotNull && !col.IsDropped && row[col.Slot] is null)
            {
                var rowText = string.Join(", ", Table.Columns.Where(c => !c.IsDropped).Select(c => row[c.Slot] is { } v ? ValueText.Format(c.Type, v) : "null"));
                throw new PgException(SqlState.NotNullViolation, $"null value in column \"{col.Name}\" of relation \"{Table.Name}\" violates not-null constraint")
                {
                    Detail = $"Failing row contains ({rowText}).",
                    SchemaName = Table.Schema.Name,
                    TableName = Table.Name,
                    ColumnName = col.Name,
                };
            }
        }

        if (Table.BoundChecks.Count > 0)
        {
            slot.Load(row, row.Length, null);
            foreach (var (c, check) in Table.BoundChecks)
            {
                if (check.Eval(slot.Batch, 0, ctx) is false)
                {
                    var rowText = string.Join(", ", Table.Columns.Where(x => !x.IsDropped).Select(x => row[x.Slot] is { } v ? ValueText.Format(x.Type, v) : "null"));
                    throw new PgException(SqlState.CheckViolation, $"new row for relation \"{Table.Name}\" violates check constraint \"{c.Name}\"")
                    {
                        Detail = $"Failing row contains ({rowText}).",
                        SchemaName = Table.Schema.Name,
                        TableName = Table.Name,
                        ConstraintName = c.Name,
                    };
                }
            }
        }
    }

    /// <summary>
    /// READ COMMITTED re-check (PostgreSQL's EvalPlanQual) for a single-table UPDATE or DELETE: the WHERE condition
    /// bound over the table's row followed by its row id, and for UPDATE the new value of every column over the same
    /// row. Null when the statement joins other tables (then a row changed concurrently is skipped).
    /// </summary>
    public (BoundExpr? Where, BoundExpr[]? Set)? RecheckExpressions { get; init; }

    /// <summary>
    /// The newest version <paramref name="rowId"/> of a row that a concurrent transaction updated: evaluates the
    /// statement's WHERE on it again and returns the row to write (for DELETE, the version itself), or null when
    /// the row no longer qualifies.
    /// </summary>
    private object?[]? Recheck(long rowId, ExecContext ctx)
    {
        if (RecheckExpressions is not { } recheck)
        {
            return null;
        }

        var width = Table.Columns.Count;
        var current = new object?[width + 1];
        Table.Data.ReadRow(rowId, current);
        current[width] = rowId;
        var slot = new RowSlot([.. Table.Columns.Select(c => c.Type), Types.PgTypes.Int8]);
        slot.Load(current, width + 1, null);
        if (recheck.Where is not null && recheck.Where.Eval(slot.Batch, 0, ctx) is not true)
        {
            return null;
        }

        return recheck.Set is null ? current[..width] : [.. recheck.Set.Take(width).Select(e => e.Eval(slot.Batch, 0, ctx))];
    }

    /// <summary>
    /// Takes the row version for writing and returns the id of the version taken, or -1 when there is none to take.
    /// If another running transaction holds it, waits for it to end. If that one committed: REPEATABLE READ fails with
    /// 40001; READ COMMITTED follows the row to its newest version and takes it only if the statement's WHERE still
    /// holds there, returning the row to write computed from that version (<see cref="Recheck"/>); a deleted row is
    /// skipped.
    /// </summary>
    private (long RowId, object?[]? Rechecked) LockRow(long rowId, ExecContext ctx)
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
                while (!state.WaitFinished(TimeSpan.FromMilliseconds(100), CancellationToken.None))
                {
                    ctx.CheckInterrupts();
                }

                continue;
            }

            if (ctx.TransactionSnapshot)
            {
                throw new PgException(SqlState.TRSerializationFailure, "could not serialize access due to concurrent update");
            }

            var next = Table.Data.Successor(rowId);
            if (next == 0 || RecheckExpressions is null || Recheck(next, ctx) is not { } row)
            {
                return (-1, null);
            }

            (rowId, rechecked) = (next, row);
        }
    }
}
