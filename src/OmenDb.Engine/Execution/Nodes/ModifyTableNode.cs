using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>INSERT / UPDATE / DELETE.</summary>
internal enum ModifyKind : byte
{
    Insert,
    Update,
    Delete,
}

/// <summary>
/// Writes rows through a <see cref="TableWriter"/> (constraints, foreign keys and their actions). The input yields, per row: for INSERT the new row's physical slots; for UPDATE the new slots
/// then the old row id; for DELETE the old row then its id; UPDATE FROM / DELETE USING rows continue with the
/// other FROM items' columns, which RETURNING may read. Constraints are checked per row (NOT NULL 23502,
/// CHECK 23514, UNIQUE/PK 23505, FOREIGN KEY 23503). RETURNING expressions are evaluated over the written physical row.
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

    /// <summary>The unique indexes ON CONFLICT resolves (empty without ON CONFLICT); conflicts on others raise 23505.</summary>
    public IReadOnlyList<Indexes.UniqueIndex> Arbiters { get; init; } = [];

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
        var writer = new TableWriter(Table);
        var returningSlot = new RowSlot([.. Input.Columns.Select(c => c.Type)]);
        var output = new List<object?[]>();
        var written = new HashSet<long>();
        long count = 0;
        foreach (var row in input)
        {
            ctx.CheckInterrupts();
            object?[]? newRow = null;
            switch (Kind)
            {
                case ModifyKind.Insert:
                    newRow = Insert(row[..width], ctx, writer, written);
                    break;
                case ModifyKind.Update:
                    {
                        var (rowId, rechecked) = writer.LockVersion((long)row[width]!, ctx, RecheckFor(ctx));
                        if (rowId < 0)
                        {
                            continue;
                        }

                        newRow = rechecked ?? row[..width];
                        var oldRow = new object?[width];
                        Table.Data.ReadRow(rowId, oldRow);
                        writer.Check(newRow, ctx);
                        writer.Write(newRow, oldRow, ctx, rowId);
                        break;
                    }

                case ModifyKind.Delete:
                    {
                        var (rowId, rechecked) = writer.LockVersion((long)row[width]!, ctx, RecheckFor(ctx));
                        if (rowId < 0)
                        {
                            continue;
                        }

                        newRow = rechecked is null ? row : [.. rechecked, rowId];
                        writer.Deleted(row[..width], ctx);
                        break;
                    }
            }

            if (newRow is null)
            {
                continue;
            }

            count++;
            if (Returning is not null)
            {
                // Update and delete rows carry the old row id and the joined FROM / USING columns after the table's.
                returningSlot.Load(newRow, width, Kind == ModifyKind.Insert ? null : row[width..]);
                output.Add([.. Returning.Select(r => r.Eval(returningSlot.Batch, 0, ctx))]);
            }
        }

        ctx.RowsAffected = count;
        return new MaterializedRowsState(Columns, output);
    }

    /// <summary>Inserts a row, or resolves a conflict on an arbiter index; <paramref name="written"/> holds this command's row ids.</summary>
    private object?[]? Insert(object?[] row, ExecContext ctx, TableWriter writer, HashSet<long> written)
    {
        writer.Check(row, ctx);
        foreach (var idx in Arbiters)
        {
            var key = TableWriter.Key(row, idx.Constraint.Columns);
            if (Array.IndexOf(key, null) >= 0 || idx.Find(key, Table, ctx.TxManager, ctx.OwnTxIds) is not { } existing)
            {
                continue;
            }

            if (OnConflictDoNothing)
            {
                return null;
            }

            if (written.Contains(existing))
            {
                throw new PgException(SqlState.CardinalityViolation, "ON CONFLICT DO UPDATE command cannot affect row a second time")
                {
                    Hint = "Ensure that no rows proposed for insertion within the same command have duplicate constrained values.",
                };
            }

            // DO UPDATE: expressions read the existing row (slots 0..w-1) and EXCLUDED (slots w..2w-1).
            var current = new object?[Table.Columns.Count];
            Table.Data.ReadRow(existing, current);
            var both = new RowSlot([.. Table.Columns.Select(c => c.Type), .. Table.Columns.Select(c => c.Type)]);
            both.Load(current, current.Length, row);
            if ((ConflictWhere is not null && ConflictWhere.Eval(both.Batch, 0, ctx) is not true) || !writer.Lock(existing, ctx))
            {
                return null;
            }

            var updated = ConflictUpdate!.Select(e => e.Eval(both.Batch, 0, ctx)).ToArray();
            writer.Check(updated, ctx);
            written.Add(writer.Write(updated, current, ctx, existing));
            return updated;
        }

        written.Add(writer.Write(row, null, ctx));
        return row;
    }

    /// <summary>
    /// READ COMMITTED re-check (PostgreSQL's EvalPlanQual) for a single-table UPDATE or DELETE: the WHERE condition
    /// bound over the table's row followed by its row id, and for UPDATE the new value of every column over the same
    /// row. Null when the statement joins other tables (then a row changed concurrently is skipped).
    /// </summary>
    public (BoundExpr? Where, BoundExpr[]? Set)? RecheckExpressions { get; init; }

    /// <summary>
    /// For the newest version of a row that a concurrent transaction updated: evaluates the statement's WHERE on it
    /// again and returns the row to write (for DELETE, the version itself), or null when it no longer qualifies.
    /// </summary>
    private Func<long, object?[]?>? RecheckFor(ExecContext ctx)
    {
        if (RecheckExpressions is not { } recheck)
        {
            return null;
        }

        return rowId =>
        {
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
        };
    }
}
