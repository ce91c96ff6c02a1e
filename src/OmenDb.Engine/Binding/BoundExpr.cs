using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Binding;

/// <summary>
/// A typed, name-resolved expression. <see cref="Eval"/> computes one row (the general path); <see cref="EvalBatch"/>
/// computes every live row of a batch into a dense vector, and nodes override it with typed loops where it pays.
/// </summary>
internal abstract class BoundExpr
{
    protected BoundExpr(PgType type, int typmod = -1)
    {
        Type = type;
        Typmod = typmod;
    }

    /// <summary>The result type.</summary>
    public PgType Type { get; protected set; }

    /// <summary>The result type modifier (-1 = none).</summary>
    public int Typmod { get; set; }

    /// <summary>Evaluates the expression for physical row <paramref name="row"/> of <paramref name="batch"/>.</summary>
    public abstract object? Eval(Batch batch, int row, ExecContext ctx);

    /// <summary>Evaluates every live row of <paramref name="batch"/> into a dense vector (row i = live row i).</summary>
    public virtual ColumnVector EvalBatch(Batch batch, ExecContext ctx)
    {
        var n = batch.LiveCount;
        var result = ColumnVector.Create(Type, Math.Max(n, 1));
        for (var i = 0; i < n; i++)
        {
            result.SetValue(i, Eval(batch, batch.RowAt(i), ctx));
        }

        result.Count = n;
        return result;
    }

    /// <summary>Children, for tree walks (constant folding, volatility checks, EXPLAIN).</summary>
    public virtual IEnumerable<BoundExpr> Children => [];

    /// <summary>Whether the expression reads no column, parameter, outer row or volatile function (so can be folded).</summary>
    public virtual bool IsConstant => Children.All(c => c.IsConstant);

    /// <summary>SQL-ish text for EXPLAIN.</summary>
    public abstract override string ToString();
}

/// <summary>A constant value.</summary>
internal sealed class ConstExpr : BoundExpr
{
    public ConstExpr(object? value, PgType type, int typmod = -1)
        : base(type, typmod) => Value = value;

    public object? Value { get; }

    /// <summary>Source offset of the literal this constant came from (-1 if none), for errors raised when it is coerced.</summary>
    public int Location { get; init; } = -1;

    public override object? Eval(Batch batch, int row, ExecContext ctx) => Value;

    public override bool IsConstant => true;

    public override string ToString() => Value is null ? "NULL" : "'" + ValueText.Format(Type, Value) + "'::" + Type.Name;
}

/// <summary>Column <see cref="Index"/> of the input batch.</summary>
internal sealed class ColumnExpr : BoundExpr
{
    public ColumnExpr(int index, PgType type, int typmod, string name)
        : base(type, typmod)
    {
        Index = index;
        Name = name;
    }

    public int Index { get; }

    public string Name { get; }

    /// <summary>Source table OID and attnum when this is a plain table column (RowDescription).</summary>
    public uint TableOid { get; init; }

    public short AttNum { get; init; }

    public override object? Eval(Batch batch, int row, ExecContext ctx) => batch.Columns[Index].GetValue(row);

    public override ColumnVector EvalBatch(Batch batch, ExecContext ctx)
    {
        var source = batch.Columns[Index];
        if (batch.Selection is null && source.Count == batch.RowCount)
        {
            return source;
        }

        var n = batch.LiveCount;
        var result = ColumnVector.Create(Type, Math.Max(n, 1));
        for (var i = 0; i < n; i++)
        {
            result.CopyFrom(source, batch.RowAt(i), i);
        }

        result.Count = n;
        return result;
    }

    public override bool IsConstant => false;

    public override string ToString() => Name;
}

/// <summary>A column of an enclosing query's current row (correlated subquery).</summary>
internal sealed class OuterColumnExpr : BoundExpr
{
    public OuterColumnExpr(int levelsUp, int index, PgType type, int typmod, string name)
        : base(type, typmod)
    {
        LevelsUp = levelsUp;
        Index = index;
        Name = name;
    }

    public int LevelsUp { get; }

    public int Index { get; }

    public string Name { get; }

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        var outer = ctx.GetOuter(LevelsUp);
        return outer.Batch.Columns[Index].GetValue(outer.Row);
    }

    public override bool IsConstant => false;

    public override string ToString() => Name;
}

/// <summary>Parameter $n.</summary>
internal sealed class ParamExpr : BoundExpr
{
    public ParamExpr(int number, PgType type)
        : base(type) => Number = number;

    public int Number { get; }

    public void SetType(PgType type) => Type = type;

    public override object? Eval(Batch batch, int row, ExecContext ctx) => ctx.Parameters[Number - 1];

    public override bool IsConstant => false;

    public override string ToString() => "$" + Number;
}
