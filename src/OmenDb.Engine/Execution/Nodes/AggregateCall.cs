using OmenDb.Engine.Binding;
using OmenDb.Engine.Functions;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>One aggregate in a GROUP BY: the function, its argument expressions and modifiers.</summary>
internal sealed record AggregateCall(AggregateOverload Function, BoundExpr[] Args, Types.PgType ResultType)
{
    /// <summary>Creates the state for a new group: the overload's, specialised for the argument types when it has
    /// <see cref="AggregateOverload.Specialize"/>.</summary>
    public Func<IAggregateState> CreateState { get; init; } = Function.CreateState;

    /// <summary>count(DISTINCT x) etc.</summary>
    public bool Distinct { get; init; }

    /// <summary>FILTER (WHERE ...).</summary>
    public BoundExpr? Filter { get; init; }

    /// <summary>ORDER BY inside the call (string_agg(x, ',' ORDER BY y)) or WITHIN GROUP keys.</summary>
    public SortKey[] OrderBy { get; init; } = [];

    /// <summary>Ordered-set direct arguments (the fraction of percentile_cont), evaluated once per group.</summary>
    public BoundExpr[] DirectArgs { get; init; } = [];

    public override string ToString()
        => $"{Function.Name}({(Distinct ? "DISTINCT " : "")}{string.Join(", ", Args.Select(a => a.ToString()))})";
}
