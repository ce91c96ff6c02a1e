using OmenDb.Engine.Binding;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>One ORDER BY key: an expression, its direction and null placement (PostgreSQL: NULLS LAST for ASC, FIRST for DESC).</summary>
internal sealed record SortKey(BoundExpr Expr, bool Descending, bool NullsFirst)
{
    /// <summary>Compares two key values (nulls included) in this key's order.</summary>
    public int Compare(object? a, object? b)
    {
        if (a is null || b is null)
        {
            if (a is null && b is null)
            {
                return 0;
            }

            return (a is null) == NullsFirst ? -1 : 1;
        }

        var c = ValueComparer.Compare(Expr.Type, a, b);
        return Descending ? -c : c;
    }

    public override string ToString() => Expr + (Descending ? " DESC" : "") + (NullsFirst != Descending ? (NullsFirst ? " NULLS FIRST" : " NULLS LAST") : "");
}

/// <summary>Compares materialised rows whose trailing columns are the sort keys' values.</summary>
internal sealed class RowKeyComparer : IComparer<object?[]>
{
    private readonly SortKey[] _keys;
    private readonly int _keyOffset;

    public RowKeyComparer(SortKey[] keys, int keyOffset)
    {
        _keys = keys;
        _keyOffset = keyOffset;
    }

    public int Compare(object?[]? x, object?[]? y)
    {
        for (var k = 0; k < _keys.Length; k++)
        {
            var c = _keys[k].Compare(x![_keyOffset + k], y![_keyOffset + k]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }
}
