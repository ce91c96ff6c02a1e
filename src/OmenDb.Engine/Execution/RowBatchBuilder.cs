using OmenDb.Engine.Columnar;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Execution;

/// <summary>Builds batches from materialised rows (the output side of blocking operators).</summary>
internal static class RowBatchBuilder
{
    /// <summary>Creates a batch of <paramref name="count"/> rows from <paramref name="rows"/> starting at <paramref name="start"/>.</summary>
    public static Batch Build(IReadOnlyList<ResultColumn> columns, IReadOnlyList<object?[]> rows, int start, int count)
    {
        var vectors = new ColumnVector[columns.Count];
        for (var c = 0; c < vectors.Length; c++)
        {
            var v = ColumnVector.Create(columns[c].Type, Math.Max(count, 1));
            for (var r = 0; r < count; r++)
            {
                v.SetValue(r, rows[start + r][c]);
            }

            v.Count = count;
            vectors[c] = v;
        }

        return new Batch(vectors, count);
    }

    /// <summary>Reads live row of a batch into a new array.</summary>
    public static object?[] ReadRow(Batch batch, int physicalRow)
    {
        var row = new object?[batch.Columns.Length];
        for (var c = 0; c < row.Length; c++)
        {
            row[c] = batch.Columns[c].GetValue(physicalRow);
        }

        return row;
    }

    /// <summary>A one-row batch holding <paramref name="row"/> (for evaluating expressions over a materialised row).</summary>
    public static Batch SingleRow(IReadOnlyList<PgType> types, object?[] row)
    {
        var vectors = new ColumnVector[row.Length];
        for (var c = 0; c < row.Length; c++)
        {
            var v = ColumnVector.Create(types[c], 1);
            v.SetValue(0, row[c]);
            v.Count = 1;
            vectors[c] = v;
        }

        return new Batch(vectors, 1);
    }
}

/// <summary>Emits materialised rows as batches.</summary>
internal sealed class MaterializedRowsState : OperatorState
{
    private readonly IReadOnlyList<ResultColumn> _columns;
    private readonly IReadOnlyList<object?[]> _rows;
    private int _pos;

    public MaterializedRowsState(IReadOnlyList<ResultColumn> columns, IReadOnlyList<object?[]> rows)
    {
        _columns = columns;
        _rows = rows;
    }

    public override Batch? Next()
    {
        if (_pos >= _rows.Count)
        {
            return null;
        }

        var n = Math.Min(Batch.DefaultSize, _rows.Count - _pos);
        var b = RowBatchBuilder.Build(_columns, _rows, _pos, n);
        _pos += n;
        return b;
    }
}
