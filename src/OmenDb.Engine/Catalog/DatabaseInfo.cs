namespace OmenDb.Engine.Catalog;

/// <summary>A database (pg_database): its own set of schemas.</summary>
internal sealed class DatabaseInfo : ICommented
{
    public DatabaseInfo(uint oid, string name, uint ownerOid)
    {
        Oid = oid;
        Name = name;
        OwnerOid = ownerOid;
    }

    public uint Oid { get; }

    public string Name { get; set; }

    public uint OwnerOid { get; set; }

    public string? Comment { get; set; }

    /// <inheritdoc/>
    public CommittedComment? CommittedComment { get; set; }

    /// <summary>Where this database's tables report row changes (null when nothing is persisted).</summary>
    public Persistence.IRowLog? RowLog { get; set; }

    public Dictionary<string, SchemaInfo> Schemas { get; } = new(StringComparer.Ordinal);

    /// <summary>Committed schemas an uncommitted transaction dropped or renamed away (<see cref="CatalogVisibility"/>).</summary>
    internal Dictionary<string, (SchemaInfo Schema, Transactions.TransactionState Owner)>? HiddenSchemas { get; set; }

    /// <summary>Extensions installed with CREATE EXTENSION (name → version).</summary>
    public Dictionary<string, string> Extensions { get; } = new(StringComparer.Ordinal);
}
