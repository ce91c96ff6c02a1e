namespace OmenDb.Engine.Catalog;

/// <summary>pg_constraint.contype.</summary>
internal enum ConstraintKind : byte
{
    PrimaryKey = (byte)'p',
    Unique = (byte)'u',
    Check = (byte)'c',
    ForeignKey = (byte)'f',
    NotNull = (byte)'n',
}

/// <summary>A referential action (pg_constraint.confdeltype / confupdtype).</summary>
internal enum ReferentialAction : byte
{
    NoAction = (byte)'a',
    Restrict = (byte)'r',
    Cascade = (byte)'c',
    SetNull = (byte)'n',
    SetDefault = (byte)'d',
}

/// <summary>A table constraint (pg_constraint).</summary>
internal sealed class ConstraintInfo
{
    public ConstraintInfo(uint oid, string name, ConstraintKind kind, short[] columns)
    {
        Oid = oid;
        Name = name;
        Kind = kind;
        Columns = columns;
    }

    public uint Oid { get; }

    public string Name { get; set; }

    public ConstraintKind Kind { get; }

    /// <summary>conkey: constrained columns' attnums.</summary>
    public short[] Columns { get; set; }

    /// <summary>CHECK expression as SQL text.</summary>
    public string? CheckSql { get; init; }

    /// <summary>FOREIGN KEY: the referenced table.</summary>
    public TableInfo? ReferencedTable { get; init; }

    /// <summary>confkey: referenced columns' attnums.</summary>
    public short[] ReferencedColumns { get; init; } = [];

    public ReferentialAction OnDelete { get; init; } = ReferentialAction.NoAction;

    public ReferentialAction OnUpdate { get; init; } = ReferentialAction.NoAction;

    /// <summary>COMMENT ON CONSTRAINT ... IS, or null.</summary>
    public string? Comment { get; set; }

    /// <summary>The index that enforces a PRIMARY KEY / UNIQUE constraint.</summary>
    public IndexInfo? Index { get; set; }
}
