using System.Collections.Concurrent;
using OmenDb.Common;

namespace OmenDb.Engine.Sessions;

public sealed partial class Session
{
    private readonly DatabaseEngine _engine;
    private readonly Queue<KeyValuePair<string, string>> _parameterChanges = new();
    private readonly ConcurrentQueue<PgNotice> _notices = new();
    private TransactionStatus _txStatus = TransactionStatus.Idle;
    private volatile bool _cancelRequested;

    internal Session(DatabaseEngine engine, int processId, int secretKey, string user, string database)
    {
        _engine = engine;
        ProcessId = processId;
        SecretKey = secretKey;
        UserName = user;
        DatabaseName = database;
    }

    private IReadOnlyList<KeyValuePair<string, string>> GetReportedParameters() =>
    [
        new("application_name", ""),
        new("client_encoding", "UTF8"),
        new("DateStyle", "ISO, MDY"),
        new("default_transaction_read_only", "off"),
        new("in_hot_standby", "off"),
        new("integer_datetimes", "on"),
        new("IntervalStyle", "postgres"),
        new("is_superuser", "on"),
        new("server_encoding", "UTF8"),
        new("server_version", DatabaseEngine.ServerVersion),
        new("session_authorization", UserName),
        new("standard_conforming_strings", "on"),
        new("TimeZone", "UTC"),
    ];

    private IReadOnlyList<ParsedStatement> ParseScriptCore(string sql)
        => ThrowHelper.Throw<IReadOnlyList<ParsedStatement>>(SqlState.FeatureNotSupported, "SQL is not supported yet");

    private PreparedStatement PrepareCore(string sql, ReadOnlySpan<uint> parameterTypeOids)
        => ThrowHelper.Throw<PreparedStatement>(SqlState.FeatureNotSupported, "SQL is not supported yet");

    private PreparedStatement PrepareCore(ParsedStatement statement, ReadOnlySpan<uint> parameterTypeOids)
        => ThrowHelper.Throw<PreparedStatement>(SqlState.FeatureNotSupported, "SQL is not supported yet");

    private Portal BindCore(PreparedStatement statement, object?[] parameters)
        => ThrowHelper.Throw<Portal>(SqlState.FeatureNotSupported, "SQL is not supported yet");

    /// <summary>Throws 57014 if a CancelRequest arrived; called between batches by long-running work.</summary>
    internal void CheckCancel()
    {
        if (_cancelRequested)
        {
            _cancelRequested = false;
            ThrowHelper.Throw(SqlState.QueryCanceled, "canceling statement due to user request");
        }
    }

    private void SyncCore()
    {
        _cancelRequested = false;
    }

    private void OnErrorCore()
    {
        if (_txStatus == TransactionStatus.InBlock)
        {
            _txStatus = TransactionStatus.Failed;
        }
    }

    private void DisposeCore() => _engine.RemoveSession(this);
}
