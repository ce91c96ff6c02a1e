namespace OmenDb.Engine.Sessions;

/// <summary>What executing a portal produces, so the wire knows which messages to send.</summary>
public enum PortalKind : byte
{
    /// <summary>Rows (RowDescription known up front), then CommandComplete.</summary>
    Rows,

    /// <summary>No rows: CommandComplete only (DDL, DML without RETURNING, SET, ...).</summary>
    Command,

    /// <summary>COPY ... FROM STDIN: CopyInResponse, then CopyData from the client.</summary>
    CopyIn,

    /// <summary>COPY ... TO STDOUT: CopyOutResponse, CopyData per row, CopyDone.</summary>
    CopyOut,

    /// <summary>An empty query string: EmptyQueryResponse.</summary>
    Empty,
}
