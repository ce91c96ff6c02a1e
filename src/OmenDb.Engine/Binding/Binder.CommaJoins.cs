using OmenDb.Common;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Binding;

// FROM a, b, c WHERE ...: the WHERE conjuncts become filters on single items and join conditions, so that catalog
// queries such as psql's "FROM pg_class c, pg_class c2, pg_index i WHERE c.oid = '16400' AND c.oid = i.indrelid ..."
// never build the cross product.
internal sealed partial class Binder
{
    /// <summary>Binds the FROM list and WHERE of one SELECT level; returns the plan with the predicate applied.</summary>
    private PlanNode BindFromAndWhere(SelectCore core, Scope scope)
    {
        var items = new List<(PlanNode Plan, int Start, int Width, bool Lateral)>();
        foreach (var from in core.From)
        {
            var start = scope.Width;
            var (plan, item, lateral) = BindFromListItem(from, scope);
            CheckDistinctNames(scope.Items, item);
            scope.Items.AddRange(item);
            items.Add((plan, start, plan.Columns.Count, lateral));
        }

        BoundExpr? predicate = null;
        if (core.Where is not null)
        {
            RejectWindow(core.Where, "WHERE");
            if (ContainsAggregate(core.Where))
            {
                throw Error(SqlState.GroupingError, "aggregate functions are not allowed in WHERE", core.Where);
            }

            scope.SetFunctionClause = "WHERE";
            predicate = CoerceToBool(BindExpr(core.Where, scope), "WHERE", core.Where);
            scope.SetFunctionClause = null;
        }

        if (items.Count == 0)
        {
            return predicate is null ? new ResultNode() : PushFilter(new ResultNode(), predicate);
        }

        var first = items[0].Start;
        var remaining = new List<BoundExpr>();
        if (predicate is not null)
        {
            remaining.AddRange(predicate is BoolExpr { IsAnd: true } and ? and.Operands : [predicate]);
        }

        // Conjuncts over one item filter that item (above any join inside it, so outer joins keep their meaning).
        if (items.Count > 1)
        {
            for (var k = 0; k < items.Count; k++)
            {
                var (plan, start, width, lateral) = items[k];
                var local = new List<BoundExpr>();
                foreach (var c in remaining.ToArray())
                {
                    if (Movable(c, start, start + width, out _) && TryShift(c, start, out var shifted))
                    {
                        local.Add(shifted);
                        remaining.Remove(c);
                    }
                }

                if (local.Count > 0)
                {
                    items[k] = (PushFilter(plan, local.Count == 1 ? local[0] : new BoolExpr(true, [.. local])), start, width, lateral);
                }
            }
        }

        // Left-deep joins; each takes the conjuncts that its inputs complete.
        var input = items[0].Plan;
        for (var k = 1; k < items.Count; k++)
        {
            var end = items[k].Start + items[k].Width;
            var conditions = new List<BoundExpr>();
            foreach (var c in remaining.ToArray())
            {
                if (Movable(c, first, end, out var min) && min < items[k].Start && TryShift(c, first, out var shifted))
                {
                    conditions.Add(shifted);
                    remaining.Remove(c);
                }
            }

            var condition = conditions.Count == 0 ? null : conditions.Count == 1 ? conditions[0] : new BoolExpr(true, [.. conditions]);
            // A LATERAL item reads the left row: a nested loop that re-runs it per left row.
            input = items[k].Lateral
                ? new NestedLoopJoinNode(input, items[k].Plan, JoinType.Inner, condition, [.. input.Columns, .. items[k].Plan.Columns]) { Lateral = true }
                : Join(input, items[k].Plan, JoinType.Inner, condition, scope);
        }

        if (remaining.Count > 0)
        {
            input = PushFilter(input, remaining.Count == 1 ? remaining[0] : new BoolExpr(true, [.. remaining]));
        }

        return input;
    }

    /// <summary>Whether a conjunct reads only columns in [start, end) and nothing that binds elsewhere (subqueries, outer rows).</summary>
    private static bool Movable(BoundExpr e, int start, int end, out int min)
    {
        var cols = new List<int>();
        Collect(e, cols);
        min = cols.Count == 0 ? -1 : cols.Min();
        return cols.Count > 0 && !HasOuterOrVolatile(e) && cols.All(c => c >= start && c < end);
    }

    private static bool TryShift(BoundExpr e, int by, out BoundExpr shifted)
    {
        if (by == 0)
        {
            shifted = e;
            return true;
        }

        try
        {
            shifted = Shift(e, by);
            return true;
        }
        catch (PgException)
        {
            shifted = e;
            return false;
        }
    }
}
