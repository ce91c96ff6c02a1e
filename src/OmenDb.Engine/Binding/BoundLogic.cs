using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Binding;

/// <summary>AND / OR over booleans with SQL three-valued logic.</summary>
internal sealed class BoolExpr : BoundExpr
{
    public BoolExpr(bool isAnd, BoundExpr[] operands)
        : base(PgTypes.Bool)
    {
        IsAnd = isAnd;
        Operands = operands;
    }

    public bool IsAnd { get; }

    public BoundExpr[] Operands { get; }

    public override IEnumerable<BoundExpr> Children => Operands;

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        var sawNull = false;
        foreach (var op in Operands)
        {
            var v = op.Eval(batch, row, ctx);
            if (v is null)
            {
                sawNull = true;
            }
            else if ((bool)v != IsAnd)
            {
                return !IsAnd;
            }
        }

        return sawNull ? null : IsAnd;
    }

    public override string ToString() => "(" + string.Join(IsAnd ? " AND " : " OR ", Operands.Select(o => o.ToString())) + ")";
}

/// <summary>NOT.</summary>
internal sealed class NotExpr : BoundExpr
{
    public NotExpr(BoundExpr operand)
        : base(PgTypes.Bool) => Operand = operand;

    public BoundExpr Operand { get; }

    public override IEnumerable<BoundExpr> Children => [Operand];

    public override object? Eval(Batch batch, int row, ExecContext ctx)
        => Operand.Eval(batch, row, ctx) is bool b ? !b : null;

    public override string ToString() => $"(NOT {Operand})";
}

/// <summary>IS [NOT] NULL.</summary>
internal sealed class IsNullExpr : BoundExpr
{
    public IsNullExpr(BoundExpr operand, bool negated)
        : base(PgTypes.Bool)
    {
        Operand = operand;
        Negated = negated;
    }

    public BoundExpr Operand { get; }

    public bool Negated { get; }

    public override IEnumerable<BoundExpr> Children => [Operand];

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        var v = Operand.Eval(batch, row, ctx);

        // A row value IS NULL when every field is null, IS NOT NULL when every field is not null.
        if (v is PgRecord rec)
        {
            return Negated ? rec.Values.All(x => x is not null) : rec.Values.All(x => x is null);
        }

        return (v is null) != Negated;
    }

    public override string ToString() => $"({Operand} IS {(Negated ? "NOT " : "")}NULL)";
}

/// <summary>IS [NOT] TRUE / FALSE / UNKNOWN.</summary>
internal sealed class IsBoolExpr : BoundExpr
{
    private readonly bool? _target;
    private readonly bool _negated;

    public IsBoolExpr(BoundExpr operand, bool? target, bool negated)
        : base(PgTypes.Bool)
    {
        Operand = operand;
        _target = target;
        _negated = negated;
    }

    public BoundExpr Operand { get; }

    public override IEnumerable<BoundExpr> Children => [Operand];

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        var v = (bool?)Operand.Eval(batch, row, ctx);
        return (v == _target) != _negated;
    }

    public override string ToString() => $"({Operand} IS {(_negated ? "NOT " : "")}{(_target is null ? "UNKNOWN" : _target.Value ? "TRUE" : "FALSE")})";
}

/// <summary>IS [NOT] DISTINCT FROM: equality where NULL equals NULL.</summary>
internal sealed class IsDistinctExpr : BoundExpr
{
    public IsDistinctExpr(BoundExpr left, BoundExpr right, BoundExpr equals, bool negated)
        : base(PgTypes.Bool)
    {
        Left = left;
        Right = right;
        Equals_ = equals;
        Negated = negated;
    }

    public BoundExpr Left { get; }

    public BoundExpr Right { get; }

    /// <summary>The bound "=" over the two operands (a CallExpr over the same children).</summary>
    public BoundExpr Equals_ { get; }

    public bool Negated { get; }

    public override IEnumerable<BoundExpr> Children => [Left, Right];

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        var l = Left.Eval(batch, row, ctx);
        var r = Right.Eval(batch, row, ctx);
        bool distinct;
        if (l is null || r is null)
        {
            distinct = (l is null) != (r is null);
        }
        else
        {
            distinct = Equals_.Eval(batch, row, ctx) is not true;
        }

        return distinct != Negated;
    }

    public override string ToString() => $"({Left} IS {(Negated ? "NOT " : "")}DISTINCT FROM {Right})";
}

/// <summary>CASE WHEN ... THEN ... ELSE ... END (a simple CASE is bound to equality tests).</summary>
internal sealed class CaseExpr : BoundExpr
{
    public CaseExpr((BoundExpr When, BoundExpr Then)[] whens, BoundExpr? @else, PgType type)
        : base(type)
    {
        Whens = whens;
        Else = @else;
    }

    public (BoundExpr When, BoundExpr Then)[] Whens { get; }

    public BoundExpr? Else { get; }

    public override IEnumerable<BoundExpr> Children
        => Whens.SelectMany(w => new[] { w.When, w.Then }).Concat(Else is null ? [] : [Else]);

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        foreach (var (when, then) in Whens)
        {
            if (when.Eval(batch, row, ctx) is true)
            {
                return then.Eval(batch, row, ctx);
            }
        }

        return Else?.Eval(batch, row, ctx);
    }

    public override string ToString() => "CASE " + string.Join(" ", Whens.Select(w => $"WHEN {w.When} THEN {w.Then}")) + (Else is null ? "" : $" ELSE {Else}") + " END";
}

/// <summary>COALESCE.</summary>
internal sealed class CoalesceExpr : BoundExpr
{
    public CoalesceExpr(BoundExpr[] args, PgType type)
        : base(type) => Args = args;

    public BoundExpr[] Args { get; }

    public override IEnumerable<BoundExpr> Children => Args;

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        foreach (var a in Args)
        {
            var v = a.Eval(batch, row, ctx);
            if (v is not null)
            {
                return v;
            }
        }

        return null;
    }

    public override string ToString() => $"COALESCE({string.Join(", ", Args.Select(a => a.ToString()))})";
}

/// <summary>GREATEST / LEAST (nulls ignored).</summary>
internal sealed class MinMaxExpr : BoundExpr
{
    public MinMaxExpr(bool greatest, BoundExpr[] args, PgType type)
        : base(type)
    {
        Greatest = greatest;
        Args = args;
    }

    public bool Greatest { get; }

    public BoundExpr[] Args { get; }

    public override IEnumerable<BoundExpr> Children => Args;

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        object? best = null;
        foreach (var a in Args)
        {
            var v = a.Eval(batch, row, ctx);
            if (v is null)
            {
                continue;
            }

            if (best is null || (ValueComparer.Compare(Type, v, best) > 0) == Greatest && ValueComparer.Compare(Type, v, best) != 0)
            {
                best = v;
            }
        }

        return best;
    }

    public override string ToString() => $"{(Greatest ? "GREATEST" : "LEAST")}({string.Join(", ", Args.Select(a => a.ToString()))})";
}

/// <summary>NULLIF(a, b): null when a = b.</summary>
internal sealed class NullIfExpr : BoundExpr
{
    public NullIfExpr(BoundExpr left, BoundExpr equals)
        : base(left.Type, left.Typmod)
    {
        Left = left;
        EqualsExpr = equals;
    }

    public BoundExpr Left { get; }

    public BoundExpr EqualsExpr { get; }

    public override IEnumerable<BoundExpr> Children => [Left, EqualsExpr];

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        var l = Left.Eval(batch, row, ctx);
        return l is not null && EqualsExpr.Eval(batch, row, ctx) is true ? null : l;
    }

    public override string ToString() => $"NULLIF({Left}, {EqualsExpr})";
}
