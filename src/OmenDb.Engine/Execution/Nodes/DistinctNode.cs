using OmenDb.Engine.Binding;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>
/// DISTINCT (all columns) or DISTINCT ON (keys): keeps the first row of each distinct key, in input order
/// (the planner sorts first for DISTINCT ON, so "first" is the ORDER BY's first).
/// </summary>
internal sealed class DistinctNode : PlanNode
{
    public DistinctNode(PlanNode input, BoundExpr[]? onKeys)
        : base(input.Columns)
    {
        Input = input;
        OnKeys = onKeys;
        EstimatedRows = input.EstimatedRows / 2;
    }

    public PlanNode Input { get; }

    public BoundExpr[]? OnKeys { get; }

    public override IEnumerable<PlanNode> Children => [Input];

    public override string ExplainName => "HashAggregate (distinct)";

    protected override OperatorState OpenCore(ExecContext ctx)
    {
        var width = Columns.Count;
        var types = OnKeys is null ? Columns.Select(c => c.Type).ToArray() : OnKeys.Select(k => k.Type).ToArray();
        var seen = new HashSet<object?[]>(new RowEqualityComparer(types));
        var rows = new List<object?[]>();
        var input = Input.Open(ctx);
        try
        {
            while (input.Next() is { } batch)
            {
                ctx.CheckInterrupts();
                var keyVectors = OnKeys?.Select(k => k.EvalBatch(batch, ctx)).ToArray();
                for (var i = 0; i < batch.LiveCount; i++)
                {
                    var row = RowBatchBuilder.ReadRow(batch, batch.RowAt(i));
                    var key = row;
                    if (keyVectors is not null)
                    {
                        key = new object?[keyVectors.Length];
                        for (var k = 0; k < key.Length; k++)
                        {
                            key[k] = keyVectors[k].GetValue(i);
                        }
                    }
                    else if (row.Length != width)
                    {
                        key = row[..width];
                    }

                    if (seen.Add(key))
                    {
                        rows.Add(row);
                    }
                }

                ctx.CheckMemory(rows.Count);
            }
        }
        finally
        {
            input.Close();
        }

        return new MaterializedRowsState(Columns, rows);
    }
}
