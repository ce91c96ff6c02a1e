using OmenDb.Engine.Binding;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>VALUES (...), (...): each row's expressions evaluated once per execution.</summary>
internal sealed class ValuesNode : PlanNode
{
    public ValuesNode(IReadOnlyList<ResultColumn> columns, BoundExpr[][] rows)
        : base(columns)
    {
        Rows = rows;
        EstimatedRows = rows.Length;
    }

    public BoundExpr[][] Rows { get; }

    public override string ExplainName => "Values Scan";

    protected override OperatorState OpenCore(ExecContext ctx)
    {
        var empty = new Batch([], 1);
        var rows = new List<object?[]>(Rows.Length);
        foreach (var exprs in Rows)
        {
            var row = new object?[exprs.Length];
            for (var i = 0; i < exprs.Length; i++)
            {
                row[i] = exprs[i].Eval(empty, 0, ctx);
            }

            rows.Add(row);
        }

        return new MaterializedRowsState(Columns, rows);
    }
}
