using Microsoft.Extensions.Logging;

namespace OmenDb.Wire;

/// <summary>The wire layer's log messages (source-generated: no allocation when the level is off).</summary>
internal static partial class WireLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Internal error on connection {ConnectionId}: {Message}")]
    public static partial void InternalError(ILogger logger, string connectionId, string message, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Connection {ConnectionId} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Connection {ConnectionId}: protocol error {SqlState} {Message}")]
    public static partial void ProtocolError(ILogger logger, string connectionId, string sqlState, string message);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Connection {ConnectionId}: authentication failed for user \"{User}\" ({Method})")]
    public static partial void AuthenticationFailed(ILogger logger, string connectionId, string user, string method);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: session {ProcessId} started for user \"{User}\" database \"{Database}\"")]
    public static partial void SessionStarted(ILogger logger, string connectionId, int processId, string user, string database);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: CancelRequest for process {ProcessId} matched: {Matched}")]
    public static partial void CancelRequest(ILogger logger, string connectionId, int processId, bool matched);
}
