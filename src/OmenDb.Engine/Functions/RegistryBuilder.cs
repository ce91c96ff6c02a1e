using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions;

/// <summary>Collects registrations from the family files before <see cref="BuiltinFunctions"/> freezes them.</summary>
internal sealed class RegistryBuilder
{
    public Dictionary<string, List<FunctionOverload>> Functions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<OperatorOverload>> Operators { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<AggregateOverload>> Aggregates { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<SetReturningFunction>> SetReturning { get; } = new(StringComparer.Ordinal);

    /// <summary>Registers a scalar function overload.</summary>
    public void Fn(uint oid, string name, PgType[] args, PgType result, ScalarInvoker invoke,
        Volatility volatility = Volatility.Immutable, bool strict = true, bool variadic = false, int minArgs = -1,
        string[]? argNames = null, object?[]? defaults = null) =>
        Add(Functions, name, new FunctionOverload(oid, name, args, result, invoke)
        {
            Volatility = volatility,
            Strict = strict,
            Variadic = variadic,
            MinArgs = minArgs,
            ArgNames = argNames,
            ArgDefaults = defaults,
        });

    /// <summary>Registers a scalar function whose implementation depends on the actual argument types (see
    /// <see cref="FunctionOverload.Specialize"/>); the unspecialised invoker guesses types from the CLR values.</summary>
    public void FnTyped(uint oid, string name, PgType[] args, PgType result, Func<PgType[], PgType, ScalarInvoker> specialize,
        Volatility volatility = Volatility.Immutable, bool strict = true, bool variadic = false, int minArgs = -1) =>
        Add(Functions, name, new FunctionOverload(oid, name, args, result,
            (a, c) => specialize(TypeGuess.Of(a), result)(a, c))
        {
            Volatility = volatility,
            Strict = strict,
            Variadic = variadic,
            MinArgs = minArgs,
            Specialize = specialize,
        });

    /// <summary>Registers an operator whose implementation depends on the actual operand types.</summary>
    public void OpTyped(uint oid, string name, PgType? left, PgType right, PgType result, Func<PgType[], PgType, ScalarInvoker> specialize) =>
        Add(Operators, name, new OperatorOverload(oid, name, left, right, result, (a, c) => specialize(TypeGuess.Of(a), result)(a, c))
        {
            Specialize = specialize,
        });

    /// <summary>Registers an aggregate whose state depends on the actual argument types.</summary>
    public void AggTyped(uint oid, string name, PgType[] args, PgType result, Func<PgType[], PgType, Func<IAggregateState>> specialize,
        bool strict = true, bool orderedSet = false) =>
        Add(Aggregates, name, new AggregateOverload(oid, name, args, result, () => new GuessingAggregateState(specialize, result))
        {
            Strict = strict,
            OrderedSet = orderedSet,
            Specialize = specialize,
        });

    /// <summary>Registers an operator (left null for prefix operators).</summary>
    public void Op(uint oid, string name, PgType? left, PgType right, PgType result, ScalarInvoker invoke) =>
        Add(Operators, name, new OperatorOverload(oid, name, left, right, result, invoke));

    /// <summary>Registers an aggregate.</summary>
    public void Agg(uint oid, string name, PgType[] args, PgType result, Func<IAggregateState> create,
        bool strict = true, bool orderedSet = false) =>
        Add(Aggregates, name, new AggregateOverload(oid, name, args, result, create) { Strict = strict, OrderedSet = orderedSet });

    /// <summary>Registers a set-returning function.</summary>
    public void Srf(uint oid, string name, PgType[] args, (string Name, PgType Type)[] columns,
        Func<object?[], EvalContext, IEnumerable<object?[]>> invoke, bool strict = true) =>
        Add(SetReturning, name, new SetReturningFunction(oid, name, args, columns, invoke) { Strict = strict });

    /// <summary>Registers a function returning record, whose columns each query defines (see <see cref="SetReturningFunction.RecordInvoke"/>).</summary>
    public void RecordSrf(uint oid, string name, PgType[] args, Func<object?[], RecordColumn[], EvalContext, IEnumerable<object?[]>> invoke,
        bool strict = true, bool returnsSet = true) =>
        Add(SetReturning, name, new SetReturningFunction(oid, name, args, [], (_, _) => [])
        {
            Strict = strict,
            ReturnsSet = returnsSet,
            RecordInvoke = invoke,
        });

    private static void Add<T>(Dictionary<string, List<T>> map, string name, T item)
    {
        if (!map.TryGetValue(name, out var list))
        {
            list = [];
            map[name] = list;
        }

        list.Add(item);
    }
}
