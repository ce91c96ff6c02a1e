using OmenDb.Common;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Binding;

internal sealed partial class Binder
{
    /// <summary>Binds a full SELECT (WITH, set operations, ORDER BY, LIMIT) at the query level of <paramref name="scope"/>.</summary>
    public PlanNode BindSelect(SelectStatement stmt, Scope scope)
    {
        if (stmt.Locking.Count > 0 && _readLockMode == Transactions.TableLockMode.AccessShare)
        {
            _readLockMode = Transactions.TableLockMode.RowShare;
            try
            {
                return BindSelect(stmt, scope);
            }
            finally
            {
                _readLockMode = Transactions.TableLockMode.AccessShare;
            }
        }

        if (stmt.With is { } with)
        {
            BindWith(with, scope);
        }

        if (stmt.Body is SelectCore core)
        {
            return BindSelectCore(core, stmt, scope);
        }

        var plan = BindQueryBody(stmt.Body, scope);
        if (stmt.OrderBy.Count > 0)
        {
            var outScope = new Scope(scope);
            outScope.Items.Add(new ScopeItem(null, [.. plan.Columns.Select((c, i) => new ScopeColumn(c.Name, c.Type, c.TypeModifier, i))]));
            var keys = stmt.OrderBy.Select(o => BindOrderKeyForOutput(o, plan, outScope)).ToArray();
            plan = new SortNode(plan, keys);
        }

        return ApplyLimit(stmt, plan, scope);
    }

    private PlanNode ApplyLimit(SelectStatement stmt, PlanNode plan, Scope scope)
    {
        if (stmt.Limit is null && stmt.Offset is null)
        {
            // ORDER BY key over a key-range scan: the index already returns rows in key order.
            return plan is SortNode unlimited ? Indexes.KeyIndexPlanner.Ordered(unlimited, limit: null) ?? plan : plan;
        }

        var limit = stmt.Limit is null ? null : Coerce(BindExpr(stmt.Limit, scope), PgTypes.Int8, -1, CastContext.Implicit);
        var offset = stmt.Offset is null ? null : Coerce(BindExpr(stmt.Offset, scope), PgTypes.Int8, -1, CastContext.Implicit);
        if (stmt.WithTies)
        {
            if (plan is not SortNode ordered)
            {
                throw Error(SqlState.SyntaxError, "WITH TIES cannot be specified without ORDER BY clause", stmt);
            }

            return new LimitNode(plan, limit, offset) { TieKeys = ordered.Keys };
        }

        if (plan is SortNode sort && limit is ConstExpr { Value: long k } && offset is null or ConstExpr)
        {
            var off = offset is ConstExpr { Value: long o } ? o : 0;
            plan = Indexes.KeyIndexPlanner.Ordered(sort, k + off) ?? Vectors.VectorTopKPlanner.TryRewrite(sort, k + off)
                ?? new SortNode(sort.Input, sort.Keys) { TopK = k + off };
        }
        else if (plan is SortNode vectorSort && limit is ParamExpr && offset is null or ConstExpr { Value: long })
        {
            plan = Vectors.VectorTopKPlanner.TryRewrite(vectorSort, offset is ConstExpr { Value: long o } ? o : 0, limit) ?? plan;
        }

        return new LimitNode(plan, limit, offset);
    }

    private SortKey BindOrderKeyForOutput(SortItem item, PlanNode plan, Scope outScope)
    {
        if (item.Expr is IntegerLiteral i)
        {
            if (i.Value < 1 || i.Value > plan.Columns.Count)
            {
                throw Error(SqlState.InvalidColumnReference, $"ORDER BY position {i.Value} is not in select list", item.Expr);
            }

            var col = plan.Columns[(int)i.Value - 1];
            return MakeKey(item, new ColumnExpr((int)i.Value - 1, col.Type, col.TypeModifier, col.Name));
        }

        return BindSortKey(item, outScope);
    }

    private SortKey MakeKey(SortItem item, BoundExpr e)
    {
        if (item is { Direction: SortDirection.Using, UsingOp: { } op } && !op.StartsWith("OPERATOR(", StringComparison.Ordinal))
        {
            // PostgreSQL: the operator must exist for the key's type and be the "<" or ">" of a btree family.
            var at = item with { Position = item.UsingPosition };
            WithoutFolding(() => MakeOperator(op, e, e, at));
            if (op is not ("<" or ">" or "~<~" or "~>~"))
            {
                throw new PgException(SqlState.WrongObjectType, $"operator {op} is not a valid ordering operator")
                {
                    Position = item.UsingPosition + 1,
                    Hint = "Ordering operators must be \"<\" or \">\" members of btree operator families.",
                };
            }
        }

        var desc = item.Direction == SortDirection.Desc || (item.Direction == SortDirection.Using && item.UsingOp is ">" or "~>~");
        return new SortKey(e, desc, item.Nulls == NullsOrder.Default ? desc : item.Nulls == NullsOrder.First);
    }

    private PlanNode BindQueryBody(QueryBody body, Scope scope) => body switch
    {
        SelectCore core => BindSelectCore(core, null, scope),
        ValuesBody values => BindValues(values, scope),
        NestedQuery nested => BindSelect(nested.Query, new Scope(scope)),
        SetOperation set => BindSetOperation(set, scope),
        _ => throw Error(SqlState.FeatureNotSupported, $"{body.GetType().Name} is not supported", body),
    };

    private PlanNode BindSetOperation(SetOperation set, Scope scope)
    {
        var left = BindSetLeaf(set.Left, new Scope(scope));
        var right = BindSetLeaf(set.Right, new Scope(scope));
        var opName = set.Operator.ToString().ToUpperInvariant();
        if (left.Columns.Count != right.Columns.Count)
        {
            // PostgreSQL points at the right operand's select list.
            var rightCore = set.Right;
            while (rightCore is SetOperation inner)
            {
                rightCore = inner.Left;
            }

            SqlNode at = rightCore is SelectCore { Targets.Count: > 0 } rc ? rc.Targets[0].Expr : set.Right;
            throw Error(SqlState.SyntaxError, $"each {opName} query must have the same number of columns", at);
        }

        var columns = new List<ResultColumn>();
        for (var i = 0; i < left.Columns.Count; i++)
        {
            var type = TypeResolution.CommonType([left.Columns[i].Type, right.Columns[i].Type], opName);
            left = CoerceLeafUnknown(left, i, type);
            right = CoerceLeafUnknown(right, i, type);
            var (lc, rc) = (left.Columns[i], right.Columns[i]);
            var typmod = lc.Type == rc.Type && lc.TypeModifier == rc.TypeModifier ? lc.TypeModifier : -1;
            columns.Add(new ResultColumn(lc.Name, type, typmod));
        }

        left = CoerceColumns(left, columns);
        right = CoerceColumns(right, columns);
        var kind = set.Operator switch
        {
            SetOperator.Union => SetOpKind.Union,
            SetOperator.Intersect => SetOpKind.Intersect,
            _ => SetOpKind.Except,
        };
        return new SetOpNode(kind, set.All, left, right, columns);
    }

    /// <summary>A set operation's operand: a plain SELECT keeps its unknown-typed literals so the operation can type them.</summary>
    private PlanNode BindSetLeaf(QueryBody body, Scope scope)
    {
        if (body is SelectCore)
        {
            _keepUnknownTargets = true;
        }

        return BindQueryBody(body, scope);
    }

    /// <summary>Set for the next SELECT level bound as a set operand (consumed by <see cref="BindSelectCore"/>).</summary>
    private bool _keepUnknownTargets;

    /// <summary>
    /// Types an unknown output column of a set operand (a literal or untyped parameter in its select list) as
    /// <paramref name="type"/> where it is computed, as PostgreSQL does, so that 'x' fails as input for integer.
    /// </summary>
    private PlanNode CoerceLeafUnknown(PlanNode plan, int column, PgType type)
    {
        if (plan.Columns[column].Type != PgTypes.Unknown || plan is not ProjectNode project)
        {
            return plan;
        }

        var exprs = (BoundExpr[])project.Exprs.Clone();
        exprs[column] = Coerce(exprs[column], type, -1, CastContext.Implicit);
        var columns = project.Columns.ToArray();
        columns[column] = columns[column] with { Type = type, TypeModifier = -1 };
        return new ProjectNode(project.Input, exprs, columns);
    }

    private PlanNode BindValues(ValuesBody values, Scope scope)
    {
        var width = values.Rows[0].Count;
        var bound = new List<BoundExpr[]>();
        foreach (var row in values.Rows)
        {
            if (row.Count != width)
            {
                throw Error(SqlState.SyntaxError, "VALUES lists must all be the same length", row.Count > 0 ? row[0] : values);
            }

            bound.Add([.. row.Select(e => BindExpr(e, scope))]);
        }

        var columns = new List<ResultColumn>();
        for (var c = 0; c < width; c++)
        {
            var type = TypeResolution.CommonType([.. bound.Select(r => r[c].Type)], "VALUES");
            foreach (var r in bound)
            {
                r[c] = Coerce(r[c], type, -1, CastContext.Implicit);
            }

            columns.Add(new ResultColumn($"column{c + 1}", type));
        }

        return new ValuesNode(columns, [.. bound]);
    }

    private void BindWith(WithClause with, Scope scope)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cte in with.Ctes)
        {
            if (!seen.Add(cte.Name))
            {
                throw Error(SqlState.DuplicateAlias, $"WITH query name \"{cte.Name}\" specified more than once", cte);
            }

            if (cte.Query is not SelectStatement query)
            {
                BindDataModifyingCte(cte, scope);
                continue;
            }

            var def = new CteDefinition(cte.Name, []);
            if (with.Recursive && query.Body is SetOperation { Operator: SetOperator.Union } union && References(union.Right, cte.Name))
            {
                var anchor = BindQueryBody(union.Left, new Scope(scope));
                def.Columns = Rename(anchor.Columns, cte.Columns, cte, $"WITH query \"{cte.Name}\"");
                def.Plan = anchor;
                def.UnionAll = union.All;
                scope.Ctes[cte.Name] = def;

                // Inside its recursive term the CTE's name means the working table (the previous iteration's rows).
                _recursiveCtes.Add(def);
                PlanNode recursive;
                try
                {
                    recursive = BindSetLeaf(union.Right, new Scope(scope));
                    for (var i = 0; i < recursive.Columns.Count && i < def.Columns.Count; i++)
                    {
                        recursive = CoerceLeafUnknown(recursive, i, def.Columns[i].Type);
                    }
                }
                finally
                {
                    _recursiveCtes.Remove(def);
                }

                def.RecursiveTerm = CoerceColumns(recursive, def.Columns);
                continue;
            }

            if (with.Recursive && References(query.Body, cte.Name))
            {
                throw Error(SqlState.InvalidRecursion,
                    $"recursive query \"{cte.Name}\" does not have the form non-recursive-term UNION [ALL] recursive-term", cte);
            }

            // Not folded: PostgreSQL never plans a CTE nobody reads, so WITH x AS (SELECT 1 / 0) fails only when read.
            var plan = WithoutFolding(() => BindSelect(query, new Scope(scope)));
            def.Columns = Rename(plan.Columns, cte.Columns, cte, $"WITH query \"{cte.Name}\"");
            def.Plan = plan;
            scope.Ctes[cte.Name] = def;
        }
    }

    private PlanNode CoerceColumns(PlanNode plan, IReadOnlyList<ResultColumn> target)
    {
        if (plan.Columns.Select(c => c.Type).SequenceEqual(target.Select(c => c.Type)))
        {
            return plan;
        }

        var exprs = plan.Columns.Select((c, i) => Coerce(new ColumnExpr(i, c.Type, c.TypeModifier, c.Name), target[i].Type, -1, CastContext.Implicit)).ToArray();
        return new ProjectNode(plan, exprs, target);
    }

    private static bool References(QueryBody body, string name) => body switch
    {
        SelectCore core => core.From.Any(f => References(f, name)),
        SetOperation s => References(s.Left, name) || References(s.Right, name),
        NestedQuery n => References(n.Query.Body, name),
        _ => false,
    };

    private static bool References(TableRef t, string name) => t switch
    {
        RelationRef r => r.Name.Parts.Count == 1 && r.Name.Name == name,
        JoinRef j => References(j.Left, name) || References(j.Right, name),
        SubqueryRef s => References(s.Query.Body, name),
        _ => false,
    };

    private static IReadOnlyList<ResultColumn> Rename(IReadOnlyList<ResultColumn> columns, IReadOnlyList<string> names, SqlNode node,
        string what = "table")
    {
        if (names.Count > columns.Count)
        {
            throw Error(SqlState.InvalidColumnReference, $"{what} has {columns.Count} columns available but {names.Count} columns specified", node);
        }

        return [.. columns.Select((c, i) => i < names.Count ? c with { Name = names[i], TableOid = 0, ColumnNumber = 0 } : c)];
    }

    /// <summary>Binds one SELECT ... FROM ... WHERE ... GROUP BY ... level (with the statement's ORDER BY/LIMIT when given).</summary>
    private PlanNode BindSelectCore(SelectCore core, SelectStatement? stmt, Scope scope)
    {
        var keepUnknown = _keepUnknownTargets && stmt is null && !core.Distinct;
        _keepUnknownTargets = false;

        // FROM and WHERE
        var input = BindFromAndWhere(core, scope);

        if (_recursiveCtes.Count > 0 && _recursiveCtes.Any(c => core.From.Any(f => References(f, c.Name)))
            && core.Targets.Select(t => FindAggregate(t.Expr)).FirstOrDefault(a => a is not null) is { } recursiveAgg)
        {
            throw Error(SqlState.InvalidRecursion, "aggregate functions are not allowed in a recursive query's recursive term", recursiveAgg);
        }

        // Aggregation
        var grouped = core.GroupBy.Count > 0 || core.Having is not null
            || core.Targets.Any(t => ContainsAggregate(t.Expr))
            || (stmt?.OrderBy.Any(o => ContainsAggregate(o.Expr)) ?? false);
        Scope exprScope = scope;
        var windows = core.Targets.Any(t => ContainsWindow(t.Expr)) || (stmt?.OrderBy.Any(o => ContainsWindow(o.Expr)) ?? false)
            ? new WindowContext(core.Windows)
            : null;
        if (grouped)
        {
            foreach (var g in core.GroupBy)
            {
                RejectWindow(g, "GROUP BY");
                if (FindAggregate(g) is { } inGroupBy)
                {
                    throw Error(SqlState.GroupingError, "aggregate functions are not allowed in GROUP BY", inGroupBy);
                }
            }

            if (core.Having is not null)
            {
                RejectWindow(core.Having, "HAVING");
            }

            var groupingSets = ExpandGroupingSets(core.GroupBy);
            BoundExpr[] keys;
            int[][]? sets = null;
            if (groupingSets is null)
            {
                keys = [.. core.GroupBy.Select(g => BindGroupKey(g, core, scope))];
            }
            else
            {
                (keys, sets) = BindGroupingSets(groupingSets, core, scope);
            }

            var aggCtx = new AggregateContext(keys) { GroupingCalls = sets is null ? null : [] };
            scope.Aggregates = aggCtx;
            scope.Windows = windows;
            var groupedSrfs = scope.SetFunctions = [];
            var targets = BindTargets(core, scope, out var names);
            scope.SetFunctions = null;
            BoundExpr? having = core.Having is null ? null : CoerceToBool(BindExpr(core.Having, scope), "HAVING", core.Having);
            var hiddenKeys = stmt is null ? [] : BindOrderKeys(stmt, core, targets, names, scope);
            scope.Aggregates = null;
            scope.Windows = null;
            var aggColumns = keys.Select((k, i) => new ResultColumn($"key{i}", k.Type, k.Typmod))
                .Concat(aggCtx.Calls.Select((c, i) => new ResultColumn(c.Function.Name, c.ResultType))).ToList();
            PlanNode agg = sets is null
                ? new HashAggregateNode(input, keys, [.. aggCtx.Calls], aggColumns)
                : GroupingSetsPlan(input, keys, sets, [.. aggCtx.Calls], aggColumns, aggCtx);
            if (having is not null)
            {
                agg = new FilterNode(agg, having);
            }

            return FinishSelect(core, stmt, AddSetFunctions(AddWindows(agg, windows), groupedSrfs), targets, names, hiddenKeys, scope);
        }

        exprScope.Windows = windows;
        var srfs = exprScope.SetFunctions = [];
        var plainTargets = BindTargets(core, exprScope, out var plainNames, keepUnknown);
        exprScope.SetFunctions = null;
        var orderKeys = stmt is null ? [] : BindOrderKeys(stmt, core, plainTargets, plainNames, exprScope);
        exprScope.Windows = null;
        return FinishSelect(core, stmt, AddSetFunctions(AddWindows(input, windows), srfs), plainTargets, plainNames, orderKeys, exprScope);
    }

    /// <summary>A WindowAgg over <paramref name="input"/> computing the level's window calls (their columns follow the input's).</summary>
    private static PlanNode AddWindows(PlanNode input, WindowContext? windows)
    {
        if (windows is not { Calls.Count: > 0 })
        {
            return input;
        }

        var width = input.Columns.Count;
        for (var i = 0; i < windows.Calls.Count; i++)
        {
            windows.Calls[i].Column = width + i;
        }

        return new WindowNode(input, [.. windows.Calls.Select(c => c.Call)]);
    }

    private static void RejectWindow(Expr e, string clause)
    {
        if (FindWindow(e) is { } w)
        {
            throw Error(SqlState.WindowingError, $"window functions are not allowed in {clause}", w);
        }
    }

    private BoundExpr BindGroupKey(Expr g, SelectCore core, Scope scope)
    {
        if (g is IntegerLiteral i)
        {
            if (i.Value < 1 || i.Value > core.Targets.Count)
            {
                throw Error(SqlState.InvalidColumnReference, $"GROUP BY position {i.Value} is not in select list", g);
            }

            return ResolveUnknown(BindExpr(core.Targets[(int)i.Value - 1].Expr, scope));
        }

        if (g is ColumnRef { Parts.Count: 1 } c && !scope.Items.Any(it => it.Find(c.Name) is not null)
            && core.Targets.FirstOrDefault(t => t.Alias == c.Name) is { } aliased)
        {
            return ResolveUnknown(BindExpr(aliased.Expr, scope));
        }

        return ResolveUnknown(BindExpr(g, scope));
    }

    /// <summary>The SELECT list: expands *, names each column as PostgreSQL does (FigureColname).</summary>
    private List<BoundExpr> BindTargets(SelectCore core, Scope scope, out List<string> names, bool keepUnknown = false)
    {
        var exprs = new List<BoundExpr>();
        names = [];
        foreach (var t in core.Targets)
        {
            if (t.Expr is StarExpr star)
            {
                var items = star.Qualifier.Count == 0 ? scope.Items : scope.Items.Where(i => i.Alias == star.Qualifier[^1]).ToList();
                if (star.Qualifier.Count > 0 && items.Count == 0)
                {
                    throw Error(SqlState.UndefinedTable, $"missing FROM-clause entry for table \"{star.Qualifier[^1]}\"", star);
                }

                if (star.Qualifier.Count == 0 && scope.Items.Count == 0)
                {
                    throw Error(SqlState.SyntaxError, "SELECT * with no tables specified is not valid", star);
                }

                foreach (var item in items)
                {
                    // Unqualified *: a USING column once (its merged column), not again from each side.
                    foreach (var col in item.Columns.Where(c => !c.Hidden && (star.Qualifier.Count > 0 || !c.QualifiedOnly)))
                    {
                        var cref = new ColumnRef(item.Alias is null ? [col.Name] : [item.Alias, col.Name]) { Position = star.Position };
                        exprs.Add(BindExpr(cref, scope));
                        names.Add(col.Name);
                    }
                }

                continue;
            }

            var bound = BindExpr(t.Expr, scope);
            exprs.Add(keepUnknown ? bound : ResolveUnknown(bound));
            names.Add(t.Alias ?? FigureColumnName(t.Expr));
        }

        return exprs;
    }

    /// <summary>PostgreSQL's FigureColname: the label of an unaliased select-list entry.</summary>
    internal static string FigureColumnName(Expr e) => e switch
    {
        ColumnRef c => c.Name,
        FunctionCall f => f.Syntax switch
        {
            FunctionSyntax.Extract => "extract",
            FunctionSyntax.Position => "position",
            FunctionSyntax.Substring or FunctionSyntax.SubstringSimilar => "substring",
            FunctionSyntax.Overlay => "overlay",
            FunctionSyntax.AtTimeZone => "timezone",
            _ => f.Name.Name,
        },
        Sql.Ast.CastExpr c => c.Operand is StringLiteral or NullLiteral or IntegerLiteral or NumericLiteral || FigureColumnName(c.Operand) == "?column?"
            ? c.Type.Name
            : FigureColumnName(c.Operand),
        Sql.Ast.CaseExpr => "case",
        Sql.Ast.CoalesceExpr => "coalesce",
        Sql.Ast.NullIfExpr => "nullif",
        Sql.Ast.MinMaxExpr m => m.IsGreatest ? "greatest" : "least",
        Sql.Ast.ArrayExpr => "array",
        ArraySubqueryExpr => "array",
        ExistsExpr => "exists",
        Sql.Ast.RowExpr => "row",
        SqlValueFunction v => v.Keyword,
        Sql.Ast.SubscriptExpr s => FigureColumnName(s.Operand),
        CollateExpr c => FigureColumnName(c.Operand),
        Sql.Ast.FieldSelectExpr { Field: { } field } => field,
        Sql.Ast.SubqueryExpr s => s.Query.Body is SelectCore { Targets.Count: 1 } sc ? (sc.Targets[0].Alias ?? FigureColumnName(sc.Targets[0].Expr)) : "?column?",
        _ => "?column?",
    };

    /// <summary>ORDER BY keys of a SELECT: output ordinals, output names, or expressions over the input.</summary>
    private List<SortKey> BindOrderKeys(SelectStatement stmt, SelectCore core, List<BoundExpr> targets, List<string> names, Scope scope)
    {
        var keys = new List<SortKey>();
        foreach (var item in stmt.OrderBy)
        {
            if (item.Expr is IntegerLiteral i)
            {
                if (i.Value < 1 || i.Value > targets.Count)
                {
                    throw Error(SqlState.InvalidColumnReference, $"ORDER BY position {i.Value} is not in select list", item.Expr);
                }

                keys.Add(MakeKey(item, targets[(int)i.Value - 1]));
                continue;
            }

            if (item.Expr is ColumnRef { Parts.Count: 1 } c)
            {
                var matches = names.Select((n, idx) => (n, idx)).Where(x => x.n == c.Name).ToList();
                var inputCount = scope.Items.Count(it => it.Columns.Any(col => !col.Hidden && col.Name == c.Name));

                // An output name wins over an input column that is missing or ambiguous (ORDER BY oid over a join).
                if (matches.Count > 0 && (inputCount != 1 || core.Targets.Any(t => t.Alias == c.Name)))
                {
                    if (matches.Count > 1 && !matches.All(m => targets[m.idx].ToString() == targets[matches[0].idx].ToString()))
                    {
                        throw Error(SqlState.AmbiguousColumn, $"ORDER BY \"{c.Name}\" is ambiguous", c);
                    }

                    keys.Add(MakeKey(item, targets[matches[0].idx]));
                    continue;
                }
            }

            keys.Add(BindSortKey(item, scope));
        }

        return keys;
    }

    /// <summary>Projection, DISTINCT [ON], ORDER BY and LIMIT over the (possibly aggregated) input.</summary>
    private PlanNode FinishSelect(SelectCore core, SelectStatement? stmt, PlanNode input, List<BoundExpr> targets, List<string> names,
        List<SortKey> orderKeys, Scope scope)
    {
        var columns = targets.Select((t, i) => new ResultColumn(names[i], t.Type, t.Typmod,
            t is ColumnExpr ce ? ce.TableOid : 0, t is ColumnExpr ce2 ? ce2.AttNum : (short)0)).ToList();
        var distinctOn = core.DistinctOn.Count > 0
            ? core.DistinctOn.Select(d => d is IntegerLiteral i ? targets[(int)i.Value - 1] : ResolveUnknown(BindExpr(d, scope))).ToArray()
            : null;

        if (distinctOn is not null)
        {
            CheckDistinctOnOrder(core, distinctOn, orderKeys);
        }

        // Project targets plus hidden sort / DISTINCT ON keys, then sort by the hidden columns.
        var extra = orderKeys.Select(k => k.Expr).Concat(distinctOn ?? []).ToList();
        if (core.Distinct && orderKeys.Count > 0)
        {
            foreach (var k in orderKeys)
            {
                if (!targets.Any(t => t.ToString() == k.Expr.ToString()))
                {
                    throw Error(SqlState.InvalidColumnReference, "for SELECT DISTINCT, ORDER BY expressions must appear in select list",
                        stmt!.OrderBy[orderKeys.IndexOf(k)].Expr);
                }
            }
        }

        var allExprs = targets.Concat(extra).ToArray();
        var allColumns = columns.Concat(extra.Select((e, i) => new ResultColumn($"?sort{i}", e.Type, e.Typmod))).ToList();
        PlanNode plan = new ProjectNode(input, allExprs, allColumns);
        var width = targets.Count;
        SortKey Hidden(SortKey k, int i) => k with { Expr = new ColumnExpr(width + i, k.Expr.Type, k.Expr.Typmod, k.Expr.ToString()) };
        var sortKeys = orderKeys.Select(Hidden).ToList();
        if (distinctOn is not null)
        {
            var onKeys = distinctOn.Select((d, i) => new ColumnExpr(width + orderKeys.Count + i, d.Type, d.Typmod, d.ToString())).ToArray();
            plan = new SortNode(plan, [.. sortKeys]);
            plan = new DistinctNode(plan, onKeys);
        }
        else
        {
            if (core.Distinct)
            {
                plan = new DistinctNode(plan, [.. targets.Select((t, i) => (BoundExpr)new ColumnExpr(i, t.Type, t.Typmod, names[i]))]);
            }

            if (sortKeys.Count > 0)
            {
                plan = new SortNode(plan, [.. sortKeys]);
            }
        }

        if (stmt is not null)
        {
            plan = ApplyLimit(stmt, plan, scope);
        }

        if (extra.Count > 0)
        {
            plan = new ProjectNode(plan, [.. columns.Select((c, i) => (BoundExpr)new ColumnExpr(i, c.Type, c.TypeModifier, c.Name)
            {
                TableOid = c.TableOid,
                AttNum = c.ColumnNumber,
            })], columns);
        }

        return plan;
    }

    /// <summary>DISTINCT ON expressions must be the leading ORDER BY keys (in any order among themselves).</summary>
    private static void CheckDistinctOnOrder(SelectCore core, BoundExpr[] distinctOn, List<SortKey> orderKeys)
    {
        var matched = new bool[distinctOn.Length];
        var skipped = false;
        foreach (var key in orderKeys)
        {
            var text = key.Expr.ToString();
            var any = false;
            for (var j = 0; j < distinctOn.Length; j++)
            {
                if (distinctOn[j].ToString() == text)
                {
                    if (skipped)
                    {
                        throw Error(SqlState.InvalidColumnReference, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions", core.DistinctOn[j]);
                    }

                    matched[j] = any = true;
                }
            }

            skipped |= !any;
        }

        for (var j = 0; j < distinctOn.Length && skipped; j++)
        {
            if (!matched[j])
            {
                throw Error(SqlState.InvalidColumnReference, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions", core.DistinctOn[j]);
            }
        }
    }

    private static PlanNode PushFilter(PlanNode input, BoundExpr predicate)
    {
        if (input is SeqScanNode scan && scan.Filter is null)
        {
            return Indexes.KeyIndexPlanner.WithFilter(
                new SeqScanNode(scan.Table, scan.Alias, scan.Columns) { Filter = predicate, EmitRowIds = scan.EmitRowIds, EstimatedRows = scan.EstimatedRows / 3 });
        }

        return new FilterNode(input, predicate);
    }
}
