using OmenDb.Engine.Types;

namespace OmenDb.Engine.Columnar;

/// <summary>
/// A fixed-capacity slab of a table's rows in Arrow layout (one vector per physical column) with the MVCC
/// stamps of each row version. Rows are only appended; a delete or update stamps <see cref="DeletedBy"/>.
/// A scan hands the segment's vectors up the plan without copying, with a selection of visible rows.
/// </summary>
internal sealed class TableSegment
{
    /// <summary>Rows per segment: one batch.</summary>
    public const int Capacity = Batch.DefaultSize;

    public TableSegment(IReadOnlyList<PgType> columnTypes)
    {
        Columns = new ColumnVector[columnTypes.Count];
        for (var i = 0; i < Columns.Length; i++)
        {
            Columns[i] = ColumnVector.Create(columnTypes[i], Capacity);
        }
    }

    /// <summary>Physical columns (index = attribute number - 1; dropped columns keep their slot).</summary>
    public ColumnVector[] Columns { get; set; }

    /// <summary>Transaction that created each row version.</summary>
    public long[] CreatedBy { get; } = new long[Capacity];

    /// <summary>Transaction that deleted each row version (0 = live). Written with Interlocked by writers.</summary>
    public long[] DeletedBy { get; } = new long[Capacity];

    /// <summary>For an updated row version, 1 + the row id of the version that replaced it (0 = none): the update chain.</summary>
    public long[] Successors { get; } = new long[Capacity];

    /// <summary>The durable identity of each row version (its storage key within the table).</summary>
    public long[] TupleIds { get; } = new long[Capacity];

    /// <summary>Rows appended so far (published after the row's values are written).</summary>
    public int Count;

    /// <summary>Whether no more rows fit.</summary>
    public bool IsFull => Count == Capacity;
}
