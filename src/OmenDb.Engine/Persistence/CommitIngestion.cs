using OmenDb.Storage.Kv;

namespace OmenDb.Engine.Persistence;

/// <summary>
/// Commits a large transaction (a big COPY, a large INSERT ... SELECT) by SST ingestion instead of WAL + memtable:
/// the row changes, sorted by key, are encoded straight into ingest files (one per core, over consecutive key ranges,
/// written in parallel), and the catalog image of a DDL commit goes into one more small file (its keys, <c>0x01...</c>,
/// sort before every row key <c>0x02...</c>). All files are added by one <see cref="IKvStore.Ingest"/>. Sequence
/// positions (<c>0x03...</c>) are not ingested: they go through the WAL just before, synced.
/// </summary>
/// <remarks>
/// <para><b>Why this is crash safe and all-or-nothing.</b> Everything the commit writes is in those files, and
/// RocksDB adds them with one synced MANIFEST record: after a crash either all of them are part of the tree or none
/// is (a file written but not yet added lies in the ingest directory under a name RocksDB never reads, and the next
/// open deletes it). The transaction gets its commit sequence, becomes visible and is acknowledged only after
/// <see cref="IKvStore.Ingest"/> returns, so a durable ingestion is exactly a durable commit. A commit whose catalog
/// part would delete key ranges (a dropped table) or that rewrites whole tables (TRUNCATE, a column rewrite) needs
/// range deletions, which an ingested file cannot order against its own puts; it takes the write-batch path.</para>
/// <para><b>Ordering against other writes.</b> The files get a sequence number above every write that returned
/// before (RocksDB flushes the memtable first when it holds keys in their range), so they override older versions of
/// their keys, and later commits override them. Rows of this transaction cannot be touched by anyone else before it
/// commits. Sequence keys can be: other sessions' <c>nextval</c> logs positions ahead through the WAL at any time, and
/// an ingested file, numbered above those records, would put back the older position it was built with. So a DDL
/// commit's sequence positions are read when the files are ready and written through the WAL, synced, before the
/// ingestion; that sync also carries every earlier unsynced write (positions <c>nextval</c> logged ahead,
/// <c>synchronous_commit = off</c> commits) to disk, as the commit's synced WAL write would have done: a row carrying a
/// serial value must not outlive the sequence record that covers it. A crash between the two leaves positions ahead
/// of rows that never arrived, which only skips values.</para>
/// </remarks>
internal static class CommitIngestion
{
    /// <summary>Row changes from which a commit goes through ingestion: below it, a write batch costs less than
    /// building files and a MANIFEST write (and a possible memtable flush).</summary>
    internal const int MinimumRows = 50_000;

    /// <summary>Rows per ingest file at least: below it a second thread costs more than it saves.</summary>
    private const int MinimumRowsPerFile = 100_000;

    /// <summary>One row change of the journal: its key, and its position so that the last change of a key wins.</summary>
    private readonly record struct RowRef(uint Oid, long TupleId, int Index) : IComparable<RowRef>
    {
        public int CompareTo(RowRef other)
        {
            var c = Oid.CompareTo(other.Oid);
            c = c != 0 ? c : TupleId.CompareTo(other.TupleId);
            return c != 0 ? c : Index.CompareTo(other.Index);
        }
    }

    /// <summary>
    /// Writes the live changes of <paramref name="journal"/> plus the catalog writes of <paramref name="meta"/> (without
    /// range deletions) through ingest files, after <paramref name="addSequences"/>' positions through the WAL, synced
    /// by <paramref name="wal"/> (so a failed sync fails every later commit too), and returns once they are durable.
    /// </summary>
    internal static void Write(IKvStore kv, GroupCommit wal, TxJournal journal, HashSet<long> liveIds, CollectedWrites meta,
        Action<IKvWriteBatch>? addSequences = null)
    {
        // A COPY that encoded its rows as they came (IngestPipeline) leaves only its file to finish.
        var prebuilt = journal.Pipeline?.TryTake(journal, liveIds);
        var rows = prebuilt is null ? SortedLiveRows(journal, liveIds) : [];
        var parts = Math.Clamp(rows.Length / MinimumRowsPerFile, 1, Environment.ProcessorCount);
        var files = new List<IKvIngestFile>(parts + 1);
        try
        {
            files.Add(kv.CreateIngestFile());
            meta.WriteTo(files[0], (byte)(StorageKeys.RowSpace - 1));
            if (prebuilt is not null)
            {
                files.Add(prebuilt);
            }
            else if (parts == 1)
            {
                files.Add(kv.CreateIngestFile());
                WriteRows(journal, rows, 0, rows.Length, files[1]);
            }
            else
            {
                var rowFiles = new IKvIngestFile[parts];
                for (var p = 0; p < parts; p++)
                {
                    rowFiles[p] = kv.CreateIngestFile();
                    files.Add(rowFiles[p]);
                }

                Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
                {
                    var start = (int)((long)rows.Length * p / parts);
                    var end = (int)((long)rows.Length * (p + 1) / parts);
                    WriteRows(journal, rows, start, end, rowFiles[p]);
                });
            }

            // Sequence positions, and what was written to the WAL without a sync before, are on disk before these rows.
            using (var sequences = kv.CreateWriteBatch())
            {
                addSequences?.Invoke(sequences);
                wal.WriteAndSync(sequences);
            }

            kv.Ingest(files);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }
        finally
        {
            foreach (var file in files)
            {
                file.Dispose();
            }

            if (prebuilt is not null && !files.Contains(prebuilt))
            {
                prebuilt.Dispose();
            }
        }
    }

    /// <summary>
    /// The live changes in key order, one per key (the last one). A COPY's rows come in ascending tuple ids already,
    /// so the check is one pass and the sort only runs for mixed workloads.
    /// </summary>
    private static RowRef[] SortedLiveRows(TxJournal journal, HashSet<long> liveIds)
    {
        var changes = journal.Changes;
        var refs = new RowRef[changes.Count];
        var count = 0;
        var sorted = true;
        for (var i = 0; i < changes.Count; i++)
        {
            var (_, txId, table, rowId) = changes[i];
            if (table.Owner is not { } owner || !liveIds.Contains(txId))
            {
                continue;
            }

            var row = new RowRef(owner.Oid, table.TupleId(rowId), i);
            sorted &= count == 0 || refs[count - 1].CompareTo(row) < 0;
            refs[count++] = row;
        }

        if (!sorted)
        {
            Array.Sort(refs, 0, count);
        }

        // Keep the last change of each key: an insert then a delete of the same version is a delete.
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            if (i + 1 < count && refs[i + 1].Oid == refs[i].Oid && refs[i + 1].TupleId == refs[i].TupleId)
            {
                continue;
            }

            refs[kept++] = refs[i];
        }

        Array.Resize(ref refs, kept);
        return refs;
    }

    /// <summary>Encodes rows [<paramref name="start"/>, <paramref name="end"/>) into <paramref name="file"/>, straight from the column vectors.</summary>
    private static void WriteRows(TxJournal journal, RowRef[] rows, int start, int end, IKvIngestFile file)
    {
        var codec = new RowCodec();
        Span<byte> key = stackalloc byte[StorageKeys.RowKeyLength];
        var changes = journal.Changes;
        for (var i = start; i < end; i++)
        {
            var row = rows[i];
            var (op, _, table, rowId) = changes[row.Index];
            StorageKeys.Row(key, row.Oid, row.TupleId);
            if (op == JournalOp.Delete)
            {
                file.Delete(key);
            }
            else
            {
                var (segment, offset) = table.Locate(rowId);
                file.Put(key, codec.Encode(table.ColumnTypes, segment.Columns, offset));
            }
        }
    }

    /// <summary>
    /// The catalog and sequence writes of a commit, collected through the write-batch interface that
    /// <c>DurableStore.AddCatalog</c> fills, so that they can go into ingest files.
    /// </summary>
    internal sealed class CollectedWrites : IKvWriteBatch
    {
        private readonly List<(byte[] Key, byte[]? Value)> _writes = [];

        /// <summary>Whether a range deletion was added (which ingestion cannot carry).</summary>
        public bool HasRangeDeletes { get; private set; }

        public int Count => _writes.Count;

        public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => _writes.Add((key.ToArray(), value.ToArray()));

        public void Delete(ReadOnlySpan<byte> key) => _writes.Add((key.ToArray(), null));

        /// <summary>Only noted: the commit then takes the write-batch path, which collects everything again.</summary>
        public void DeleteRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> end) => HasRangeDeletes = true;

        public void Clear()
        {
            _writes.Clear();
            HasRangeDeletes = false;
        }

        /// <summary>Adds the point writes whose key starts with a byte up to <paramref name="to"/> to
        /// <paramref name="file"/> in key order, the last write of a key winning.</summary>
        public void WriteTo(IKvIngestFile file, byte to)
        {
            System.Diagnostics.Debug.Assert(!HasRangeDeletes, "range deletions take the write-batch path");
            var selected = new SortedDictionary<byte[], byte[]?>(Comparer<byte[]>.Create(static (a, b) => a.AsSpan().SequenceCompareTo(b)));
            foreach (var (key, value) in _writes)
            {
                if (key.Length > 0 && key[0] <= to)
                {
                    selected[key] = value;
                }
            }

            foreach (var (key, value) in selected)
            {
                if (value is null)
                {
                    file.Delete(key);
                }
                else
                {
                    file.Put(key, value);
                }
            }
        }

        public void Dispose() => _writes.Clear();
    }
}
