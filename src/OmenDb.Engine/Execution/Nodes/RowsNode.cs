using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>Rows already materialised by the caller (COPY FROM's parsed rows) as a plan input.</summary>
internal sealed class RowsNode : PlanNode
{
    public RowsNode(IReadOnlyList<ResultColumn> columns, IReadOnlyList<object?[]> rows)
        : base(columns)
    {
        Rows = rows;
        EstimatedRows = rows.Count;
    }

    public IReadOnlyList<object?[]> Rows { get; }

    public override string ExplainName => "Rows";

    protected override OperatorState OpenCore(ExecContext ctx) => new MaterializedRowsState(Columns, Rows);
}
