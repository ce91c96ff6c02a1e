using OmenDb.Engine.Binding;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>A set-returning function in FROM (generate_series, unnest, jsonb_each...), optionally WITH ORDINALITY.</summary>
internal sealed class FunctionScanNode : PlanNode
{
    public FunctionScanNode(SetReturningFunction function, BoundExpr[] args, IReadOnlyList<ResultColumn> columns, bool withOrdinality)
        : base(columns)
    {
        Function = function;
        Args = args;
        WithOrdinality = withOrdinality;
    }

    public SetReturningFunction Function { get; }

    public BoundExpr[] Args { get; }

    public bool WithOrdinality { get; }

    public override string ExplainName => $"Function Scan on {Function.Name}";

    protected override OperatorState OpenCore(ExecContext ctx)
    {
        var empty = new Batch([], 1);
        var args = Args.Select(a => a.Eval(empty, 0, ctx)).ToArray();
        var rows = new List<object?[]>();
        if (!Function.Strict || args.All(a => a is not null))
        {
            long ordinal = 0;
            foreach (var r in Function.Invoke(args, ctx.Eval))
            {
                rows.Add(WithOrdinality ? [.. r, ++ordinal] : r);
                if ((rows.Count & 4095) == 0)
                {
                    ctx.CheckInterrupts();
                    ctx.CheckMemory(rows.Count);
                }
            }
        }
        else if (!Function.ReturnsSet)
        {
            rows.Add(new object?[Columns.Count]);
        }

        return new MaterializedRowsState(Columns, rows);
    }
}
