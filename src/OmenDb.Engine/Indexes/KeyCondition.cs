using OmenDb.Engine.Binding;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// The part of a WHERE clause an ordered key index answers: comparisons of the key column with values known
/// when the scan starts (constants, $n parameters, casts of them), and at most one <c>key IN (...)</c> /
/// <c>key = ANY(array)</c>. <see cref="Evaluate"/> turns them into one key interval plus, for IN, a set of
/// points; comparisons are exact in 64-bit integers, so nothing has to be rechecked.
/// </summary>
internal sealed class KeyCondition
{
    private static readonly Batch s_noRow = new([], 1);

    /// <summary>(operator with the key on the left: = &lt; &lt;= &gt; &gt;=, value).</summary>
    public List<(string Op, BoundExpr Value)> Bounds { get; } = [];

    /// <summary>IN list items, or null.</summary>
    public BoundExpr[]? InList { get; set; }

    /// <summary>= ANY(array) operand, or null.</summary>
    public BoundExpr? InArray { get; set; }

    /// <summary>The conjuncts used, for EXPLAIN's Index Cond.</summary>
    public List<BoundExpr> Used { get; } = [];

    /// <summary>Whether the condition restricts anything.</summary>
    public bool IsEmpty => Bounds.Count == 0 && InList is null && InArray is null;

    /// <summary>Whether <paramref name="value"/> can be evaluated once when the scan starts (constants, $n, and non-volatile calls and casts of them).</summary>
    public static bool IsRuntimeConstant(BoundExpr value) => value switch
    {
        ConstExpr or ParamExpr => true,
        CastExpr cast => IsRuntimeConstant(cast.Operand),
        CallExpr call => !call.IsVolatile && call.Args.All(IsRuntimeConstant),
        _ => value.IsConstant,
    };

    /// <summary>The key range and (for IN) the points, or null when no row can match (a NULL or an empty interval).</summary>
    public (long Low, long High, long[]? Points)? Evaluate(ExecContext ctx)
    {
        long low = long.MinValue, high = long.MaxValue;
        foreach (var (op, expr) in Bounds)
        {
            if (!TableKeyIndex.TryKey(expr.Eval(s_noRow, 0, ctx), out var v))
            {
                return null;
            }

            switch (op)
            {
                case "=":
                    low = Math.Max(low, v);
                    high = Math.Min(high, v);
                    break;
                case "<" when v == long.MinValue:
                    return null;
                case "<":
                    high = Math.Min(high, v - 1);
                    break;
                case "<=":
                    high = Math.Min(high, v);
                    break;
                case ">" when v == long.MaxValue:
                    return null;
                case ">":
                    low = Math.Max(low, v + 1);
                    break;
                default:
                    low = Math.Max(low, v);
                    break;
            }
        }

        if (low > high)
        {
            return null;
        }

        return InList is null && InArray is null ? (low, high, null) : Points(low, high, ctx);
    }

    /// <summary>The IN list's or array's keys within [low, high], sorted and distinct (its own method: the lambda's
    /// closure would otherwise be allocated on every evaluation, also of a plain key lookup).</summary>
    private (long Low, long High, long[]? Points)? Points(long low, long high, ExecContext ctx)
    {
        IEnumerable<object?> items = InList is not null
            ? InList.Select(e => e.Eval(s_noRow, 0, ctx))
            : (InArray!.Eval(s_noRow, 0, ctx) as PgArray)?.Elements ?? [];
        var points = new SortedSet<long>();
        foreach (var item in items)
        {
            if (TableKeyIndex.TryKey(item, out var p) && p >= low && p <= high)
            {
                points.Add(p);
            }
        }

        return points.Count == 0 ? null : (low, high, [.. points]);
    }
}
