namespace OmenDb.Engine.Catalog;

/// <summary>pg_class.relkind.</summary>
internal enum RelationKind : byte
{
    Table = (byte)'r',
    View = (byte)'v',
    Index = (byte)'i',
    Sequence = (byte)'S',
}

/// <summary>A pg_class entry: table, view, index or sequence. They share one namespace per schema.</summary>
internal abstract partial class RelationInfo
{
    protected RelationInfo(uint oid, string name, SchemaInfo schema)
    {
        Oid = oid;
        Name = name;
        Schema = schema;
    }

    public uint Oid { get; }

    public string Name { get; set; }

    public SchemaInfo Schema { get; }

    public abstract RelationKind Kind { get; }

    /// <summary>COMMENT ON ... IS, or null.</summary>
    public string? Comment { get; set; }

    /// <summary>Owner role OID.</summary>
    public uint OwnerOid { get; set; } = 10;

    /// <summary>Storage parameters from WITH (...), e.g. fillfactor=100, as PostgreSQL lists them in reloptions.</summary>
    public List<string> Options { get; } = [];

    /// <summary>The uncommitted transaction that created or renamed this relation: only it sees the current name (<see cref="CatalogVisibility"/>).</summary>
    internal Transactions.TransactionState? PendingOwner { get; set; }

    /// <summary>The schema-qualified name quoted where needed.</summary>
    public string QualifiedName => Schema.Name + "." + Name;
}
