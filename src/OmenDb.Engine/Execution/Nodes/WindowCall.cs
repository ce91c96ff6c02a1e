using OmenDb.Engine.Binding;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>The built-in window functions (PostgreSQL docs 9.22); aggregates used with OVER are <see cref="Aggregate"/>.</summary>
internal enum WindowFunctionKind : byte
{
    Aggregate,
    RowNumber,
    Rank,
    DenseRank,
    PercentRank,
    CumeDist,
    Ntile,
    Lag,
    Lead,
    FirstValue,
    LastValue,
    NthValue,
}

/// <summary>
/// One frame boundary: its kind and, for n PRECEDING / n FOLLOWING, the offset expression (constant per
/// partition) and, in RANGE mode, the operator that moves an ORDER BY value by the offset.
/// </summary>
internal sealed record WindowFrameBound(FrameBoundKind Kind, BoundExpr? Offset)
{
    /// <summary>RANGE mode: key + offset (FOLLOWING) or key - offset (PRECEDING) for an ascending key.</summary>
    public ScalarInvoker? Add { get; init; }

    /// <summary>RANGE mode: the opposite operation, for a descending key.</summary>
    public ScalarInvoker? Subtract { get; init; }

    public override string ToString() => Kind switch
    {
        FrameBoundKind.UnboundedPreceding => "UNBOUNDED PRECEDING",
        FrameBoundKind.UnboundedFollowing => "UNBOUNDED FOLLOWING",
        FrameBoundKind.CurrentRow => "CURRENT ROW",
        FrameBoundKind.Preceding => $"{Offset} PRECEDING",
        _ => $"{Offset} FOLLOWING",
    };
}

/// <summary>A window frame: ROWS / RANGE / GROUPS between two bounds, with its EXCLUDE option.</summary>
internal sealed record WindowFrameSpec(FrameMode Mode, WindowFrameBound Start, WindowFrameBound End, FrameExclusion Exclusion)
{
    /// <summary>The default frame: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW.</summary>
    public static readonly WindowFrameSpec Default = new(FrameMode.Range, new(FrameBoundKind.UnboundedPreceding, null),
        new(FrameBoundKind.CurrentRow, null), FrameExclusion.None);

    public override string ToString()
        => $"{Mode.ToString().ToUpperInvariant()} BETWEEN {Start} AND {End}"
            + (Exclusion is FrameExclusion.None or FrameExclusion.NoOthers ? "" : Exclusion switch
            {
                FrameExclusion.CurrentRow => " EXCLUDE CURRENT ROW",
                FrameExclusion.Group => " EXCLUDE GROUP",
                _ => " EXCLUDE TIES",
            });
}

/// <summary>PARTITION BY and ORDER BY of a window; calls with equal clauses share one sort.</summary>
internal sealed record WindowClause(BoundExpr[] PartitionBy, SortKey[] OrderBy)
{
    /// <summary>Text identifying the clause, for grouping calls that can share a sort.</summary>
    public string Key { get; } = string.Join(",", PartitionBy.Select(p => p.ToString())) + "|" + string.Join(",", OrderBy.Select(o => o.ToString()));
}

/// <summary>One window function call: what it computes, over which window and frame, from which arguments.</summary>
internal sealed record WindowCall(string Name, WindowFunctionKind Kind, BoundExpr[] Args, PgType ResultType, WindowClause Clause, WindowFrameSpec Frame)
{
    /// <summary>The aggregate for <see cref="WindowFunctionKind.Aggregate"/>.</summary>
    public AggregateOverload? Aggregate { get; init; }

    /// <summary>FILTER (WHERE ...) of an aggregate.</summary>
    public BoundExpr? Filter { get; init; }

    public override string ToString()
    {
        var parts = new List<string>();
        if (Clause.PartitionBy.Length > 0)
        {
            parts.Add("PARTITION BY " + string.Join(", ", Clause.PartitionBy.Select(p => p.ToString())));
        }

        if (Clause.OrderBy.Length > 0)
        {
            parts.Add("ORDER BY " + string.Join(", ", Clause.OrderBy.Select(o => o.ToString())));
        }

        if (Frame != WindowFrameSpec.Default)
        {
            parts.Add(Frame.ToString());
        }

        return $"{Name}({string.Join(", ", Args.Select(a => a.ToString()))}) OVER ({string.Join(" ", parts)})";
    }
}

/// <summary>Reads a window function's result: the column the <see cref="WindowNode"/> appends for <see cref="Call"/>.</summary>
internal sealed class WindowResultExpr : BoundExpr
{
    public WindowResultExpr(WindowCall call)
        : base(call.ResultType) => Call = call;

    public WindowCall Call { get; }

    /// <summary>The column of the window node's output (set once the node's input width is known).</summary>
    public int Column { get; set; } = -1;

    public override bool IsConstant => false;

    public override object? Eval(Columnar.Batch batch, int row, ExecContext ctx) => batch.Columns[Column].GetValue(row);

    public override string ToString() => Call.ToString();
}
