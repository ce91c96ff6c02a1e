namespace OmenDb.Engine.Sessions;

/// <summary>
/// One client session: settings, transaction state, prepared statements' bindings. Owned by one
/// connection and used from one thread at a time; only <see cref="Cancel"/> may be called from another
/// thread (a CancelRequest on another connection).
///
/// The wire drives it so: simple Query → <see cref="ParseScript"/>, then per statement
/// <see cref="Prepare(ParsedStatement)"/>, <see cref="Bind"/>, fetch the portal, and <see cref="Sync"/> at the
/// end of the message; extended Parse/Bind/Execute → <see cref="Prepare(string, ReadOnlySpan{uint})"/>,
/// <see cref="Bind"/>, fetch, and <see cref="Sync"/> at Sync. Any error the wire reports in between goes
/// through <see cref="OnError"/> so that the transaction fails as PostgreSQL's would.
/// </summary>
public sealed partial class Session : IDisposable
{
    /// <summary>BackendKeyData process id.</summary>
    public int ProcessId { get; }

    /// <summary>BackendKeyData secret key.</summary>
    public int SecretKey { get; }

    /// <summary>The authenticated role.</summary>
    public string UserName { get; }

    /// <summary>The connected database.</summary>
    public string DatabaseName { get; }
}
