using OmenDb.Common;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Binding;

// GROUP BY ROLLUP / CUBE / GROUPING SETS and GROUPING(...) (PostgreSQL docs 7.2.4), and columns functionally
// dependent on a grouped primary key. A grouping-sets query aggregates its input once per set and appends the
// results; keys outside a set read as NULL, and a trailing column holds the set's GROUPING mask.
internal sealed partial class Binder
{
    /// <summary>
    /// Expands GROUP BY items into grouping sets (the cartesian product of each item's sets, as PostgreSQL does),
    /// or returns null when no item is ROLLUP, CUBE or GROUPING SETS.
    /// </summary>
    private static List<List<Expr>>? ExpandGroupingSets(IReadOnlyList<Expr> groupBy)
    {
        if (!groupBy.Any(g => g is GroupingSetExpr))
        {
            return null;
        }

        List<List<Expr>> product = [[]];
        foreach (var item in groupBy)
        {
            var sets = SetsOf(item);
            product = [.. product.SelectMany(p => sets.Select(s => (List<Expr>)[.. p, .. s]))];
        }

        return product;
    }

    private static List<List<Expr>> SetsOf(Expr item)
    {
        if (item is not GroupingSetExpr g)
        {
            return [Columns(item)];
        }

        var parts = g.Items.Select(Columns).ToList();
        switch (g.Kind)
        {
            case GroupingSetKind.Empty:
                return [[]];
            case GroupingSetKind.Rollup:
                return [.. Enumerable.Range(0, parts.Count + 1).Reverse().Select(n => parts.Take(n).SelectMany(p => p).ToList())];
            case GroupingSetKind.Cube:
                {
                    // All subsets, largest first (bit i of the mask drops part i).
                    var sets = new List<List<Expr>>();
                    for (var mask = 0; mask < 1 << parts.Count; mask++)
                    {
                        sets.Add([.. parts.Where((_, i) => (mask & (1 << i)) == 0).SelectMany(p => p)]);
                    }

                    return sets;
                }

            default:
                return [.. g.Items.SelectMany(i => i is GroupingSetExpr ? SetsOf(i) : [Columns(i)])];
        }

        static List<Expr> Columns(Expr e) => e is Sql.Ast.RowExpr r ? [.. r.Fields] : [e];
    }

    /// <summary>Binds the distinct expressions of the grouping sets as group keys; returns each set as key indexes.</summary>
    private (BoundExpr[] Keys, int[][] Sets) BindGroupingSets(List<List<Expr>> sets, SelectCore core, Scope scope)
    {
        var keys = new List<BoundExpr>();
        var text = new List<string>();
        var result = new int[sets.Count][];
        for (var s = 0; s < sets.Count; s++)
        {
            var indexes = new List<int>();
            foreach (var e in sets[s])
            {
                var key = BindGroupKey(e, core, scope);
                var k = text.IndexOf(key.ToString());
                if (k < 0)
                {
                    k = keys.Count;
                    keys.Add(key);
                    text.Add(key.ToString());
                }

                if (!indexes.Contains(k))
                {
                    indexes.Add(k);
                }
            }

            result[s] = [.. indexes];
        }

        return ([.. keys], result);
    }

    /// <summary>
    /// One aggregation per grouping set over the same input, appended: each branch outputs every key (NULL when
    /// not in its set), the aggregates, then the set's GROUPING mask (bit set for each key not grouped).
    /// </summary>
    private static PlanNode GroupingSetsPlan(PlanNode input, BoundExpr[] keys, int[][] sets, AggregateCall[] calls,
        List<ResultColumn> aggColumns, AggregateContext agg)
    {
        var maskColumn = keys.Length + calls.Length;
        foreach (var g in agg.GroupingCalls!)
        {
            g.Column = maskColumn;
        }

        var columns = aggColumns.Append(new ResultColumn("?grouping", PgTypes.Int4)).ToList();
        PlanNode? plan = null;
        foreach (var set in sets)
        {
            var setKeys = set.Select(i => keys[i]).ToArray();
            var setColumns = set.Select(i => aggColumns[i]).Concat(aggColumns.Skip(keys.Length)).ToList();
            var node = new HashAggregateNode(input, setKeys, calls, setColumns);
            var exprs = new List<BoundExpr>();
            var mask = 0;
            for (var k = 0; k < keys.Length; k++)
            {
                var pos = Array.IndexOf(set, k);
                exprs.Add(pos >= 0 ? new ColumnExpr(pos, keys[k].Type, keys[k].Typmod, keys[k].ToString()) : new ConstExpr(null, keys[k].Type, keys[k].Typmod));
                mask |= pos >= 0 ? 0 : 1 << k;
            }

            for (var a = 0; a < calls.Length; a++)
            {
                exprs.Add(new ColumnExpr(set.Length + a, calls[a].ResultType, -1, calls[a].Function.Name));
            }

            exprs.Add(new ConstExpr(mask, PgTypes.Int4));
            PlanNode branch = new ProjectNode(node, [.. exprs], columns);
            plan = plan is null ? branch : new SetOpNode(SetOpKind.Union, true, plan, branch, columns);
        }

        return plan!;
    }

    /// <summary>GROUPING(a, b, ...): which of the arguments (group keys) the current row's grouping set leaves out.</summary>
    private BoundExpr BindGrouping(FunctionCall f, Scope scope)
    {
        var agg = scope.Aggregates;
        if (agg is null || agg.InsideAggregate)
        {
            throw Error(SqlState.GroupingError, "arguments to GROUPING must be grouping expressions of the associated query level", f);
        }

        if (f.Args.Count > 31)
        {
            throw Error(SqlState.TooManyArguments, "GROUPING must have fewer than 32 arguments", f);
        }

        var keys = new int[f.Args.Count];
        scope.Aggregates = null;
        try
        {
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = agg.FindGroupKey(BindExpr(f.Args[i], scope));
                if (keys[i] < 0)
                {
                    throw Error(SqlState.GroupingError, "arguments to GROUPING must be grouping expressions of the associated query level", f.Args[i]);
                }
            }
        }
        finally
        {
            scope.Aggregates = agg;
        }

        if (agg.GroupingCalls is null)
        {
            // Plain GROUP BY: every argument is always grouped.
            return new ConstExpr(0, PgTypes.Int4);
        }

        var call = new GroupingExpr(keys);
        agg.GroupingCalls.Add(call);
        return call;
    }

    /// <summary>
    /// A column of a table whose primary key is entirely grouped is functionally dependent on the groups
    /// (PostgreSQL 9.1+): it reads one value per group instead of failing with 42803.
    /// </summary>
    private ColumnExpr? TryFunctionallyDependent(ScopeColumn col, AggregateContext agg)
    {
        if (col.TableOid == 0 || agg.GroupingCalls is not null
            || Catalog.FindRelation(Database, col.TableOid) is not Catalog.TableInfo { PrimaryKey: { } pk })
        {
            return null;
        }

        foreach (var attnum in pk.Columns)
        {
            if (!agg.GroupKeys.Any(k => k is ColumnExpr c && c.TableOid == col.TableOid && c.AttNum == attnum))
            {
                return null;
            }
        }

        var type = col.Type;
        var any = new AggregateOverload(0, "any_value", [type], type, () => new AnyValueState()) { Strict = false };
        agg.Calls.Add(new AggregateCall(any, [new ColumnExpr(col.Index, type, col.Typmod, col.Name) { TableOid = col.TableOid, AttNum = col.AttNum }], type));
        return new ColumnExpr(agg.GroupKeys.Length + agg.Calls.Count - 1, type, col.Typmod, col.Name);
    }

    /// <summary>The value of a group's first row (all rows of the group agree on it).</summary>
    private sealed class AnyValueState : IAggregateState
    {
        private object? _value;
        private bool _set;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            if (!_set)
            {
                _value = args[0];
                _set = true;
            }
        }

        public object? Result(EvalContext context) => _value;
    }
}

/// <summary>GROUPING(...) in a grouping-sets query: the argument bits of the row's set mask (1 = not grouped).</summary>
internal sealed class GroupingExpr : BoundExpr
{
    private readonly int[] _keys;

    public GroupingExpr(int[] keys)
        : base(PgTypes.Int4) => _keys = keys;

    /// <summary>The aggregate output column holding the set mask (bit k set when key k is not grouped).</summary>
    public int Column { get; set; } = -1;

    public override bool IsConstant => false;

    public override object? Eval(Columnar.Batch batch, int row, ExecContext ctx)
    {
        var mask = (int)batch.Columns[Column].GetValue(row)!;
        var result = 0;
        foreach (var k in _keys)
        {
            result = (result << 1) | ((mask >> k) & 1);
        }

        return result;
    }

    public override string ToString() => $"GROUPING({string.Join(", ", _keys)})";
}
