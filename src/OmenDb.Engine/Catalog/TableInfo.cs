using OmenDb.Engine.Columnar;

namespace OmenDb.Engine.Catalog;

/// <summary>A table: columns, constraints, indexes and its rows.</summary>
internal sealed partial class TableInfo : RelationInfo
{
    public TableInfo(uint oid, string name, SchemaInfo schema, uint rowTypeOid)
        : base(oid, name, schema)
    {
        RowTypeOid = rowTypeOid;
        Data = new ColumnarTable([]);
    }

    public override RelationKind Kind => RelationKind.Table;

    /// <summary>pg_class.reltype: the table's composite row type OID.</summary>
    public uint RowTypeOid { get; }

    /// <summary>All columns by attnum order, dropped ones included (IsDropped).</summary>
    public List<ColumnInfo> Columns { get; } = [];

    public List<ConstraintInfo> Constraints { get; } = [];

    public List<IndexInfo> Indexes { get; } = [];

    /// <summary>Hash indexes enforcing PRIMARY KEY / UNIQUE.</summary>
    public List<Indexes.UniqueIndex> UniqueIndexes { get; } = [];

    /// <summary>CHECK constraints bound over the table's physical row (slot i = column i), rebuilt after DDL.</summary>
    public List<(ConstraintInfo Constraint, Binding.BoundExpr Check)> BoundChecks { get; } = [];

    /// <summary>The rows. Attaching a row store makes this table its owner and connects it to the durability log.</summary>
    public ColumnarTable Data
    {
        get => _data;
        set
        {
            value.Owner = this;
            value.Log = Schema.Database.RowLog;
            _data = value;
        }
    }

    private ColumnarTable _data = null!;

    /// <summary>Whether TEMP (dropped at session end).</summary>
    public bool IsTemporary { get; init; }

    /// <summary>Statistics from ANALYZE: reltuples (-1 = never analysed).</summary>
    public double RelTuples { get; set; } = -1;

    /// <summary>Visible (non-dropped) columns in attnum order.</summary>
    public IEnumerable<ColumnInfo> LiveColumns => Columns.Where(c => !c.IsDropped);

    /// <summary>The live column with this name, or null.</summary>
    public ColumnInfo? FindColumn(string name)
    {
        foreach (var c in Columns)
        {
            if (!c.IsDropped && c.Name == name)
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>The PRIMARY KEY constraint, or null.</summary>
    public ConstraintInfo? PrimaryKey => Constraints.FirstOrDefault(c => c.Kind == ConstraintKind.PrimaryKey);
}
