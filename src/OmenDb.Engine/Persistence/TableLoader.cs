using System.Collections.Concurrent;
using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;
using OmenDb.Storage.Kv;

namespace OmenDb.Engine.Persistence;

/// <summary>
/// Start-up load of one table from the store, on two cores: the calling thread walks the table's key range with the
/// RocksDB iterator and copies each stored row's bytes into a block of <see cref="ChunkRows"/> rows; a second thread
/// decodes whole blocks straight into typed column vectors (no row array, no boxed fixed-width value), appends each
/// block to the table in one piece and enters its keys into the unique indexes. Two blocks circulate, so reading the
/// next block overlaps decoding the last one. A row that does not decode refuses the start (XX001) with its tuple id.
/// </summary>
internal static class TableLoader
{
    /// <summary>Rows per block: four segments, large enough to amortise the hand-over, small enough to stay in cache.</summary>
    private const int ChunkRows = TableSegment.Capacity * 4;

    /// <summary>Loads every stored row of <paramref name="table"/>, stamped as created by <paramref name="bootstrapTx"/>; returns the count.</summary>
    public static long Load(IKvStore kv, TableInfo table, long bootstrapTx)
    {
        var (start, end) = StorageKeys.TableRange(table.Oid);
        using var filled = new BlockingCollection<StoredRows>(boundedCapacity: 2);
        using var free = new BlockingCollection<StoredRows>();
        free.Add(new StoredRows());
        free.Add(new StoredRows());
        using var failed = new CancellationTokenSource();
        var decoder = Task.Factory.StartNew(() => Decode(table, bootstrapTx, filled, free, failed),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        long rows = 0;
        try
        {
            var block = free.Take(failed.Token);
            using var it = kv.CreateIterator(start, end);
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                block.Add(StorageKeys.TupleId(it.Key), it.Value);
                if (block.Count == ChunkRows)
                {
                    rows += block.Count;
                    filled.Add(block, failed.Token);
                    block = free.Take(failed.Token);
                }
            }

            rows += block.Count;
            filled.Add(block, failed.Token);
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested)
        {
            // The decoder failed: its exception is the one to report.
        }
        finally
        {
            filled.CompleteAdding();
            // The decoder drains what was handed over (or has failed) before the collections go.
            decoder.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Wait();
        }

        decoder.GetAwaiter().GetResult();
        return rows;
    }

    /// <summary>The decoding side: blocks in, table rows out; on an error, stops the reader and rethrows.</summary>
    private static void Decode(TableInfo table, long bootstrapTx, BlockingCollection<StoredRows> filled,
        BlockingCollection<StoredRows> free, CancellationTokenSource failed)
    {
        try
        {
            var types = table.Data.ColumnTypes;
            var chunk = new ColumnVector[types.Count];
            for (var c = 0; c < chunk.Length; c++)
            {
                chunk[c] = ColumnVector.Create(types[c], ChunkRows);
            }

            var keyRow = new object?[types.Count];
            foreach (var block in filled.GetConsumingEnumerable())
            {
                for (var r = 0; r < block.Count; r++)
                {
                    DecodeRow(table, block, r, chunk);
                }

                Append(table, chunk, block, keyRow, bootstrapTx);
                block.Clear();
                free.Add(block);
            }
        }
        catch
        {
            failed.Cancel();
            throw;
        }
    }

    private static void DecodeRow(TableInfo table, StoredRows block, int row, ColumnVector[] chunk)
    {
        try
        {
            RowCodec.Decode(block.Value(row), table.Data.ColumnTypes, chunk, row);
        }
        catch (Exception e) when (e is PgException or FormatException or ArgumentException or IndexOutOfRangeException or InvalidCastException or OverflowException)
        {
            // Never guess at damaged bytes: refuse to start, naming the row, rather than load something else.
            throw new PgException(SqlState.DataCorrupted,
                $"could not read row {block.TupleIds[row]} of table \"{table.Schema.Name}.{table.Name}\": {e.Message}", e)
            {
                Detail = "The stored row does not decode as the table's columns; the data directory is damaged.",
            };
        }
    }

    private static void Append(TableInfo table, ColumnVector[] chunk, StoredRows block, object?[] keyRow, long bootstrapTx)
    {
        if (block.Count == 0)
        {
            return;
        }

        var first = table.Data.AppendRows(chunk, block.Count, bootstrapTx, block.TupleIds.AsSpan(0, block.Count));
        foreach (var idx in table.UniqueIndexes)
        {
            var columns = idx.Constraint.Columns;
            for (var r = 0; r < block.Count; r++)
            {
                foreach (var attnum in columns)
                {
                    keyRow[attnum - 1] = chunk[attnum - 1].GetValue(r);
                }

                idx.AddCommitted(keyRow, first + r);
            }
        }

        foreach (var column in chunk)
        {
            column.ClearNulls();
        }
    }

    /// <summary>A block of stored rows: tuple ids, and the rows' bytes back to back.</summary>
    private sealed class StoredRows
    {
        private readonly int[] _ends = new int[ChunkRows];
        private byte[] _bytes = new byte[ChunkRows * 64];
        private int _length;

        public long[] TupleIds { get; } = new long[ChunkRows];

        public int Count { get; private set; }

        public void Add(long tupleId, ReadOnlySpan<byte> value)
        {
            if (_length + value.Length > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + value.Length));
            }

            value.CopyTo(_bytes.AsSpan(_length));
            _length += value.Length;
            TupleIds[Count] = tupleId;
            _ends[Count++] = _length;
        }

        public ReadOnlySpan<byte> Value(int row)
        {
            var start = row == 0 ? 0 : _ends[row - 1];
            return _bytes.AsSpan(start, _ends[row] - start);
        }

        public void Clear()
        {
            Count = 0;
            _length = 0;
        }
    }
}
