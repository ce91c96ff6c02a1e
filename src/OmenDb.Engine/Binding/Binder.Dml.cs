using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;
using OmenDb.Sql.Parsing;

namespace OmenDb.Engine.Binding;

internal sealed partial class Binder
{
    /// <summary>The default of a column as a bound expression (NULL when none; nextval for identity/serial).</summary>
    public BoundExpr DefaultFor(ColumnInfo col)
    {
        if (col.DefaultSql is null || col.Generated != '\0')
        {
            return new ConstExpr(null, col.Type, col.Typmod);
        }

        var expr = col.DefaultAst ?? SqlParser.ParseExpression(col.DefaultSql);
        return Coerce(BindExpr(expr, new Scope(null)), col.Type, col.Typmod, CastContext.Assignment);
    }

    public PlanNode BindInsert(InsertStatement ins, Scope scope)
    {
        if (ins.With is not null)
        {
            BindWith(ins.With, scope);
        }

        var table = RequireTable(ins.Table);
        var targets = ins.Columns.Count == 0
            ? table.LiveColumns.ToList()
            : ins.Columns.Select(n => table.FindColumn(n) ?? throw Error(SqlState.UndefinedColumn,
                $"column \"{n}\" of relation \"{table.Name}\" does not exist", ins)).ToList();
        var width = table.Columns.Count;

        PlanNode source;
        if (ins.Source is null)
        {
            source = new ValuesNode([], [[]]);
        }
        else if (ins.Source.Body is ValuesBody values && ins.Source.OrderBy.Count == 0 && ins.Source.Limit is null)
        {
            // VALUES rows are bound against the target columns so that literals take the column types and DEFAULT works.
            var rows = new List<BoundExpr[]>();
            foreach (var row in values.Rows)
            {
                if (row.Count > targets.Count)
                {
                    throw Error(SqlState.SyntaxError, "INSERT has more expressions than target columns", row[targets.Count]);
                }

                if (row.Count < targets.Count && ins.Columns.Count > 0)
                {
                    throw Error(SqlState.SyntaxError, "INSERT has more target columns than expressions", ins);
                }

                var bound = new BoundExpr[width];
                for (var c = 0; c < width; c++)
                {
                    bound[c] = DefaultFor(table.Columns[c]);
                }

                for (var i = 0; i < row.Count; i++)
                {
                    var col = targets[i];
                    if (row[i] is Sql.Ast.DefaultExpr)
                    {
                        continue;
                    }

                    CheckIdentityOverride(col, ins);
                    bound[col.Slot] = AssignTo(BindExpr(row[i], scope), col, row[i]);
                }

                rows.Add(bound);
            }

            source = new ValuesNode([.. table.Columns.Select(c => new ResultColumn(c.Name, c.Type, c.Typmod))], [.. rows]);
        }
        else
        {
            var query = BindSelect(ins.Source, new Scope(scope));
            if (query.Columns.Count > targets.Count)
            {
                throw Error(SqlState.SyntaxError, "INSERT has more expressions than target columns", ins.Source);
            }

            var exprs = new BoundExpr[width];
            for (var c = 0; c < width; c++)
            {
                exprs[c] = DefaultFor(table.Columns[c]);
            }

            for (var i = 0; i < query.Columns.Count; i++)
            {
                var qc = query.Columns[i];
                exprs[targets[i].Slot] = AssignTo(new ColumnExpr(i, qc.Type, qc.TypeModifier, qc.Name), targets[i], ins.Source);
            }

            source = new ProjectNode(query, exprs, [.. table.Columns.Select(c => new ResultColumn(c.Name, c.Type, c.Typmod))]);
        }

        var (returning, columns) = BindReturning(ins.Returning, table, scope);
        BoundExpr[]? conflictUpdate = null;
        BoundExpr? conflictWhere = null;
        if (ins.OnConflict is { Action: OnConflictAction.Update } oc)
        {
            // Expressions see the existing row (slots 0..w-1, by table name/alias) and EXCLUDED (slots w..2w-1).
            var s = new Scope(null);
            s.Items.Add(TableItem(table, ins.Alias ?? table.Name, 0));
            s.Items.Add(TableItem(table, "excluded", width));
            conflictUpdate = new BoundExpr[width];
            for (var c = 0; c < width; c++)
            {
                var col = table.Columns[c];
                conflictUpdate[c] = new ColumnExpr(c, col.Type, col.Typmod, col.Name);
            }

            foreach (var set in oc.Set)
            {
                var col = table.FindColumn(set.Columns[0]) ?? throw Error(SqlState.UndefinedColumn,
                    $"column \"{set.Columns[0]}\" of relation \"{table.Name}\" does not exist", set);
                conflictUpdate[col.Slot] = AssignTo(BindExpr(set.Value, s), col, set.Value);
            }

            conflictWhere = oc.Where is null ? null : CoerceToBool(BindExpr(oc.Where, s), "WHERE", oc.Where);
        }

        return new ModifyTableNode(ModifyKind.Insert, table, source, returning, columns)
        {
            OnConflictDoNothing = ins.OnConflict is { Action: OnConflictAction.Nothing },
            ConflictUpdate = conflictUpdate,
            ConflictWhere = conflictWhere,
        };
    }

    private static void CheckIdentityOverride(ColumnInfo col, SqlNode node)
    {
        if (col.Identity == 'a')
        {
            throw new PgException(SqlState.GeneratedAlways, $"cannot insert a non-DEFAULT value into column \"{col.Name}\"")
            {
                Detail = $"Column \"{col.Name}\" is an identity column defined as GENERATED ALWAYS.",
                Hint = "Use OVERRIDING SYSTEM VALUE to override.",
            };
        }
    }

    private BoundExpr AssignTo(BoundExpr value, ColumnInfo col, SqlNode node)
    {
        try
        {
            return Coerce(value, col.Type, col.Typmod, CastContext.Assignment);
        }
        catch (PgException ex) when (ex.SqlState == SqlState.CannotCoerce)
        {
            throw Error(SqlState.DatatypeMismatch,
                $"column \"{col.Name}\" is of type {ValueText.FormatTypeName(col.Type, col.Typmod)} but expression is of type {value.Type.SqlName}", node,
                "You will need to rewrite or cast the expression.");
        }
    }

    private static ScopeItem TableItem(TableInfo table, string alias, int baseIndex)
        => new(alias, [.. table.Columns.Select(c => new ScopeColumn(c.Name, c.Type, c.Typmod, baseIndex + c.Slot, table.Oid, c.AttNum) { Hidden = c.IsDropped })]);

    private (BoundExpr[]? Exprs, IReadOnlyList<ResultColumn> Columns) BindReturning(IReadOnlyList<ResultTarget> returning, TableInfo table, Scope outer)
    {
        if (returning.Count == 0)
        {
            return (null, []);
        }

        var s = new Scope(outer);
        s.Items.Add(TableItem(table, table.Name, 0));
        var core = new SelectCore(returning);
        var exprs = BindTargets(core, s, out var names);
        return ([.. exprs], [.. exprs.Select((e, i) => new ResultColumn(names[i], e.Type, e.Typmod,
            e is ColumnExpr ce ? ce.TableOid : 0, e is ColumnExpr ce2 ? ce2.AttNum : (short)0))]);
    }

    public PlanNode BindUpdate(UpdateStatement upd, Scope scope)
    {
        if (upd.With is not null)
        {
            BindWith(upd.With, scope);
        }

        var table = RequireTable(upd.Table.Name);
        var alias = upd.Table.Alias?.Name ?? table.Name;
        PlanNode input = new SeqScanNode(table, alias, [.. table.Columns.Select(c => new ResultColumn(c.Name, c.Type, c.Typmod, table.Oid, c.AttNum)),
            new ResultColumn("ctid", PgTypes.Int8)]) { EmitRowIds = true };
        scope.Items.Add(TableItem(table, alias, 0));
        var width = table.Columns.Count;
        if (upd.From.Count > 0)
        {
            scope.Items.Add(new ScopeItem(null, [new ScopeColumn("?rowid", PgTypes.Int8, -1, width) { Hidden = true }]));
            foreach (var from in upd.From)
            {
                var (plan, items) = BindFromItem(from, scope);
                input = Join(input, plan, JoinType.Inner, null, scope);
                scope.Items.AddRange(items);
            }
        }

        BoundExpr? where = null;
        if (upd.Where is not null)
        {
            where = CoerceToBool(BindExpr(upd.Where, scope), "WHERE", upd.Where);
            input = PushFilter(input, where);
        }

        var exprs = new BoundExpr[width + 1];
        for (var c = 0; c < width; c++)
        {
            var col = table.Columns[c];
            exprs[c] = new ColumnExpr(c, col.Type, col.Typmod, col.Name);
        }

        exprs[width] = new ColumnExpr(width, PgTypes.Int8, -1, "ctid");
        foreach (var set in upd.Set)
        {
            if (set.Columns.Count > 1)
            {
                var values = set.Value is Sql.Ast.RowExpr r ? r.Fields : throw Error(SqlState.FeatureNotSupported, "multiple-column UPDATE from a subquery", set);
                for (var i = 0; i < set.Columns.Count; i++)
                {
                    SetColumn(table, set.Columns[i], values[i], exprs, scope, set);
                }
            }
            else
            {
                SetColumn(table, set.Columns[0], set.Value, exprs, scope, set);
            }
        }

        var project = new ProjectNode(input, exprs, [.. table.Columns.Select(c => new ResultColumn(c.Name, c.Type, c.Typmod)), new ResultColumn("ctid", PgTypes.Int8)]);
        PlanNode source = upd.From.Count > 0 ? new DistinctNode(project, [new ColumnExpr(width, PgTypes.Int8, -1, "ctid")]) : project;
        var (returning, columns) = BindReturning(upd.Returning, table, scope.Parent ?? new Scope(null));
        return new ModifyTableNode(ModifyKind.Update, table, source, returning, columns)
        {
            RecheckExpressions = upd.From.Count == 0 ? (where, exprs) : null,
        };
    }

    private void SetColumn(TableInfo table, string name, Expr value, BoundExpr[] exprs, Scope scope, SqlNode node)
    {
        var col = table.FindColumn(name) ?? throw Error(SqlState.UndefinedColumn, $"column \"{name}\" of relation \"{table.Name}\" does not exist", node);
        if (col.Identity == 'a' && value is not Sql.Ast.DefaultExpr)
        {
            throw new PgException(SqlState.GeneratedAlways, $"column \"{col.Name}\" can only be updated to DEFAULT")
            {
                Detail = $"Column \"{col.Name}\" is an identity column defined as GENERATED ALWAYS.",
                Position = node.Position + 1,
            };
        }

        exprs[col.Slot] = value is Sql.Ast.DefaultExpr ? DefaultFor(col) : AssignTo(BindExpr(value, scope), col, value);
    }

    public PlanNode BindDelete(DeleteStatement del, Scope scope)
    {
        if (del.With is not null)
        {
            BindWith(del.With, scope);
        }

        var table = RequireTable(del.Table.Name);
        var alias = del.Table.Alias?.Name ?? table.Name;
        PlanNode input = new SeqScanNode(table, alias, [.. table.Columns.Select(c => new ResultColumn(c.Name, c.Type, c.Typmod, table.Oid, c.AttNum)),
            new ResultColumn("ctid", PgTypes.Int8)]) { EmitRowIds = true };
        scope.Items.Add(TableItem(table, alias, 0));
        var width = table.Columns.Count;
        scope.Items.Add(new ScopeItem(null, [new ScopeColumn("?rowid", PgTypes.Int8, -1, width) { Hidden = true }]));
        foreach (var from in del.Using)
        {
            var (plan, items) = BindFromItem(from, scope);
            input = Join(input, plan, JoinType.Inner, null, scope);
            scope.Items.AddRange(items);
        }

        BoundExpr? where = null;
        if (del.Where is not null)
        {
            where = CoerceToBool(BindExpr(del.Where, scope), "WHERE", del.Where);
            input = PushFilter(input, where);
        }

        var project = new ProjectNode(input, [new ColumnExpr(width, PgTypes.Int8, -1, "ctid")], [new ResultColumn("ctid", PgTypes.Int8)]);
        PlanNode source = del.Using.Count > 0 ? new DistinctNode(project, null) : project;
        var (returning, columns) = BindReturning(del.Returning, table, scope.Parent ?? new Scope(null));
        return new ModifyTableNode(ModifyKind.Delete, table, source, returning, columns)
        {
            RecheckExpressions = del.Using.Count == 0 ? (where, null) : null,
        };
    }
}
