namespace OmenDb.Engine.Sessions;

// Databases and sessions: what DROP DATABASE needs to know.
public sealed partial class DatabaseEngine
{
    /// <summary>The sessions other than <paramref name="except"/> connected to <paramref name="database"/>.</summary>
    internal List<Session> SessionsOn(string database, Session except)
        => [.. _sessions.Values.Where(s => s != except && s.DatabaseName == database)];
}
