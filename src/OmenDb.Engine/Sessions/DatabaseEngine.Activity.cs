namespace OmenDb.Engine.Sessions;

// The sessions as pg_stat_activity lists them, and the lookup pg_cancel_backend / pg_terminate_backend use.
public sealed partial class DatabaseEngine
{
    /// <summary>The session with process id <paramref name="pid"/>, or null.</summary>
    internal Session? FindSession(int pid) => _sessions.TryGetValue(pid, out var session) ? session : null;

    /// <summary>Every session's activity, in pid order.</summary>
    internal IEnumerable<SessionActivity> Activity() => _sessions.Values.Select(s => s.Activity()).OrderBy(a => a.Pid);
}
