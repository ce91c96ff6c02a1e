using OmenDb.Engine.Columnar;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// Finds a table's row by tuple id, for loading a stored HNSW graph (whose nodes are keyed by tuple id). Tuple ids
/// ascend with row ids in the usual case: the start-up load installs rows in key order, and new versions take the next
/// id; the only exceptions are the placeholder rows (tuple id 0) that pad a segment's tail where a part of the parallel
/// load ended. Then a search over the segments' own tuple-id arrays finds a row with no map at all (a Dictionary from
/// tuple id to row took about 28 bytes per row, 280 MB at 10M rows). When the ids do not ascend (rows replayed out of
/// order), it falls back to a sorted copy of the ids and their rows, 16 bytes per row.
/// </summary>
internal sealed class TupleRowIndex
{
    private readonly TableSegment[] _segments;
    private readonly int[] _searched; // segments with at least one real row, in order
    private readonly long[] _firstIds; // their first tuple ids
    private readonly int[] _realRows; // their rows before the placeholders
    private readonly long[]? _sortedIds;
    private readonly long[]? _sortedRows;

    /// <summary>Indexes rows [0, <paramref name="count"/>) of <paramref name="segments"/>.</summary>
    public TupleRowIndex(TableSegment[] segments, long count)
    {
        _segments = segments;
        var searched = new List<int>();
        var firstIds = new List<long>();
        var realRows = new List<int>();
        var ordered = true;
        var previous = 0L;
        for (var s = 0; ordered && (long)s * TableSegment.Capacity < count; s++)
        {
            var ids = segments[s].TupleIds.AsSpan(0, (int)Math.Min(TableSegment.Capacity, count - ((long)s * TableSegment.Capacity)));
            var real = ids.IndexOf(0L) is var zero and >= 0 ? zero : ids.Length;
            for (var r = 0; r < ids.Length && ordered; r++)
            {
                // Ascending real ids, and placeholders only after a segment's last real row.
                ordered = r < real ? ids[r] > previous : ids[r] == 0;
                previous = r < real ? ids[r] : previous;
            }

            if (real > 0)
            {
                searched.Add(s);
                firstIds.Add(ids[0]);
                realRows.Add(real);
            }
        }

        _searched = [.. searched];
        _firstIds = [.. firstIds];
        _realRows = [.. realRows];
        if (!ordered)
        {
            (_sortedIds, _sortedRows) = SortedCopy(segments, count);
        }
    }

    /// <summary>Whether the rows' tuple ids ascend, so that no copy was made.</summary>
    public bool InPlace => _sortedIds is null;

    /// <summary>The row with tuple id <paramref name="tupleId"/>, or −1.</summary>
    public long RowOf(long tupleId)
    {
        if (tupleId <= 0)
        {
            return -1;
        }

        if (_sortedIds is not null)
        {
            var at = Array.BinarySearch(_sortedIds, tupleId);
            return at >= 0 ? _sortedRows![at] : -1;
        }

        // The last segment whose first id is at most tupleId, then the id among its real rows.
        var k = Array.BinarySearch(_firstIds, tupleId);
        k = k >= 0 ? k : ~k - 1;
        if (k < 0)
        {
            return -1;
        }

        var segment = _searched[k];
        var offset = Array.BinarySearch(_segments[segment].TupleIds, 0, _realRows[k], tupleId);
        return offset >= 0 ? ((long)segment * TableSegment.Capacity) + offset : -1;
    }

    /// <summary>The tuple id of row <paramref name="row"/> of <paramref name="segments"/> (0 for a placeholder row).</summary>
    internal static long TupleIdAt(TableSegment[] segments, long row) =>
        segments[(int)(row / TableSegment.Capacity)].TupleIds[row % TableSegment.Capacity];

    private static (long[] Ids, long[] Rows) SortedCopy(TableSegment[] segments, long count)
    {
        var real = 0L;
        for (var row = 0L; row < count; row++)
        {
            real += TupleIdAt(segments, row) != 0 ? 1 : 0;
        }

        var ids = new long[real];
        var rows = new long[real];
        var at = 0;
        for (var row = 0L; row < count; row++)
        {
            if (TupleIdAt(segments, row) is var id and not 0)
            {
                (ids[at], rows[at]) = (id, row);
                at++;
            }
        }

        Array.Sort(ids, rows);
        return (ids, rows);
    }
}
