using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Binding;

/// <summary>A call of a scalar function or operator implementation on evaluated arguments.</summary>
internal sealed class CallExpr : BoundExpr
{
    private readonly ScalarInvoker _invoke;
    private readonly bool _strict;
    private readonly bool _volatile;

    public CallExpr(string name, ScalarInvoker invoke, BoundExpr[] args, PgType type, bool strict, bool isVolatile, bool isOperator)
        : base(type)
    {
        Name = name;
        _invoke = invoke;
        Args = args;
        _strict = strict;
        _volatile = isVolatile;
        IsOperator = isOperator;
    }

    public string Name { get; }

    public BoundExpr[] Args { get; }

    public bool IsOperator { get; }

    /// <summary>The implementation (for IN lists and ANY/ALL, which call it per element).</summary>
    public ScalarInvoker Invoker => _invoke;

    /// <summary>Null in any argument gives null without a call.</summary>
    public bool Strict => _strict;

    /// <summary>Whether the function may return a different result for the same arguments.</summary>
    public bool IsVolatile => _volatile;

    public override IEnumerable<BoundExpr> Children => Args;

    public override bool IsConstant => !_volatile && base.IsConstant;

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        var values = new object?[Args.Length];
        for (var i = 0; i < Args.Length; i++)
        {
            var v = Args[i].Eval(batch, row, ctx);
            if (v is null && _strict)
            {
                return null;
            }

            values[i] = v;
        }

        return _invoke(values, ctx.Eval);
    }

    public override ColumnVector EvalBatch(Batch batch, ExecContext ctx)
    {
        var n = batch.LiveCount;
        var argVectors = new ColumnVector[Args.Length];
        for (var a = 0; a < Args.Length; a++)
        {
            argVectors[a] = Args[a].EvalBatch(batch, ctx);
        }

        var result = ColumnVector.Create(Type, Math.Max(n, 1));
        var values = new object?[Args.Length];
        for (var i = 0; i < n; i++)
        {
            var skip = false;
            for (var a = 0; a < argVectors.Length; a++)
            {
                var v = argVectors[a].GetValue(i);
                if (v is null && _strict)
                {
                    skip = true;
                    break;
                }

                values[a] = v;
            }

            result.SetValue(i, skip ? null : _invoke(values, ctx.Eval));
        }

        result.Count = n;
        return result;
    }

    public override string ToString() => IsOperator
        ? Args.Length == 1 ? $"({Name} {Args[0]})" : $"({Args[0]} {Name} {Args[1]})"
        : $"{Name}({string.Join(", ", Args.Select(a => a.ToString()))})";
}

/// <summary>A type conversion (CAST, ::, or an implicit/assignment coercion), with the target typmod applied.</summary>
internal sealed class CastExpr : BoundExpr
{
    private readonly CastInvoker? _invoke;
    private readonly bool _explicit;

    public CastExpr(BoundExpr operand, CastInvoker? invoke, PgType type, int typmod, bool isExplicit)
        : base(type, typmod)
    {
        Operand = operand;
        _invoke = invoke;
        _explicit = isExplicit;
    }

    public BoundExpr Operand { get; }

    public override IEnumerable<BoundExpr> Children => [Operand];

    /// <summary>The same cast over another operand.</summary>
    public CastExpr WithOperand(BoundExpr operand) => new(operand, _invoke, Type, Typmod, _explicit);

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        var v = Operand.Eval(batch, row, ctx);
        if (v is null)
        {
            return null;
        }

        if (_invoke is not null)
        {
            v = _invoke(v, Typmod, ctx.Eval);
        }

        return Typmod >= 0 ? ValueText.ApplyTypmod(Type, v, Typmod, _explicit) : v;
    }

    public override string ToString() => $"({Operand})::{Type.Name}";
}
