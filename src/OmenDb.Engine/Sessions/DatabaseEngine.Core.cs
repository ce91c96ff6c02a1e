using System.Collections.Concurrent;
using System.Security.Cryptography;
using OmenDb.Common;

namespace OmenDb.Engine.Sessions;

public sealed partial class DatabaseEngine
{
    private readonly ConcurrentDictionary<int, Session> _sessions = new();
    private readonly EngineOptions _options;
    private int _nextProcessId = 1000;

    private DatabaseEngine(EngineOptions options)
    {
        _options = options;
    }

    internal Catalog.CatalogStore Catalog { get; } = new();

    internal Transactions.TransactionManager Transactions { get; } = new();

    /// <summary>The options the engine was opened with.</summary>
    public EngineOptions Options => _options;

    private RoleInfo? FindRoleCore(string name)
    {
        lock (Catalog.SyncRoot)
        {
            return Catalog.Roles.TryGetValue(name, out var r)
                ? new RoleInfo(r.Name, r.Oid, r.IsSuperuser, r.CanLogin, r.Oid == 10 ? _options.SuperuserPassword ?? r.Password : r.Password)
                : null;
        }
    }

    private bool DatabaseExistsCore(string name)
    {
        lock (Catalog.SyncRoot)
        {
            return Catalog.Databases.ContainsKey(name);
        }
    }

    private Session CreateSessionCore(string user, string database, IReadOnlyDictionary<string, string> startupParameters)
    {
        if (FindRoleCore(user) is null)
        {
            throw new PgException(SqlState.InvalidAuthorizationSpecification, $"role \"{user}\" does not exist") { Severity = "FATAL" };
        }

        if (!DatabaseExistsCore(database))
        {
            throw new PgException(SqlState.InvalidCatalogName, $"database \"{database}\" does not exist") { Severity = "FATAL" };
        }

        var pid = Interlocked.Increment(ref _nextProcessId);
        var session = new Session(this, pid, RandomNumberGenerator.GetInt32(int.MaxValue), user, database, startupParameters);
        _sessions[pid] = session;
        return session;
    }

    private bool TryCancelCore(int processId, int secretKey)
    {
        if (_sessions.TryGetValue(processId, out var session) && session.SecretKey == secretKey)
        {
            session.Cancel();
            return true;
        }

        return false;
    }

    internal void RemoveSession(Session session) => _sessions.TryRemove(session.ProcessId, out _);

    private void DisposeCore()
    {
        foreach (var session in _sessions.Values)
        {
            session.Cancel();
        }
    }
}
