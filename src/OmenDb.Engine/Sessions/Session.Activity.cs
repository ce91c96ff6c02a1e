using OmenDb.Common;

namespace OmenDb.Engine.Sessions;

// What pg_stat_activity shows of a session, and the signals pg_cancel_backend / pg_terminate_backend send it. The
// session's ProcessId is its PostgreSQL backend pid: BackendKeyData, pg_backend_pid(), pg_locks.pid and
// pg_stat_activity.pid all use it. Another session reads the activity fields without a lock: each is written by the
// owning session's thread alone and read as a whole (volatile references, 64-bit longs), so a reader sees a recent value.
public sealed partial class Session
{
    private readonly long _backendStart = NowMicros();
    private readonly CancellationTokenSource _termination = new();
    private volatile string _activityQuery = "";
    private volatile string _applicationName = "";
    private volatile bool _active;
    private volatile bool _terminateRequested;
    private long _queryStart;
    private long _stateChange = NowMicros();

    /// <summary>Cancelled by pg_terminate_backend: the wire stops waiting for input and closes the connection with FATAL 57P01.</summary>
    public CancellationToken Terminating => _termination.Token;

    /// <summary>Whether pg_terminate_backend asked this session to end.</summary>
    public bool TerminationRequested => _terminateRequested;

    /// <summary>pg_terminate_backend: cancels the running statement with FATAL 57P01 and closes the connection (thread-safe).</summary>
    internal void Terminate()
    {
        _terminateRequested = true;
        _cancelRequested = true;
        try
        {
            _termination.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The session ended meanwhile.
        }
    }

    /// <summary>A statement starts: pg_stat_activity shows it as active.</summary>
    private void RecordStatementStart(string text)
    {
        var now = NowMicros();
        _activityQuery = text;
        Interlocked.Exchange(ref _queryStart, now);
        if (!_active)
        {
            // A cancel that arrived while the session was idle is dropped, as PostgreSQL drops one that arrives while the
            // backend waits for a command (a termination still ends the session).
            if (!_terminateRequested)
            {
                _cancelRequested = false;
            }

            _active = true;
            Interlocked.Exchange(ref _stateChange, now);
        }
    }

    /// <summary>The query message (or Sync) ends: the session is idle (in transaction) again.</summary>
    private void RecordStatementEnd()
    {
        _applicationName = _settings["application_name"];
        if (_active)
        {
            _active = false;
            Interlocked.Exchange(ref _stateChange, NowMicros());
        }
    }

    /// <summary>This session as pg_stat_activity shows it (called from other sessions' threads).</summary>
    internal SessionActivity Activity()
    {
        var state = _active ? "active" : _txStatus switch
        {
            TransactionStatus.InBlock => "idle in transaction",
            TransactionStatus.Failed => "idle in transaction (aborted)",
            _ => "idle",
        };
        var txStart = Interlocked.Read(ref _txTimestamp);
        var queryStart = Interlocked.Read(ref _queryStart);
        return new SessionActivity(Catalog.Databases.GetValueOrDefault(DatabaseName)?.Oid ?? 0, DatabaseName, ProcessId, UserName,
            _applicationName, _backendStart, txStart == 0 ? null : txStart, queryStart == 0 ? null : queryStart,
            Interlocked.Read(ref _stateChange), state, _activityQuery);
    }

    /// <summary>
    /// pg_cancel_backend / pg_terminate_backend: signals the session <paramref name="pid"/>. Signalling oneself fails the
    /// running statement at once, as PostgreSQL's next interrupt check does. Another pid gets PostgreSQL's WARNING and false.
    /// </summary>
    private bool SignalBackend(int pid, bool terminate)
    {
        if (pid == ProcessId)
        {
            if (terminate)
            {
                Terminate();
                ThrowIfTerminated();
            }

            ThrowHelper.Throw(SqlState.QueryCanceled, "canceling statement due to user request");
        }

        if (_engine.FindSession(pid) is not { } target)
        {
            Notice(new PgNotice("WARNING", SqlState.Warning, $"PID {pid} is not a PostgreSQL backend process"));
            return false;
        }

        if (terminate)
        {
            target.Terminate();
        }
        else
        {
            target.Cancel();
        }

        return true;
    }

    /// <summary>Throws FATAL 57P01 once pg_terminate_backend asked this session to end.</summary>
    private void ThrowIfTerminated()
    {
        if (_terminateRequested)
        {
            throw new PgException(SqlState.AdminShutdown, "terminating connection due to administrator command") { Severity = "FATAL" };
        }
    }

    private void DisposeActivity() => _termination.Dispose();
}
