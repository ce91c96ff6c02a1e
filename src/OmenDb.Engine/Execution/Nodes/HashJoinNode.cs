using OmenDb.Engine.Binding;
using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>
/// Equi-join by hashing the right (build) side on its key expressions and probing with the left side's.
/// Null keys never match. A residual condition filters matches. Output: left columns then right columns
/// (only left columns for SEMI/ANTI).
/// </summary>
internal sealed class HashJoinNode : PlanNode
{
    public HashJoinNode(PlanNode left, PlanNode right, JoinType type, BoundExpr[] leftKeys, BoundExpr[] rightKeys,
        BoundExpr? residual, IReadOnlyList<ResultColumn> columns)
        : base(columns)
    {
        Left = left;
        Right = right;
        Type = type;
        LeftKeys = leftKeys;
        RightKeys = rightKeys;
        Residual = residual;
        EstimatedRows = Math.Max(left.EstimatedRows, right.EstimatedRows);
        Vectorized = Execution.Vectorized.VectorHashJoin.TryCreate(this);
    }

    /// <summary>The typed, batch-at-a-time execution of this join, or null when it needs the row path.</summary>
    internal Execution.Vectorized.VectorHashJoin? Vectorized { get; }

    public PlanNode Left { get; }

    public PlanNode Right { get; }

    public JoinType Type { get; }

    public BoundExpr[] LeftKeys { get; }

    public BoundExpr[] RightKeys { get; }

    public BoundExpr? Residual { get; }

    public override IEnumerable<PlanNode> Children => [Left, Right];

    public override string ExplainName => "Hash " + (Type == JoinType.Inner ? "Join" : $"{Type} Join");

    public override IEnumerable<string> ExplainDetails
    {
        get
        {
            yield return "Hash Cond: " + string.Join(" AND ", LeftKeys.Zip(RightKeys, (l, r) => $"({l} = {r})"));
            if (Residual is not null)
            {
                yield return $"Join Filter: {Residual}";
            }
        }
    }

    protected override OperatorState OpenCore(ExecContext ctx)
    {
        if (Vectorized is not null)
        {
            return Vectorized.Open(ctx);
        }

        var keyTypes = LeftKeys.Select(k => k.Type).ToArray();
        var table = new Dictionary<object?[], List<int>>(new RowEqualityComparer(keyTypes));
        var buildRows = new List<object?[]>();
        var right = Right.Open(ctx);
        try
        {
            while (right.Next() is { } batch)
            {
                ctx.CheckInterrupts();
                var keys = RightKeys.Select(k => k.EvalBatch(batch, ctx)).ToArray();
                for (var i = 0; i < batch.LiveCount; i++)
                {
                    var row = RowBatchBuilder.ReadRow(batch, batch.RowAt(i));
                    var index = buildRows.Count;
                    buildRows.Add(row);
                    var key = new object?[keys.Length];
                    var hasNull = false;
                    for (var k = 0; k < keys.Length; k++)
                    {
                        key[k] = keys[k].GetValue(i);
                        hasNull |= key[k] is null;
                    }

                    if (hasNull)
                    {
                        continue;
                    }

                    if (!table.TryGetValue(key, out var list))
                    {
                        table[key] = list = [];
                    }

                    list.Add(index);
                }

                ctx.CheckMemory(buildRows.Count);
            }
        }
        finally
        {
            right.Close();
        }

        var leftWidth = Left.Columns.Count;
        var rightWidth = Right.Columns.Count;
        var matchedBuild = Type is JoinType.Right or JoinType.Full ? new bool[buildRows.Count] : null;
        var slot = Residual is null ? null : new RowSlot([.. Left.Columns.Select(c => c.Type), .. Right.Columns.Select(c => c.Type)]);
        var output = new List<object?[]>();
        var left = Left.Open(ctx);
        var probe = new object?[LeftKeys.Length];
        try
        {
            while (left.Next() is { } batch)
            {
                ctx.CheckInterrupts();
                var keys = LeftKeys.Select(k => k.EvalBatch(batch, ctx)).ToArray();
                for (var i = 0; i < batch.LiveCount; i++)
                {
                    var hasNull = false;
                    for (var k = 0; k < keys.Length; k++)
                    {
                        probe[k] = keys[k].GetValue(i);
                        hasNull |= probe[k] is null;
                    }

                    var l = RowBatchBuilder.ReadRow(batch, batch.RowAt(i));
                    var matched = false;
                    if (!hasNull && table.TryGetValue(probe, out var candidates))
                    {
                        foreach (var b in candidates)
                        {
                            if (slot is not null)
                            {
                                slot.Load(l, leftWidth, buildRows[b]);
                                if (Residual!.Eval(slot.Batch, 0, ctx) is not true)
                                {
                                    continue;
                                }
                            }

                            matched = true;
                            if (matchedBuild is not null)
                            {
                                matchedBuild[b] = true;
                            }

                            if (Type is JoinType.Semi or JoinType.Anti)
                            {
                                break;
                            }

                            output.Add([.. l, .. buildRows[b]]);
                        }
                    }

                    if (!matched && Type is JoinType.Left or JoinType.Full)
                    {
                        output.Add([.. l, .. new object?[rightWidth]]);
                    }
                    else if ((Type == JoinType.Semi && matched) || (Type == JoinType.Anti && !matched))
                    {
                        output.Add(l);
                    }
                }

                ctx.CheckMemory(output.Count);
            }
        }
        finally
        {
            left.Close();
        }

        if (matchedBuild is not null)
        {
            for (var b = 0; b < buildRows.Count; b++)
            {
                if (!matchedBuild[b])
                {
                    output.Add([.. new object?[leftWidth], .. buildRows[b]]);
                }
            }
        }

        return new MaterializedRowsState(Columns, output);
    }
}
