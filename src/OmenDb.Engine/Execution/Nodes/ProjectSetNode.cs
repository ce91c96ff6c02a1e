using OmenDb.Engine.Binding;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>One set-returning function called in a select list: the function and its bound arguments.</summary>
internal sealed record SetFunctionCall(SetReturningFunction Function, BoundExpr[] Args, Types.PgType ResultType)
{
    /// <summary>For a function with several output columns: the field types of the record each row becomes.</summary>
    public Types.PgType[]? RecordFields { get; init; }

    public override string ToString() => $"{Function.Name}({string.Join(", ", Args.Select(a => a.ToString()))})";
}

/// <summary>
/// ProjectSet: set-returning functions in a select list (PostgreSQL 10+ semantics). For each input row the
/// functions run in lockstep; the row repeats as many times as the longest result, the shorter results padded
/// with nulls, and a row for which every function is empty disappears. Appends one column per function to the
/// input's columns; output is streamed in batches of up to <see cref="BatchRows"/> rows.
/// </summary>
internal sealed class ProjectSetNode : PlanNode
{
    /// <summary>Rows per output batch.</summary>
    private const int BatchRows = 2048;

    public ProjectSetNode(PlanNode input, SetFunctionCall[] calls)
        : base([.. input.Columns, .. calls.Select(c => new ResultColumn(c.Function.Name, c.ResultType))])
    {
        Input = input;
        Calls = calls;
        EstimatedRows = input.EstimatedRows * 10;
    }

    public PlanNode Input { get; }

    public SetFunctionCall[] Calls { get; }

    public override IEnumerable<PlanNode> Children => [Input];

    public override string ExplainName => "ProjectSet";

    public override IEnumerable<string> ExplainDetails => [$"Functions: {string.Join(", ", Calls.Select(c => c.ToString()))}"];

    protected override OperatorState OpenCore(ExecContext ctx) => new State(this, Input.Open(ctx), ctx);

    private sealed class State : OperatorState
    {
        private readonly ProjectSetNode _node;
        private readonly OperatorState _input;
        private readonly ExecContext _ctx;
        private readonly List<object?[]> _pending = [];
        private bool _done;

        public State(ProjectSetNode node, OperatorState input, ExecContext ctx)
        {
            _node = node;
            _input = input;
            _ctx = ctx;
        }

        public override Batch? Next()
        {
            while (_pending.Count < BatchRows && !_done)
            {
                if (_input.Next() is not { } batch)
                {
                    _done = true;
                    break;
                }

                _ctx.CheckInterrupts();
                Expand(batch);
            }

            if (_pending.Count == 0)
            {
                return null;
            }

            var b = RowBatchBuilder.Build(_node.Columns, _pending, 0, _pending.Count);
            _pending.Clear();
            return b;
        }

        private void Expand(Batch batch)
        {
            var calls = _node.Calls;
            var width = _node.Input.Columns.Count;
            var results = new List<object?[]>[calls.Length];
            for (var i = 0; i < batch.LiveCount; i++)
            {
                var phys = batch.RowAt(i);
                var longest = 0;
                for (var c = 0; c < calls.Length; c++)
                {
                    var args = new object?[calls[c].Args.Length];
                    for (var a = 0; a < args.Length; a++)
                    {
                        args[a] = calls[c].Args[a].Eval(batch, phys, _ctx);
                    }

                    results[c] = calls[c].Function.Strict && Array.Exists(args, a => a is null)
                        ? []
                        : [.. calls[c].Function.Invoke(args, _ctx.Eval)];
                    longest = Math.Max(longest, results[c].Count);
                }

                for (var r = 0; r < longest; r++)
                {
                    var row = new object?[width + calls.Length];
                    for (var col = 0; col < width; col++)
                    {
                        row[col] = batch.Columns[col].GetValue(phys);
                    }

                    for (var c = 0; c < calls.Length; c++)
                    {
                        row[width + c] = r >= results[c].Count ? null
                            : calls[c].RecordFields is { } fields ? new Types.PgRecord(fields, results[c][r]) : results[c][r][0];
                    }

                    _pending.Add(row);
                }

                _ctx.CheckMemory(_pending.Count);
            }
        }

        public override void Close() => _input.Close();
    }
}

/// <summary>Reads a select-list set-returning function's current value: the column a <see cref="ProjectSetNode"/> appends.</summary>
internal sealed class SetFunctionResultExpr : BoundExpr
{
    public SetFunctionResultExpr(SetFunctionCall call)
        : base(call.ResultType) => Call = call;

    public SetFunctionCall Call { get; }

    /// <summary>The column of the ProjectSet output (set once the node's input width is known).</summary>
    public int Column { get; set; } = -1;

    public override bool IsConstant => false;

    public override object? Eval(Batch batch, int row, ExecContext ctx) => batch.Columns[Column].GetValue(row);

    public override string ToString() => Call.ToString();
}
