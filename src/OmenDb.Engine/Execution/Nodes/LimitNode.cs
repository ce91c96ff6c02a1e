using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Columnar;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>LIMIT / OFFSET (/ FETCH FIRST): trims selections without copying.</summary>
internal sealed class LimitNode : PlanNode
{
    public LimitNode(PlanNode input, BoundExpr? limit, BoundExpr? offset)
        : base(input.Columns)
    {
        Input = input;
        Limit = limit;
        Offset = offset;
        EstimatedRows = limit is ConstExpr { Value: long l } ? Math.Min(l, input.EstimatedRows) : input.EstimatedRows;
    }

    public PlanNode Input { get; }

    public BoundExpr? Limit { get; }

    public BoundExpr? Offset { get; }

    public override IEnumerable<PlanNode> Children => [Input];

    public override string ExplainName => "Limit";

    protected override OperatorState OpenCore(ExecContext ctx)
    {
        var empty = new Batch([], 1);
        long limit = long.MaxValue, offset = 0;
        if (Limit?.Eval(empty, 0, ctx) is { } l)
        {
            limit = Convert.ToInt64(l);
            if (limit < 0)
            {
                ThrowHelper.Throw(SqlState.InvalidRowCountInLimitClause, "LIMIT must not be negative");
            }
        }

        if (Offset?.Eval(empty, 0, ctx) is { } o)
        {
            offset = Convert.ToInt64(o);
            if (offset < 0)
            {
                ThrowHelper.Throw(SqlState.InvalidRowCountInResultOffsetClause, "OFFSET must not be negative");
            }
        }

        return new State(limit == 0 ? null : Input.Open(ctx), limit, offset);
    }

    private sealed class State : OperatorState
    {
        private readonly OperatorState? _input;
        private long _remaining;
        private long _skip;

        public State(OperatorState? input, long limit, long offset)
        {
            _input = input;
            _remaining = limit;
            _skip = offset;
        }

        public override Batch? Next()
        {
            if (_input is null)
            {
                return null;
            }

            while (_remaining > 0 && _input.Next() is { } batch)
            {
                var live = batch.LiveCount;
                var from = (int)Math.Min(_skip, live);
                _skip -= from;
                var take = (int)Math.Min(_remaining, live - from);
                if (take <= 0)
                {
                    continue;
                }

                _remaining -= take;
                if (from == 0 && take == live)
                {
                    return batch;
                }

                var selection = new int[take];
                for (var i = 0; i < take; i++)
                {
                    selection[i] = batch.RowAt(from + i);
                }

                batch.Selection = selection;
                batch.SelectionCount = take;
                return batch;
            }

            return null;
        }

        public override void Close() => _input?.Close();
    }
}
