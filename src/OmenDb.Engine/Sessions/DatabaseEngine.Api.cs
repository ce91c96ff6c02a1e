namespace OmenDb.Engine.Sessions;

// The surface the wire and server layers call.
public sealed partial class DatabaseEngine
{
    /// <summary>Opens (or creates) the data directory and rebuilds in-memory tables.</summary>
    public static DatabaseEngine Open(EngineOptions options) => new(options);

    /// <summary>The role with this name, or null (startup answers 28000 for an unknown role).</summary>
    public RoleInfo? FindRole(string name) => FindRoleCore(name);

    /// <summary>Whether a database of this name exists (startup answers 3D000 otherwise).</summary>
    public bool DatabaseExists(string name) => DatabaseExistsCore(name);

    /// <summary>Creates a session for an authenticated role. Startup parameters (application_name, DateStyle, options...) become settings.</summary>
    public Session CreateSession(string user, string database, IReadOnlyDictionary<string, string> startupParameters)
        => CreateSessionCore(user, database, startupParameters);

    /// <summary>CancelRequest: cancels the running statement of the session with this key; false if none matches.</summary>
    public bool TryCancel(int processId, int secretKey) => TryCancelCore(processId, secretKey);

    /// <summary>Stops new work, flushes storage and closes it.</summary>
    public void Dispose() => DisposeCore();
}
