using OmenDb.Engine.Types;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>
/// Equality of value tuples for grouping, DISTINCT, set operations and hash joins: per-type equality from
/// <see cref="ValueComparer"/>, with NULL equal to NULL (grouping semantics; joins filter nulls beforehand).
/// </summary>
internal sealed class RowEqualityComparer : IEqualityComparer<object?[]>
{
    private readonly PgType[] _types;

    public RowEqualityComparer(PgType[] types) => _types = types;

    public bool Equals(object?[]? x, object?[]? y)
    {
        for (var i = 0; i < _types.Length; i++)
        {
            var a = x![i];
            var b = y![i];
            if (a is null || b is null)
            {
                if (a is null != b is null)
                {
                    return false;
                }

                continue;
            }

            if (!ValueComparer.Equals(_types[i], a, b))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(object?[] obj)
    {
        var h = new HashCode();
        for (var i = 0; i < _types.Length; i++)
        {
            h.Add(obj[i] is null ? 0 : ValueComparer.GetHashCode(_types[i], obj[i]!));
        }

        return h.ToHashCode();
    }
}
