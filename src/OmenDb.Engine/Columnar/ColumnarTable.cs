using OmenDb.Engine.Transactions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Columnar;

/// <summary>
/// A table's rows in memory: a list of <see cref="TableSegment"/>s. Appends take the table's append lock;
/// readers never lock: they read segments and counts published with volatile writes, and skip row versions
/// their snapshot cannot see. A row is addressed by its row id = segment index × capacity + offset.
/// </summary>
internal sealed partial class ColumnarTable
{
    private readonly object _appendLock = new();
    private readonly List<PgType> _columnTypes;
    private TableSegment[] _segments = [];
    private int _segmentCount;

    public ColumnarTable(IEnumerable<PgType> columnTypes)
    {
        _columnTypes = [.. columnTypes];
    }

    /// <summary>The table these rows belong to (set when attached to it).</summary>
    public Catalog.TableInfo? Owner { get; set; }

    /// <summary>Where changes are reported for durability; null for temporary tables and in-memory engines.</summary>
    public Persistence.IRowLog? Log { get; set; }

    /// <summary>The tuple id the next appended row gets: its durable identity (see Persistence/StorageKeys).</summary>
    public long NextTupleId { get; set; } = 1;

    /// <summary>Physical column types.</summary>
    public IReadOnlyList<PgType> ColumnTypes => _columnTypes;

    /// <summary>Segments that currently exist (a stable copy for a reader).</summary>
    public ReadOnlySpan<TableSegment> Segments => _segments.AsSpan(0, Volatile.Read(ref _segmentCount));

    /// <summary>Approximate number of row versions (live and dead), for planning.</summary>
    public long RowVersionCount
    {
        get
        {
            var segs = Segments;
            return segs.Length == 0 ? 0 : ((long)(segs.Length - 1) * TableSegment.Capacity) + segs[^1].Count;
        }
    }

    /// <summary>Appends one row version created by <paramref name="txId"/>; returns its row id.</summary>
    public long Append(ReadOnlySpan<object?> values, long txId)
    {
        var rowId = AppendCore(values, txId, tupleId: 0);
        Log?.RowInserted(txId, this, rowId);
        return rowId;
    }

    /// <summary>Appends a row read back from storage under its stored tuple id (not reported to the log).</summary>
    public long AppendStored(ReadOnlySpan<object?> values, long txId, long tupleId)
    {
        var rowId = AppendCore(values, txId, tupleId);
        if (tupleId >= NextTupleId)
        {
            NextTupleId = tupleId + 1;
        }

        return rowId;
    }

    /// <summary>
    /// Appends rows [0, <paramref name="count"/>) of <paramref name="columns"/> (one vector per physical column, a
    /// missing one reads as NULL) created by <paramref name="txId"/>, under one hold of the append lock, so that their
    /// row ids are consecutive; returns the first. <paramref name="tupleIds"/> gives stored rows their tuple ids (not
    /// reported to the log); when empty, the rows are new and each is reported.
    /// </summary>
    public long AppendRows(ColumnVector[] columns, int count, long txId, ReadOnlySpan<long> tupleIds = default)
    {
        var first = -1L;
        lock (_appendLock)
        {
            for (var done = 0; done < count;)
            {
                var seg = CurrentSegmentForAppend(out var segIndex);
                var row = seg.Count;
                var n = Math.Min(count - done, TableSegment.Capacity - row);
                for (var c = 0; c < seg.Columns.Length; c++)
                {
                    var target = seg.Columns[c];
                    if (c < columns.Length)
                    {
                        target.CopyRange(columns[c], done, row, n);
                    }
                    else
                    {
                        for (var k = 0; k < n; k++)
                        {
                            target.SetNull(row + k);
                        }
                    }

                    target.Count = row + n;
                }

                seg.CreatedBy.AsSpan(row, n).Fill(txId);
                seg.DeletedBy.AsSpan(row, n).Clear();
                seg.Successors.AsSpan(row, n).Clear();
                var ids = seg.TupleIds.AsSpan(row, n);
                if (tupleIds.IsEmpty)
                {
                    for (var k = 0; k < n; k++)
                    {
                        ids[k] = NextTupleId++;
                    }
                }
                else
                {
                    tupleIds.Slice(done, n).CopyTo(ids);
                    NextTupleId = Math.Max(NextTupleId, ids[^1] + 1);
                }

                if (first < 0)
                {
                    first = ((long)segIndex * TableSegment.Capacity) + row;
                }

                Volatile.Write(ref seg.Count, row + n);
                done += n;
            }
        }

        if (tupleIds.IsEmpty && Log is { } log)
        {
            for (var i = 0; i < count; i++)
            {
                log.RowInserted(txId, this, first + i);
            }
        }

        return first;
    }

    private long AppendCore(ReadOnlySpan<object?> values, long txId, long tupleId)
    {
        lock (_appendLock)
        {
            var seg = CurrentSegmentForAppend(out var segIndex);
            var row = seg.Count;
            for (var c = 0; c < seg.Columns.Length; c++)
            {
                seg.Columns[c].SetValue(row, c < values.Length ? values[c] : null);
                seg.Columns[c].Count = row + 1;
            }

            seg.CreatedBy[row] = txId;
            seg.DeletedBy[row] = 0;
            seg.Successors[row] = 0;
            seg.TupleIds[row] = tupleId != 0 ? tupleId : NextTupleId++;
            Volatile.Write(ref seg.Count, row + 1);
            return ((long)segIndex * TableSegment.Capacity) + row;
        }
    }

    private TableSegment CurrentSegmentForAppend(out int index)
    {
        if (_segmentCount == 0 || _segments[_segmentCount - 1].IsFull)
        {
            if (_segmentCount == _segments.Length)
            {
                var grown = new TableSegment[Math.Max(4, _segments.Length * 2)];
                _segments.AsSpan(0, _segmentCount).CopyTo(grown);
                _segments = grown;
            }

            _segments[_segmentCount] = new TableSegment(_columnTypes);
            Volatile.Write(ref _segmentCount, _segmentCount + 1);
        }

        index = _segmentCount - 1;
        return _segments[index];
    }

    /// <summary>The segment and offset of a row id.</summary>
    /// <summary>
    /// Ids of the row versions <paramref name="snapshot"/> sees, in row-id order: the slow path of DDL, constraint
    /// checks and maintenance (scans read segments batch by batch instead).
    /// </summary>
    public IEnumerable<long> VisibleRowIds(Snapshot snapshot)
    {
        // The array has room beyond the segments in use: bound the walk by the count read with it.
        var segmentCount = Volatile.Read(ref _segmentCount);
        var segments = _segments;
        for (var s = 0; s < segmentCount; s++)
        {
            var seg = segments[s];
            var count = Volatile.Read(ref seg.Count);
            for (var r = 0; r < count; r++)
            {
                if (snapshot.IsVisible(seg.CreatedBy[r], Volatile.Read(ref seg.DeletedBy[r])))
                {
                    yield return ((long)s * TableSegment.Capacity) + r;
                }
            }
        }
    }

    public (TableSegment Segment, int Offset) Locate(long rowId)
        => (_segments[(int)(rowId / TableSegment.Capacity)], (int)(rowId % TableSegment.Capacity));

    /// <summary>Records that UPDATE replaced row version <paramref name="rowId"/> by <paramref name="newRowId"/> (the update chain).</summary>
    public void SetSuccessor(long rowId, long newRowId)
    {
        var (seg, off) = Locate(rowId);
        Volatile.Write(ref seg.Successors[off], newRowId + 1);
    }

    /// <summary>The row version that replaced <paramref name="rowId"/> in an UPDATE, or 0 when none did (deleted, or not replaced).</summary>
    public long Successor(long rowId)
    {
        var (seg, off) = Locate(rowId);
        var next = Volatile.Read(ref seg.Successors[off]);
        return next == 0 ? 0 : next - 1;
    }

    /// <summary>The durable tuple id of a row version.</summary>
    public long TupleId(long rowId)
    {
        var (seg, off) = Locate(rowId);
        return seg.TupleIds[off];
    }

    /// <summary>Reads one row's values (all physical columns) into <paramref name="values"/>; slots past the columns
    /// its segment has are null, so a reused buffer carries nothing over from another row.</summary>
    public void ReadRow(long rowId, Span<object?> values)
    {
        var (seg, off) = Locate(rowId);
        var c = 0;
        for (; c < seg.Columns.Length && c < values.Length; c++)
        {
            values[c] = seg.Columns[c].GetValue(off);
        }

        values[c..].Clear();
    }

    /// <summary>
    /// Stamps the row version deleted by <paramref name="txId"/> if no other transaction holds it.
    /// Returns 0 on success, or the id of the transaction that already deleted (or is deleting) it.
    /// </summary>
    public long TryMarkDeleted(long rowId, long txId)
    {
        var (seg, off) = Locate(rowId);
        var prev = Interlocked.CompareExchange(ref seg.DeletedBy[off], txId, 0);
        if (prev == 0)
        {
            seg.DeleteStampChanged();
            Interlocked.Increment(ref _endedSinceCompaction);
            Log?.RowDeleted(txId, this, rowId);
        }

        return prev == 0 || prev == txId ? 0 : prev;
    }

    /// <summary>Clears a delete stamp left by an aborted transaction so that the row can be deleted again.</summary>
    public bool ClearAbortedDelete(long rowId, long abortedTxId)
    {
        var (seg, off) = Locate(rowId);
        if (Interlocked.CompareExchange(ref seg.DeletedBy[off], 0, abortedTxId) != abortedTxId)
        {
            return false;
        }

        seg.DeleteStampChanged();
        return true;
    }

    /// <summary>Whether a row version is visible to <paramref name="snapshot"/>.</summary>
    public bool IsVisible(long rowId, Snapshot snapshot)
    {
        var (seg, off) = Locate(rowId);
        return snapshot.IsVisible(seg.CreatedBy[off], Volatile.Read(ref seg.DeletedBy[off]));
    }

    /// <summary>
    /// ALTER TABLE ADD COLUMN by transaction <paramref name="txId"/>: adds a physical column filled with
    /// <paramref name="fill"/> for existing rows (stored rows without the column read it as NULL, so only a non-NULL
    /// fill is a rewrite).
    /// </summary>
    public void AddColumn(PgType type, object? fill, long txId)
    {
        lock (_appendLock)
        {
            _columnTypes.Add(type);
            foreach (var seg in Segments)
            {
                var v = TableSegment.CreateColumn(type);
                for (var r = 0; r < seg.Count; r++)
                {
                    v.SetValue(r, fill);
                }

                v.Count = seg.Count;
                seg.Columns = [.. seg.Columns, v];
            }
        }
    
        if (fill is not null)
        {
            Log?.TableRewritten(txId, this);
        }
    }

    /// <summary>ALTER COLUMN TYPE by transaction <paramref name="txId"/>: rewrites one physical column through <paramref name="convert"/>.</summary>
    public void RewriteColumn(int index, PgType type, Func<object?, object?> convert, long txId)
    {
        lock (_appendLock)
        {
            var converted = new List<ColumnVector>();
            foreach (var seg in Segments)
            {
                var v = TableSegment.CreateColumn(type);
                for (var r = 0; r < seg.Count; r++)
                {
                    v.SetValue(r, convert(seg.Columns[index].GetValue(r)));
                }

                v.Count = seg.Count;
                converted.Add(v);
            }

            _columnTypes[index] = type;
            var i = 0;
            foreach (var seg in Segments)
            {
                seg.Columns[index] = converted[i++];
            }
        }
    
        Log?.TableRewritten(txId, this);
    }

    /// <summary>TRUNCATE: drops every row version (not MVCC-safe, as in PostgreSQL's TRUNCATE).</summary>
    public void Truncate()
    {
        lock (_appendLock)
        {
            _segments = [];
            Volatile.Write(ref _segmentCount, 0);
            Interlocked.Increment(ref _generation);
        }
    }
}
