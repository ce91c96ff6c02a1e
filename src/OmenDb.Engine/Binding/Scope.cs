using OmenDb.Common;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Binding;

/// <summary>A column visible by name in a FROM item: where it sits in the input batch and where it came from.</summary>
internal sealed record ScopeColumn(string Name, PgType Type, int Typmod, int Index, uint TableOid = 0, short AttNum = 0)
{
    /// <summary>Hidden columns (dropped slots, row ids) are addressable by index only.</summary>
    public bool Hidden { get; init; }

    /// <summary>Reachable only as alias.column (a USING column of one join side).</summary>
    public bool QualifiedOnly { get; init; }
}

/// <summary>One FROM item (table, subquery, function, join alias) and its columns.</summary>
internal sealed record ScopeItem(string? Alias, IReadOnlyList<ScopeColumn> Columns)
{
    public ScopeColumn? Find(string name, bool qualified = false)
    {
        ScopeColumn? found = null;
        foreach (var c in Columns)
        {
            if (!c.Hidden && c.Name == name && (qualified || !c.QualifiedOnly))
            {
                if (found is not null)
                {
                    ThrowHelper.Throw(SqlState.AmbiguousColumn, $"column reference \"{name}\" is ambiguous");
                }

                found = c;
            }
        }

        return found;
    }
}

/// <summary>
/// Names visible while binding one query level: its FROM items, plus the enclosing query's scope for
/// correlated references (PostgreSQL resolves the innermost level first).
/// </summary>
internal sealed class Scope
{
    public Scope(Scope? parent) => Parent = parent;

    public Scope? Parent { get; }

    public List<ScopeItem> Items { get; } = [];

    /// <summary>Width of the batch this scope's expressions read (sum of the items' columns).</summary>
    public int Width => Items.Sum(i => i.Columns.Count);

    /// <summary>Set while binding an aggregate's arguments or a grouped query: which output columns are grouped.</summary>
    public AggregateContext? Aggregates { get; set; }

    /// <summary>Set while binding a SELECT list or ORDER BY that may call window functions.</summary>
    public WindowContext? Windows { get; set; }

    /// <summary>Set while binding a select list: the set-returning function calls found there (run by a ProjectSet).</summary>
    public List<Execution.Nodes.SetFunctionResultExpr>? SetFunctions { get; set; }

    /// <summary>The clause being bound where set-returning functions are not allowed (for the error), e.g. "WHERE".</summary>
    public string? SetFunctionClause { get; set; }

    /// <summary>FROM items of the enclosing query level that this (non-lateral FROM subquery) level may not reference.</summary>
    public List<ScopeItem> Invisible { get; } = [];

    /// <summary>CTEs visible at this level (name → definition).</summary>
    public Dictionary<string, Execution.Nodes.CteDefinition> Ctes { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether a reference to an outer level was bound (the subquery is correlated).</summary>
    public bool IsCorrelated { get; set; }

    public Execution.Nodes.CteDefinition? FindCte(string name)
    {
        for (var s = this; s is not null; s = s.Parent)
        {
            if (s.Ctes.TryGetValue(name, out var cte))
            {
                return cte;
            }
        }

        return null;
    }
}
