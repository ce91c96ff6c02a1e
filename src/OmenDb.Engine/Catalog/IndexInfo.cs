namespace OmenDb.Engine.Catalog;

/// <summary>An index (pg_class relkind 'i' + pg_index).</summary>
internal sealed class IndexInfo : RelationInfo
{
    public IndexInfo(uint oid, string name, SchemaInfo schema, TableInfo table, short[] columns)
        : base(oid, name, schema)
    {
        Table = table;
        Columns = columns;
    }

    public override RelationKind Kind => RelationKind.Index;

    public TableInfo Table { get; }

    /// <summary>indkey: indexed columns' attnums (0 for an expression).</summary>
    public short[] Columns { get; set; }

    /// <summary>Expressions as SQL text for expression columns (indexprs), in order.</summary>
    public List<string> Expressions { get; } = [];

    public bool IsUnique { get; init; }

    public bool IsPrimary { get; init; }

    /// <summary>Access method: btree, hash, learned, hnsw.</summary>
    public string Method { get; init; } = "btree";

    /// <summary>Operator class names per column (vector_l2_ops ...), null for default.</summary>
    public string?[] OpClasses { get; init; } = [];

    /// <summary>DESC flags per column.</summary>
    public bool[] Descending { get; init; } = [];

    /// <summary>Partial index predicate as SQL text, or null.</summary>
    public string? PredicateSql { get; init; }

    /// <summary>The constraint this index enforces, if any.</summary>
    public ConstraintInfo? Constraint { get; set; }
}
