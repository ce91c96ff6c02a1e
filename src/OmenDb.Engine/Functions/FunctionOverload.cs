using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions;

/// <summary>
/// One pg_proc entry: a scalar function overload. Argument types may be polymorphic pseudo types
/// (anyelement, anyarray, anycompatible, anycompatiblearray, "any"), resolved by the binder as PostgreSQL does.
/// </summary>
public sealed class FunctionOverload
{
    /// <summary>Creates an overload.</summary>
    public FunctionOverload(uint oid, string name, PgType[] argTypes, PgType returnType, ScalarInvoker invoke)
    {
        Oid = oid;
        Name = name;
        ArgTypes = argTypes;
        ReturnType = returnType;
        Invoke = invoke;
    }

    /// <summary>pg_proc.oid (PostgreSQL's where the function exists there).</summary>
    public uint Oid { get; }

    /// <summary>pg_proc.proname.</summary>
    public string Name { get; }

    /// <summary>pg_proc.proargtypes.</summary>
    public PgType[] ArgTypes { get; }

    /// <summary>pg_proc.prorettype.</summary>
    public PgType ReturnType { get; }

    /// <summary>The implementation.</summary>
    public ScalarInvoker Invoke { get; }

    /// <summary>pg_proc.proisstrict: null in any argument → null out, without calling.</summary>
    public bool Strict { get; init; } = true;

    /// <summary>pg_proc.provolatile.</summary>
    public Volatility Volatility { get; init; } = Volatility.Immutable;

    /// <summary>VARIADIC: the last argument type is an array whose elements may be passed as separate arguments.</summary>
    public bool Variadic { get; init; }

    /// <summary>Minimum argument count when trailing arguments have defaults (pg_proc.pronargdefaults).</summary>
    public int MinArgs { get; init; } = -1;

    /// <summary>Parameter names for named notation (pg_proc.proargnames), or null.</summary>
    public string[]? ArgNames { get; init; }

    /// <summary>Default values by parameter position (null where there is none), for arguments named notation leaves out.</summary>
    public object?[]? ArgDefaults { get; init; }

    /// <summary>
    /// Optional bind-time specialisation for overloads whose behaviour depends on the resolved argument types
    /// (the CLR value alone is ambiguous: int is int4 or date, long is int8 or a timestamp, string is text or jsonb).
    /// Used by "any"/anyelement functions that format or convert their arguments (concat, format, to_json,
    /// json_build_object, quote_literal, array functions taking a null array). When set, the binder calls it once with
    /// the actual argument types (after VARIADIC expansion, unknown literals resolved as text) and the resolved result
    /// type, and uses the returned invoker instead of <see cref="Invoke"/>. <see cref="Invoke"/> still works, guessing
    /// types from CLR values.
    /// </summary>
    public Func<PgType[], PgType, ScalarInvoker>? Specialize { get; init; }
}
