using OmenDb.Engine.Binding;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// Index choice for ordered key indexes, called by the binder at two points:
/// <list type="bullet">
/// <item><see cref="WithFilter"/> when a WHERE clause lands on a table scan: conjuncts <c>key op value</c>
/// (=, &lt;, &lt;=, &gt;, &gt;=, so BETWEEN too) and <c>key IN (...)</c> / <c>key = ANY(array)</c> over an indexed
/// column turn the scan into an <see cref="IndexScanNode"/>; the other conjuncts stay as its filter;</item>
/// <item><see cref="Ordered"/> for <c>ORDER BY key [DESC] LIMIT n</c> over such a scan: the sort disappears and the
/// index returns rows in key order, stopping after the limit.</item>
/// </list>
/// A column qualifies when it has an index (<see cref="KeyIndexRegistry.Describe"/>) and a type that maps to 64-bit
/// integers; a value qualifies when it is known at scan start and of the same type family, so that comparing
/// 64-bit integers is exactly the SQL comparison.
/// </summary>
internal static class KeyIndexPlanner
{
    /// <summary>The scan as an index scan when its filter has an indexable condition, else the scan unchanged.</summary>
    public static PlanNode WithFilter(SeqScanNode scan)
    {
        if (scan.Filter is null)
        {
            return scan;
        }

        var conjuncts = new List<BoundExpr>();
        Flatten(scan.Filter, conjuncts);
        (int Column, KeyCondition Condition, (KeyIndexMethod Method, string Name) Index)? best = null;
        foreach (var column in CandidateColumns(scan, conjuncts))
        {
            if (KeyIndexRegistry.Describe(scan.Table, column) is not { } index)
            {
                continue;
            }

            var condition = Analyse(scan, column, conjuncts);
            if (condition.IsEmpty)
            {
                continue;
            }

            var points = condition.InList is not null || condition.InArray is not null || condition.Bounds.Any(b => b.Op == "=");
            if (best is null || (points && !best.Value.Condition.Bounds.Any(b => b.Op == "=")))
            {
                best = (column, condition, index);
            }
        }

        if (best is not { } chosen)
        {
            return scan;
        }

        var residual = conjuncts.Where(c => !chosen.Condition.Used.Contains(c)).ToArray();
        var pointCount = chosen.Condition.InList?.Length ?? (chosen.Condition.Bounds.Any(b => b.Op == "=") ? 1 : 0);
        return new IndexScanNode(scan, chosen.Column, chosen.Index.Method, chosen.Index.Name, chosen.Condition)
        {
            Filter = Combine(residual),
            EstimatedRows = pointCount > 0 ? pointCount : Math.Max(1, scan.EstimatedRows / 3),
        };
    }

    /// <summary>
    /// <c>ORDER BY key [LIMIT n]</c>: <paramref name="sort"/> over a projection of an (index or sequential) scan of
    /// an indexed, non-null key becomes the projection over an ordered index scan; null when that does not apply.
    /// Without a <paramref name="limit"/> only a sort over a key-condition index scan goes (the ordered scan keeps its
    /// estimate); an unbounded sort of the whole table stays a sort.
    /// </summary>
    public static PlanNode? Ordered(SortNode sort, long? limit)
    {
        if (sort.Keys is not [var key] || key.Expr is not ColumnExpr hidden
            || sort.Input is not ProjectNode project || hidden.Index >= project.Exprs.Length
            || project.Exprs[hidden.Index] is not ColumnExpr keyColumn)
        {
            return null;
        }

        SeqScanNode source;
        KeyCondition condition;
        double estimate = limit ?? 0;
        switch (project.Input)
        {
            case IndexScanNode i when i.KeyColumn == keyColumn.Index:
                source = new SeqScanNode(i.Table, i.Alias, i.Columns) { EmitRowIds = i.EmitRowIds, Filter = i.Filter };
                condition = i.Condition;
                estimate = limit ?? i.EstimatedRows;
                break;
            case SeqScanNode s when IsColumnOf(keyColumn, s) && limit is not null:
                source = s;
                condition = new KeyCondition();
                break;
            default:
                return null;
        }

        var table = source.Table;
        var slot = keyColumn.Index;
        if (KeyIndexRegistry.Describe(table, slot) is not { } index)
        {
            return null;
        }

        // NULL keys are not in the index: without a key condition (which excludes them) the column must be NOT NULL.
        // PostgreSQL's default null placement (NULLS LAST ascending, FIRST descending) is the only one we reproduce.
        if ((condition.IsEmpty && !table.Columns[slot].NotNull) || key.NullsFirst != key.Descending)
        {
            return null;
        }

        var ordered = new IndexScanNode(source, slot, index.Method, index.Name, condition)
        {
            Filter = source.Filter,
            Descending = key.Descending,
            FirstBatchRows = limit ?? 0,
            EstimatedRows = estimate,
        };
        return new ProjectNode(ordered, project.Exprs, project.Columns);
    }

    /// <summary>
    /// Per column of the scan's filter (indexed or not), the conditions a zone map can test
    /// (<see cref="Columnar.ZoneMaps"/>): the same <c>col op value</c> and IN shapes an index answers.
    /// </summary>
    public static (int Column, KeyCondition Condition)[] ZoneConditions(SeqScanNode scan)
    {
        if (scan.Filter is null)
        {
            return [];
        }

        var conjuncts = new List<BoundExpr>();
        Flatten(scan.Filter, conjuncts);
        var result = new List<(int, KeyCondition)>();
        foreach (var column in CandidateColumns(scan, conjuncts))
        {
            var condition = Analyse(scan, column, conjuncts);
            if (!condition.IsEmpty)
            {
                result.Add((column, condition));
            }
        }

        return [.. result];
    }

    private static IEnumerable<int> CandidateColumns(SeqScanNode scan, List<BoundExpr> conjuncts)
    {
        var seen = new HashSet<int>();
        foreach (var c in conjuncts)
        {
            foreach (var arg in c switch
            {
                CallExpr { IsOperator: true, Args: [var l, var r] } => [l, r],
                QuantifiedExpr q => [q.Left],
                _ => Array.Empty<BoundExpr>(),
            })
            {
                if (KeySlot(arg, scan) is { } slot && seen.Add(slot))
                {
                    yield return slot;
                }
            }
        }
    }

    /// <summary>The conditions on <paramref name="column"/> that the index answers exactly.</summary>
    private static KeyCondition Analyse(SeqScanNode scan, int column, List<BoundExpr> conjuncts)
    {
        var condition = new KeyCondition();
        var keyType = scan.Table.Columns[column].Type;
        foreach (var c in conjuncts)
        {
            switch (c)
            {
                case CallExpr { IsOperator: true, Name: "=" or "<" or "<=" or ">" or ">=", Args: [var l, var r] } call:
                    if (KeySlot(l, scan) == column && Usable(r, keyType))
                    {
                        condition.Bounds.Add((call.Name, r));
                        condition.Used.Add(c);
                    }
                    else if (KeySlot(r, scan) == column && Usable(l, keyType))
                    {
                        condition.Bounds.Add((Flip(call.Name), l));
                        condition.Used.Add(c);
                    }

                    break;
                case QuantifiedExpr { OpName: "=", All: false } q when condition.InList is null && condition.InArray is null
                    && KeySlot(q.Left, scan) == column:
                    if (q.List is { } list && list.All(v => Usable(v, keyType)))
                    {
                        condition.InList = list;
                        condition.Used.Add(c);
                    }
                    else if (q.Array is { } array && KeyCondition.IsRuntimeConstant(array)
                        && array.Type.ElementType is { } element && SameFamily(element, keyType))
                    {
                        condition.InArray = array;
                        condition.Used.Add(c);
                    }

                    break;
            }
        }

        return condition;
    }

    /// <summary>The slot of the scan's column that <paramref name="e"/> reads, directly or through an integer widening.</summary>
    private static int? KeySlot(BoundExpr e, SeqScanNode scan)
    {
        if (e is CastExpr { Operand: ColumnExpr inner } cast && IsInteger(inner.Type) && IsInteger(cast.Type))
        {
            e = inner;
        }

        return e is ColumnExpr column && IsColumnOf(column, scan) ? column.Index : null;
    }

    private static bool IsColumnOf(ColumnExpr column, SeqScanNode scan)
        => column.Index < scan.Table.Columns.Count && (column.TableOid == 0 || column.TableOid == scan.Table.Oid)
            && TableKeyIndex.Supports(scan.Table.Columns[column.Index].Type);

    private static bool Usable(BoundExpr value, PgType keyType) => KeyCondition.IsRuntimeConstant(value) && SameFamily(value.Type, keyType);

    private static bool SameFamily(PgType value, PgType key) => IsInteger(value) ? IsInteger(key) : value.Kind == key.Kind;

    private static bool IsInteger(PgType t) => t.Kind is PgTypeKind.Int16 or PgTypeKind.Int32 or PgTypeKind.Int64;

    private static string Flip(string op) => op switch
    {
        "<" => ">",
        "<=" => ">=",
        ">" => "<",
        ">=" => "<=",
        _ => op,
    };

    private static void Flatten(BoundExpr e, List<BoundExpr> into)
    {
        if (e is BoolExpr { IsAnd: true } and)
        {
            foreach (var o in and.Operands)
            {
                Flatten(o, into);
            }
        }
        else
        {
            into.Add(e);
        }
    }

    private static BoundExpr? Combine(BoundExpr[] conjuncts) => conjuncts.Length switch
    {
        0 => null,
        1 => conjuncts[0],
        _ => new BoolExpr(true, conjuncts),
    };
}
