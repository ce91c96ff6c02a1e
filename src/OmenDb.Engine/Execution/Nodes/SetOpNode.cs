using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>Set operations by kind.</summary>
internal enum SetOpKind : byte
{
    Union,
    Intersect,
    Except,
}

/// <summary>UNION / INTERSECT / EXCEPT [ALL] with PostgreSQL's multiset semantics (NULLs compare equal).</summary>
internal sealed class SetOpNode : PlanNode
{
    public SetOpNode(SetOpKind kind, bool all, PlanNode left, PlanNode right, IReadOnlyList<ResultColumn> columns)
        : base(columns)
    {
        Kind = kind;
        All = all;
        Left = left;
        Right = right;
        EstimatedRows = left.EstimatedRows + right.EstimatedRows;
    }

    public SetOpKind Kind { get; }

    public bool All { get; }

    public PlanNode Left { get; }

    public PlanNode Right { get; }

    public override IEnumerable<PlanNode> Children => [Left, Right];

    public override string ExplainName => Kind == SetOpKind.Union ? (All ? "Append" : "HashAggregate (union)") : $"HashSetOp {Kind}{(All ? " All" : "")}";

    protected override OperatorState OpenCore(ExecContext ctx)
    {
        var comparer = new RowEqualityComparer(Columns.Select(c => c.Type).ToArray());
        var left = NestedLoopJoinNode.Drain(Left.Open(ctx), ctx);
        var right = NestedLoopJoinNode.Drain(Right.Open(ctx), ctx);
        var output = new List<object?[]>();
        switch (Kind)
        {
            case SetOpKind.Union when All:
                output.AddRange(left);
                output.AddRange(right);
                break;
            case SetOpKind.Union:
                {
                    var seen = new HashSet<object?[]>(comparer);
                    foreach (var r in left.Concat(right))
                    {
                        if (seen.Add(r))
                        {
                            output.Add(r);
                        }
                    }

                    break;
                }

            default:
                {
                    var counts = new Dictionary<object?[], int>(comparer);
                    foreach (var r in right)
                    {
                        counts[r] = counts.GetValueOrDefault(r) + 1;
                    }

                    var emitted = new HashSet<object?[]>(comparer);
                    foreach (var r in left)
                    {
                        var c = counts.GetValueOrDefault(r);
                        if (Kind == SetOpKind.Intersect)
                        {
                            if (c > 0 && (All || emitted.Add(r)))
                            {
                                output.Add(r);
                                if (All)
                                {
                                    counts[r] = c - 1;
                                }
                            }
                        }
                        else if (All)
                        {
                            if (c > 0)
                            {
                                counts[r] = c - 1;
                            }
                            else
                            {
                                output.Add(r);
                            }
                        }
                        else if (c == 0 && emitted.Add(r))
                        {
                            output.Add(r);
                        }
                    }

                    break;
                }
        }

        return new MaterializedRowsState(Columns, output);
    }
}
