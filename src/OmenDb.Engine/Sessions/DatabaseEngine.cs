namespace OmenDb.Engine.Sessions;

/// <summary>
/// The engine of one server process: catalog, storage, sessions. Thread-safe. The wire asks it about
/// roles and databases during startup and creates one <see cref="Session"/> per connection.
/// </summary>
public sealed partial class DatabaseEngine : IDisposable
{
    /// <summary>The server_version reported to clients: PostgreSQL-15-compatible so that clients enable their PG 15 paths.</summary>
    public const string ServerVersion = "15.0 (OmenDb 0.1)";

    /// <summary>server_version_num.</summary>
    public const int ServerVersionNum = 150000;

    /// <summary>PostgreSQL's default max_connections, the server's default session limit (<see cref="EngineOptions.MaxConnections"/>).</summary>
    public const int DefaultMaxConnections = 100;

    /// <summary>Of <see cref="EngineOptions.MaxConnections"/>, the sessions only superusers may take (superuser_reserved_connections).</summary>
    public const int ReservedSuperuserConnections = 3;
}
