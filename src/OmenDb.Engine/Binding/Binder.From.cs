using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Binding;

internal sealed partial class Binder
{
    /// <summary>Binds one FROM item; returns its plan and the scope items it contributes (column indexes relative to the item).</summary>
    /// <summary>
    /// Binds one FROM item after the items already in <paramref name="scope"/>. A LATERAL item (a LATERAL subquery or
    /// any function, which PostgreSQL treats as lateral) that follows other items sees them as an outer row.
    /// </summary>
    private (PlanNode Plan, List<ScopeItem> Items, bool Lateral) BindFromListItem(TableRef from, Scope scope)
    {
        var baseIndex = scope.Width;
        var lateral = scope.Items.Count > 0 && IsLateral(from) ? LateralScope(scope, scope.Items, 0) : null;
        var (plan, items) = BindFromItemAt(from, scope, baseIndex, lateral);
        return (plan, items, lateral is not null);
    }

    /// <summary>Binds one FROM item of UPDATE ... FROM / DELETE ... USING (joined to the target without LATERAL).</summary>
    private (PlanNode Plan, List<ScopeItem> Items) BindFromItem(TableRef from, Scope scope) => BindFromItemAt(from, scope, scope.Width);

    /// <summary>Two FROM items of one level may not share a name (42712), as PostgreSQL's checkNameSpaceConflicts.</summary>
    private static void CheckDistinctNames(IEnumerable<ScopeItem> existing, IEnumerable<ScopeItem> added)
    {
        foreach (var item in added)
        {
            if (item.Alias is { } name && existing.Any(e => e.Alias == name))
            {
                throw new PgException(SqlState.DuplicateAlias, $"table name \"{name}\" specified more than once");
            }
        }
    }

    private static bool IsLateral(TableRef from) => from is SubqueryRef { Lateral: true } or FunctionRef;

    /// <summary>
    /// The scope a lateral item is bound under: the FROM items to its left (columns rebased to the left input's
    /// batch, which the nested loop pushes as the outer row), with the query level's CTEs.
    /// </summary>
    private static Scope LateralScope(Scope scope, IEnumerable<ScopeItem> left, int baseIndex)
    {
        var lateral = new Scope(scope.Parent);
        foreach (var (name, cte) in scope.Ctes)
        {
            lateral.Ctes[name] = cte;
        }

        foreach (var it in left)
        {
            lateral.Items.Add(baseIndex == 0 ? it : it with { Columns = [.. it.Columns.Select(c => c with { Index = c.Index - baseIndex })] });
        }

        return lateral;
    }

    /// <summary>The scope of a non-lateral subquery in FROM: the enclosing levels and this level's CTEs, but not its FROM items.</summary>
    private static Scope SiblingScope(Scope scope)
    {
        var sibling = new Scope(scope.Parent);
        foreach (var (name, cte) in scope.Ctes)
        {
            sibling.Ctes[name] = cte;
        }

        sibling.Invisible.AddRange(scope.Items);
        return sibling;
    }

    private (PlanNode Plan, List<ScopeItem> Items) BindFromItemAt(TableRef from, Scope scope, int baseIndex, Scope? lateral = null)
    {
        switch (from)
        {
            case RelationRef r:
                return BindRelation(r, scope, baseIndex);
            case SubqueryRef s:
                {
                    var outer = lateral is not null ? new Scope(lateral) : SiblingScope(scope);
                    var plan = BindSelect(s.Query, outer);

                    // A reference from inside to an enclosing query level makes this level correlated too.
                    scope.IsCorrelated |= (lateral ?? outer).IsCorrelated;
                    var alias = s.Alias?.Name;
                    var columns = Rename(plan.Columns, s.Alias?.Columns ?? [], s);
                    var item = new ScopeItem(alias, [.. columns.Select((c, i) => new ScopeColumn(c.Name, c.Type, c.TypeModifier, baseIndex + i))]);
                    return (new SubqueryScanNode(plan, alias ?? "unnamed_subquery", columns), [item]);
                }

            case FunctionRef f when lateral is not null:
                {
                    var args = new Scope(lateral);
                    var bound = BindFunctionFrom(f, args, baseIndex);
                    scope.IsCorrelated |= lateral.IsCorrelated;
                    return bound;
                }

            case FunctionRef f:
                return BindFunctionFrom(f, scope, baseIndex);
            case JoinRef j:
                return BindJoin(j, scope, baseIndex);
            default:
                throw Error(SqlState.FeatureNotSupported, $"{from.GetType().Name} in FROM is not supported", from);
        }
    }

    private (PlanNode Plan, List<ScopeItem> Items) BindRelation(RelationRef r, Scope scope, int baseIndex)
    {
        if (r.Name.Parts.Count == 1 && scope.FindCte(r.Name.Name) is { } cte)
        {
            var cols = Rename(cte.Columns, r.Alias?.Columns ?? [], r);
            var working = IsBindingRecursiveTerm(cte);
            var node = new CteScanNode(cte, cols, working);
            var alias = r.Alias?.Name ?? r.Name.Name;
            return (node, [new ScopeItem(alias, [.. cols.Select((c, i) => new ScopeColumn(c.Name, c.Type, c.TypeModifier, baseIndex + i))])]);
        }

        var rel = Lock(r.Name, RequireRelation(r.Name), _readLockMode);
        ReferencedRelations.Add(rel);
        var name = r.Alias?.Name ?? rel.Name;
        switch (rel)
        {
            case TableInfo table:
                {
                    var columns = table.Columns.Select(c => new ResultColumn(c.Name, c.Type, c.Typmod, table.Oid, c.AttNum)).ToList();
                    var scopeCols = new List<ScopeColumn>();
                    var aliasCols = r.Alias?.Columns ?? [];
                    var live = 0;
                    foreach (var c in table.Columns)
                    {
                        var colName = !c.IsDropped && live < aliasCols.Count ? aliasCols[live] : c.Name;
                        if (!c.IsDropped)
                        {
                            live++;
                        }

                        scopeCols.Add(new ScopeColumn(colName, c.Type, c.Typmod, baseIndex + c.Slot, table.Oid, c.AttNum) { Hidden = c.IsDropped });
                    }

                    return (new SeqScanNode(table, name, columns), [new ScopeItem(name, scopeCols)]);
                }

            case PgCatalog.SystemRelationInfo sys:
                return BindSystemRelation(sys, r, baseIndex);
            case ViewInfo view:
                {
                    var stmt = Sql.Parsing.SqlParser.ParseStatement(view.QuerySql) as SelectStatement
                        ?? throw Error(SqlState.InternalError, $"view \"{view.Name}\" has an invalid definition", r);
                    var plan = BindSelect(stmt, new Scope(null));
                    var cols = Rename(plan.Columns, [.. view.Columns.Select(c => c.Name)], r);
                    cols = Rename(cols, r.Alias?.Columns ?? [], r);
                    return (new SubqueryScanNode(plan, name, cols),
                        [new ScopeItem(name, [.. cols.Select((c, i) => new ScopeColumn(c.Name, c.Type, c.TypeModifier, baseIndex + i))])]);
                }

            case SequenceInfo sequence:
                {
                    var node = new SequenceScanNode(sequence);
                    return (node, [new ScopeItem(name, [.. node.Columns.Select((c, i) => new ScopeColumn(c.Name, c.Type, -1, baseIndex + i, sequence.Oid, (short)(i + 1)))])]);
                }

            default:
                throw Error(SqlState.WrongObjectType, $"\"{rel.Name}\" is not a table or view", r);
        }
    }

    private bool IsBindingRecursiveTerm(CteDefinition cte) => _recursiveCtes.Contains(cte);

    private readonly HashSet<CteDefinition> _recursiveCtes = [];

    private (PlanNode Plan, List<ScopeItem> Items) BindFunctionFrom(FunctionRef f, Scope scope, int baseIndex)
    {
        if (f.Functions.Count != 1 || f.Functions[0] is not FunctionCall call)
        {
            throw Error(SqlState.FeatureNotSupported, "ROWS FROM with several functions is not supported", f);
        }

        var srfs = BuiltinFunctions.LookupSetReturning(call.Name.Name);
        var args = call.Args.Select(a => BindExpr(a, scope)).ToArray();
        var alias = f.Alias?.Name ?? call.Name.Name;
        if (f.ColumnDefinitions.Count > 0 && !srfs.Any(s => s.ReturnsRecord))
        {
            throw Error(SqlState.SyntaxError, "a column definition list is only allowed for functions returning \"record\"", f.ColumnDefinitions[0]);
        }

        if (srfs.Count == 0)
        {
            // A scalar function in FROM yields one row.
            var scalar = ResolveUnknown(BindFunctionCall(call, scope));
            var cols = new List<ResultColumn> { new(f.Alias?.Columns.FirstOrDefault() ?? alias, scalar.Type, scalar.Typmod) };
            BoundExpr[] row = [scalar];
            if (f.WithOrdinality)
            {
                cols.Add(new ResultColumn(f.Alias?.Columns.Count > 1 ? f.Alias.Columns[1] : "ordinality", PgTypes.Int8));
                row = [scalar, new ConstExpr(1L, PgTypes.Int8)];
            }

            var values = new ValuesNode(cols, [row]);
            return (values, [new ScopeItem(alias, [.. cols.Select((c, i) => new ScopeColumn(c.Name, c.Type, c.TypeModifier, baseIndex + i))])]);
        }

        if (call.Name.Name == "unnest" && args.Length > 1 && args.All(a => a.Type.Kind == PgTypeKind.Array))
        {
            return BindZippedUnnest(f, args, alias, baseIndex);
        }

        var resolved = TypeResolution.Choose(srfs, [.. args.Select(a => a.Type)], s => s.ArgTypes,
            s => s.Columns.Length == 1 ? s.Columns[0].Type : PgTypes.Record, null, out var ambiguous);
        if (resolved is null)
        {
            throw NoSuchFunction(call.Name.Name, [.. args.Select(a => a.Type)], ambiguous, call);
        }

        var fn = resolved.Candidate;
        var coerced = args.Select((a, i) => Coerce(a, resolved.ArgTypes[i], -1, CastContext.Implicit)).ToArray();
        if (fn.ReturnsRecord)
        {
            return BindRecordFunction(f, call, fn, coerced, alias, baseIndex);
        }

        var outCols = fn.Columns.Length == 1
            ? [(f.Alias?.Columns.FirstOrDefault() ?? (f.Alias is null ? call.Name.Name : alias), resolved.ReturnType)]
            : fn.Columns.Select((c, i) => (i < (f.Alias?.Columns.Count ?? 0) ? f.Alias!.Columns[i] : c.Name, ResolvePolymorphicColumn(c.Type, coerced))).ToArray();
        var columns = outCols.Select(c => new ResultColumn(c.Item1, c.Item2)).ToList();
        if (f.WithOrdinality)
        {
            columns.Add(new ResultColumn(f.Alias is not null && f.Alias.Columns.Count > outCols.Length ? f.Alias.Columns[outCols.Length] : "ordinality", PgTypes.Int8));
        }

        var node = new FunctionScanNode(fn, coerced, columns, f.WithOrdinality);
        return (node, [new ScopeItem(alias, [.. columns.Select((c, i) => new ScopeColumn(c.Name, c.Type, -1, baseIndex + i))])]);
    }

    /// <summary>A function returning record (json_to_record...) in FROM, with the columns its column definition list names.</summary>
    private (PlanNode Plan, List<ScopeItem> Items) BindRecordFunction(FunctionRef f, FunctionCall call, SetReturningFunction fn, BoundExpr[] args,
        string alias, int baseIndex)
    {
        if (f.ColumnDefinitions.Count == 0)
        {
            throw Error(SqlState.SyntaxError, "a column definition list is required for functions returning \"record\"", call);
        }

        if (f.WithOrdinality)
        {
            throw Error(SqlState.SyntaxError, "WITH ORDINALITY cannot be used with a column definition list", f.ColumnDefinitions[0],
                "Put the column definition list inside ROWS FROM().");
        }

        var definitions = new RecordColumn[f.ColumnDefinitions.Count];
        for (var i = 0; i < definitions.Length; i++)
        {
            var definition = f.ColumnDefinitions[i];
            if (definitions.Take(i).Any(d => d.Name == definition.Name))
            {
                throw Error(SqlState.DuplicateColumn, $"column name \"{definition.Name}\" specified more than once", null);
            }

            var (type, typmod) = ResolveType(definition.Type);
            definitions[i] = new RecordColumn(definition.Name, type, typmod);
        }

        var columns = definitions.Select(d => new ResultColumn(d.Name, d.Type, d.Typmod)).ToList();
        var node = new FunctionScanNode(fn.WithColumns(definitions), args, columns, withOrdinality: false);
        return (node, [new ScopeItem(alias, [.. definitions.Select((d, i) => new ScopeColumn(d.Name, d.Type, d.Typmod, baseIndex + i))])]);
    }

    /// <summary>
    /// unnest(a, b, ...) in FROM: the arrays side by side, one column each, as long as the longest (PostgreSQL
    /// expands it to ROWS FROM (unnest(a), unnest(b), ...)).
    /// </summary>
    private static (PlanNode Plan, List<ScopeItem> Items) BindZippedUnnest(FunctionRef f, BoundExpr[] args, string alias, int baseIndex)
    {
        var names = f.Alias?.Columns ?? [];
        var columns = args.Select((a, i) => new ResultColumn(i < names.Count ? names[i] : "unnest", a.Type.ElementType!)).ToList();
        var fn = new SetReturningFunction(2331, "unnest", [.. args.Select(a => a.Type)],
            [.. columns.Select(c => (c.Name, c.Type))], (values, _) => Zip(values)) { Strict = false };
        if (f.WithOrdinality)
        {
            columns.Add(new ResultColumn(names.Count > args.Length ? names[args.Length] : "ordinality", PgTypes.Int8));
        }

        var node = new FunctionScanNode(fn, args, columns, f.WithOrdinality);
        return (node, [new ScopeItem(alias, [.. columns.Select((c, i) => new ScopeColumn(c.Name, c.Type, -1, baseIndex + i))])]);

        static IEnumerable<object?[]> Zip(object?[] arrays)
        {
            var longest = arrays.Max(a => (a as PgArray)?.Elements.Length ?? 0);
            for (var r = 0; r < longest; r++)
            {
                var row = new object?[arrays.Length];
                for (var c = 0; c < arrays.Length; c++)
                {
                    row[c] = arrays[c] is PgArray { Elements: var e } && r < e.Length ? e[r] : null;
                }

                yield return row;
            }
        }
    }

    private (PlanNode Plan, List<ScopeItem> Items) BindJoin(JoinRef j, Scope scope, int baseIndex)
    {
        var (left, leftItems) = BindFromItemAt(j.Left, scope, baseIndex);
        var leftWidth = left.Columns.Count;
        var lateral = IsLateral(j.Right) ? LateralScope(scope, leftItems, baseIndex) : null;
        var (right, rightItems) = BindFromItemAt(j.Right, scope, baseIndex + leftWidth, lateral);
        CheckDistinctNames(leftItems, rightItems);
        var type = j.Kind switch
        {
            JoinKind.Left => JoinType.Left,
            JoinKind.Right => JoinType.Right,
            JoinKind.Full => JoinType.Full,
            _ => JoinType.Inner,
        };

        // Bind the condition in a scope that sees both sides (offsets relative to this join's output).
        var joinScope = new Scope(scope.Parent);
        foreach (var it in leftItems.Concat(rightItems))
        {
            joinScope.Items.Add(it with { Columns = [.. it.Columns.Select(c => c with { Index = c.Index - baseIndex })] });
        }

        BoundExpr? condition = null;
        var usingCols = j.Using.ToList();
        if (j.Natural)
        {
            var leftNames = leftItems.SelectMany(i => i.Columns).Where(c => !c.Hidden).Select(c => c.Name).ToList();
            usingCols = [.. rightItems.SelectMany(i => i.Columns).Where(c => !c.Hidden && leftNames.Contains(c.Name)).Select(c => c.Name).Distinct()];
        }

        var items = new List<ScopeItem>();
        var usingExprs = new List<BoundExpr>();
        if (usingCols.Count > 0)
        {
            var conds = new List<BoundExpr>();
            var merged = new List<ScopeColumn>();
            var joinWidth = leftWidth + right.Columns.Count;
            foreach (var name in usingCols)
            {
                var lc = FindIn(leftItems, name) ?? throw Error(SqlState.UndefinedColumn, $"column \"{name}\" specified in USING clause does not exist in left table", null);
                var rc = FindIn(rightItems, name) ?? throw Error(SqlState.UndefinedColumn, $"column \"{name}\" specified in USING clause does not exist in right table", null);
                var l = new ColumnExpr(lc.Index - baseIndex, lc.Type, lc.Typmod, lc.Name);
                var r = new ColumnExpr(rc.Index - baseIndex, rc.Type, rc.Typmod, rc.Name);
                conds.Add(MakeOperator("=", l, r, j));

                // The merged column is COALESCE(left, right) in their common type (right's value where an outer join has no left row).
                var common = TypeResolution.CommonType([lc.Type, rc.Type], "JOIN/USING");
                var typmod = lc.Type == rc.Type && lc.Typmod == rc.Typmod ? lc.Typmod : -1;
                usingExprs.Add(new CoalesceExpr([Coerce(l, common, -1, CastContext.Implicit), Coerce(r, common, -1, CastContext.Implicit)], common)
                {
                    Typmod = typmod,
                });
                merged.Add(new ScopeColumn(name, common, typmod, baseIndex + joinWidth + merged.Count));
            }

            condition = conds.Count == 1 ? conds[0] : new BoolExpr(true, [.. conds]);

            // USING columns appear once (unqualified) ahead of the rest; qualified names still reach each side.
            items.Add(new ScopeItem(j.UsingAlias, merged));
            foreach (var it in leftItems.Concat(rightItems))
            {
                items.Add(it with { Columns = [.. it.Columns.Select(c => usingCols.Contains(c.Name) ? c with { Hidden = it.Alias is null } : c)] });
            }

            // Unqualified lookup must not see the USING column twice: hide it in the per-side items for unqualified access.
            items = [.. items.Select((it, idx) => idx == 0 ? it : QualifiedOnly(it, usingCols))];
        }
        else
        {
            if (j.On is not null)
            {
                condition = CoerceToBool(BindExpr(j.On, joinScope), "JOIN/ON", j.On);
            }

            items.AddRange(leftItems);
            items.AddRange(rightItems);
        }

        var plan = lateral is null ? Join(left, right, type, condition, scope)
            : new NestedLoopJoinNode(left, right, type, condition, [.. left.Columns, .. right.Columns]) { Lateral = true };
        if (usingExprs.Count > 0)
        {
            // Append the merged USING columns after both sides' columns.
            var passThrough = plan.Columns.Select((c, i) => (BoundExpr)new ColumnExpr(i, c.Type, c.TypeModifier, c.Name) { TableOid = c.TableOid, AttNum = c.ColumnNumber });
            plan = new ProjectNode(plan, [.. passThrough, .. usingExprs],
                [.. plan.Columns, .. usingExprs.Select((e, k) => new ResultColumn(usingCols[k], e.Type, e.Typmod))]);
        }

        if (j.Alias is { } alias)
        {
            var cols = items.SelectMany(i => i.Columns).Where(c => !c.Hidden).ToList();
            items = [new ScopeItem(alias.Name, cols)];
        }

        return (plan, items);
    }

    private static ScopeColumn? FindIn(List<ScopeItem> items, string name)
        => items.Select(i => i.Find(name)).FirstOrDefault(c => c is not null);

    /// <summary>Builds a join, choosing a hash join when the condition has column equalities between the sides.</summary>
    private PlanNode Join(PlanNode left, PlanNode right, JoinType type, BoundExpr? condition, Scope scope)
    {
        var columns = left.Columns.Concat(right.Columns).ToList();
        var leftWidth = left.Columns.Count;
        if (condition is not null)
        {
            var conjuncts = condition is BoolExpr { IsAnd: true } and ? and.Operands.ToList() : [condition];
            var leftKeys = new List<BoundExpr>();
            var rightKeys = new List<BoundExpr>();
            var residual = new List<BoundExpr>();
            var probes = new List<(BoundExpr Outer, BoundExpr Inner, BoundExpr Conjunct)>();
            foreach (var c in conjuncts)
            {
                if (c is CallExpr { Name: "=", Args: [var a, var b] }
                    && Side(a, leftWidth) is var sa && Side(b, leftWidth) is var sb && sa != 0 && sb != 0 && sa != sb)
                {
                    var (lk, rk) = sa == 1 ? (a, b) : (b, a);
                    probes.Add((lk, Shift(rk, leftWidth), c));
                    if (a.Type == b.Type)
                    {
                        leftKeys.Add(lk);
                        rightKeys.Add(Shift(rk, leftWidth));
                        continue;
                    }
                }

                residual.Add(c);
            }

            if (Indexes.IndexJoinPlanner.TryPlan(left, right, type, probes, conjuncts, columns) is { } indexJoin)
            {
                return indexJoin;
            }

            if (leftKeys.Count > 0)
            {
                var res = residual.Count == 0 ? null : residual.Count == 1 ? residual[0] : new BoolExpr(true, [.. residual]);
                return new HashJoinNode(left, right, type, [.. leftKeys], [.. rightKeys], res, columns);
            }
        }

        return new NestedLoopJoinNode(left, right, type, condition, columns);
    }

    /// <summary>1 if the expression reads only left columns, 2 if only right ones, 0 otherwise (or constant).</summary>
    private static int Side(BoundExpr e, int leftWidth)
    {
        var cols = new List<int>();
        Collect(e, cols);
        if (cols.Count == 0 || HasOuterOrVolatile(e))
        {
            return 0;
        }

        return cols.All(c => c < leftWidth) ? 1 : cols.All(c => c >= leftWidth) ? 2 : 0;
    }

    private static void Collect(BoundExpr e, List<int> cols)
    {
        if (e is ColumnExpr c)
        {
            cols.Add(c.Index);
        }

        foreach (var child in e.Children)
        {
            Collect(child, cols);
        }
    }

    private static bool HasOuterOrVolatile(BoundExpr e)
        => e is OuterColumnExpr or SubqueryExpr or ParamExpr || e.Children.Any(HasOuterOrVolatile);

    /// <summary>Rebases column references of a right-side expression so that it reads the right input alone.</summary>
    private static BoundExpr Shift(BoundExpr e, int by) => e switch
    {
        ColumnExpr c => new ColumnExpr(c.Index - by, c.Type, c.Typmod, c.Name),
        CastExpr c => c.WithOperand(Shift(c.Operand, by)),
        CallExpr call => new CallExpr(call.Name, call.Invoker, [.. call.Args.Select(a => Shift(a, by))], call.Type, call.Strict, call.IsVolatile,
            call.IsOperator),
        _ when !e.Children.Any() => e,
        _ => throw new PgException(SqlState.FeatureNotSupported, "join key expression is not supported"),
    };

    private static ScopeItem QualifiedOnly(ScopeItem source, List<string> usingColumns) => source.Alias is null ? source : source with
    {
        Columns = [.. source.Columns.Select(c => usingColumns.Contains(c.Name) ? c with { QualifiedOnly = true } : c)],
    };
}
