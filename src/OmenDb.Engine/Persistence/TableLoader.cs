using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;
using OmenDb.Storage.Kv;

namespace OmenDb.Engine.Persistence;

/// <summary>
/// Start-up load of one table from the store. A large table's key range is split by tuple id into a few parts per
/// core, read by one thread per core; each part walks its own RocksDB scan iterator (no block-cache fill, large
/// read-ahead) and decodes every stored row
/// straight into the typed column vectors of its own fresh segments (no row array, no boxed fixed-width value, no
/// second copy). The parts' segments are then installed in tuple-id order in one step, and the unique indexes are built
/// once from the loaded key columns. A row that does not decode refuses the start (XX001) with its tuple id.
/// <para>Row ids are segment × capacity + offset, so every segment but the last must be full: when a part ends in a
/// partial segment and another part follows, the rest of that segment is filled with placeholder versions created and
/// deleted by the bootstrap transaction (all columns NULL). No snapshot sees them, no index holds them, the next
/// compaction drops them, and a whole-table rewrite skips them; a part whose tuple ids are dense needs none, because
/// part boundaries fall on multiples of the segment capacity.</para>
/// </summary>
internal static class TableLoader
{
    /// <summary>
    /// Tuple ids per part below which splitting does not pay (starting a thread, a partial segment): 32 segments,
    /// about 65,000 rows, a few tens of milliseconds of decoding.
    /// </summary>
    private const long MinRowsPerPart = 32L * TableSegment.Capacity;

    /// <summary>
    /// Parts per core: more parts than threads, taken in turn, keep every core busy to the end when tuple ids are
    /// unevenly dense (the holes that updates and deletes leave). Each boundary costs at most one partial segment.
    /// </summary>
    private const int PartsPerCore = 4;

    /// <summary>Loads every stored row of <paramref name="table"/>, stamped as created by <paramref name="bootstrapTx"/>; returns the count.</summary>
    public static long Load(IKvStore kv, TableInfo table, long bootstrapTx)
    {
        var bounds = Split(kv, table.Oid);
        var parts = new LoadedPart[bounds.Length - 1];
        if (parts.Length == 1)
        {
            parts[0] = ReadPart(kv, table, bounds[0], bounds[1], bootstrapTx, CancellationToken.None);
        }
        else
        {
            ReadParts(kv, table, bounds, parts, bootstrapTx);
        }

        var segments = new List<TableSegment>();
        long rows = 0, nextTupleId = 1;
        foreach (var part in parts)
        {
            if (part.Segments.Count == 0)
            {
                continue;
            }

            if (segments.Count > 0)
            {
                Pad(segments[^1], bootstrapTx);
            }

            segments.AddRange(part.Segments);
            rows += part.Rows;
            nextTupleId = Math.Max(nextTupleId, part.LastTupleId + 1);
        }

        table.Data.InstallLoaded(segments, nextTupleId);
        foreach (var index in table.UniqueIndexes)
        {
            index.AddCommitted(table.Data.Segments, rows);
        }

        return rows;
    }

    /// <summary>
    /// Part boundaries as row keys: [bounds[k], bounds[k + 1]) is part k. Up to <see cref="PartsPerCore"/> parts per
    /// core when the table's tuple ids span enough rows, split at multiples of the segment capacity from the first one.
    /// </summary>
    private static byte[][] Split(IKvStore kv, uint oid)
    {
        var (start, end) = StorageKeys.TableRange(oid);
        long first, last;
        using (var it = kv.CreateIterator(start, end))
        {
            it.SeekToFirst();
            if (!it.Valid)
            {
                return [start, end];
            }

            first = StorageKeys.TupleId(it.Key);
            it.SeekToLast();
            last = StorageKeys.TupleId(it.Key);
        }

        var span = last - first + 1;
        var count = (int)Math.Min(PartsPerCore * Environment.ProcessorCount, span / MinRowsPerPart);
        if (count < 2)
        {
            return [start, end];
        }

        var step = (span + count - 1) / count;
        step = (step + TableSegment.Capacity - 1) / TableSegment.Capacity * TableSegment.Capacity;
        var bounds = new List<byte[]> { start };
        for (var k = 1; k < count && first + (k * step) <= last; k++)
        {
            var key = new byte[StorageKeys.RowKeyLength];
            StorageKeys.Row(key, oid, first + (k * step));
            bounds.Add(key);
        }

        bounds.Add(end);
        return [.. bounds];
    }

    /// <summary>
    /// Reads the parts on one thread per core (the caller's among them), each taking the next unread part in turn;
    /// the first failure stops the others and is the one reported.
    /// </summary>
    private static void ReadParts(IKvStore kv, TableInfo table, byte[][] bounds, LoadedPart[] parts, long bootstrapTx)
    {
        using var failed = new CancellationTokenSource();
        var next = -1;
        void Work()
        {
            for (var k = Interlocked.Increment(ref next); k < parts.Length; k = Interlocked.Increment(ref next))
            {
                parts[k] = ReadPartOrStop(kv, table, bounds[k], bounds[k + 1], bootstrapTx, failed);
            }
        }

        var workers = new Task[Math.Min(Environment.ProcessorCount, parts.Length) - 1];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        Exception? failure = null;
        try
        {
            Work();
        }
        catch (Exception e)
        {
            failure = e;
        }

        foreach (var worker in workers)
        {
            try
            {
                worker.GetAwaiter().GetResult();
            }
            catch (Exception e) when (failure is null or OperationCanceledException)
            {
                // The failure to report is the one that stopped the others, not their cancellation.
                failure = e;
            }
            catch (Exception)
            {
                // A later failure: the first one is reported.
            }
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private static LoadedPart ReadPartOrStop(IKvStore kv, TableInfo table, byte[] lower, byte[] upper, long bootstrapTx,
        CancellationTokenSource failed)
    {
        try
        {
            return ReadPart(kv, table, lower, upper, bootstrapTx, failed.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failed.Cancel();
            throw;
        }
    }

    /// <summary>Reads the rows of [<paramref name="lower"/>, <paramref name="upper"/>) into fresh segments, in tuple-id order.</summary>
    private static LoadedPart ReadPart(IKvStore kv, TableInfo table, byte[] lower, byte[] upper, long bootstrapTx, CancellationToken stop)
    {
        var types = table.Data.ColumnTypes;
        var part = new LoadedPart();
        TableSegment? seg = null;
        using var it = kv.CreateScanIterator(lower, upper);
        for (it.SeekToFirst(); it.Valid; it.Next())
        {
            if (seg is null || seg.Count == TableSegment.Capacity)
            {
                if (seg is not null)
                {
                    Seal(seg, bootstrapTx);
                }

                stop.ThrowIfCancellationRequested();
                seg = new TableSegment(types);
                part.Segments.Add(seg);
            }

            var row = seg.Count;
            var tupleId = StorageKeys.TupleId(it.Key);
            DecodeRow(table, it.Value, tupleId, seg.Columns, row);
            seg.TupleIds[row] = tupleId;
            seg.Count = row + 1;
            part.LastTupleId = tupleId;
            part.Rows++;
        }

        if (seg is not null)
        {
            Seal(seg, bootstrapTx);
        }

        return part;
    }

    /// <summary>Stamps a segment's rows as created by the bootstrap transaction and sets its vectors' counts.</summary>
    private static void Seal(TableSegment seg, long bootstrapTx)
    {
        seg.CreatedBy.AsSpan(0, seg.Count).Fill(bootstrapTx);
        foreach (var column in seg.Columns)
        {
            column.Count = seg.Count;
        }
    }

    /// <summary>Fills the rest of a partial segment with placeholder versions no snapshot sees (see the class remarks).</summary>
    private static void Pad(TableSegment seg, long bootstrapTx)
    {
        for (var row = seg.Count; row < TableSegment.Capacity; row++)
        {
            foreach (var column in seg.Columns)
            {
                column.SetNull(row);
            }
        }

        seg.CreatedBy.AsSpan(seg.Count).Fill(bootstrapTx);
        seg.DeletedBy.AsSpan(seg.Count).Fill(bootstrapTx);
        seg.Count = TableSegment.Capacity;
        foreach (var column in seg.Columns)
        {
            column.Count = TableSegment.Capacity;
        }
    }

    private static void DecodeRow(TableInfo table, ReadOnlySpan<byte> stored, long tupleId, ColumnVector[] columns, int row)
    {
        try
        {
            RowCodec.Decode(stored, table.Data.ColumnTypes, columns, row);
        }
        catch (Exception e) when (e is PgException or FormatException or ArgumentException or IndexOutOfRangeException or InvalidCastException or OverflowException)
        {
            // Never guess at damaged bytes: refuse to start, naming the row, rather than load something else.
            throw new PgException(SqlState.DataCorrupted,
                $"could not read row {tupleId} of table \"{table.Schema.Name}.{table.Name}\": {e.Message}", e)
            {
                Detail = "The stored row does not decode as the table's columns; the data directory is damaged.",
            };
        }
    }

    /// <summary>What one part read: its segments (all full but the last), how many rows, and its last tuple id.</summary>
    private sealed class LoadedPart
    {
        public List<TableSegment> Segments { get; } = [];

        public long Rows { get; set; }

        public long LastTupleId { get; set; }
    }
}
