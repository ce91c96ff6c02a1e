using OmenDb.Engine.Catalog;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.PgCatalog;

internal static partial class SystemTables
{
    /// <summary>Read-only settings pg_settings lists besides the session's own (jdbc reads max_index_keys).</summary>
    private static readonly (string Name, string Value)[] s_fixedSettings =
    [
        ("block_size", "8192"), ("max_index_keys", "32"), ("max_function_args", "100"), ("max_connections", "100"),
        ("data_checksums", "off"), ("segment_size", "131072"), ("wal_block_size", "8192"),
    ];

    private static void RegisterShared()
    {
        Set("pg_database", static (r, t) => r.Catalog.Databases.Values.ToArray().OrderBy(d => d.Oid).Select(d => t.Row(("oid", d.Oid),
            ("datname", d.Name), ("datdba", d.OwnerOid), ("encoding", 6), ("datlocprovider", 'c'), ("datistemplate", d.Name.StartsWith("template", StringComparison.Ordinal)),
            ("datallowconn", d.Name != "template0"), ("datconnlimit", -1), ("dattablespace", 1663), ("datcollate", "C"), ("datctype", "C"),
            ("datacl", d.Name.StartsWith("template", StringComparison.Ordinal) ? new[] { "=c/postgres", "postgres=CTc/postgres" } : null))));
        Set("pg_roles", static (r, t) => Roles(r).Select(role => RoleRow(t, role, "********")));
        Set("pg_authid", static (r, t) => Roles(r).Select(role => RoleRow(t, role, role.Password)));
        Set("pg_user", static (r, t) => Roles(r).Where(role => role.CanLogin).Select(role => t.Row(("usename", role.Name), ("usesysid", role.Oid),
            ("usecreatedb", role.CreateDb), ("usesuper", role.IsSuperuser), ("userepl", role.Replication), ("usebypassrls", role.BypassRls),
            ("passwd", "********"), ("valuntil", ValidUntil(role)))));
        Set("pg_tablespace", static (_, t) => new[]
        {
            t.Row(("oid", 1663), ("spcname", "pg_default"), ("spcowner", 10)),
            t.Row(("oid", 1664), ("spcname", "pg_global"), ("spcowner", 10)),
        });
        Set("pg_settings", static (r, t) =>
        {
            var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in s_fixedSettings)
            {
                all[k] = v;
            }

            foreach (var (k, v) in r.Settings())
            {
                // PostgreSQL's capitals (DateStyle, TimeZone); custom (dotted) settings as given, lower case.
                all[Sessions.SettingDefinitions.Find(k)?.Name ?? k.ToLowerInvariant()] = v;
            }

            return all.Select(kv => t.Row(("name", kv.Key), ("setting", kv.Value), ("context", "user"), ("vartype", "string"),
                ("source", "default"), ("boot_val", kv.Value), ("reset_val", kv.Value), ("pending_restart", false)));
        });
        Set("pg_prepared_statements", static (r, t) => r.SqlPrepared.Select(p => t.Row(("name", p.Key), ("statement", p.Value.Sql),
            ("prepare_time", p.Value.PreparedAt), ("from_sql", true), ("generic_plans", 0L), ("custom_plans", 0L),
            ("parameter_types", new PgArray(PgTypes.Regtype, [.. p.Value.ParameterTypes.Select(pt => (object?)pt.Oid)])))));
        Set("pg_cursors", static (r, t) => r.Cursors.Select(c => t.Row(("name", c.Name), ("statement", c.Statement),
            ("is_holdable", c.Holdable), ("is_binary", false), ("is_scrollable", c.Scrollable), ("creation_time", c.CreatedAt))));
        Set("pg_shdescription", static (r, t) => r.Catalog.Databases.Values.ToArray()
            .Select(d => (d.Oid, Comment: CatalogVisibility.CommentAsSeenBy(d, r.Viewer))).Where(d => d.Comment is not null)
            .Select(d => t.Row(("objoid", d.Oid), ("classoid", 1262), ("description", d.Comment))));
        Set("pg_tables", static (r, t) => r.Relations.OfType<TableInfo>().Select(table => t.Row(("schemaname", table.Schema.Name),
            ("tablename", table.Name), ("tableowner", r.RoleName(table.OwnerOid)), ("hasindexes", table.Indexes.Count > 0))));
        Set("pg_views", static (r, t) => r.Relations.OfType<ViewInfo>().Select(view => t.Row(("schemaname", view.Schema.Name),
            ("viewname", view.Name), ("viewowner", r.RoleName(view.OwnerOid)), ("definition", " " + view.QuerySql + ";"))));
        Set("pg_indexes", static (r, t) => r.Relations.OfType<IndexInfo>().Select(index => t.Row(("schemaname", index.Schema.Name),
            ("tablename", r.TableOf(index).Name), ("indexname", index.Name), ("indexdef", CatalogText.IndexDef(index, 0, false, r)))));
        Set("pg_sequences", static (r, t) => r.Relations.OfType<SequenceInfo>().Select(s => t.Row(("schemaname", s.Schema.Name),
            ("sequencename", s.Name), ("sequenceowner", r.RoleName(s.OwnerOid)), ("data_type", s.DataType.Oid), ("start_value", s.Start),
            ("min_value", s.MinValue), ("max_value", s.MaxValue), ("increment_by", s.Increment), ("cycle", s.Cycle), ("cache_size", s.Cache),
            ("last_value", s.IsCalled ? s.LastValue : null))));
    }

    private static IEnumerable<RoleDef> Roles(CatalogReader r) => r.Catalog.Roles.Values.ToArray().OrderBy(role => role.Oid);

    private static object? ValidUntil(RoleDef role) => role.ValidUntil is { } v
        ? (v.ToUniversalTime().Ticks - new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks) / 10
        : null;

    private static object?[] RoleRow(SystemTable t, RoleDef role, string? password)
        => t.Row(("oid", role.Oid), ("rolname", role.Name), ("rolsuper", role.IsSuperuser), ("rolinherit", role.Inherit),
            ("rolcreaterole", role.CreateRole), ("rolcreatedb", role.CreateDb), ("rolcanlogin", role.CanLogin),
            ("rolreplication", role.Replication), ("rolconnlimit", role.ConnectionLimit), ("rolpassword", password),
            ("rolvaliduntil", ValidUntil(role)), ("rolbypassrls", role.BypassRls));
}
