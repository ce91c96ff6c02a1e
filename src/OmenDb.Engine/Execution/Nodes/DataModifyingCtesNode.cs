namespace OmenDb.Engine.Execution.Nodes;

/// <summary>
/// Runs the data-modifying WITH queries (INSERT / UPDATE / DELETE in WITH) of a statement exactly once, before the
/// main query, whether or not the main query reads them; their RETURNING rows stay materialized for CTE scans.
/// As in PostgreSQL, every part of the statement reads the snapshot taken before any of it ran: the WITH queries
/// write under a subtransaction of their own that the statement's (frozen) snapshot does not include, so their
/// changes reach the main query only through RETURNING.
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
        ctx.Snapshot = ctx.Snapshot.Freeze();
        ctx.WriteTxId = ctx.Session.StartSubtransaction().Id;
        foreach (var cte in Ctes)
        {
            cte.Rows(ctx);
        }

        return Main.Open(ctx);
    }
}
