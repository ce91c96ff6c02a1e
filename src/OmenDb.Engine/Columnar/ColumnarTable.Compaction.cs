using OmenDb.Engine.Transactions;

namespace OmenDb.Engine.Columnar;

// Reclaiming old row versions: the versions no snapshot can see any more are dropped by copying the others into fresh
// segments. Row ids change, so compaction runs only with the ReclaimGate closed (nothing holds a row id) and returns
// the old → new row id map for the structures that store row ids (unique indexes, transaction journals). Structures
// that follow the table by row count (TableKeyIndex) rebuild when Generation changes.
internal sealed partial class ColumnarTable
{
    private long _generation;
    private long _endedSinceCompaction;

    /// <summary>Bumped whenever row ids are renumbered (compaction, TRUNCATE): row ids of an older generation mean nothing.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Row versions ended (DELETE, UPDATE) since the last compaction: a cheap hint that compaction may pay.</summary>
    public long EndedSinceCompaction => Volatile.Read(ref _endedSinceCompaction);

    /// <summary>
    /// Whether a row version can be dropped: its creator aborted, or its deleter committed at or before
    /// <paramref name="horizon"/> (the oldest sequence a snapshot can still read at), so no snapshot sees it.
    /// </summary>
    public static bool IsReclaimable(long createdBy, long deletedBy, TransactionManager transactions, long horizon)
    {
        if (transactions.Get(createdBy) is { Aborted: true })
        {
            return true;
        }

        return deletedBy != 0 && transactions.Get(deletedBy) is { Aborted: false, IsFinished: true } d
            && d.CommitSequence != 0 && d.CommitSequence <= horizon;
    }

    /// <summary>
    /// Drops the reclaimable row versions when there are at least <paramref name="minReclaimable"/> of them (and at
    /// least one). Returns the map from each old row id to its new one (-1 = dropped), or null when nothing changed.
    /// Row order is kept, so tuple-id order and the update chains (remapped here) survive. The caller must hold the
    /// <see cref="ReclaimGate"/> closed: no statement, commit or portal may hold a row id of this table. A table whose column
    /// a running ALTER may still put back (<see cref="SaveColumn"/>) is left alone.
    /// </summary>
    public long[]? Compact(TransactionManager transactions, long horizon, long minReclaimable, out long reclaimed)
    {
        lock (_appendLock)
        {
            reclaimed = 0;
            if (IsPinnedForRestore)
            {
                return null;
            }

            var segments = Segments;
            var count = RowVersionCount;
            var drop = new bool[count];
            var first = -1L;
            for (var row = 0L; row < count; row++)
            {
                var seg = segments[(int)(row / TableSegment.Capacity)];
                var off = (int)(row % TableSegment.Capacity);
                if (IsReclaimable(seg.CreatedBy[off], seg.DeletedBy[off], transactions, horizon))
                {
                    drop[row] = true;
                    reclaimed++;
                    first = first < 0 ? row : first;
                }
            }

            if (reclaimed == 0 || reclaimed < minReclaimable)
            {
                reclaimed = 0;
                return null;
            }

            // Segments before the first dropped version keep their row ids and are reused as they are.
            var kept = (int)(first / TableSegment.Capacity);
            var map = new long[count];
            var result = new List<TableSegment>(segments.Length);
            for (var s = 0; s < kept; s++)
            {
                result.Add(segments[s]);
            }

            for (var row = 0L; row < (long)kept * TableSegment.Capacity; row++)
            {
                map[row] = row;
            }

            TableSegment? target = null;
            var next = (long)kept * TableSegment.Capacity;
            for (var row = next; row < count; row++)
            {
                if (drop[row])
                {
                    map[row] = -1;
                    continue;
                }

                if (target is null || target.IsFull)
                {
                    target = new TableSegment(_columnTypes);
                    result.Add(target);
                }

                var seg = segments[(int)(row / TableSegment.Capacity)];
                var off = (int)(row % TableSegment.Capacity);
                var to = target.Count;
                for (var c = 0; c < target.Columns.Length; c++)
                {
                    target.Columns[c].CopyFrom(seg.Columns[c], off, to);
                    target.Columns[c].Count = to + 1;
                }

                target.CreatedBy[to] = seg.CreatedBy[off];
                var deleter = seg.DeletedBy[off];
                // A delete stamp of an aborted transaction is no lock any more: clear it as ClearAbortedDelete would.
                target.DeletedBy[to] = deleter != 0 && transactions.Get(deleter) is { Aborted: true } ? 0 : deleter;
                target.Successors[to] = seg.Successors[off];
                target.TupleIds[to] = seg.TupleIds[off];
                target.Count = to + 1;
                map[row] = next++;
            }

            // Update chains point at row ids: follow them into the new numbering (a dropped successor ends the chain).
            foreach (var seg in result)
            {
                for (var r = 0; r < seg.Count; r++)
                {
                    var successor = seg.Successors[r];
                    if (successor != 0)
                    {
                        var moved = map[successor - 1];
                        seg.Successors[r] = moved < 0 ? 0 : moved + 1;
                    }
                }
            }

            var grown = new TableSegment[Math.Max(4, result.Count)];
            result.CopyTo(grown);
            _segments = grown;
            Volatile.Write(ref _segmentCount, result.Count);
            Interlocked.Increment(ref _generation);
            Volatile.Write(ref _endedSinceCompaction, 0);
            return map;
        }
    }
}
