using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>
/// A CTE: its query runs once per execution (the rows are shared by every reference, as PostgreSQL
/// materialises a CTE referenced more than once). For WITH RECURSIVE, <see cref="RecursiveTerm"/> is
/// iterated over the previous iteration's rows until it produces none.
/// </summary>
internal sealed class CteDefinition
{
    public CteDefinition(string name, IReadOnlyList<ResultColumn> columns)
    {
        Name = name;
        Columns = columns;
    }

    public string Name { get; }

    public IReadOnlyList<ResultColumn> Columns { get; set; }

    public PlanNode? Plan { get; set; }

    public PlanNode? RecursiveTerm { get; set; }

    public bool UnionAll { get; set; }

    /// <summary>Rows per execution context.</summary>
    public List<object?[]> Rows(ExecContext ctx)
    {
        if (ctx.CteRows.TryGetValue(this, out var rows))
        {
            return rows;
        }

        rows = NestedLoopJoinNode.Drain(Plan!.Open(ctx), ctx);
        if (RecursiveTerm is not null)
        {
            var comparer = new RowEqualityComparer(Columns.Select(c => c.Type).ToArray());
            var seen = UnionAll ? null : new HashSet<object?[]>(rows, comparer);
            if (seen is not null)
            {
                rows = [.. seen];
            }

            var all = new List<object?[]>(rows);
            var working = rows;
            var iterations = 0;
            while (working.Count > 0)
            {
                ctx.CheckInterrupts();
                ctx.CteWorking[this] = working;
                var next = NestedLoopJoinNode.Drain(RecursiveTerm.Open(ctx), ctx);
                if (seen is not null)
                {
                    next = next.Where(seen.Add).ToList();
                }

                all.AddRange(next);
                working = next;
                ctx.CheckMemory(all.Count);
                iterations++;
            }

            ctx.CteWorking.Remove(this);
            rows = all;
        }

        ctx.CteRows[this] = rows;
        return rows;
    }
}

/// <summary>Reads a CTE's rows (or, inside its recursive term, the working table).</summary>
internal sealed class CteScanNode : PlanNode
{
    public CteScanNode(CteDefinition cte, IReadOnlyList<ResultColumn> columns, bool workingTable)
        : base(columns)
    {
        Cte = cte;
        WorkingTable = workingTable;
    }

    public CteDefinition Cte { get; }

    public bool WorkingTable { get; }

    public override string ExplainName => WorkingTable ? $"WorkTable Scan on {Cte.Name}" : $"CTE Scan on {Cte.Name}";

    protected override OperatorState OpenCore(ExecContext ctx)
        => new MaterializedRowsState(Columns, WorkingTable ? ctx.CteWorking[Cte] : Cte.Rows(ctx));
}

/// <summary>Runs a subquery (in FROM) and passes its rows on.</summary>
internal sealed class SubqueryScanNode : PlanNode
{
    public SubqueryScanNode(PlanNode input, string alias, IReadOnlyList<ResultColumn> columns)
        : base(columns)
    {
        Input = input;
        Alias = alias;
        EstimatedRows = input.EstimatedRows;
    }

    public PlanNode Input { get; }

    public string Alias { get; }

    public override IEnumerable<PlanNode> Children => [Input];

    public override string ExplainName => $"Subquery Scan on {Alias}";

    protected override OperatorState OpenCore(ExecContext ctx) => Input.Open(ctx);
}
