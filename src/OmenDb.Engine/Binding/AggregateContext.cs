using OmenDb.Engine.Execution.Nodes;

namespace OmenDb.Engine.Binding;

/// <summary>
/// State of a grouped query while its SELECT list, HAVING and ORDER BY are bound: the group keys (bound
/// over the FROM input) and the aggregate calls found so far. Expressions above the aggregation read the
/// aggregate node's output: group key k is column k, aggregate a is column (keys + a).
/// </summary>
internal sealed class AggregateContext
{
    public AggregateContext(BoundExpr[] groupKeys)
    {
        GroupKeys = groupKeys;
        GroupKeyText = [.. groupKeys.Select(k => k.ToString())];
    }

    public BoundExpr[] GroupKeys { get; }

    public string[] GroupKeyText { get; }

    public List<AggregateCall> Calls { get; } = [];

    /// <summary>GROUPING(...) calls of a grouping-sets query (null for a plain GROUP BY, where GROUPING is always 0).</summary>
    public List<GroupingExpr>? GroupingCalls { get; init; }

    /// <summary>Set while binding an aggregate's own arguments (they read the input, not the groups).</summary>
    public bool InsideAggregate { get; set; }

    /// <summary>The output column of a group key equal to <paramref name="expr"/>, or -1.</summary>
    public int FindGroupKey(BoundExpr expr)
    {
        var text = expr.ToString();
        for (var i = 0; i < GroupKeyText.Length; i++)
        {
            if (GroupKeyText[i] == text && GroupKeys[i].Type == expr.Type)
            {
                return i;
            }
        }

        return -1;
    }
}
