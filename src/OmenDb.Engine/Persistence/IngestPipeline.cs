using OmenDb.Engine.Columnar;
using OmenDb.Storage.Kv;

namespace OmenDb.Engine.Persistence;

/// <summary>
/// The ingest file of a large COPY, built while the COPY runs: each chunk the COPY appends to its table is encoded into
/// one <see cref="IKvIngestFile"/> on a pool thread while the session parses the next chunk, so the commit only has to
/// finish the file and ingest it (<see cref="CommitIngestion"/>) instead of encoding every row after the last one
/// arrives. The chunks' tuple ids ascend (each chunk is appended under one hold of the table's append lock, after the
/// previous one), which is the order an ingest file needs.
/// </summary>
/// <remarks>
/// <para><b>All or nothing.</b> Nothing here is visible to anyone: the file lies in the store's ingest directory under
/// a name RocksDB never reads until the commit ingests it (and the next open deletes it after a crash). The pipeline
/// hangs on the transaction's <see cref="TxJournal"/>, so a rollback, a failed statement or a disconnect, which all end
/// in <see cref="TxJournal.Clear"/>, dispose it, and disposing stops the encoding and deletes the file.</para>
/// <para><b>When the commit uses the file.</b> Only when it holds exactly the transaction's row changes: every journal
/// entry is an insert into this table by <see cref="TxId"/>, that (sub)transaction commits, and the counts match (so
/// the entries are the rows encoded here: no other statement of the transaction changed a row). Otherwise (rows of
/// this COPY deleted or updated again, another table changed, a savepoint rolled back, an encoding error) the commit
/// drops the file and encodes the journal as before: the pipeline only ever saves work, it never decides what is
/// written. Row versions never change once appended, so encoding them early reads what the commit would read.</para>
/// <para><b>Threads.</b> <see cref="Add"/>, <see cref="Wait"/>, <see cref="TryTake"/> and <see cref="Dispose"/> run on
/// the session's thread; the encoding runs on pool threads one chunk after another (a continuation chain), so the
/// file is only ever written by one thread at a time. The COPY waits for the chain before it completes, while it still
/// holds the reclaim gate, so a compaction never renumbers rows the chain has yet to read.</para>
/// </remarks>
internal sealed class IngestPipeline : IDisposable
{
    private readonly IKvStore _kv;
    private readonly ColumnarTable _table;
    private readonly uint _oid;
    private readonly RowCodec _codec = new();
    private IKvIngestFile? _file;
    private Task _tail = Task.CompletedTask;
    private Exception? _error;
    private volatile bool _stopped;

    internal IngestPipeline(IKvStore kv, ColumnarTable table, uint oid, long txId)
    {
        _kv = kv;
        _table = table;
        _oid = oid;
        TxId = txId;
    }

    /// <summary>The (sub)transaction whose inserts are encoded.</summary>
    public long TxId { get; }

    /// <summary>Rows handed to the pipeline so far.</summary>
    public long RowCount { get; private set; }

    /// <summary>Queues rows [<paramref name="firstRowId"/>, + <paramref name="count"/>) of the table, just appended by
    /// <see cref="TxId"/>, for encoding.</summary>
    public void Add(long firstRowId, int count)
    {
        if (_stopped)
        {
            return;
        }

        RowCount += count;
        _tail = _tail.ContinueWith(static (_, state) =>
        {
            var (pipeline, first, n) = ((IngestPipeline, long, int))state!;
            pipeline.Encode(first, n);
        }, (this, firstRowId, count), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>Waits until every queued row is encoded (or the encoding stopped).</summary>
    public void Wait() => _tail.Wait();

    /// <summary>
    /// The finished-but-not-ingested file when it holds exactly the live row changes of <paramref name="journal"/>
    /// (ownership passes to the caller), or null, and the caller encodes the journal.
    /// </summary>
    public IKvIngestFile? TryTake(TxJournal journal, HashSet<long> liveIds)
    {
        Wait();
        if (_stopped || _error is not null || _file is null || !liveIds.Contains(TxId) || journal.Changes.Count != RowCount
            || journal.Rewritten.Count != 0)
        {
            return null;
        }

        foreach (var (op, txId, table, _) in journal.Changes)
        {
            if (op != JournalOp.Insert || txId != TxId || !ReferenceEquals(table, _table))
            {
                return null;
            }
        }

        var file = _file;
        _file = null;
        return file;
    }

    /// <summary>Stops the encoding, waits for the chunk in progress, and deletes the file unless it was taken.</summary>
    public void Dispose()
    {
        _stopped = true;
        _tail.Wait();
        _file?.Dispose();
        _file = null;
    }

    private void Encode(long first, int count)
    {
        if (_stopped || _error is not null)
        {
            return;
        }

        try
        {
            _file ??= _kv.CreateIngestFile();
            Span<byte> key = stackalloc byte[StorageKeys.RowKeyLength];
            var types = _table.ColumnTypes;
            for (var done = 0; done < count && !_stopped;)
            {
                // One segment's run of the chunk at a time.
                var (segment, offset) = _table.Locate(first + done);
                var n = Math.Min(count - done, TableSegment.Capacity - offset);
                var columns = segment.Columns;
                var tupleIds = segment.TupleIds;
                for (var r = offset; r < offset + n; r++)
                {
                    StorageKeys.Row(key, _oid, tupleIds[r]);
                    _file.Put(key, _codec.Encode(types, columns, r));
                }

                done += n;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Reported by the commit's own encoding, which takes over (a storage error happens again there).
            _error = ex;
        }
    }
}
