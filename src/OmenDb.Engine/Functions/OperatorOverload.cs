using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions;

/// <summary>One pg_operator entry. <see cref="Left"/> is null for prefix operators (-x, ~x, @x).</summary>
public sealed class OperatorOverload
{
    /// <summary>Creates an operator.</summary>
    public OperatorOverload(uint oid, string name, PgType? left, PgType right, PgType result, ScalarInvoker invoke)
    {
        Oid = oid;
        Name = name;
        Left = left;
        Right = right;
        Result = result;
        Invoke = invoke;
    }

    /// <summary>pg_operator.oid.</summary>
    public uint Oid { get; }

    /// <summary>pg_operator.oprname, e.g. "+", "||", "~~".</summary>
    public string Name { get; }

    /// <summary>pg_operator.oprleft (null for a prefix operator).</summary>
    public PgType? Left { get; }

    /// <summary>pg_operator.oprright.</summary>
    public PgType Right { get; }

    /// <summary>pg_operator.oprresult.</summary>
    public PgType Result { get; }

    /// <summary>The implementation (strict: never called with a null argument).</summary>
    public ScalarInvoker Invoke { get; }

    /// <summary>
    /// Optional bind-time specialisation (text || anynonarray formats the non-text operand by its type): when set, the
    /// binder calls it with the actual operand types ([right] for a prefix operator, [left, right] otherwise) and the
    /// resolved result type, and uses the returned invoker instead of <see cref="Invoke"/>.
    /// </summary>
    public Func<PgType[], PgType, ScalarInvoker>? Specialize { get; init; }
}
