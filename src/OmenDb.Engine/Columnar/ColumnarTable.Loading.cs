using System.Diagnostics;

namespace OmenDb.Engine.Columnar;

// The start-up load (Persistence/TableLoader) builds whole segments off the table, on several threads, and installs
// them here in one step: no per-row append, no lock per block.
internal sealed partial class ColumnarTable
{
    /// <summary>
    /// Installs segments read back from storage into this empty table, in order: every segment but the last must be
    /// full (row id = segment index × capacity + offset). <paramref name="nextTupleId"/> is one past the largest
    /// stored tuple id. Rows already carry their MVCC stamps and tuple ids; nothing is reported to the log.
    /// </summary>
    public void InstallLoaded(IReadOnlyList<TableSegment> segments, long nextTupleId)
    {
        lock (_appendLock)
        {
            Debug.Assert(_segmentCount == 0, "only an empty table takes loaded segments");
            var installed = new TableSegment[Math.Max(4, segments.Count)];
            for (var i = 0; i < segments.Count; i++)
            {
                Debug.Assert(i == segments.Count - 1 || segments[i].IsFull, "every loaded segment but the last is full");
                Debug.Assert(segments[i].Columns.Length == _columnTypes.Count, "a loaded segment has the table's columns");
                installed[i] = segments[i];
            }

            _segments = installed;
            NextTupleId = Math.Max(NextTupleId, nextTupleId);
            Volatile.Write(ref _segmentCount, segments.Count);
        }
    }
}
