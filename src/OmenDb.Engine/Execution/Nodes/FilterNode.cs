using OmenDb.Engine.Binding;
using OmenDb.Engine.Columnar;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>WHERE / HAVING: narrows each batch's selection to rows where the predicate is true.</summary>
internal sealed class FilterNode : PlanNode
{
    public FilterNode(PlanNode input, BoundExpr predicate)
        : base(input.Columns)
    {
        Input = input;
        Predicate = predicate;
        EstimatedRows = Math.Max(1, input.EstimatedRows / 3);
        Compiled = Vectorized.VectorPredicate.TryCompile(predicate);
    }

    public PlanNode Input { get; }

    public BoundExpr Predicate { get; }

    /// <summary>The predicate compiled to selection kernels, or null when it needs the row path.</summary>
    internal Vectorized.VectorPredicate? Compiled { get; }

    public override IEnumerable<PlanNode> Children => [Input];

    public override string ExplainName => "Filter";

    public override IEnumerable<string> ExplainDetails => [$"Filter: {Predicate}"];

    protected override OperatorState OpenCore(ExecContext ctx) => new State(this, Input.Open(ctx), ctx);

    /// <summary>Keeps only the batch's live rows where the predicate is true: through its selection kernels when it has
    /// <paramref name="compiled"/> ones, else by evaluating it row by row.</summary>
    public static void Apply(Batch batch, BoundExpr predicate, Vectorized.VectorPredicate? compiled, ExecContext ctx)
    {
        if (compiled is null || !compiled.Apply(batch, ctx))
        {
            Apply(batch, predicate, ctx);
        }
    }

    /// <summary>Evaluates the predicate over the batch's live rows and keeps only those where it is true.</summary>
    public static void Apply(Batch batch, BoundExpr predicate, ExecContext ctx)
    {
        var result = predicate.EvalBatch(batch, ctx);
        var n = batch.LiveCount;
        var selection = new int[n];
        var kept = 0;
        var bools = ((PrimitiveVector<bool>)result).Values;
        for (var i = 0; i < n; i++)
        {
            if (bools[i] && !result.IsNull(i))
            {
                selection[kept++] = batch.RowAt(i);
            }
        }

        batch.Selection = selection;
        batch.SelectionCount = kept;
    }

    private sealed class State : OperatorState
    {
        private readonly FilterNode _node;
        private readonly OperatorState _input;
        private readonly ExecContext _ctx;

        public State(FilterNode node, OperatorState input, ExecContext ctx)
        {
            _node = node;
            _input = input;
            _ctx = ctx;
        }

        public override Batch? Next()
        {
            while (_input.Next() is { } batch)
            {
                Apply(batch, _node.Predicate, _node.Compiled, _ctx);
                if (batch.LiveCount > 0)
                {
                    return batch;
                }
            }

            return null;
        }

        public override void Close() => _input.Close();
    }
}
