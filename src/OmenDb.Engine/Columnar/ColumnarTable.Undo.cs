using OmenDb.Engine.Types;

namespace OmenDb.Engine.Columnar;

/// <summary>One physical column as it was before ALTER COLUMN TYPE rewrote it: its type and each segment's vector.</summary>
internal sealed record ColumnImage(int Index, PgType Type, ColumnVector[] Vectors);

// Rolling back ALTER TABLE's changes to the physical columns (ROLLBACK, ROLLBACK TO SAVEPOINT, a failed statement).
// The ALTER held ACCESS EXCLUSIVE, so only its own transaction touched the rows since: every row version appended after
// it belongs to the rolled-back part and is invisible for good, so its slot in a restored column is NULL; every older
// row gets back exactly the value it had. A saved column pins the table against compaction until its transaction ends,
// so that the saved vectors still line up with the segments.
internal sealed partial class ColumnarTable
{
    private int _restorePins;

    /// <summary>Whether compaction must leave the table alone: a running transaction may put saved column vectors back.</summary>
    private bool IsPinnedForRestore => Volatile.Read(ref _restorePins) > 0;

    /// <summary>
    /// Keeps physical column <paramref name="index"/> as it is now, to put back with <see cref="RestoreColumn"/>, and pins the
    /// table against compaction until <see cref="UnpinRestore"/>.
    /// </summary>
    public ColumnImage SaveColumn(int index)
    {
        lock (_appendLock)
        {
            Interlocked.Increment(ref _restorePins);
            var segments = Segments;
            var vectors = new ColumnVector[segments.Length];
            for (var s = 0; s < segments.Length; s++)
            {
                vectors[s] = segments[s].Columns[index];
            }

            return new ColumnImage(index, _columnTypes[index], vectors);
        }
    }

    /// <summary>Puts back a column saved by <see cref="SaveColumn"/>; rows appended since read NULL in it.</summary>
    public void RestoreColumn(ColumnImage image)
    {
        lock (_appendLock)
        {
            _columnTypes[image.Index] = image.Type;
            var segments = Segments;
            for (var s = 0; s < segments.Length; s++)
            {
                var seg = segments[s];
                var vector = s < image.Vectors.Length ? image.Vectors[s] : TableSegment.CreateColumn(image.Type);
                for (var r = vector.Count; r < seg.Count; r++)
                {
                    vector.SetNull(r);
                }

                vector.Count = seg.Count;
                seg.Columns[image.Index] = vector;
            }
        }
    }

    /// <summary>Ends a pin taken by <see cref="SaveColumn"/> (the transaction that saved the column ended).</summary>
    public void UnpinRestore() => Interlocked.Decrement(ref _restorePins);

    /// <summary>Removes the physical columns from <paramref name="count"/> on (ADD COLUMN rolled back).</summary>
    public void RemoveColumnsFrom(int count)
    {
        lock (_appendLock)
        {
            if (_columnTypes.Count <= count)
            {
                return;
            }

            _columnTypes.RemoveRange(count, _columnTypes.Count - count);
            foreach (var seg in Segments)
            {
                if (seg.Columns.Length > count)
                {
                    seg.Columns = seg.Columns[..count];
                }
            }
        }
    }
}
