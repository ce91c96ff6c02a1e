using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions;

/// <summary>
/// The running state of one aggregate for one group. Created per group by <see cref="AggregateOverload.CreateState"/>.
/// The executor filters rows (FILTER, DISTINCT, strictness: a strict aggregate never sees a row with a null argument)
/// before calling <see cref="Add"/>.
/// </summary>
public interface IAggregateState
{
    /// <summary>Accumulates one row's arguments.</summary>
    void Add(ReadOnlySpan<object?> args, EvalContext context);

    /// <summary>The final value (null for SQL NULL, e.g. sum over no rows).</summary>
    object? Result(EvalContext context);
}

/// <summary>One aggregate function overload (pg_aggregate + pg_proc). Ordered-set aggregates
/// (percentile_cont ... WITHIN GROUP) receive the direct argument first, then the ordered value.</summary>
public sealed class AggregateOverload
{
    /// <summary>Creates an aggregate overload.</summary>
    public AggregateOverload(uint oid, string name, PgType[] argTypes, PgType returnType, Func<IAggregateState> createState)
    {
        Oid = oid;
        Name = name;
        ArgTypes = argTypes;
        ReturnType = returnType;
        CreateState = createState;
    }

    /// <summary>pg_proc.oid.</summary>
    public uint Oid { get; }

    /// <summary>Function name.</summary>
    public string Name { get; }

    /// <summary>Argument types (polymorphic pseudo types allowed, e.g. anyelement for min/max, anyarray results).</summary>
    public PgType[] ArgTypes { get; }

    /// <summary>Result type (pseudo types resolved by the binder from the arguments).</summary>
    public PgType ReturnType { get; }

    /// <summary>Creates the state for a new group.</summary>
    public Func<IAggregateState> CreateState { get; }

    /// <summary>Whether rows with a null argument are skipped (true for all but count(*)-like and array_agg/json_agg).</summary>
    public bool Strict { get; init; } = true;

    /// <summary>An ordered-set aggregate (WITHIN GROUP (ORDER BY ...)).</summary>
    public bool OrderedSet { get; init; }

    /// <summary>
    /// Optional bind-time specialisation for polymorphic aggregates (array_agg, json_agg, jsonb_object_agg, mode,
    /// percentile_disc need the actual argument type to build arrays, format JSON or compare): when set, the binder
    /// calls it with the actual argument types and resolved result type and uses the returned factory instead of
    /// <see cref="CreateState"/>.
    /// </summary>
    public Func<PgType[], PgType, Func<IAggregateState>>? Specialize { get; init; }
}

/// <summary>
/// A set-returning function (generate_series, unnest, jsonb_array_elements, jsonb_each, regexp_matches...).
/// Each produced row is an array with one value per output column.
/// </summary>
public sealed class SetReturningFunction
{
    /// <summary>Creates a set-returning function.</summary>
    public SetReturningFunction(uint oid, string name, PgType[] argTypes, (string Name, PgType Type)[] columns,
        Func<object?[], EvalContext, IEnumerable<object?[]>> invoke)
    {
        Oid = oid;
        Name = name;
        ArgTypes = argTypes;
        Columns = columns;
        Invoke = invoke;
    }

    /// <summary>pg_proc.oid.</summary>
    public uint Oid { get; }

    /// <summary>Function name.</summary>
    public string Name { get; }

    /// <summary>Argument types (polymorphic allowed: unnest(anyarray) returns anyelement).</summary>
    public PgType[] ArgTypes { get; }

    /// <summary>Output columns; a single column named after the function for scalar SRFs (e.g. "generate_series").</summary>
    public (string Name, PgType Type)[] Columns { get; }

    /// <summary>Produces the rows (called with non-null args when <see cref="Strict"/>).</summary>
    public Func<object?[], EvalContext, IEnumerable<object?[]>> Invoke { get; }

    /// <summary>Null in any argument → no rows (one row of NULLs when the function does not <see cref="ReturnsSet"/>).</summary>
    public bool Strict { get; init; } = true;

    /// <summary>
    /// pg_proc.proretset: false for a function returning one record (json_to_record), which in FROM gives one row, of
    /// NULLs when a strict call's argument is null.
    /// </summary>
    public bool ReturnsSet { get; init; } = true;

    /// <summary>
    /// For a function returning <c>record</c> (json_to_record...): produces the rows of the columns a column definition
    /// list names (<c>FROM f(...) AS x(a int, b text)</c>); <see cref="Columns"/> is empty and <see cref="Invoke"/>
    /// unused until <see cref="WithColumns"/> makes the function of one query.
    /// </summary>
    public Func<object?[], RecordColumn[], EvalContext, IEnumerable<object?[]>>? RecordInvoke { get; init; }

    /// <summary>Whether the function returns <c>record</c>, so that a query must define its columns.</summary>
    public bool ReturnsRecord => RecordInvoke is not null;

    /// <summary>This record-returning function with the columns of a query's column definition list.</summary>
    public SetReturningFunction WithColumns(RecordColumn[] columns)
    {
        var invoke = RecordInvoke ?? throw new InvalidOperationException($"{Name} does not return record");
        return new SetReturningFunction(Oid, Name, ArgTypes, [.. columns.Select(c => (c.Name, c.Type))], (args, context) => invoke(args, columns, context))
        {
            Strict = Strict,
            ReturnsSet = ReturnsSet,
        };
    }
}

/// <summary>One column of a column definition list: its name, type and type modifier.</summary>
public readonly record struct RecordColumn(string Name, PgType Type, int Typmod);
