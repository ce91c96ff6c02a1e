using System.Collections.Concurrent;
using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Transactions;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;
using OmenDb.Sql.Parsing;

namespace OmenDb.Engine.Sessions;

// Ownership: a Session belongs to one connection and is driven by one thread at a time. Transactions:
// autocommit unless BEGIN; a statement failing inside a block leaves the block failed (25P02) until ROLLBACK.
public sealed partial class Session
{
    private readonly DatabaseEngine _engine;
    private readonly Queue<KeyValuePair<string, string>> _parameterChanges = new();
    private readonly ConcurrentQueue<PgNotice> _notices = new();
    private readonly Dictionary<string, string> _settings = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<SequenceInfo, long> _currval = [];
    private TransactionStatus _txStatus = TransactionStatus.Idle;
    private volatile bool _cancelRequested;
    private long? _lastval;
    private long _statementDeadline;

    internal Session(DatabaseEngine engine, int processId, int secretKey, string user, string database,
        IReadOnlyDictionary<string, string> startupParameters)
    {
        _engine = engine;
        ProcessId = processId;
        SecretKey = secretKey;
        UserName = user;
        DatabaseName = database;
        InitSettings(startupParameters);
        _applicationName = _settings["application_name"];
    }

    internal CatalogStore Catalog => _engine.Catalog;

    internal DatabaseInfo Database => _engine.Catalog.Databases[DatabaseName];

    /// <summary>The first existing schema of search_path (current_schema()).</summary>
    public string? CurrentSchemaName => SearchPath.FirstOrDefault(s => Database.Schemas.ContainsKey(s) && s != "pg_catalog");

    internal IReadOnlyList<string> SearchPath
        => [.. _settings["search_path"].Split(',').Select(s => s.Trim().Trim('"')).Select(s => s == "$user" ? UserName : s)];

    private IReadOnlyList<ParsedStatement> ParseScriptCore(string sql)
        => [.. SqlParser.ParseScript(sql).Select(p => new ParsedStatement(sql.Substring(p.Start, p.Length), p.Statement) { QueryText = sql })];

    private PreparedStatement PrepareCore(string sql, ReadOnlySpan<uint> parameterTypeOids)
    {
        var parsed = SqlParser.ParseScript(sql);
        if (parsed.Count > 1)
        {
            ThrowHelper.Throw(SqlState.SyntaxError, "cannot insert multiple commands into a prepared statement");
        }

        var stmt = parsed.Count == 0 ? null : parsed[0].Statement;
        return PrepareCore(new ParsedStatement(sql, stmt), parameterTypeOids);
    }

    private PreparedStatement PrepareCore(ParsedStatement statement, ReadOnlySpan<uint> parameterTypeOids, bool simpleQuery = false)
    {
        var declared = new List<PgType?>();
        foreach (var oid in parameterTypeOids)
        {
            declared.Add(oid == 0 ? null : PgTypes.FromOid(oid) ?? throw new PgException(SqlState.UndefinedObject, $"type with OID {oid} does not exist"));
        }

        var ps = new PreparedStatement(statement.Sql)
        {
            Statement = statement.Statement,
            QueryText = statement.QueryText ?? statement.Sql,
            DeclaredTypes = declared,
            IsSimpleQuery = simpleQuery,
        };
        Plan(ps);
        return ps;
    }

    /// <summary>Binds the statement (again after DDL) and fills its parameter and result descriptions.</summary>
    internal void Plan(PreparedStatement ps)
    {
        ps.CatalogVersion = Catalog.Version;
        ps.Plan = null;
        ps.Columns = null;
        switch (ps.Statement)
        {
            case null:
                ps.ParameterTypes = [];
                return;
            case SelectStatement { Body: SelectCore { Into: not null } }:
                // SELECT ... INTO creates a table: a utility statement.
                ps.ParameterTypes = [.. ps.DeclaredTypes.Select(t => t ?? PgTypes.Text)];
                return;
            case SelectStatement or InsertStatement or UpdateStatement or DeleteStatement:
                {
                    var binder = NewBinder(ps.DeclaredTypes);
                    binder.ParametersAllowed = !ps.IsSimpleQuery;
                    var scope = new Scope(null);
                    ps.Plan = ps.Statement switch
                    {
                        SelectStatement s => binder.BindSelect(s, scope),
                        InsertStatement i => binder.BindInsert(i, scope),
                        UpdateStatement u => binder.BindUpdate(u, scope),
                        DeleteStatement d => binder.BindDelete(d, scope),
                        _ => null,
                    };
                    ps.Plan = binder.WithDataModifyingCtes(ps.Plan!);
                    ps.RelationLocks = binder.Locked;
                    ps.ParameterTypes = binder.ParameterTypes;
                    ps.Columns = ps.Statement is SelectStatement || ps.Plan!.Columns.Count > 0 ? ps.Plan!.Columns : null;
                    return;
                }

            case ExecuteStatement e:
                PlanExecute(ps, e);
                return;
            case DeclareCursorStatement d:
                PlanDeclareCursor(ps, d);
                return;
            case FetchStatement f:
                ps.ParameterTypes = [];
                ps.Columns = FetchColumns(f);
                return;
            default:
                ps.ParameterTypes = [.. ps.DeclaredTypes.Select(t => t ?? PgTypes.Text)];
                ps.Columns = UtilityColumns(ps.Statement);
                return;
        }
    }

    internal Binder NewBinder(IReadOnlyList<PgType?> declared)
    {
        var binder = new Binder(Catalog, Database, SearchPath, UserName, declared) { Locker = _locker ??= (rel, mode) => LockRelation(rel, mode), Viewer = CatalogViewer };
        binder.FoldContext = NewExecContext([]);
        return binder;
    }

    internal ExecContext NewExecContext(object?[] parameters)
    {
        var settings = CurrentStatementSettings;
        var now = NowMicros();
        var eval = new EvalContext
        {
            TimeZone = TimeZone,
            TimeZoneName = settings.TimeZoneName,
            DateOrder = settings.DateOrder,
            SetConfig = _setConfig ??= SetConfig,
            TransactionTimestamp = _txTimestamp != 0 ? _txTimestamp : now,
            StatementTimestamp = now,
            GetSetting = _getSetting ??= GetSetting,
            Random = _random,
            BackendPid = ProcessId,
            SignalBackend = _signalBackend ??= SignalBackend,
            CheckInterrupts = _checkInterrupts ??= () =>
            {
                CheckCancel();
                CheckStatementTimeout();
            },
        };
        var own = _tx is null ? new HashSet<long>() : _ownTxIds;
        var snapshot = _txSnapshot ?? new Snapshot(_engine.Transactions, _engine.Transactions.CurrentSequence, own);
        return new ExecContext(this, snapshot, parameters, eval)
        {
            WriteTxId = CurrentWriteTx?.Id ?? 0,
            OwnTxIds = own,
            TxManager = _engine.Transactions,
            TransactionSnapshot = _txSnapshot is not null,
        };
    }

    private readonly Random _random = new();
    private Func<int, bool, bool>? _signalBackend;
    private Func<string, string?>? _getSetting;
    private Func<string, string?, bool, string>? _setConfig;
    private Action? _checkInterrupts;
    private Func<RelationInfo, TableLockMode, bool>? _locker;
    private long _txTimestamp;

    internal static long NowMicros() => (DateTime.UtcNow.Ticks - new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks) / 10;

    private Portal BindCore(PreparedStatement statement, object?[] parameters)
    {
        if (_txStatus == TransactionStatus.Failed && statement.Statement is not TransactionStatement { Kind: TransactionKind.Rollback or TransactionKind.Commit or TransactionKind.RollbackTo })
        {
            ThrowHelper.Throw(SqlState.InFailedSqlTransaction, "current transaction is aborted, commands ignored until end of transaction block");
        }

        // Locks first, then the plan's validity: DDL that committed while this waited is seen (AcquireExecutorLocks).
        if (statement.RelationLocks.Count > 0)
        {
            LockStatementRelations(statement);
        }

        if (statement.Plan is not null && statement.CatalogVersion != Catalog.Version)
        {
            Plan(statement);
        }

        return new Portal(this, statement, parameters);
    }

    /// <summary>Fixes the snapshot of a REPEATABLE READ transaction at its first statement.</summary>
    internal void OnStatementStart(string text, bool query = false)
    {
        RecordStatementStart(text);
        _blockQueried |= query;
        if (_repeatableRead && _txSnapshot is null && _tx is not null)
        {
            _txSnapshot = new Snapshot(_engine.Transactions, _engine.Transactions.CurrentSequence, _ownTxIds);
        }

        var timeout = CurrentStatementSettings.StatementTimeoutMs;
        _statementDeadline = timeout > 0 ? Environment.TickCount64 + timeout : 0;
    }


    /// <summary>Throws 57014 if a CancelRequest arrived; called between batches by long-running work.</summary>
    internal void CheckCancel()
    {
        if (_cancelRequested)
        {
            _cancelRequested = false;
            ThrowIfTerminated();
            ThrowHelper.Throw(SqlState.QueryCanceled, "canceling statement due to user request");
        }
    }

    /// <summary>Whether a cancel (or termination) request or statement_timeout is pending, read without throwing or consuming
    /// it: the shared exact pass's workers, on other sessions' threads, poll it per segment to drop an interrupted search.</summary>
    internal bool InterruptPending => _cancelRequested || (_statementDeadline != 0 && Environment.TickCount64 > _statementDeadline);

    /// <summary>Tests: makes the running statement's statement_timeout pass now, at a moment the test chooses.</summary>
    internal void ExpireStatementTimeout()
    {
        if (_statementDeadline != 0)
        {
            _statementDeadline = Environment.TickCount64 - 1;
        }
    }

    /// <summary>Throws 57014 when statement_timeout has passed.</summary>
    internal void CheckStatementTimeout()
    {
        if (_statementDeadline != 0 && Environment.TickCount64 > _statementDeadline)
        {
            ThrowHelper.Throw(SqlState.QueryCanceled, "canceling statement due to statement timeout");
        }
    }

    private void SyncCore()
    {
        _cancelRequested = false;
        RecordStatementEnd();
        if (_implicitTx)
        {
            CommitTransaction();
        }
        else if (_tx is null)
        {
            ReleaseTableLocks(); // taken while binding a statement that never ran
        }
    }

    private void OnErrorCore()
    {
        if (_txStatus == TransactionStatus.InBlock)
        {
            _txStatus = TransactionStatus.Failed;
            AbortFailedLevel();
        }
        else if (_implicitTx)
        {
            RollbackTransaction();
        }
        else if (_tx is null)
        {
            ReleaseTableLocks();
        }
    }

    private void DisposeCore()
    {
        try
        {
            RollbackTransaction();
        }
        finally
        {
            // Even when the rollback failed: the session's locks and its connection slot must not outlive it.
            if (_lockOwner is { } owner)
            {
                _engine.TableLocks.Unregister(owner);
            }

            _engine.RemoveSession(this);
            DisposeActivity();
        }
    }

    internal void Notice(PgNotice notice)
    {
        if (NoticeWanted(notice.Severity))
        {
            _notices.Enqueue(notice);
        }
    }

    /// <summary>nextval: takes ROW EXCLUSIVE on the sequence as PostgreSQL does, so it waits for an uncommitted ALTER SEQUENCE.</summary>
    internal long NextVal(SequenceInfo seq)
    {
        LockRelation(seq, Transactions.TableLockMode.RowExclusive);
        var v = seq.Next();
        _currval[seq] = v;
        _lastval = v;
        return v;
    }

    /// <summary>setval: locks as nextval does.</summary>
    internal void SetVal(SequenceInfo seq, long value, bool isCalled)
    {
        LockRelation(seq, Transactions.TableLockMode.RowExclusive);
        seq.Set(value, isCalled);
    }

    internal long CurrVal(SequenceInfo seq) => _currval.TryGetValue(seq, out var v) ? v
        : throw new PgException(SqlState.ObjectNotInPrerequisiteState, $"currval of sequence \"{seq.Name}\" is not yet defined in this session");

    /// <summary>DISCARD SEQUENCES: currval and lastval are undefined again.</summary>
    private void DiscardSequences()
    {
        _currval.Clear();
        _lastval = null;
    }

    internal long LastVal() => _lastval ?? throw new PgException(SqlState.ObjectNotInPrerequisiteState, "lastval is not yet defined in this session");
}
