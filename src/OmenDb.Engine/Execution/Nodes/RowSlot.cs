using OmenDb.Engine.Columnar;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>A reusable one-row batch: load a materialised row into it to evaluate expressions over that row.</summary>
internal sealed class RowSlot
{
    public RowSlot(IReadOnlyList<PgType> types)
    {
        var vectors = new ColumnVector[types.Count];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = ColumnVector.Create(types[i], 1);
            vectors[i].Count = 1;
        }

        Batch = new Batch(vectors, 1);
    }

    public Batch Batch { get; }

    /// <summary>Loads <paramref name="left"/> then <paramref name="right"/> (either may be null = all nulls) into the slot.</summary>
    public void Load(object?[]? left, int leftWidth, object?[]? right)
    {
        var cols = Batch.Columns;
        for (var i = 0; i < leftWidth; i++)
        {
            cols[i].SetValue(0, left?[i]);
        }

        for (var i = leftWidth; i < cols.Length; i++)
        {
            cols[i].SetValue(0, right?[i - leftWidth]);
        }
    }
}
