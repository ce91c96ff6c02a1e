namespace OmenDb.Engine.Catalog;

/// <summary>A schema (pg_namespace) of one database.</summary>
internal sealed class SchemaInfo
{
    public SchemaInfo(uint oid, string name, DatabaseInfo database, uint ownerOid)
    {
        Oid = oid;
        Name = name;
        Database = database;
        OwnerOid = ownerOid;
    }

    public uint Oid { get; }

    public string Name { get; set; }

    public DatabaseInfo Database { get; }

    public uint OwnerOid { get; set; }

    public string? Comment { get; set; }

    /// <summary>Relations by name (tables, views, indexes, sequences).</summary>
    public Dictionary<string, RelationInfo> Relations { get; } = new(StringComparer.Ordinal);
}
