using OmenDb.Engine.Binding;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Indexes;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>
/// The inner side of an <see cref="IndexNestedLoopJoinNode"/>: the table read through its ordered key index, one
/// lookup per outer key. It is not opened on its own (the join drives the lookups); it exists so that EXPLAIN shows
/// the Index Scan, its condition and its engine under the Nested Loop as PostgreSQL shows a parameterised index scan.
/// </summary>
internal sealed class IndexProbeNode : PlanNode
{
    public IndexProbeNode(SeqScanNode scan, int keyColumn, KeyIndexMethod method, string indexName, BoundExpr condition)
        : base(scan.Columns)
    {
        Table = scan.Table;
        Alias = scan.Alias;
        KeyColumn = keyColumn;
        Method = method;
        IndexName = indexName;
        Condition = condition;
        Filter = scan.Filter;
        EstimatedRows = 1;
    }

    public TableInfo Table { get; }

    public string Alias { get; }

    /// <summary>Key column slot.</summary>
    public int KeyColumn { get; }

    public KeyIndexMethod Method { get; }

    public string IndexName { get; }

    /// <summary>The join equality the index answers (for EXPLAIN).</summary>
    public BoundExpr Condition { get; }

    /// <summary>The inner table's own WHERE conditions, over its columns.</summary>
    public BoundExpr? Filter { get; }

    public override string ExplainName => $"Index Scan using {IndexName} on {Table.Name}{(Alias == Table.Name ? "" : " " + Alias)}";

    public override IEnumerable<string> ExplainDetails
    {
        get
        {
            yield return $"Index Cond: {Condition}";
            var version = KeyIndexRegistry.Get(Table, KeyColumn, Method).Sync();
            yield return $"Index Engine: {version.Engine.Describe()}, delta {version.Delta.Count}";
            if (Filter is not null)
            {
                yield return $"Filter: {Filter}";
            }
        }
    }

    protected override OperatorState OpenCore(ExecContext ctx)
        => throw new InvalidOperationException("an index probe runs only inside its nested-loop join");
}
