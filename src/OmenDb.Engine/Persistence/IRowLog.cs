using OmenDb.Engine.Columnar;

namespace OmenDb.Engine.Persistence;

/// <summary>
/// Where row stores report their changes so that they can be made durable at commit, and sequences their positions
/// (which are not transactional).
/// </summary>
internal interface IRowLog
{
    /// <summary>Transaction <paramref name="txId"/> appended row <paramref name="rowId"/>.</summary>
    void RowInserted(long txId, ColumnarTable table, long rowId);

    /// <summary>Transaction <paramref name="txId"/> ended row version <paramref name="rowId"/> (DELETE, or the old side of UPDATE).</summary>
    void RowDeleted(long txId, ColumnarTable table, long rowId);

    /// <summary>Transaction <paramref name="txId"/> rewrote every row of the table in place (ALTER COLUMN TYPE, ADD COLUMN with a value).</summary>
    void TableRewritten(long txId, ColumnarTable table);

    /// <summary>nextval handed out <paramref name="value"/>.</summary>
    void SequenceAdvanced(Catalog.SequenceInfo sequence, long value);

    /// <summary>setval (or ALTER SEQUENCE RESTART) moved the sequence.</summary>
    void SequenceSet(Catalog.SequenceInfo sequence, long value, bool isCalled);
}
