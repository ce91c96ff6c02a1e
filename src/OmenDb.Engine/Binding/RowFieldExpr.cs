using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Binding;

/// <summary>Field <see cref="Index"/> of a row-valued subquery (<see cref="SubqueryKind.Row"/>), NULL when it returned no row.</summary>
internal sealed class RowFieldExpr : BoundExpr
{
    public RowFieldExpr(BoundExpr row, int index, PgType type, int typmod)
        : base(type, typmod)
    {
        Row = row;
        Index = index;
    }

    public BoundExpr Row { get; }

    public int Index { get; }

    public override IEnumerable<BoundExpr> Children => [Row];

    public override bool IsConstant => false;

    public override object? Eval(Batch batch, int row, ExecContext ctx)
        => Row.Eval(batch, row, ctx) is object?[] values ? values[Index] : null;

    public override string ToString() => $"({Row}).f{Index + 1}";
}
