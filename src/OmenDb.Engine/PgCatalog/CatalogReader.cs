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

    /// <summary>The transaction whose uncommitted catalog changes this reader shows (<see cref="CatalogVisibility"/>); null: committed ones only.</summary>
    public Transactions.TransactionState? Viewer { get; init; }

    /// <summary>Whether <see cref="Viewer"/> has uncommitted DDL of its own, so that it sees a catalog no other transaction sees.</summary>
    public bool ViewerHasPendingDdl { get; init; }

    /// <summary>The relation locks of every session, for pg_locks.</summary>
    public Func<IEnumerable<(uint Database, uint Relation, int Process, Transactions.TableLockMode Mode, bool Granted, bool FastPath, long WaitStart)>> Locks { get; init; } = static () => [];

    /// <summary>What every session is doing, for pg_stat_activity.</summary>
    public Func<IEnumerable<Sessions.SessionActivity>> Activity { get; init; } = static () => [];

    /// <summary>The schemas of the database the viewer sees.</summary>
    public IEnumerable<SchemaInfo> Schemas => CatalogVisibility.Schemas(Database, Viewer);

    /// <summary>Every user relation of the database the viewer sees (tables, views, indexes, sequences).</summary>
    public IEnumerable<RelationInfo> Relations
    {
        get
        {
            foreach (var schema in Schemas)
            {
                foreach (var rel in CatalogVisibility.Relations(schema, Viewer))
                {
                    yield return rel;
                }
            }
        }
    }

    /// <summary>The relation <paramref name="name"/> of schema <paramref name="schema"/> as the viewer sees it, or null.</summary>
    public RelationInfo? FindRelation(string schema, string name)
        => CatalogVisibility.FindSchema(Database, schema, Viewer) is { } s ? CatalogVisibility.Find(s, name, Viewer) : null;

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
                if (CatalogVisibility.FindSchema(Database, s, Viewer) is not null)
                {
                    yield return s;
                }
            }
        }
    }

    /// <summary>A user relation by OID as the viewer sees it, or null.</summary>
    public RelationInfo? FindRelation(uint oid) => oid < CatalogStore.FirstNormalObjectId ? null : CatalogVisibility.FindByOid(Database, oid, Viewer);

    /// <summary>The table of <paramref name="index"/> with the definition the viewer sees (<see cref="CatalogVisibility.AsSeenBy"/>).</summary>
    public TableInfo TableOf(IndexInfo index) => (TableInfo)CatalogVisibility.AsSeenBy(index.Table, Viewer);

    /// <summary>A schema by OID, or null.</summary>
    public SchemaInfo? FindSchema(uint oid) => Schemas.FirstOrDefault(s => s.Oid == oid);

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

            if (FindRelation(s, name) is not null)
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
