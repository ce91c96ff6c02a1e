using OmenDb.Engine.Binding;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// The planner rule that turns <c>ORDER BY col &lt;op&gt; q LIMIT k</c> (q a constant or parameter, op one of pgvector's
/// distance operators, either operand order) into a <see cref="VectorTopKNode"/> under the same projection: the sort
/// over every row becomes a bounded search, and the projected distance is computed for the k survivors only.
/// </summary>
internal static class VectorTopKPlanner
{
    /// <summary>The rewritten plan for a top-k sort, or null when the sort is not a vector search.</summary>
    public static PlanNode? TryRewrite(SortNode sort, long k)
    {
        if (sort.Keys is not [{ Descending: false, NullsFirst: false, Expr: ColumnExpr key }]
            || sort.Input is not ProjectNode project
            || project.Exprs[key.Index] is not CallExpr { IsOperator: true, Args: [var left, var right] } call
            || VectorFunctions.MetricOfOperator(call.Name) is not { } metric
            || left.Type != PgTypes.Vector || right.Type != PgTypes.Vector)
        {
            return null;
        }

        var (column, query) = left is ColumnExpr l && IsRowIndependent(right) ? (l, right)
            : right is ColumnExpr r && IsRowIndependent(left) ? (r, left)
            : (null, null);
        if (column is null || query is null)
        {
            return null;
        }

        var search = new VectorTopKNode(project.Input, column.Index, query, metric, call.Name, k);
        return new ProjectNode(search, project.Exprs, project.Columns) { EstimatedRows = search.EstimatedRows };
    }

    /// <summary>Whether the expression has one value for the whole query: constants, parameters and casts of them.</summary>
    private static bool IsRowIndependent(BoundExpr expr) => expr switch
    {
        ConstExpr or ParamExpr => true,
        CastExpr cast => IsRowIndependent(cast.Operand),
        ArrayExpr array => array.Children.All(IsRowIndependent),
        _ => expr.IsConstant,
    };
}
