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

    /// <summary>FETCH FIRST ... WITH TIES: rows that sort equal to the last row within the limit under these keys are kept too.</summary>
    public SortKey[]? TieKeys { get; init; }

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

        return new State(limit == 0 ? null : Input.Open(ctx), limit, offset, TieKeys, ctx);
    }

    private sealed class State : OperatorState
    {
        private readonly OperatorState? _input;
        private readonly SortKey[]? _tieKeys;
        private readonly ExecContext _ctx;
        private long _remaining;
        private long _skip;
        private object?[]? _lastKey;
        private bool _done;

        public State(OperatorState? input, long limit, long offset, SortKey[]? tieKeys, ExecContext ctx)
        {
            _input = input;
            _remaining = limit;
            _skip = offset;
            _tieKeys = tieKeys;
            _ctx = ctx;
        }

        public override Batch? Next()
        {
            if (_input is null || _done)
            {
                return null;
            }

            if (_remaining == 0 && _tieKeys is not null && _lastKey is not null)
            {
                return NextTies();
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
                if (_remaining == 0 && _tieKeys is not null)
                {
                    _lastKey = KeyOf(batch, batch.RowAt(from + take - 1));
                    if (from + take < live)
                    {
                        // Ties may follow within this batch.
                        var extra = 0;
                        while (from + take + extra < live && SameKey(batch, batch.RowAt(from + take + extra)))
                        {
                            extra++;
                        }

                        _done = from + take + extra < live;
                        take += extra;
                    }
                }

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

        /// <summary>After the limit: the rows that still tie with the last one, then the end.</summary>
        private Batch? NextTies()
        {
            while (_input!.Next() is { } batch)
            {
                var live = batch.LiveCount;
                var take = 0;
                while (take < live && SameKey(batch, batch.RowAt(take)))
                {
                    take++;
                }

                _done = take < live;
                if (take > 0)
                {
                    var selection = new int[take];
                    for (var i = 0; i < take; i++)
                    {
                        selection[i] = batch.RowAt(i);
                    }

                    batch.Selection = selection;
                    batch.SelectionCount = take;
                    return batch;
                }

                if (_done)
                {
                    return null;
                }
            }

            _done = true;
            return null;
        }

        private object?[] KeyOf(Batch batch, int row)
        {
            var key = new object?[_tieKeys!.Length];
            for (var k = 0; k < key.Length; k++)
            {
                key[k] = _tieKeys[k].Expr.Eval(batch, row, _ctx);
            }

            return key;
        }

        private bool SameKey(Batch batch, int row)
        {
            for (var k = 0; k < _tieKeys!.Length; k++)
            {
                if (_tieKeys[k].Compare(_lastKey![k], _tieKeys[k].Expr.Eval(batch, row, _ctx)) != 0)
                {
                    return false;
                }
            }

            return true;
        }

        public override void Close() => _input?.Close();
    }
}
