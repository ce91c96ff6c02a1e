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
    /// <summary>Distance computations one graph walk costs per streamed exact distance: random access into the graph
    /// and the candidate heaps make a visited node about four times dearer than a row of the contiguous scan.</summary>
    private const double WalkCostPerVisit = 4;

    /// <summary>The rewritten plan for a top-k sort, or null when the sort is not a vector search. <paramref name="k"/> is
    /// the constant LIMIT plus OFFSET; with a parameter LIMIT (<paramref name="limit"/>) it is the OFFSET alone.</summary>
    public static PlanNode? TryRewrite(SortNode sort, long k, BoundExpr? limit = null)
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

        var search = new VectorTopKNode(project.Input, column.Index, query, metric, call.Name, k)
        {
            Limit = limit,
            QueryOnLeft = ReferenceEquals(query, left),
        };
        PlanNode node = search;
        if (project.Input is SeqScanNode { EmitRowIds: false } scan && ChooseIndex(scan, column.Index, metric, limit is null ? k : 10) is { } index)
        {
            node = new HnswScanNode(scan, index, column.Index, query, call.Name, search);
        }

        return new ProjectNode(node, project.Exprs, project.Columns) { EstimatedRows = search.EstimatedRows };
    }

    /// <summary>
    /// A ready HNSW index on the column for the metric, when walking it is cheaper than scoring every row: the walk
    /// visits about (ef_search + k)·2m nodes on layer 0 (three times as many behind a WHERE, whose selectivity is
    /// unknown and taken as PostgreSQL's default 1/3), each <see cref="WalkCostPerVisit"/> times a streamed row. Small
    /// tables and selective WHERE clauses answered by a key index (the scan is then not a sequential one) stay exact.
    /// </summary>
    private static HnswIndex? ChooseIndex(SeqScanNode scan, int slot, VectorMetric metric, long k)
    {
        foreach (var info in scan.Table.Indexes.ToArray())
        {
            if (info is { Method: "hnsw", Columns: [var attnum] } && attnum == slot + 1
                && HnswIndexRegistry.Get(info) is { IsReady: true } index && index.Options.Metric == metric)
            {
                var visits = (40.0 + k) * 2 * index.Options.M * (scan.Filter is null ? 1 : 3);
                return visits * WalkCostPerVisit < scan.Table.Data.RowVersionCount ? index : null;
            }
        }

        return null;
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
