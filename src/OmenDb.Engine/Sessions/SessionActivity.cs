namespace OmenDb.Engine.Sessions;

/// <summary>
/// One session as pg_stat_activity shows it. Times are microseconds since 2000-01-01 UTC (timestamptz), null when
/// PostgreSQL shows NULL (no transaction, no query yet).
/// </summary>
/// <param name="Database">pg_database.oid of the connected database.</param>
/// <param name="DatabaseName">Its name.</param>
/// <param name="Pid">The session's process id (BackendKeyData, pg_backend_pid(), pg_locks.pid).</param>
/// <param name="UserName">The authenticated role.</param>
/// <param name="ApplicationName">application_name as of the last statement.</param>
/// <param name="BackendStart">When the session started.</param>
/// <param name="TransactionStart">When its current transaction started, or null.</param>
/// <param name="QueryStart">When its current (or last) statement started, or null.</param>
/// <param name="StateChange">When <paramref name="State"/> last changed.</param>
/// <param name="State">active, idle, idle in transaction, idle in transaction (aborted).</param>
/// <param name="Query">The current (or last) query string, or empty.</param>
internal sealed record SessionActivity(uint Database, string DatabaseName, int Pid, string UserName, string ApplicationName, long BackendStart,
    long? TransactionStart, long? QueryStart, long StateChange, string State, string Query);
