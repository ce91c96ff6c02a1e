using OmenDb.Common;

namespace OmenDb.Engine.Catalog;

/// <summary>
/// The root of the catalog: databases, roles and the OID counter. DDL takes <see cref="SyncRoot"/>;
/// every change bumps <see cref="Version"/> so that prepared statements know to re-bind.
/// User objects get OIDs from 16384 up (FirstNormalObjectId), as in PostgreSQL.
/// </summary>
internal sealed class CatalogStore
{
    /// <summary>First OID for user objects (PostgreSQL's FirstNormalObjectId).</summary>
    public const uint FirstNormalObjectId = 16384;

    /// <summary>pg_catalog's namespace OID.</summary>
    public const uint PgCatalogNamespaceOid = 11;

    /// <summary>public's namespace OID (as in a fresh PostgreSQL cluster).</summary>
    public const uint PublicNamespaceOid = 2200;

    /// <summary>information_schema's namespace OID here.</summary>
    public const uint InformationSchemaNamespaceOid = 13000;

    /// <summary>pg_database_owner: the predefined role that owns public in PostgreSQL 15 (whoever owns the database).</summary>
    public const uint PgDatabaseOwnerOid = 6171;

    /// <summary>The bootstrap superuser's OID.</summary>
    public const uint BootstrapSuperuserOid = 10;

    private uint _nextOid = FirstNormalObjectId;
    private long _version;

    public CatalogStore()
    {
        var postgres = new RoleDef(BootstrapSuperuserOid, "postgres")
        {
            IsSuperuser = true, CanLogin = true, CreateDb = true, CreateRole = true, Replication = true, BypassRls = true,
        };
        Roles[postgres.Name] = postgres;
        CreateDatabase("postgres", 5, BootstrapSuperuserOid);
        CreateDatabase("template1", 1, BootstrapSuperuserOid);
        CreateDatabase("template0", 4, BootstrapSuperuserOid);
    }

    /// <summary>Where tables of every database report row changes; set by the engine before any table exists.</summary>
    public Persistence.IRowLog? RowLog { get; set; }

    /// <summary>Lock for catalog changes and consistent multi-object reads.</summary>
    public object SyncRoot { get; } = new();

    /// <summary>Bumped on every DDL.</summary>
    public long Version => Interlocked.Read(ref _version);

    public Dictionary<string, DatabaseInfo> Databases { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RoleDef> Roles { get; } = new(StringComparer.Ordinal);

    /// <summary>Allocates a new OID.</summary>
    public uint NewOid() => Interlocked.Increment(ref _nextOid) - 1;

    /// <summary>The OID the next <see cref="NewOid"/> returns (persisted with the catalog).</summary>
    public uint PeekNextOid() => Volatile.Read(ref _nextOid);

    /// <summary>Restores the OID counter from the persisted catalog.</summary>
    public void SetNextOid(uint next) => Volatile.Write(ref _nextOid, next);

    /// <summary>Records a catalog change.</summary>
    public void Bump() => Interlocked.Increment(ref _version);

    /// <summary>Creates a database with pg_catalog, information_schema and public schemas.</summary>
    public DatabaseInfo CreateDatabase(string name, uint? oid, uint ownerOid)
    {
        lock (SyncRoot)
        {
            if (Databases.ContainsKey(name))
            {
                ThrowHelper.Throw(SqlState.DuplicateDatabase, $"database \"{name}\" already exists");
            }

            var db = new DatabaseInfo(oid ?? NewOid(), name, ownerOid) { RowLog = RowLog };
            db.Schemas["pg_catalog"] = new SchemaInfo(PgCatalogNamespaceOid, "pg_catalog", db, BootstrapSuperuserOid);
            db.Schemas["public"] = new SchemaInfo(PublicNamespaceOid, "public", db, PgDatabaseOwnerOid)
            {
                Comment = "standard public schema",
            };
            db.Schemas["information_schema"] = new SchemaInfo(InformationSchemaNamespaceOid, "information_schema", db,
                BootstrapSuperuserOid);
            Databases[name] = db;
            Bump();
            return db;
        }
    }

    /// <summary>Finds a relation of any kind by OID in a database, or null.</summary>
    public RelationInfo? FindRelation(DatabaseInfo db, uint oid)
    {
        foreach (var schema in db.Schemas.Values)
        {
            foreach (var rel in schema.Relations.Values)
            {
                if (rel.Oid == oid)
                {
                    return rel;
                }
            }
        }

        return null;
    }
}
