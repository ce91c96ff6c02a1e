using OmenDb.Common;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Binding;

/// <summary>What a subquery expression computes from its rows.</summary>
internal enum SubqueryKind : byte
{
    Scalar,
    Exists,
    Any,
    All,
    Array,
    /// <summary>The single row as an object?[] (UPDATE ... SET (a, b) = (SELECT ...)); null when there is none.</summary>
    Row,
}

/// <summary>
/// A subquery in an expression. Uncorrelated subqueries run once per execution and are cached;
/// correlated ones run per outer row with that row pushed as the outer context.
/// </summary>
internal sealed class SubqueryExpr : BoundExpr
{
    private readonly ScalarInvoker? _op;

    public SubqueryExpr(SubqueryKind kind, PlanNode plan, bool correlated, PgType type, BoundExpr? left = null, ScalarInvoker? op = null)
        : base(type)
    {
        Kind = kind;
        Plan = plan;
        Correlated = correlated;
        Left = left;
        _op = op;
    }

    public SubqueryKind Kind { get; }

    /// <summary>The comparison takes whole subquery rows (a row constructor on the left), not their first column.</summary>
    public bool CompareRows { get; init; }

    public PlanNode Plan { get; }

    public bool Correlated { get; }

    public BoundExpr? Left { get; }

    public override IEnumerable<BoundExpr> Children => Left is null ? [] : [Left];

    public override bool IsConstant => false;

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        List<object?[]> rows;
        if (Correlated)
        {
            ctx.PushOuter(batch, row);
            try
            {
                rows = Run(ctx, Kind == SubqueryKind.Exists ? 1 : int.MaxValue);
            }
            finally
            {
                ctx.PopOuter();
            }
        }
        else
        {
            if (!ctx.SubqueryCache.TryGetValue(this, out rows!))
            {
                rows = Run(ctx, int.MaxValue);
                ctx.SubqueryCache[this] = rows;
            }
        }

        switch (Kind)
        {
            case SubqueryKind.Exists:
                return rows.Count > 0;
            case SubqueryKind.Scalar or SubqueryKind.Row:
                if (rows.Count > 1)
                {
                    ThrowHelper.Throw(SqlState.CardinalityViolation, "more than one row returned by a subquery used as an expression");
                }

                return rows.Count == 0 ? null : Kind == SubqueryKind.Row ? rows[0] : rows[0][0];
            case SubqueryKind.Array:
                return new PgArray(Type.ElementType!, [.. rows.Select(r => r[0])]);
            default:
                return QuantifiedExpr.Quantify(Left!.Eval(batch, row, ctx), CompareRows ? rows : rows.Select(r => r[0]), _op!, Kind == SubqueryKind.All, ctx.Eval);
        }
    }

    private List<object?[]> Run(ExecContext ctx, int max)
    {
        var rows = new List<object?[]>();
        var state = Plan.Open(ctx);
        try
        {
            while (rows.Count < max && state.Next() is { } b)
            {
                for (var i = 0; i < b.LiveCount && rows.Count < max; i++)
                {
                    rows.Add(Execution.RowBatchBuilder.ReadRow(b, b.RowAt(i)));
                }
            }
        }
        finally
        {
            state.Close();
        }

        return rows;
    }

    public override string ToString() => Kind switch
    {
        SubqueryKind.Exists => "EXISTS(SubPlan)",
        SubqueryKind.Scalar => "(SubPlan)",
        _ => $"({Left} = {Kind} (SubPlan))",
    };
}
