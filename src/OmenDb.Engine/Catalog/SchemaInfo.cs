namespace OmenDb.Engine.Catalog;

/// <summary>A schema (pg_namespace) of one database.</summary>
internal sealed class SchemaInfo : ICommented
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

    /// <inheritdoc/>
    public CommittedComment? CommittedComment { get; set; }

    /// <summary>The uncommitted transaction that created this schema (<see cref="CatalogVisibility"/>), or null.</summary>
    internal Transactions.TransactionState? PendingOwner { get; set; }

    /// <summary>Committed relations an uncommitted transaction dropped or renamed away, by their committed name (<see cref="CatalogVisibility"/>).</summary>
    internal Dictionary<string, (RelationInfo Relation, Transactions.TransactionState Owner)>? Hidden { get; set; }

    /// <summary>Relations by name (tables, views, indexes, sequences).</summary>
    public Dictionary<string, RelationInfo> Relations { get; } = new(StringComparer.Ordinal);
}
