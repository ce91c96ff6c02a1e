using OmenDb.Common;
using OmenDb.Engine.Persistence;
using OmenDb.Engine.Transactions;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// Transaction control: the implicit transaction of a statement, BEGIN/COMMIT/ROLLBACK blocks, savepoints as
// subtransactions, and the undo log that makes DDL transactional.
//
// Every savepoint starts a subtransaction with its own id; rows are stamped with the innermost one. The session's
// own set (_ownTxIds) holds every id of the transaction that has not been rolled back, so the transaction sees all of
// its live work. ROLLBACK TO aborts the subtransactions above the savepoint (their row versions become invisible to
// everyone) and undoes the catalog changes they made; COMMIT commits all ids that are still live under one sequence.
public sealed partial class Session
{
    private readonly HashSet<long> _ownTxIds = [];
    private readonly List<TransactionState> _txParts = [];
    private readonly List<(string Name, TransactionState Sub, int UndoMark)> _savepoints = [];
    private readonly List<Action> _undo = [];
    private readonly TxJournal _journal = new();
    private TransactionState? _tx;
    private bool _implicitTx;
    private Snapshot? _txSnapshot;
    private bool _repeatableRead;

    /// <summary>The (sub)transaction whose id new row versions carry, or null outside a transaction.</summary>
    private TransactionState? CurrentWriteTx => _savepoints.Count > 0 ? _savepoints[^1].Sub : _tx;

    /// <summary>
    /// Registers how to reverse a catalog change made in the current transaction. Undo actions run in reverse order
    /// on ROLLBACK, on ROLLBACK TO a savepoint taken before the change, and when an implicit transaction fails;
    /// COMMIT drops them. Outside a transaction block the change commits with its statement.
    /// </summary>
    internal void RegisterUndo(Action undo)
    {
        if (_tx is not null)
        {
            _undo.Add(undo);
        }
    }

    /// <summary>Starts the implicit transaction of a statement when none is open.</summary>
    internal void EnsureTransaction()
    {
        if (_tx is null)
        {
            _tx = _engine.Transactions.Begin(ProcessId);
            _engine.Durable?.Track(_tx.Id, _journal);
            _txParts.Add(_tx);
            _ownTxIds.Add(_tx.Id);
            _implicitTx = true;
            _txTimestamp = NowMicros();
            _catalogVersionAtStart = Catalog.Version;
            if (DefaultReadOnly())
            {
                ReadOnlyTransaction = true;
                _settings["transaction_read_only"] = "on";
            }
        }
    }

    /// <summary>Whether the transaction block was started READ ONLY.</summary>
    internal bool ReadOnlyTransaction { get; private set; }

    /// <summary>Refuses a write in a READ ONLY transaction (25006), naming the command as PostgreSQL does.</summary>
    internal void CheckWritable(string command)
    {
        if (ReadOnlyTransaction)
        {
            throw new PgException(SqlState.ReadOnlySqlTransaction, $"cannot execute {command} in a read-only transaction");
        }
    }

    internal bool BeginBlock(bool repeatableRead, bool readOnly = false)
    {
        if (_txStatus != TransactionStatus.Idle)
        {
            _notices.Enqueue(new PgNotice("WARNING", "25001", "there is already a transaction in progress"));
            return false;
        }

        EnsureTransaction();
        _implicitTx = false;
        _repeatableRead = repeatableRead;
        _txStatus = TransactionStatus.InBlock;
        ReadOnlyTransaction = readOnly;
        _settings["transaction_read_only"] = readOnly ? "on" : "off";
        SetTransactionIsolationSetting(repeatableRead);
        _blockQueried = false;
        return true;
    }

    private void SetTransactionIsolationSetting(bool repeatableRead)
        => _settings["transaction_isolation"] = repeatableRead ? "repeatable read" : _settings["default_transaction_isolation"];

    internal void CommitTransaction()
    {
        // Commit reads the journal's row ids: hold them against reclamation.
        PinRowIds();
        try
        {
            CommitTransactionCore();
        }
        finally
        {
            UnpinRowIds();
        }
    }

    private void CommitTransactionCore()
    {
        if (_tx is not null)
        {
            if (_txStatus == TransactionStatus.Failed)
            {
                AbortAll();
            }
            else
            {
                IReadOnlyList<TransactionState> live = _txParts is [{ Aborted: false }] ? _txParts : _txParts.Where(t => !t.Aborted).ToList();
                try
                {
                    HoldCursors();
                    _engine.CommitTransaction(_journal, live, _catalogVersionAtStart != Catalog.Version,
                        sync: CurrentStatementSettings.SynchronousCommit);
                }
                catch
                {
                    AbortAll();
                    EndSettingsTransaction(committed: false);
                    EndCursors(committed: false);
                    EndTransaction();
                    throw;
                }
            
                DeleteDroppedHnswGraphs();
            }
        }

        EndSettingsTransaction(committed: _txStatus != TransactionStatus.Failed);
        EndCursors(committed: _txStatus != TransactionStatus.Failed);
        EndTransaction();
    }

    internal void RollbackTransaction()
    {
        if (_tx is not null)
        {
            PinRowIds();
            try
            {
                AbortAll();
            }
            finally
            {
                UnpinRowIds();
            }
        }

        EndSettingsTransaction(committed: false);
        EndCursors(committed: false);
        EndTransaction();
    }

    private void AbortAll()
    {
        _engine.ForgetTransaction(_journal);
        UndoTo(0);
        foreach (var part in _txParts)
        {
            if (!part.Aborted)
            {
                _engine.Transactions.Abort(part);
            }
        }

        RestoreDroppedHnswIndexes(all: true);
    }

    /// <summary>Runs the undo actions registered after position <paramref name="mark"/>, newest first.</summary>
    private void UndoTo(int mark)
    {
        if (_undo.Count <= mark)
        {
            return;
        }

        lock (Catalog.SyncRoot)
        {
            for (var i = _undo.Count - 1; i >= mark; i--)
            {
                _undo[i]();
            }

            _undo.RemoveRange(mark, _undo.Count - mark);
            Catalog.Bump();
        }
    }

    private void EndTransaction()
    {
        ClearCatalogMarks();
        ReleaseTableLocks();
        _tx = null;
        _txParts.Clear();
        _ownTxIds.Clear();
        _savepoints.Clear();
        _undo.Clear();
        _txSnapshot = null;
        _repeatableRead = false;
        _implicitTx = false;
        _txTimestamp = 0;
        _txStatus = TransactionStatus.Idle;
        _settings["transaction_isolation"] = _settings["default_transaction_isolation"];
        _settings["transaction_read_only"] = "off";
        ReadOnlyTransaction = false;
        _blockQueried = false;
    }

    private long _catalogVersionAtStart;

    private string ExecuteTransaction(TransactionStatement t)
    {
        var inBlock = _txStatus != TransactionStatus.Idle && !_implicitTx;
        switch (t.Kind)
        {
            case TransactionKind.Begin or TransactionKind.Start:
                var isolation = t.Modes?.Isolation ?? DefaultIsolation();
                if (BeginBlock(isolation is IsolationLevel.RepeatableRead or IsolationLevel.Serializable, t.Modes?.ReadOnly ?? DefaultReadOnly()))
                {
                    _settings["transaction_isolation"] = IsolationName(isolation);
                }

                return t.Kind == TransactionKind.Start ? "START TRANSACTION" : "BEGIN";
            case TransactionKind.Commit:
                {
                    RequireBlockForChain(t, inBlock, "COMMIT");
                    var failed = _txStatus == TransactionStatus.Failed;
                    if (!inBlock)
                    {
                        Notice(new PgNotice("WARNING", "25P01", "there is no transaction in progress"));
                    }

                    var (repeatable, readOnly) = (_repeatableRead, ReadOnlyTransaction);
                    CommitTransaction();
                    Chain(t, repeatable, readOnly);
                    return failed ? "ROLLBACK" : "COMMIT";
                }

            case TransactionKind.Rollback:
                {
                    RequireBlockForChain(t, inBlock, "ROLLBACK");
                    if (!inBlock)
                    {
                        Notice(new PgNotice("WARNING", "25P01", "there is no transaction in progress"));
                    }

                    var (repeatable, readOnly) = (_repeatableRead, ReadOnlyTransaction);
                    RollbackTransaction();
                    Chain(t, repeatable, readOnly);
                    return "ROLLBACK";
                }

            case TransactionKind.Savepoint:
                RequireBlock(inBlock, "SAVEPOINT");
                Savepoint(t.Name!);
                return "SAVEPOINT";
            case TransactionKind.Release:
                RequireBlock(inBlock, "RELEASE SAVEPOINT");
                ReleaseSavepoint(t.Name!);
                return "RELEASE";
            case TransactionKind.RollbackTo:
                RequireBlock(inBlock, "ROLLBACK TO SAVEPOINT");
                RollbackToSavepoint(t.Name!);
                return "ROLLBACK";
            default:
                throw new PgException(SqlState.FeatureNotSupported, "prepared transactions are not supported");
        }
    }

    private static void RequireBlock(bool inBlock, string what)
    {
        if (!inBlock)
        {
            throw new PgException(SqlState.NoActiveSqlTransaction, $"{what} can only be used in transaction blocks");
        }
    }

    private static void RequireBlockForChain(TransactionStatement t, bool inBlock, string verb)
    {
        if (t.Chain && !inBlock)
        {
            throw new PgException(SqlState.NoActiveSqlTransaction, $"{verb} AND CHAIN can only be used in transaction blocks");
        }
    }

    /// <summary>AND CHAIN: a new block with the same characteristics starts at once.</summary>
    private void Chain(TransactionStatement t, bool repeatableRead, bool readOnly)
    {
        if (t.Chain)
        {
            BeginBlock(repeatableRead, readOnly);
        }
    }

    private void Savepoint(string name) => _savepoints.Add((name, StartSubtransaction(), _undo.Count));

    /// <summary>
    /// A new subtransaction of the open transaction: live and seen by the session from now on, committed with the
    /// transaction, aborted by a ROLLBACK TO a savepoint taken before it.
    /// </summary>
    internal TransactionState StartSubtransaction()
    {
        var sub = _engine.Transactions.Begin(ProcessId);
        _engine.Durable?.Track(sub.Id, _journal);
        _txParts.Add(sub);
        _ownTxIds.Add(sub.Id);
        return sub;
    }

    private int FindSavepoint(string name)
    {
        for (var i = _savepoints.Count - 1; i >= 0; i--)
        {
            if (_savepoints[i].Name == name)
            {
                return i;
            }
        }

        throw new PgException(SqlState.SEInvalidSpecification, $"savepoint \"{name}\" does not exist");
    }

    /// <summary>RELEASE: the savepoint and those after it go away; their work becomes part of the enclosing level.</summary>
    private void ReleaseSavepoint(string name)
    {
        var i = FindSavepoint(name);
        _savepoints.RemoveRange(i, _savepoints.Count - i);
    }

    /// <summary>ROLLBACK TO: undoes everything after the savepoint, which stays defined; a failed block becomes usable again.</summary>
    private void RollbackToSavepoint(string name)
    {
        var i = FindSavepoint(name);
        var undoMark = _savepoints[i].UndoMark;
        foreach (var (_, sub, _) in _savepoints.Skip(i))
        {
            AbortSubtransaction(sub);
        }

        // Subtransactions released into the rolled-back ones also go: everything stamped after the savepoint.
        var firstId = _savepoints[i].Sub.Id;
        foreach (var part in _txParts)
        {
            if (part.Id > firstId && !part.Aborted)
            {
                AbortSubtransaction(part);
            }
        }

        UndoTo(undoMark);
        RestoreDroppedHnswIndexes(all: false);
        _savepoints.RemoveRange(i, _savepoints.Count - i);
        _txStatus = TransactionStatus.InBlock;
        Savepoint(name);
        _savepoints[^1] = (name, _savepoints[^1].Sub, undoMark);
    }

    /// <summary>
    /// An error in a block aborts the failing level at once, as in PostgreSQL: the (sub)transactions from the innermost
    /// savepoint on (all of them without one) end, so that the row locks they hold are released now rather than at
    /// ROLLBACK; at top level the LOCK TABLE locks go too. ROLLBACK / ROLLBACK TO then find them aborted already.
    /// </summary>
    private void AbortFailedLevel()
    {
        if (_tx is null)
        {
            return;
        }

        PinRowIds();
        try
        {
            var firstId = _savepoints.Count > 0 ? _savepoints[^1].Sub.Id : _tx.Id;
            foreach (var part in _txParts)
            {
                if (part.Id >= firstId && !part.Aborted)
                {
                    AbortSubtransaction(part);
                }
            }

            if (_savepoints.Count == 0)
            {
                // Undo the catalog now too: the locks that kept others from reading it go with this level.
                _engine.ForgetTransaction(_journal);
                UndoTo(0);
                ReleaseTableLocks();
                RestoreDroppedHnswIndexes(all: false);
            }
        }
        finally
        {
            UnpinRowIds();
        }
    }

    private void AbortSubtransaction(TransactionState sub)
    {
        _engine.Transactions.Abort(sub);
        _ownTxIds.Remove(sub.Id);
    }
}
