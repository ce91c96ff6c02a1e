using OmenDb.Engine.Columnar;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>One row with no columns: the input of SELECT without FROM.</summary>
internal sealed class ResultNode : PlanNode
{
    public ResultNode()
        : base([]) => EstimatedRows = 1;

    public override string ExplainName => "Result";

    protected override OperatorState OpenCore(ExecContext ctx) => new State();

    private sealed class State : OperatorState
    {
        private bool _done;

        public override Batch? Next()
        {
            if (_done)
            {
                return null;
            }

            _done = true;
            return new Batch([], 1);
        }
    }
}
