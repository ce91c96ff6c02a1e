using OmenDb.Engine.Catalog;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.PgCatalog;

/// <summary>
/// What catalog relations and catalog functions read: the catalog, the session's database, search_path, user and
/// settings. Built per statement (scans) or per binding (functions); reads take no lock beyond the catalog's own
/// dictionaries, so a concurrent DDL may or may not be seen, as with PostgreSQL's catalog snapshots.
/// </summary>
internal sealed class CatalogReader
{
    public CatalogReader(CatalogStore catalog, DatabaseInfo database, IReadOnlyList<string> searchPath, string userName,
        Func<IEnumerable<KeyValuePair<string, string>>>? settings = null)
    {
        Catalog = catalog;
        Database = database;
        SearchPath = searchPath;
        UserName = userName;
        Settings = settings ?? (static () => []);
    }

    public CatalogStore Catalog { get; }

    public DatabaseInfo Database { get; }

    public IReadOnlyList<string> SearchPath { get; }

    public string UserName { get; }

    /// <summary>The session's settings (pg_settings).</summary>
    public Func<IEnumerable<KeyValuePair<string, string>>> Settings { get; }

    /// <summary>The session's statements prepared with SQL PREPARE (pg_prepared_statements); empty without a session.</summary>
    public IEnumerable<KeyValuePair<string, Sessions.PreparedStatement>> SqlPrepared { get; init; } = [];

    /// <summary>The session's open cursors (pg_cursors): name, statement, holdable, scrollable, creation time.</summary>
    public IEnumerable<(string Name, string Statement, bool Holdable, bool Scrollable, long CreatedAt)> Cursors { get; init; } = [];

    /// <summary>Every user relation of the database (tables, views, indexes, sequences).</summary>
    public IEnumerable<RelationInfo> Relations
    {
        get
        {
            foreach (var schema in Database.Schemas.Values.ToArray())
            {
                foreach (var rel in schema.Relations.Values.ToArray())
                {
                    yield return rel;
                }
            }
        }
    }

    /// <summary>The schemas in search_path order with pg_catalog first unless listed (PostgreSQL's effective path).</summary>
    public IEnumerable<string> EffectivePath
    {
        get
        {
            if (!SearchPath.Contains("pg_catalog"))
            {
                yield return "pg_catalog";
            }

            foreach (var s in SearchPath)
            {
                if (Database.Schemas.ContainsKey(s))
                {
                    yield return s;
                }
            }
        }
    }

    /// <summary>A user relation by OID, or null.</summary>
    public RelationInfo? FindRelation(uint oid) => oid < CatalogStore.FirstNormalObjectId ? null : Catalog.FindRelation(Database, oid);

    /// <summary>A schema by OID, or null.</summary>
    public SchemaInfo? FindSchema(uint oid) => Database.Schemas.Values.FirstOrDefault(s => s.Oid == oid);

    /// <summary>A role's name by OID, or null.</summary>
    public string? RoleName(uint oid) => oid == CatalogStore.PgDatabaseOwnerOid
        ? "pg_database_owner"
        : Catalog.Roles.Values.ToArray().FirstOrDefault(r => r.Oid == oid)?.Name;

    /// <summary>Whether an unqualified reference to this relation would find it (pg_table_is_visible).</summary>
    public bool IsVisible(string schema, string name)
    {
        foreach (var s in EffectivePath)
        {
            if (s == "pg_catalog" && SystemTables.Find("pg_catalog", name) is not null)
            {
                return schema == "pg_catalog";
            }

            if (Database.Schemas.TryGetValue(s, out var info) && info.Relations.ContainsKey(name))
            {
                return s == schema;
            }
        }

        return false;
    }

    /// <summary>regclass output: the name, schema-qualified when not visible, or the number when unknown.</summary>
    public string RelationText(uint oid)
    {
        if (FindRelation(oid) is { } rel)
        {
            return IsVisible(rel.Schema.Name, rel.Name) ? QuoteIdent(rel.Name) : QuoteIdent(rel.Schema.Name) + "." + QuoteIdent(rel.Name);
        }

        if (SystemTables.FindByOid(oid) is { } sys)
        {
            return IsVisible(sys.Schema, sys.Name) ? sys.Name : sys.Schema + "." + sys.Name;
        }

        return oid.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The row type of a user table or view, or null.</summary>
    public RelationInfo? FindRowType(uint typeOid)
    {
        if (typeOid < CatalogStore.FirstNormalObjectId)
        {
            return null;
        }

        foreach (var rel in Relations)
        {
            if ((rel is TableInfo t && t.RowTypeOid == typeOid) || (rel is ViewInfo v && v.RowTypeOid == typeOid))
            {
                return rel;
            }
        }

        return null;
    }

    /// <summary>format_type(oid, typmod).</summary>
    public string? FormatType(uint oid, int? typmod)
    {
        if (PgTypes.FromOid(oid) is { } type)
        {
            return typmod is { } mod ? ValueText.FormatTypeName(type, mod) : ValueText.FormatTypeName(type);
        }

        if (FindRowType(oid) is { } rel)
        {
            return IsVisible(rel.Schema.Name, rel.Name) ? QuoteIdent(rel.Name) : QuoteIdent(rel.Schema.Name) + "." + QuoteIdent(rel.Name);
        }

        return null;
    }

    /// <summary>Quotes an identifier when PostgreSQL's quote_ident would.</summary>
    public static string QuoteIdent(string name) => Functions.Strings.StringFunctions.QuoteIdent(name);
}
