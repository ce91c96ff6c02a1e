using OmenDb.Engine.Binding;
using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>
/// Nested-loop join for any condition and join type. The inner side is materialised once, or, when
/// <see cref="Lateral"/>, re-run for every outer row with that row visible to it as an outer reference.
/// Output: left columns then right columns.
/// </summary>
internal sealed class NestedLoopJoinNode : PlanNode
{
    public NestedLoopJoinNode(PlanNode left, PlanNode right, JoinType type, BoundExpr? condition, IReadOnlyList<ResultColumn> columns)
        : base(columns)
    {
        Left = left;
        Right = right;
        Type = type;
        Condition = condition;
        EstimatedRows = condition is null ? left.EstimatedRows * right.EstimatedRows : Math.Max(left.EstimatedRows, right.EstimatedRows);
    }

    public PlanNode Left { get; }

    public PlanNode Right { get; }

    public JoinType Type { get; }

    public BoundExpr? Condition { get; }

    /// <summary>The right side references the left row (LATERAL).</summary>
    public bool Lateral { get; init; }

    public override IEnumerable<PlanNode> Children => [Left, Right];

    public override string ExplainName => "Nested Loop" + (Type == JoinType.Inner ? "" : $" {Type} Join");

    public override IEnumerable<string> ExplainDetails => Condition is null ? [] : [$"Join Filter: {Condition}"];

    protected override OperatorState OpenCore(ExecContext ctx)
    {
        var leftWidth = Left.Columns.Count;
        var slot = new RowSlot(Columns.Select(c => c.Type).ToList());
        var output = new List<object?[]>();
        List<object?[]>? inner = Lateral ? null : Drain(Right.Open(ctx), ctx);
        var innerMatched = inner is null ? null : new bool[inner.Count];
        var left = Left.Open(ctx);
        try
        {
            while (left.Next() is { } batch)
            {
                for (var i = 0; i < batch.LiveCount; i++)
                {
                    ctx.CheckInterrupts();
                    var phys = batch.RowAt(i);
                    var l = RowBatchBuilder.ReadRow(batch, phys);
                    List<object?[]> rights;
                    if (Lateral)
                    {
                        ctx.PushOuter(batch, phys);
                        try
                        {
                            rights = Drain(Right.Open(ctx), ctx);
                        }
                        finally
                        {
                            ctx.PopOuter();
                        }
                    }
                    else
                    {
                        rights = inner!;
                    }

                    var matched = false;
                    for (var r = 0; r < rights.Count; r++)
                    {
                        slot.Load(l, leftWidth, rights[r]);
                        if (Condition is not null && Condition.Eval(slot.Batch, 0, ctx) is not true)
                        {
                            continue;
                        }

                        matched = true;
                        if (innerMatched is not null)
                        {
                            innerMatched[r] = true;
                        }

                        if (Type == JoinType.Semi)
                        {
                            break;
                        }

                        if (Type != JoinType.Anti)
                        {
                            output.Add([.. l, .. rights[r]]);
                        }
                    }

                    if (!matched && Type is JoinType.Left or JoinType.Full)
                    {
                        output.Add([.. l, .. new object?[Columns.Count - leftWidth]]);
                    }
                    else if (Type == JoinType.Semi && matched)
                    {
                        output.Add(l);
                    }
                    else if (Type == JoinType.Anti && !matched)
                    {
                        output.Add(l);
                    }

                    ctx.CheckMemory(output.Count);
                }
            }
        }
        finally
        {
            left.Close();
        }

        if (Type is JoinType.Right or JoinType.Full && inner is not null)
        {
            for (var r = 0; r < inner.Count; r++)
            {
                if (!innerMatched![r])
                {
                    output.Add([.. new object?[leftWidth], .. inner[r]]);
                }
            }
        }

        return new MaterializedRowsState(Columns, output);
    }

    internal static List<object?[]> Drain(OperatorState state, ExecContext ctx)
    {
        var rows = new List<object?[]>();
        try
        {
            while (state.Next() is { } b)
            {
                for (var i = 0; i < b.LiveCount; i++)
                {
                    rows.Add(RowBatchBuilder.ReadRow(b, b.RowAt(i)));
                }

                ctx.CheckMemory(rows.Count);
            }
        }
        finally
        {
            state.Close();
        }

        return rows;
    }
}
