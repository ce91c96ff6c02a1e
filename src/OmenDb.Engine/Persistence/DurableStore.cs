using System.Buffers.Binary;
using System.Collections.Concurrent;
using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Transactions;
using OmenDb.Storage.Kv;

namespace OmenDb.Engine.Persistence;

/// <summary>
/// Makes committed work durable in the KV store (RocksDB) and rebuilds the in-memory database from it at start.
/// <para>Commit: the row changes a transaction's live (sub)transactions made, the catalog image when DDL ran, and
/// whole-table rewrites go into one write batch, written to the WAL and synced (unless synchronous_commit is off)
/// before the transaction becomes visible. Concurrent committers share one fsync: each writes its batch unsynced and
/// waits for a sync that covers it (<see cref="GroupCommit"/>, PostgreSQL's WAL flush).</para>
/// <para>Start: the catalog image is loaded, then every table's rows are read in tuple-id order into fresh columnar
/// segments, stamped as created by one bootstrap transaction that is committed before any session starts.</para>
/// </summary>
internal sealed class DurableStore : IRowLog, IDisposable
{
    private static readonly byte[] CatalogKey = StorageKeys.Meta("catalog");
    private static readonly byte[] FormatKey = StorageKeys.Meta("format");

    /// <summary>How far ahead of the handed-out value a sequence position is logged (as PostgreSQL's SEQ_LOG_VALS).</summary>
    private const int SequenceLogAhead = 32;

    private readonly IKvStore _kv;
    private readonly GroupCommit _groupCommit;
    private readonly ConcurrentDictionary<long, TxJournal> _journals = new();
    /// <summary>The position logged last per sequence OID (by OID: a renamed sequence's committed copy shares it).</summary>
    private readonly ConcurrentDictionary<uint, (long Value, bool IsCalled)> _sequenceLogged = new();
    private readonly object _catalogWriteLock = new();
    private HashSet<uint> _persistedTables = [];

    private readonly TransactionManager _transactions;

    /// <summary>The RocksDB store under <see cref="_kv"/> (which a test may wrap), whose compactions wait for the load.</summary>
    private readonly RocksDbStore? _rocks;

    public DurableStore(IKvStore kv, TransactionManager transactions, RocksDbStore? rocks = null)
    {
        _kv = kv;
        _groupCommit = new GroupCommit(kv);
        _transactions = transactions;
        _rocks = rocks;
    }

    /// <summary>
    /// Opens (creating when missing) the RocksDB store under <paramref name="directory"/>, with compactions deferred
    /// until <see cref="Load"/> has read the tables (a compaction left over from the last run would otherwise take a
    /// core from the load).
    /// </summary>
    public static DurableStore Open(string directory, TransactionManager transactions, Func<IKvStore, IKvStore>? wrap = null)
    {
        Directory.CreateDirectory(directory);
        var store = RocksDbStore.Open(new RocksDbOptions(Path.Combine(directory, "rocksdb")) { DeferCompactions = true });
        return new DurableStore(wrap is null ? store : wrap(store), transactions, store);
    }

    /// <summary>The KV store itself, for records kept outside transactions (HNSW graphs: <see cref="Vectors.HnswGraphStore"/>).</summary>
    public IKvStore Kv => _kv;

    // ---- Recording (called by row stores on the sessions' threads) ----

    /// <summary>Starts recording the changes of a top-level transaction or one of its subtransactions into <paramref name="journal"/>.</summary>
    public void Track(long txId, TxJournal journal)
    {
        journal.TxIds.Add(txId);
        _journals[txId] = journal;
    }

    /// <summary>
    /// Starts the ingest file of a large COPY by <paramref name="txId"/> into <paramref name="table"/> (see
    /// <see cref="IngestPipeline"/>), or returns null when the table is not durable, the transaction is not tracked, or
    /// it already has one (its commit then encodes everything itself).
    /// </summary>
    internal IngestPipeline? StartIngestPipeline(long txId, ColumnarTable table)
    {
        if (table.Owner is not { IsTemporary: false } owner || !_journals.TryGetValue(txId, out var journal) || journal.Pipeline is not null)
        {
            return null;
        }

        journal.Pipeline = new IngestPipeline(_kv, table, owner.Oid, txId);
        return journal.Pipeline;
    }

    public void RowInserted(long txId, ColumnarTable table, long rowId)
    {
        if (table.Owner is { IsTemporary: false } && _journals.TryGetValue(txId, out var j))
        {
            j.Changes.Add((JournalOp.Insert, txId, table, rowId));
        }
    }

    public void RowDeleted(long txId, ColumnarTable table, long rowId)
    {
        if (table.Owner is { IsTemporary: false } && _journals.TryGetValue(txId, out var j))
        {
            j.Changes.Add((JournalOp.Delete, txId, table, rowId));
        }
    }

    public void TableRewritten(long txId, ColumnarTable table)
    {
        if (table.Owner is { IsTemporary: false } owner && _journals.TryGetValue(txId, out var j) && !j.Rewritten.Contains(owner))
        {
            j.Rewritten.Add(owner);
        }
    }

    // ---- Commit ----

    /// <summary>
    /// Writes what the transaction did, and once it is durable calls <paramref name="publish"/>, which makes it visible.
    /// <paramref name="live"/> are the (sub)transactions that commit; changes of the others (rolled back to a savepoint)
    /// are dropped. Then forgets the journal.
    /// </summary>
    /// <remarks>
    /// A commit that writes a catalog image publishes before it releases the catalog write lock: the next image is
    /// built as its committer sees the catalog, and it deletes the rows of every persisted table that committer cannot
    /// see, so a commit whose image is written but which is not yet visible (waiting for its sync) would have its new
    /// tables erased, or its dropped tables restored, by a concurrent DDL commit's image.
    /// </remarks>
    public void Commit(TxJournal journal, IReadOnlyList<TransactionState> live, CatalogStore? catalog, bool sync, Action publish)
    {
        if (journal.IsEmpty && catalog is null)
        {
            // A read-only transaction: nothing to write, no fsync to wait for.
            Forget(journal);
            publish();
            return;
        }

        try
        {
            _groupCommit.ThrowIfFailed();
            var liveIds = live.Select(t => t.Id).ToHashSet();
            if (journal.Changes.Count >= CommitIngestion.MinimumRows && journal.Rewritten.Count == 0
                && TryCommitByIngestion(journal, liveIds, catalog, live, publish))
            {
                return;
            }

            using var batch = _kv.CreateWriteBatch();
            Span<byte> key = stackalloc byte[StorageKeys.RowKeyLength];
            var codec = new RowCodec();
            var rewritten = journal.Rewritten.Select(t => t.Data).ToHashSet();
            foreach (var (op, txId, table, rowId) in journal.Changes)
            {
                if (!liveIds.Contains(txId) || rewritten.Contains(table) || table.Owner is not { } owner)
                {
                    continue;
                }

                StorageKeys.Row(key, owner.Oid, table.TupleId(rowId));
                if (op == JournalOp.Delete)
                {
                    batch.Delete(key);
                }
                else
                {
                    var (segment, offset) = table.Locate(rowId);
                    batch.Put(key, codec.Encode(table.ColumnTypes, segment.Columns, offset));
                }
            }

            foreach (var table in journal.Rewritten)
            {
                WriteWholeTable(batch, codec, table, liveIds);
            }

            if (catalog is not null)
            {
                lock (_catalogWriteLock)
                {
                    AddCatalog(batch, catalog, live);
                    WriteDurably(batch, sync);
                    publish();
                }
            }
            else
            {
                if (batch.Count > 0)
                {
                    WriteDurably(batch, sync);
                }

                publish();
            }
        }
        finally
        {
            Forget(journal);
        }
    }

    /// <summary>Writes a commit's batch, and with <paramref name="sync"/> waits for a (group) sync that covers it.</summary>
    private void WriteDurably(IKvWriteBatch batch, bool sync)
    {
        if (sync)
        {
            _groupCommit.WaitDurable(_groupCommit.Write(batch));
        }
        else
        {
            _kv.Write(batch, sync: false);
        }
    }

    /// <summary>
    /// A large commit through SST ingestion (<see cref="CommitIngestion"/>): false, having written nothing, when its
    /// catalog part needs range deletions (a dropped table), which only the write batch carries.
    /// </summary>
    private bool TryCommitByIngestion(TxJournal journal, HashSet<long> liveIds, CatalogStore? catalog, IReadOnlyList<TransactionState> live,
        Action publish)
    {
        var meta = new CommitIngestion.CollectedWrites();
        if (catalog is null)
        {
            CommitIngestion.Write(_kv, _groupCommit, journal, liveIds, meta);
            publish();
            return true;
        }

        lock (_catalogWriteLock)
        {
            var persisted = _persistedTables;
            var sequences = AddCatalog(meta, catalog, live);
            if (meta.HasRangeDeletes)
            {
                _persistedTables = persisted;
                return false;
            }

            // The positions of the moment the rows are ingested, not those read before the files were built.
            CommitIngestion.Write(_kv, _groupCommit, journal, liveIds, meta, batch => AddSequences(batch, sequences, live));
            publish();
            return true;
        }
    }

    /// <summary>Drops a journal without writing anything (ROLLBACK).</summary>
    public void Forget(TxJournal journal)
    {
        foreach (var id in journal.TxIds)
        {
            _journals.TryRemove(id, out _);
        }

        journal.Clear();
    }

    /// <summary>
    /// Follows a compaction of <paramref name="table"/> in the journals of running transactions. A change of a dropped
    /// version (-1) can only belong to an aborted subtransaction, whose changes commit skips anyway, so it goes. The
    /// caller holds the ReclaimGate closed, so no session touches its journal meanwhile.
    /// </summary>
    public void RemapJournals(ColumnarTable table, long[] map)
    {
        foreach (var journal in _journals.Values.Distinct())
        {
            var changes = journal.Changes;
            var kept = 0;
            for (var i = 0; i < changes.Count; i++)
            {
                var change = changes[i];
                if (ReferenceEquals(change.Table, table))
                {
                    var moved = change.RowId < map.Length ? map[change.RowId] : -1;
                    System.Diagnostics.Debug.Assert(moved >= 0 || _transactions.Get(change.TxId) is { Aborted: true },
                        "only an aborted subtransaction's change can refer to a reclaimed row version");
                    if (moved < 0)
                    {
                        continue;
                    }

                    change.RowId = moved;
                }

                changes[kept++] = change;
            }

            changes.RemoveRange(kept, changes.Count - kept);
        }
    }

    /// <summary>Replaces a table's stored rows with the row versions live for the committing transaction.</summary>
    private void WriteWholeTable(IKvWriteBatch batch, RowCodec codec, TableInfo table, HashSet<long> liveIds)
    {
        var (start, end) = StorageKeys.TableRange(table.Oid);
        batch.DeleteRange(start, end);
        Span<byte> key = stackalloc byte[StorageKeys.RowKeyLength];
        var data = table.Data;
        var segments = data.Segments;
        for (var s = 0; s < segments.Length; s++)
        {
            var seg = segments[s];
            for (var r = 0; r < seg.Count; r++)
            {
                var created = seg.CreatedBy[r];
                var deleted = Volatile.Read(ref seg.DeletedBy[r]);
                if (!IsCommittedOrOurs(created, liveIds) || (deleted != 0 && IsCommittedOrOurs(deleted, liveIds)))
                {
                    continue;
                }

                StorageKeys.Row(key, table.Oid, seg.TupleIds[r]);
                batch.Put(key, codec.Encode(data.ColumnTypes, seg.Columns, r));
            }
        }
    }

    private bool IsCommittedOrOurs(long txId, HashSet<long> liveIds)
        => liveIds.Contains(txId) || _transactions.Get(txId) is { Aborted: false, CommitSequence: > 0 };

    /// <summary>Adds the catalog image, the deletion of dropped tables' rows and every sequence's position; returns the sequences.</summary>
    private List<SequenceInfo> AddCatalog(IKvWriteBatch batch, CatalogStore catalog, IReadOnlyList<TransactionState> live)
    {
        lock (catalog.SyncRoot)
        {
            // Another transaction's uncommitted CREATE stays out, its uncommitted DROP keeps the table's rows.
            var viewer = live.Count > 0 ? live[0] : null;
            batch.Put(CatalogKey, CatalogCodec.Save(catalog, viewer));
            var tables = PersistentRelations(catalog, viewer).OfType<TableInfo>().Select(t => t.Oid).ToHashSet();
            foreach (var oid in _persistedTables.Where(o => !tables.Contains(o)))
            {
                var (start, end) = StorageKeys.TableRange(oid);
                batch.DeleteRange(start, end);
            }

            _persistedTables = tables;
            var sequences = PersistentRelations(catalog, viewer).OfType<SequenceInfo>().ToList();
            AddSequences(batch, sequences, live);
            return sequences;
        }
    }

    /// <summary>
    /// Adds every sequence's durable position. A sequence the committing transaction rewrote (ALTER SEQUENCE) logged no
    /// position since (<see cref="SequenceInfo.RewrittenBy"/>): its current position becomes the logged one.
    /// </summary>
    private void AddSequences(IKvWriteBatch batch, List<SequenceInfo> sequences, IReadOnlyList<TransactionState> live)
    {
        foreach (var seq in sequences)
        {
            if (seq.RewrittenBy is { } rewriter && live.Contains(rewriter))
            {
                _sequenceLogged[seq.Oid] = (seq.LastValue, seq.IsCalled);
            }

            var (value, isCalled) = DurablePosition(seq);
            AddSequence(batch, seq, value, isCalled);
        }
    }

    private static IEnumerable<RelationInfo> PersistentRelations(CatalogStore catalog, TransactionState? viewer)
        => catalog.Databases.Values.SelectMany(d => CatalogVisibility.Schemas(d, viewer)).SelectMany(s => CatalogVisibility.Relations(s, viewer))
            .Where(r => r is not TableInfo { IsTemporary: true });

    // ---- Sequences ----

    /// <summary>
    /// nextval handed out <paramref name="value"/>: logs the position ahead when it passes what is logged, so that a
    /// crash never hands out a value twice (a crash may skip up to <see cref="SequenceLogAhead"/> values, as in PostgreSQL).
    /// The write is not synced by itself: the next synced commit carries it to disk, as in PostgreSQL.
    /// </summary>
    public void SequenceAdvanced(SequenceInfo seq, long value)
    {
        if (_sequenceLogged.TryGetValue(seq.Oid, out var logged) && logged.IsCalled
            && (seq.Increment > 0 ? value < logged.Value : value > logged.Value))
        {
            return;
        }

        var ahead = (Int128)value + ((Int128)seq.Increment * SequenceLogAhead);
        SequenceSet(seq, (long)Int128.Clamp(ahead, seq.MinValue, seq.MaxValue), isCalled: true);
    }

    /// <summary>setval: logs the exact position.</summary>
    public void SequenceSet(SequenceInfo seq, long value, bool isCalled)
    {
        _sequenceLogged[seq.Oid] = (value, isCalled);
        using var batch = _kv.CreateWriteBatch();
        AddSequence(batch, seq, value, isCalled);
        _kv.Write(batch, sync: false);
    }

    /// <summary>The position a restart after a crash resumes from: the logged one when ahead, else the current one.</summary>
    private (long Value, bool IsCalled) DurablePosition(SequenceInfo seq)
        => _sequenceLogged.TryGetValue(seq.Oid, out var logged) ? logged : (seq.LastValue, seq.IsCalled);

    private static void AddSequence(IKvWriteBatch batch, SequenceInfo seq, long value, bool isCalled)
    {
        Span<byte> v = stackalloc byte[9];
        BinaryPrimitives.WriteInt64BigEndian(v, value);
        v[8] = isCalled ? (byte)1 : (byte)0;
        batch.Put(StorageKeys.Sequence(seq.Oid), v);
    }

    // ---- Start ----

    /// <summary>
    /// Loads the catalog and every table from the store into <paramref name="catalog"/>, stamping rows as created by
    /// <paramref name="bootstrap"/>. On an empty store, writes the initial catalog instead. Returns the number of rows.
    /// </summary>
    public long Load(CatalogStore catalog, TransactionState bootstrap, Func<DatabaseInfo, Binding.Binder> binderFor)
    {
        try
        {
            return LoadCore(catalog, bootstrap, binderFor);
        }
        finally
        {
            _rocks?.ResumeCompactions();
        }
    }

    private long LoadCore(CatalogStore catalog, TransactionState bootstrap, Func<DatabaseInfo, Binding.Binder> binderFor)
    {
        using (var format = _kv.Get(FormatKey))
        {
            if (!format.Exists)
            {
                using var init = _kv.CreateWriteBatch();
                Span<byte> v = stackalloc byte[4];
                BinaryPrimitives.WriteInt32BigEndian(v, StorageKeys.FormatVersion);
                init.Put(FormatKey, v);
                AddCatalog(init, catalog, []);
                _kv.Write(init, sync: true);
                return 0;
            }

            var version = BinaryPrimitives.ReadInt32BigEndian(format.Span);
            if (version != StorageKeys.FormatVersion)
            {
                throw new PgException(SqlState.DataCorrupted,
                    $"the data directory was written in storage format {version}; this server reads format {StorageKeys.FormatVersion}");
            }
        }

        using (var image = _kv.Get(CatalogKey))
        {
            CatalogCodec.Load(catalog, image.Span, binderFor);
        }

        long rows = 0;
        var tables = PersistentRelations(catalog, null).OfType<TableInfo>().ToList();
        foreach (var table in tables)
        {
            rows += TableLoader.Load(_kv, table, bootstrap.Id);
        }

        _persistedTables = tables.Select(t => t.Oid).ToHashSet();
        LoadSequences(catalog);
        return rows;
    }

    private void LoadSequences(CatalogStore catalog)
    {
        var byOid = PersistentRelations(catalog, null).OfType<SequenceInfo>().ToDictionary(s => s.Oid);
        using var it = _kv.CreateIterator([StorageKeys.SequenceSpace], [StorageKeys.SequenceSpace + 1]);
        for (it.SeekToFirst(); it.Valid; it.Next())
        {
            if (byOid.TryGetValue(StorageKeys.SequenceOid(it.Key), out var seq))
            {
                seq.LastValue = BinaryPrimitives.ReadInt64BigEndian(it.Value);
                seq.IsCalled = it.Value[8] != 0;
            }
        }
    }

    // ---- Stop ----

    /// <summary>Clean shutdown: stores the exact sequence positions (no gap after a clean restart) and syncs the WAL.</summary>
    public void Close(CatalogStore catalog)
    {
        using (var batch = _kv.CreateWriteBatch())
        {
            lock (catalog.SyncRoot)
            {
                foreach (var seq in PersistentRelations(catalog, null).OfType<SequenceInfo>())
                {
                    AddSequence(batch, seq, seq.LastValue, seq.IsCalled);
                }
            }

            _kv.Write(batch, sync: true);
        }

        _kv.Flush();
    }

    public void Dispose() => _kv.Dispose();
}
