using OmenDb.Engine.Columnar;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>
/// ORDER BY: materialises the input with its key values and sorts stably. With <see cref="TopK"/> set
/// (ORDER BY ... LIMIT k) it keeps only the best k rows in a bounded buffer.
/// </summary>
internal sealed class SortNode : PlanNode
{
    public SortNode(PlanNode input, SortKey[] keys)
        : base(input.Columns)
    {
        Input = input;
        Keys = keys;
        EstimatedRows = input.EstimatedRows;
    }

    public PlanNode Input { get; }

    public SortKey[] Keys { get; }

    /// <summary>Keep only this many rows (top-k), or null.</summary>
    public long? TopK { get; init; }

    public override IEnumerable<PlanNode> Children => [Input];

    public override string ExplainName => TopK is null ? "Sort" : "Top-K Sort";

    public override IEnumerable<string> ExplainDetails => [$"Sort Key: {string.Join(", ", Keys.Select(k => k.ToString()))}"];

    protected override OperatorState OpenCore(ExecContext ctx)
    {
        var input = Input.Open(ctx);
        var rows = new List<object?[]>();
        var width = Columns.Count;
        var comparer = new RowKeyComparer(Keys, width);
        try
        {
            while (input.Next() is { } batch)
            {
                ctx.CheckInterrupts();
                var keyVectors = new ColumnVector[Keys.Length];
                for (var k = 0; k < Keys.Length; k++)
                {
                    keyVectors[k] = Keys[k].Expr.EvalBatch(batch, ctx);
                }

                var n = batch.LiveCount;
                for (var i = 0; i < n; i++)
                {
                    var phys = batch.RowAt(i);
                    var row = new object?[width + Keys.Length];
                    for (var c = 0; c < width; c++)
                    {
                        row[c] = batch.Columns[c].GetValue(phys);
                    }

                    for (var k = 0; k < Keys.Length; k++)
                    {
                        row[width + k] = keyVectors[k].GetValue(i);
                    }

                    rows.Add(row);
                }

                if (TopK is { } k2 && rows.Count > Math.Max(4 * k2, 4096))
                {
                    StableSort(rows, comparer);
                    rows.RemoveRange((int)k2, rows.Count - (int)k2);
                }

                ctx.CheckMemory(rows.Count);
            }
        }
        finally
        {
            input.Close();
        }

        StableSort(rows, comparer);
        if (TopK is { } k3 && rows.Count > k3)
        {
            rows.RemoveRange((int)k3, rows.Count - (int)k3);
        }

        return new MaterializedRowsState(Columns, rows);
    }

    /// <summary>List.Sort is unstable; PostgreSQL's sort is not guaranteed stable either, but stability keeps equal keys in input order, which makes results reproducible.</summary>
    internal static void StableSort(List<object?[]> rows, IComparer<object?[]> comparer)
    {
        var indexed = new (object?[] Row, int Index)[rows.Count];
        for (var i = 0; i < indexed.Length; i++)
        {
            indexed[i] = (rows[i], i);
        }

        Array.Sort(indexed, (a, b) =>
        {
            var c = comparer.Compare(a.Row, b.Row);
            return c != 0 ? c : a.Index.CompareTo(b.Index);
        });
        for (var i = 0; i < indexed.Length; i++)
        {
            rows[i] = indexed[i].Row;
        }
    }
}
