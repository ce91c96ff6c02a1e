namespace OmenDb.Engine.PgCatalog;

// pg_stat_activity: one row per client session ("client backend"); PostgreSQL's background processes are not listed,
// since there are none. client_addr, client_port, wait events and backend_xid/xmin are NULL.
internal static partial class SystemTables
{
    private static void RegisterActivity()
    {
        Set("pg_stat_activity", static (r, t) => r.Activity().Select(a => t.Row(
            ("datid", a.Database), ("datname", a.DatabaseName), ("pid", a.Pid),
            ("usesysid", r.Catalog.Roles.GetValueOrDefault(a.UserName)?.Oid), ("usename", a.UserName),
            ("application_name", a.ApplicationName), ("backend_start", a.BackendStart), ("xact_start", a.TransactionStart),
            ("query_start", a.QueryStart), ("state_change", a.StateChange), ("state", a.State), ("query", a.Query),
            ("backend_type", "client backend"))));
    }
}
