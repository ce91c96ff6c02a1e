namespace OmenDb.Common;

/// <summary>
/// An error that reaches the client as an ErrorResponse (or NoticeResponse). Carries the fields of
/// PostgreSQL's error message format (protocol "Error and Notice Message Fields"), because clients read
/// them: Npgsql's PostgresException, psql's "LINE 1: ... ^" marker (from <see cref="Position"/>), EF Core's
/// constraint names.
/// </summary>
public class PgException : Exception
{
    /// <summary>Creates an ERROR with the given SQLSTATE (a <see cref="SqlState"/> constant) and message.</summary>
    public PgException(string sqlState, string message, Exception? inner = null)
        : base(message, inner)
    {
        SqlState = sqlState;
    }

    /// <summary>ERROR, FATAL or PANIC (field S and V).</summary>
    public string Severity { get; init; } = "ERROR";

    /// <summary>Five-character SQLSTATE (field C).</summary>
    public string SqlState { get; }

    /// <summary>Secondary message (field D).</summary>
    public string? Detail { get; init; }

    /// <summary>Suggestion (field H).</summary>
    public string? Hint { get; init; }

    /// <summary>1-based character position in the original query string (field P), 0 when unknown.</summary>
    public int Position { get; set; }

    /// <summary>Context (field W).</summary>
    public string? Where { get; init; }

    /// <summary>Schema name (field s).</summary>
    public string? SchemaName { get; init; }

    /// <summary>Table name (field t).</summary>
    public string? TableName { get; init; }

    /// <summary>Column name (field c).</summary>
    public string? ColumnName { get; init; }

    /// <summary>Data type name (field d).</summary>
    public string? DataTypeName { get; init; }

    /// <summary>Constraint name (field n).</summary>
    public string? ConstraintName { get; init; }

    /// <summary>FATAL errors end the session after the ErrorResponse is sent.</summary>
    public bool IsFatal => Severity is "FATAL" or "PANIC";
}
