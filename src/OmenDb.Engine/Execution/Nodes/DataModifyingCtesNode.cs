namespace OmenDb.Engine.Execution.Nodes;

/// <summary>
/// Runs the data-modifying WITH queries (INSERT / UPDATE / DELETE in WITH) of a statement exactly once, before the
/// main query, whether or not the main query reads them; their RETURNING rows stay materialized for CTE scans.
/// </summary>
internal sealed class DataModifyingCtesNode : PlanNode
{
    public DataModifyingCtesNode(PlanNode main, IReadOnlyList<CteDefinition> ctes)
        : base(main.Columns)
    {
        Main = main;
        Ctes = ctes;
        EstimatedRows = main.EstimatedRows;
    }

    public PlanNode Main { get; }

    public IReadOnlyList<CteDefinition> Ctes { get; }

    public override IEnumerable<PlanNode> Children => [Main, .. Ctes.Select(c => c.Plan!)];

    public override string ExplainName => "Data-modifying CTEs";

    protected override OperatorState OpenCore(ExecContext ctx)
    {
        foreach (var cte in Ctes)
        {
            cte.Rows(ctx);
        }

        return Main.Open(ctx);
    }
}
