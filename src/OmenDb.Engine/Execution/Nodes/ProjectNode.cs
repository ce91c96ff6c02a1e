using OmenDb.Engine.Binding;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>Computes the output expressions over each batch.</summary>
internal sealed class ProjectNode : PlanNode
{
    public ProjectNode(PlanNode input, BoundExpr[] exprs, IReadOnlyList<ResultColumn> columns)
        : base(columns)
    {
        Input = input;
        Exprs = exprs;
        EstimatedRows = input.EstimatedRows;
    }

    public PlanNode Input { get; }

    public BoundExpr[] Exprs { get; }

    public override IEnumerable<PlanNode> Children => [Input];

    public override string ExplainName => "Project";

    public override IEnumerable<string> ExplainOutput => Exprs.Select(e => e.ToString());

    protected override OperatorState OpenCore(ExecContext ctx) => new State(this, Input.Open(ctx), ctx);

    private sealed class State : OperatorState
    {
        private readonly ProjectNode _node;
        private readonly OperatorState _input;
        private readonly ExecContext _ctx;

        public State(ProjectNode node, OperatorState input, ExecContext ctx)
        {
            _node = node;
            _input = input;
            _ctx = ctx;
        }

        public override Batch? Next()
        {
            var batch = _input.Next();
            if (batch is null)
            {
                return null;
            }

            var vectors = new ColumnVector[_node.Exprs.Length];
            for (var i = 0; i < vectors.Length; i++)
            {
                vectors[i] = _node.Exprs[i].EvalBatch(batch, _ctx);
            }

            return new Batch(vectors, batch.LiveCount);
        }

        public override void Close() => _input.Close();
    }
}
