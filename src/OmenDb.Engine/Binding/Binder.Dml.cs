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
    /// <summary>INSERT / UPDATE / DELETE in WITH, in order; they run once before the main query (see <see cref="WithDataModifyingCtes"/>).</summary>
    private readonly List<CteDefinition> _dataModifyingCtes = [];

    /// <summary>Wraps a statement's plan so that its data-modifying WITH queries run first.</summary>
    public PlanNode WithDataModifyingCtes(PlanNode plan)
        => _dataModifyingCtes.Count == 0 ? plan : new DataModifyingCtesNode(plan, [.. _dataModifyingCtes]);

    private void BindDataModifyingCte(CommonTableExpr cte, Scope scope)
    {
        var plan = cte.Query switch
        {
            InsertStatement i => BindInsert(i, new Scope(scope)),
            UpdateStatement u => BindUpdate(u, new Scope(scope)),
            DeleteStatement d => BindDelete(d, new Scope(scope)),
            _ => throw Error(SqlState.FeatureNotSupported, $"{cte.Query.GetType().Name.Replace("Statement", "")} in WITH is not supported", cte),
        };
        var def = new CteDefinition(cte.Name, Rename(plan.Columns, cte.Columns, cte)) { Plan = plan };
        scope.Ctes[cte.Name] = def;
        _dataModifyingCtes.Add(def);
    }

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
        if (RewriteViewInsert(ins) is { } onBase)
        {
            return BindInsert(onBase, scope);
        }

        if (ins.With is not null)
        {
            BindWith(ins.With, scope);
        }

        var table = RequireTargetTable(ins.Table);
        var targets = ins.Columns.Count == 0 ? table.LiveColumns.ToList() : InsertTargets(ins, table);
        var width = table.Columns.Count;
        var physical = table.Columns.Select(c => new ResultColumn(c.Name, c.Type, c.Typmod)).ToArray();

        PlanNode source;
        if (ins.Source is null)
        {
            source = new ValuesNode(physical, [[.. table.Columns.Select(DefaultFor)]]);
        }
        else if (ins.Source.Body is ValuesBody values && ins.Source.OrderBy.Count == 0 && ins.Source.Limit is null)
        {
            // VALUES rows are bound against the target columns so that literals take the column types and DEFAULT works.
            var rows = new List<BoundExpr[]>();
            foreach (var row in values.Rows)
            {
                if (row.Count != values.Rows[0].Count)
                {
                    throw Error(SqlState.SyntaxError, "VALUES lists must all be the same length", row[0]);
                }

                CheckInsertWidth(ins, targets, row.Count, i => row[i]);
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

                    if (col.Identity != '\0' && ins.Overriding == OverridingKind.UserValue)
                    {
                        continue;
                    }

                    CheckIdentityOverride(col, ins);
                    bound[col.Slot] = AssignTo(BindExpr(row[i], scope), col, row[i]);
                }

                rows.Add(bound);
            }

            source = new ValuesNode(physical, [.. rows]);
        }
        else
        {
            var query = BindSelect(ins.Source, new Scope(scope));
            CheckInsertWidth(ins, targets, query.Columns.Count, i => SourceTarget(ins.Source, i, query.Columns.Count));
            var exprs = new BoundExpr[width];
            for (var c = 0; c < width; c++)
            {
                exprs[c] = DefaultFor(table.Columns[c]);
            }

            for (var i = 0; i < query.Columns.Count; i++)
            {
                var qc = query.Columns[i];
                exprs[targets[i].Slot] = AssignTo(new ColumnExpr(i, qc.Type, qc.TypeModifier, qc.Name), targets[i], SourceTarget(ins.Source, i, query.Columns.Count));
            }

            source = new ProjectNode(query, exprs, physical);
        }

        var returningScope = new Scope(scope);
        returningScope.Items.Add(TableItem(table, ins.Alias ?? table.Name, 0));
        var (returning, columns) = BindReturning(ins.Returning, returningScope);
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
            Arbiters = ins.OnConflict is null ? [] : ConflictArbiters(ins.OnConflict, table),
            OnConflictDoNothing = ins.OnConflict is { Action: OnConflictAction.Nothing },
            ConflictUpdate = conflictUpdate,
            ConflictWhere = conflictWhere,
        };
    }

    /// <summary>
    /// The unique indexes ON CONFLICT checks: those matching the inference columns (42P10 when none does), the named
    /// constraint (42704), or every one for a bare DO NOTHING (DO UPDATE needs a target: 42601).
    /// </summary>
    private static List<Indexes.UniqueIndex> ConflictArbiters(OnConflictClause oc, TableInfo table)
    {
        if (oc.ConstraintName is { } name)
        {
            var index = table.UniqueIndexes.Find(u => u.Constraint.Name == name);
            return index is not null ? [index] : throw new PgException(SqlState.UndefinedObject,
                $"constraint \"{name}\" for table \"{table.Name}\" does not exist");
        }

        if (oc.Target.Count == 0)
        {
            return oc.Action == OnConflictAction.Nothing ? [.. table.UniqueIndexes]
                : throw Error(SqlState.SyntaxError, "ON CONFLICT DO UPDATE requires inference specification or constraint name", oc,
                    "For example, ON CONFLICT (column_name).");
        }

        var wanted = new HashSet<short>();
        foreach (var element in oc.Target)
        {
            var col = element.Column is { } c ? table.FindColumn(c) : null;
            if (col is null)
            {
                throw element.Column is { } missing
                    ? Error(SqlState.UndefinedColumn, $"column \"{missing}\" does not exist", element)
                    : Error(SqlState.InvalidColumnReference, "there is no unique or exclusion constraint matching the ON CONFLICT specification", null);
            }

            wanted.Add(col.AttNum);
        }

        var arbiters = table.UniqueIndexes.FindAll(u => wanted.SetEquals(u.Constraint.Columns));
        return arbiters.Count > 0 ? arbiters
            : throw Error(SqlState.InvalidColumnReference, "there is no unique or exclusion constraint matching the ON CONFLICT specification", null);
    }

    /// <summary>The explicit target columns of an INSERT: 42703 for unknown names, 42701 for repeated ones.</summary>
    private List<ColumnInfo> InsertTargets(InsertStatement ins, TableInfo table)
    {
        var targets = new List<ColumnInfo>();
        for (var i = 0; i < ins.Columns.Count; i++)
        {
            var at = new Sql.Ast.NullLiteral { Position = i < ins.ColumnPositions.Count ? ins.ColumnPositions[i] : ins.Table.Position };
            var col = table.FindColumn(ins.Columns[i])
                ?? throw Error(SqlState.UndefinedColumn, $"column \"{ins.Columns[i]}\" of relation \"{table.Name}\" does not exist", at);
            if (targets.Contains(col))
            {
                throw Error(SqlState.DuplicateColumn, $"column \"{col.Name}\" specified more than once", at);
            }

            targets.Add(col);
        }

        return targets;
    }

    /// <summary>42601 when an INSERT source row has more values than target columns, or fewer than an explicit column list.</summary>
    private static void CheckInsertWidth(InsertStatement ins, List<ColumnInfo> targets, int count, Func<int, SqlNode> valueAt)
    {
        if (count > targets.Count)
        {
            throw Error(SqlState.SyntaxError, "INSERT has more expressions than target columns", valueAt(targets.Count));
        }

        if (count < targets.Count && ins.Columns.Count > 0)
        {
            var position = count < ins.ColumnPositions.Count ? ins.ColumnPositions[count] : ins.Position;
            throw new PgException(SqlState.SyntaxError, "INSERT has more target columns than expressions") { Position = position + 1 };
        }
    }

    /// <summary>The select-list entry that produced output column <paramref name="index"/> of an INSERT source (a * covers several).</summary>
    private static SqlNode SourceTarget(SelectStatement source, int index, int columnCount)
    {
        if (source.Body is not SelectCore core || core.Targets.Count == 0)
        {
            return source;
        }

        var stars = core.Targets.Count(t => t.Expr is StarExpr);
        var perStar = stars == 0 ? 1 : Math.Max(1, (columnCount - (core.Targets.Count - stars)) / stars);
        var column = 0;
        foreach (var t in core.Targets)
        {
            column += t.Expr is StarExpr ? perStar : 1;
            if (index < column)
            {
                return t.Expr;
            }
        }

        return source;
    }

    private static void CheckIdentityOverride(ColumnInfo col, InsertStatement ins)
    {
        if (col.Identity == 'a' && ins.Overriding != OverridingKind.SystemValue)
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

    /// <summary>RETURNING over <paramref name="scope"/>, whose items lay out the row ModifyTableNode returns from.</summary>
    private (BoundExpr[]? Exprs, IReadOnlyList<ResultColumn> Columns) BindReturning(IReadOnlyList<ResultTarget> returning, Scope scope)
    {
        if (returning.Count == 0)
        {
            return (null, []);
        }

        var exprs = BindTargets(new SelectCore(returning), scope, out var names);
        return ([.. exprs], [.. exprs.Select((e, i) => new ResultColumn(names[i], e.Type, e.Typmod,
            e is ColumnExpr ce ? ce.TableOid : 0, e is ColumnExpr ce2 ? ce2.AttNum : (short)0))]);
    }

    public PlanNode BindUpdate(UpdateStatement upd, Scope scope)
    {
        if (RewriteViewUpdate(upd) is { } onBase)
        {
            return BindUpdate(onBase, scope);
        }

        if (upd.With is not null)
        {
            BindWith(upd.With, scope);
        }

        var table = RequireTargetTable(upd.Table.Name);
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
                CheckTargetNotRepeated(alias, items);
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
        var assigned = new HashSet<ColumnInfo>();
        foreach (var set in upd.Set)
        {
            if (set.Columns.Count > 1 || set.Parenthesized)
            {
                SetColumns(table, set, exprs, scope, assigned);
            }
            else if (set.Targets.Count == 1)
            {
                SetArrayElement(table, set, exprs, scope, assigned);
            }
            else
            {
                SetColumn(table, set.Columns[0], set.Value, exprs, scope, set, assigned);
            }
        }

        // The new row takes the old row's place; FROM items' columns pass through for RETURNING.
        var passThrough = input.Columns.Skip(width + 1).Select((c, i) => (BoundExpr)new ColumnExpr(width + 1 + i, c.Type, c.TypeModifier, c.Name));
        var project = new ProjectNode(input, [.. exprs, .. passThrough], [.. table.Columns.Select(c => new ResultColumn(c.Name, c.Type, c.Typmod)),
            new ResultColumn("ctid", PgTypes.Int8), .. input.Columns.Skip(width + 1)]);
        PlanNode source = upd.From.Count > 0 ? new DistinctNode(project, [new ColumnExpr(width, PgTypes.Int8, -1, "ctid")]) : project;
        var (returning, columns) = BindReturning(upd.Returning, scope);
        return new ModifyTableNode(ModifyKind.Update, table, source, returning, columns)
        {
            RecheckExpressions = upd.From.Count == 0 ? (where, exprs) : null,
        };
    }

    /// <summary><c>SET (a, b) = (e1, e2)</c> or <c>= ROW(...)</c> or <c>= (SELECT x, y ...)</c>.</summary>
    private void SetColumns(TableInfo table, SetClause set, BoundExpr[] exprs, Scope scope, HashSet<ColumnInfo> assigned)
    {
        if (set.Value is Sql.Ast.SubqueryExpr sub)
        {
            var (plan, inner) = BindSubqueryPlan(sub.Query, scope);
            if (plan.Columns.Count != set.Columns.Count)
            {
                throw Error(SqlState.SyntaxError, "number of columns does not match number of values", sub);
            }

            var row = new SubqueryExpr(SubqueryKind.Row, plan, inner.IsCorrelated, PgTypes.Record);
            for (var i = 0; i < set.Columns.Count; i++)
            {
                var col = AssignedColumn(table, set.Columns[i], set, assigned, sub);
                var qc = plan.Columns[i];
                exprs[col.Slot] = AssignTo(new RowFieldExpr(row, i, qc.Type, qc.TypeModifier), col, sub);
            }

            return;
        }

        var values = set.Value is Sql.Ast.RowExpr r ? r.Fields
            : throw Error(SqlState.SyntaxError, "source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression", set.Value);
        if (values.Count != set.Columns.Count)
        {
            throw Error(SqlState.SyntaxError, "number of columns does not match number of values", set.Value);
        }

        for (var i = 0; i < set.Columns.Count; i++)
        {
            SetColumn(table, set.Columns[i], values[i], exprs, scope, set, assigned);
        }
    }

    /// <summary>The column an UPDATE assigns: 42703 when unknown, 42601 when assigned twice.</summary>
    private static ColumnInfo AssignedColumn(TableInfo table, string name, SqlNode node, HashSet<ColumnInfo> assigned, Expr value)
    {
        var col = table.FindColumn(name) ?? throw Error(SqlState.UndefinedColumn, $"column \"{name}\" of relation \"{table.Name}\" does not exist", node);
        if (!assigned.Add(col))
        {
            throw new PgException(SqlState.SyntaxError, $"multiple assignments to same column \"{col.Name}\"");
        }

        if (col.Identity == 'a' && value is not Sql.Ast.DefaultExpr)
        {
            throw new PgException(SqlState.GeneratedAlways, $"column \"{col.Name}\" can only be updated to DEFAULT")
            {
                Detail = $"Column \"{col.Name}\" is an identity column defined as GENERATED ALWAYS.",
            };
        }

        return col;
    }

    private void SetColumn(TableInfo table, string name, Expr value, BoundExpr[] exprs, Scope scope, SqlNode node, HashSet<ColumnInfo> assigned)
    {
        var col = AssignedColumn(table, name, node, assigned, value);
        exprs[col.Slot] = value is Sql.Ast.DefaultExpr ? DefaultFor(col) : AssignTo(BindExpr(value, scope), col, value);
    }

    /// <summary><c>SET col[i] = v</c> on a one-dimensional array column; other indirection is not supported.</summary>
    private void SetArrayElement(TableInfo table, SetClause set, BoundExpr[] exprs, Scope scope, HashSet<ColumnInfo> assigned)
    {
        if (set.Targets[0] is Sql.Ast.SubscriptExpr jsonbTarget
            && table.Columns.FirstOrDefault(c => c.Name == set.Columns[0])?.Type == PgTypes.Jsonb)
        {
            var jsonbColumn = AssignedColumn(table, set.Columns[0], set, assigned, set.Value);
            exprs[jsonbColumn.Slot] = BindJsonbAssignment(exprs[jsonbColumn.Slot], jsonbColumn, jsonbTarget, set.Value, scope);
            return;
        }

        if (set.Targets[0] is not Sql.Ast.SubscriptExpr { IsSlice: false, Lower: { } subscript, Operand: ColumnRef } target
            || set.Value is Sql.Ast.DefaultExpr)
        {
            throw Error(SqlState.FeatureNotSupported, "only SET column[subscript] = value is supported as an assignment with indirection", set.Targets[0]);
        }

        var col = AssignedColumn(table, set.Columns[0], set, assigned, set.Value);
        if (!col.Type.IsArray)
        {
            throw Error(SqlState.DatatypeMismatch, $"cannot subscript type {col.Type.SqlName} because it does not support subscripting", target);
        }

        var index = Coerce(BindExpr(subscript, scope), PgTypes.Int4, -1, CastContext.Implicit);
        var value = Coerce(BindExpr(set.Value, scope), col.Type.ElementType!, -1, CastContext.Assignment);
        exprs[col.Slot] = new ArrayAssignExpr(exprs[col.Slot], index, value);
    }

    private static void CheckTargetNotRepeated(string alias, IEnumerable<ScopeItem> items)
    {
        if (items.Any(i => i.Alias == alias))
        {
            throw new PgException(SqlState.DuplicateAlias, $"table name \"{alias}\" specified more than once");
        }
    }

    public PlanNode BindDelete(DeleteStatement del, Scope scope)
    {
        if (RewriteViewDelete(del) is { } onBase)
        {
            return BindDelete(onBase, scope);
        }

        if (del.With is not null)
        {
            BindWith(del.With, scope);
        }

        var table = RequireTargetTable(del.Table.Name);
        var alias = del.Table.Alias?.Name ?? table.Name;
        PlanNode input = new SeqScanNode(table, alias, [.. table.Columns.Select(c => new ResultColumn(c.Name, c.Type, c.Typmod, table.Oid, c.AttNum)),
            new ResultColumn("ctid", PgTypes.Int8)]) { EmitRowIds = true };
        scope.Items.Add(TableItem(table, alias, 0));
        var width = table.Columns.Count;
        scope.Items.Add(new ScopeItem(null, [new ScopeColumn("?rowid", PgTypes.Int8, -1, width) { Hidden = true }]));
        foreach (var from in del.Using)
        {
            var (plan, items) = BindFromItem(from, scope);
            CheckTargetNotRepeated(alias, items);
            input = Join(input, plan, JoinType.Inner, null, scope);
            scope.Items.AddRange(items);
        }

        BoundExpr? where = null;
        if (del.Where is not null)
        {
            where = CoerceToBool(BindExpr(del.Where, scope), "WHERE", del.Where);
            input = PushFilter(input, where);
        }

        PlanNode source = del.Using.Count > 0 ? new DistinctNode(input, [new ColumnExpr(width, PgTypes.Int8, -1, "ctid")]) : input;
        var (returning, columns) = BindReturning(del.Returning, scope);
        return new ModifyTableNode(ModifyKind.Delete, table, source, returning, columns)
        {
            RecheckExpressions = del.Using.Count == 0 ? (where, null) : null,
        };
    }
}
