using OmenDb.Engine.Columnar;

namespace OmenDb.Engine.Persistence;

/// <summary>What one row-level change did: a new row version, or the end of one.</summary>
internal enum JournalOp : byte
{
    Insert,
    Delete,
}

/// <summary>
/// The row changes of one top-level transaction (all its subtransactions), in the order they happened, so that
/// commit can turn the ones of live (sub)transactions into one atomic write. Row values are not copied: a row
/// version never changes after it is appended, so commit reads it from the table. Tables whose whole content was
/// replaced (TRUNCATE, a column rewrite) are rewritten at commit instead of row by row.
/// Owned by one session; not thread-safe.
/// </summary>
internal sealed class TxJournal
{
    public List<(JournalOp Op, long TxId, ColumnarTable Table, long RowId)> Changes { get; } = [];

    /// <summary>Tables to write out whole at commit, in first-touched order.</summary>
    public List<Catalog.TableInfo> Rewritten { get; } = [];

    /// <summary>Ids of the (sub)transactions recorded here.</summary>
    public List<long> TxIds { get; } = [];

    /// <summary>The ingest file a large COPY of this transaction builds as it runs (<see cref="IngestPipeline"/>), or null.</summary>
    public IngestPipeline? Pipeline { get; set; }

    /// <summary>Whether no row changed and no table was rewritten.</summary>
    public bool IsEmpty => Changes.Count == 0 && Rewritten.Count == 0;

    public void Clear()
    {
        Pipeline?.Dispose();
        Pipeline = null;
        Changes.Clear();
        Rewritten.Clear();
        TxIds.Clear();
    }
}
