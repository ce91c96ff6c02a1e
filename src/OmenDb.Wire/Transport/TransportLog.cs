using Microsoft.Extensions.Logging;

namespace OmenDb.Wire.Transport;

/// <summary>Log messages of the thread-per-connection transport (source-generated).</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Could not accept a new connection ({Error}); retrying in {DelayMs} ms")]
    public static partial void AcceptFailed(ILogger logger, string error, long delayMs);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Could not start a thread for connection {ConnectionId}; the connection is refused")]
    public static partial void ThreadStartFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "A ConnectionClosed callback of connection {ConnectionId} failed")]
    public static partial void ClosedCallbackFailed(ILogger logger, string connectionId, Exception exception);
}
