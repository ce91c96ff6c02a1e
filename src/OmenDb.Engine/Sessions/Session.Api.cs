using OmenDb.Common;

namespace OmenDb.Engine.Sessions;

// The surface the wire layer calls. Bodies are filled in by the SQL engine.
public sealed partial class Session
{
    /// <summary>Transaction status for ReadyForQuery.</summary>
    public TransactionStatus TransactionStatus => _txStatus;

    /// <summary>The ParameterStatus messages to send after authentication, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ReportedParameters => GetReportedParameters();

    /// <summary>Takes the next ParameterStatus change caused by SET/RESET (to send before ReadyForQuery).</summary>
    public bool TryTakeParameterChange(out KeyValuePair<string, string> change) => _parameterChanges.TryDequeue(out change);

    /// <summary>Takes the next NoticeResponse raised by the last statement.</summary>
    public bool TryTakeNotice(out PgNotice notice) => _notices.TryDequeue(out notice!);

    /// <summary>Splits and parses a simple-query string. Throws 42601 on a syntax error (nothing runs).</summary>
    public IReadOnlyList<ParsedStatement> ParseScript(string sql) => ParseScriptCore(sql);

    /// <summary>Extended-protocol Parse: exactly one statement (or none). Parameter OIDs of 0 are inferred.</summary>
    public PreparedStatement Prepare(string sql, ReadOnlySpan<uint> parameterTypeOids) => PrepareCore(sql, parameterTypeOids);

    /// <summary>Binds one statement of a simple query (no parameters).</summary>
    public PreparedStatement Prepare(ParsedStatement statement) => PrepareCore(statement, [], simpleQuery: true);

    /// <summary>Creates a portal for <paramref name="statement"/> with parameter values in their CLR representation.</summary>
    public Portal Bind(PreparedStatement statement, object?[] parameters) => BindCore(statement, parameters);

    /// <summary>End of a simple Query message or an extended-protocol Sync: commits an implicit transaction.</summary>
    public void Sync() => SyncCore();

    /// <summary>The wire reports an error it sent while running a statement (the transaction fails as in PostgreSQL).</summary>
    public void OnError() => OnErrorCore();

    /// <summary>Requests cancellation of the running statement (thread-safe); it fails with 57014.</summary>
    public void Cancel() => _cancelRequested = true;

    /// <summary>Ends the session: rolls back an open transaction and releases its resources.</summary>
    public void Dispose() => DisposeCore();
}
