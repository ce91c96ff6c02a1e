using OmenDb.Engine.Binding;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// Chooses an index nested-loop join (<see cref="IndexNestedLoopJoinNode"/>) over a hash join when the join has an
/// equality between an outer expression and an indexed integer column of a plain table scan on the inner (right)
/// side, and the outer side is small: the cost model compares probing the index once per outer row (a batched,
/// prefetched lookup) with scanning and hashing the whole inner table, and takes the probe when the outer side has
/// at most <see cref="MaxOuterFraction"/> of the inner table's rows (each probe costs a few cache misses; each
/// scanned and hashed row about one).
/// </summary>
internal static class IndexJoinPlanner
{
    /// <summary>Largest outer/inner row ratio for which probing beats scanning and hashing the inner table.</summary>
    public const double MaxOuterFraction = 1.0 / 16;

    /// <summary>
    /// The index nested-loop join for <paramref name="left"/> ⋈ <paramref name="right"/> on one of the equalities
    /// <paramref name="equalities"/> (outer expression, inner expression over the right side's columns, and the
    /// conjunct itself over both sides' columns), the other <paramref name="conjuncts"/> of the join condition
    /// becoming its join filter; null when a hash join (or a plain nested loop) fits better. Integer keys of
    /// different widths qualify, as the index compares them as 64-bit integers.
    /// </summary>
    public static PlanNode? TryPlan(PlanNode left, PlanNode right, JoinType type,
        IReadOnlyList<(BoundExpr Outer, BoundExpr Inner, BoundExpr Conjunct)> equalities, IReadOnlyList<BoundExpr> conjuncts,
        IReadOnlyList<ResultColumn> columns)
    {
        if (type is not (JoinType.Inner or JoinType.Left) || right is not SeqScanNode { EmitRowIds: false } scan
            || left.EstimatedRows > scan.EstimatedRows * MaxOuterFraction)
        {
            return null;
        }

        foreach (var (outer, inner, conjunct) in equalities)
        {
            if (inner is not ColumnExpr column || column.Index >= scan.Table.Columns.Count
                || (column.TableOid != 0 && column.TableOid != scan.Table.Oid) || !IsInteger(column.Type) || !IsInteger(outer.Type)
                || KeyIndexRegistry.Describe(scan.Table, column.Index) is not { } index)
            {
                continue;
            }

            var rest = new List<BoundExpr>();
            foreach (var c in conjuncts)
            {
                if (!ReferenceEquals(c, conjunct))
                {
                    rest.Add(c);
                }
            }

            var probe = new IndexProbeNode(scan, column.Index, index.Method, index.Name, conjunct);
            var filter = rest.Count == 0 ? null : rest.Count == 1 ? rest[0] : new BoolExpr(true, [.. rest]);
            return new IndexNestedLoopJoinNode(left, probe, type, outer, filter, columns);
        }

        return null;
    }

    private static bool IsInteger(PgType t) => t.Kind is PgTypeKind.Int16 or PgTypeKind.Int32 or PgTypeKind.Int64;
}
