using System.Collections.Frozen;
using OmenDb.Engine.Functions.Aggregates;
using OmenDb.Engine.Functions.Arrays;
using OmenDb.Engine.Functions.Formatting;
using OmenDb.Engine.Functions.Json;
using OmenDb.Engine.Functions.Numerics;
using OmenDb.Engine.Functions.Operators;
using OmenDb.Engine.Functions.SetReturning;
using OmenDb.Engine.Functions.Strings;
using OmenDb.Engine.Functions.Temporal;

namespace OmenDb.Engine.Functions;

/// <summary>
/// The built-in function, operator, aggregate and set-returning function library (pg_proc, pg_operator, pg_aggregate),
/// with PostgreSQL 15's OIDs and signatures. Polymorphic signatures use the pseudo types exactly as pg_proc does
/// (anyelement, anyarray, anynonarray, anycompatible, anycompatiblearray, "any"); the binder resolves them.
/// Each family file registers its entries from one static constructor into frozen dictionaries keyed by lower-case name.
/// </summary>
public static class BuiltinFunctions
{
    private static readonly FrozenDictionary<string, FunctionOverload[]> s_functions;
    private static readonly FrozenDictionary<string, OperatorOverload[]> s_operators;
    private static readonly FrozenDictionary<string, AggregateOverload[]> s_aggregates;
    private static readonly FrozenDictionary<string, SetReturningFunction[]> s_setReturning;

    static BuiltinFunctions()
    {
        var r = new RegistryBuilder();
        ComparisonOperators.Register(r);
        ArithmeticOperators.Register(r);
        MathFunctions.Register(r);
        DegreeTrig.Register(r);
        StringFunctions.Register(r);
        ByteaFunctions.Register(r);
        PatternFunctions.Register(r);
        DateTimeFunctions.Register(r);
        DateTimeOperators.Register(r);
        Overlaps.Register(r);
        FormattingFunctions.Register(r);
        JsonFunctions.Register(r);
        JsonRecordFunctions.Register(r);
        ArrayFunctions.Register(r);
        AggregateFunctions.Register(r);
        SeriesFunctions.Register(r);
        InformationSchemaFunctions.Register(r);
        Vectors.VectorFunctions.Register(r);
        s_functions = Freeze(r.Functions);
        s_operators = Freeze(r.Operators);
        s_aggregates = Freeze(r.Aggregates);
        s_setReturning = Freeze(r.SetReturning);
    }

    /// <summary>Scalar function overloads named <paramref name="name"/> (lower case); empty if none.</summary>
    public static IReadOnlyList<FunctionOverload> Lookup(string name) =>
        s_functions.TryGetValue(name, out var list) ? list : [];

    /// <summary>Every scalar function overload.</summary>
    public static IEnumerable<FunctionOverload> All => s_functions.Values.SelectMany(l => l);

    /// <summary>Operator overloads spelled <paramref name="name"/> (e.g. "+", "~~", "->>"); empty if none.</summary>
    public static IReadOnlyList<OperatorOverload> LookupOperator(string name) =>
        s_operators.TryGetValue(name, out var list) ? list : [];

    /// <summary>Every operator.</summary>
    public static IEnumerable<OperatorOverload> AllOperators => s_operators.Values.SelectMany(l => l);

    /// <summary>Aggregate overloads named <paramref name="name"/>; count(*) is the zero-argument count.</summary>
    public static IReadOnlyList<AggregateOverload> LookupAggregate(string name) =>
        s_aggregates.TryGetValue(name, out var list) ? list : [];

    /// <summary>Every aggregate overload.</summary>
    public static IEnumerable<AggregateOverload> AllAggregates => s_aggregates.Values.SelectMany(l => l);

    /// <summary>Set-returning function overloads named <paramref name="name"/>; empty if none.</summary>
    public static IReadOnlyList<SetReturningFunction> LookupSetReturning(string name) =>
        s_setReturning.TryGetValue(name, out var list) ? list : [];

    /// <summary>Every set-returning function overload.</summary>
    public static IEnumerable<SetReturningFunction> AllSetReturning => s_setReturning.Values.SelectMany(l => l);

    private static FrozenDictionary<string, T[]> Freeze<T>(Dictionary<string, List<T>> source)
    {
        var d = new Dictionary<string, T[]>(source.Count, StringComparer.Ordinal);
        foreach (var (k, v) in source)
        {
            d[k] = [.. v];
        }

        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
