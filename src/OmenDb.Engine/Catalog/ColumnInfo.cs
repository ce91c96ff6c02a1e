using OmenDb.Engine.Types;

namespace OmenDb.Engine.Catalog;

/// <summary>A table or view column (pg_attribute + pg_attrdef).</summary>
internal sealed class ColumnInfo
{
    public ColumnInfo(string name, short attNum, PgType type, int typmod)
    {
        Name = name;
        AttNum = attNum;
        Type = type;
        Typmod = typmod;
    }

    /// <summary>attname.</summary>
    public string Name { get; set; }

    /// <summary>attnum (1-based; also the physical slot + 1 in the table's segments).</summary>
    public short AttNum { get; }

    /// <summary>atttypid.</summary>
    public PgType Type { get; set; }

    /// <summary>atttypmod.</summary>
    public int Typmod { get; set; }

    /// <summary>attnotnull.</summary>
    public bool NotNull { get; set; }

    /// <summary>The DEFAULT expression as SQL text (pg_get_expr of adbin), or null.</summary>
    public string? DefaultSql { get; set; }

    /// <summary>The DEFAULT expression's syntax tree when it was given in SQL.</summary>
    public OmenDb.Sql.Ast.Expr? DefaultAst { get; set; }

    /// <summary>OID of the pg_attrdef row when a default exists.</summary>
    public uint DefaultOid { get; set; }

    /// <summary>attidentity: 'a' ALWAYS, 'd' BY DEFAULT, '\0' none.</summary>
    public char Identity { get; set; }

    /// <summary>attgenerated: 's' for GENERATED ALWAYS AS (expr) STORED, else '\0'; the expression is in <see cref="DefaultSql"/>.</summary>
    public char Generated { get; set; }

    /// <summary>attisdropped.</summary>
    public bool IsDropped { get; set; }

    /// <summary>The column comment (COMMENT ON COLUMN), or null.</summary>
    public string? Comment { get; set; }

    /// <summary>Physical slot in the table's segments.</summary>
    public int Slot => AttNum - 1;

    /// <summary>A detached copy, for a committed definition (<see cref="RelationInfo.CommittedDefinition"/>).</summary>
    internal ColumnInfo CopyDefinition() => (ColumnInfo)MemberwiseClone();
}
