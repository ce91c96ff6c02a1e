using Microsoft.Extensions.Logging;

namespace OmenDb.Server;

/// <summary>The server's log messages (source-generated).</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "OmenDb listening on {Address}:{Port}, data {DataDirectory}, authentication {Authentication}")]
    public static partial void Started(ILogger logger, string address, int port, string dataDirectory, string authentication);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information,
        Message = "Rebuilt {Rows} rows of {Tables} tables from storage in {Milliseconds} ms ({RowsPerSecond} rows/s)")]
    public static partial void Recovered(ILogger logger, long rows, int tables, long milliseconds, long rowsPerSecond);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information,
        Message = "HNSW index {Schema}.{Index} on {Table} ({Reason}): {Vectors} vectors in {Milliseconds} ms ({VectorsPerSecond} vectors/s), {Outcome}")]
    public static partial void HnswBuilt(ILogger logger, string schema, string index, string table, int vectors, long milliseconds,
        long vectorsPerSecond, string reason, string outcome);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information,
        Message = "HNSW index {Schema}.{Index} on {Table} ({Reason}): graph of {Vectors} vectors loaded from storage in {Milliseconds} ms, {Linked} rows linked since it was written")]
    public static partial void HnswLoaded(ILogger logger, string schema, string index, string table, int vectors, long milliseconds,
        string reason, int linked);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information,
        Message = "HNSW index {Schema}.{Index} on {Table}: graph of {Vectors} vectors stored in {Milliseconds} ms")]
    public static partial void HnswStored(ILogger logger, string schema, string index, string table, int vectors, long milliseconds);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "OmenDb stopped")]
    public static partial void Stopped(ILogger logger);
}
