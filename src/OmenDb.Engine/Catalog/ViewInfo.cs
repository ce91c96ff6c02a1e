namespace OmenDb.Engine.Catalog;

/// <summary>A view: its defining query as SQL text and its output columns.</summary>
internal sealed class ViewInfo : RelationInfo
{
    public ViewInfo(uint oid, string name, SchemaInfo schema, string querySql, uint rowTypeOid)
        : base(oid, name, schema)
    {
        QuerySql = querySql;
        RowTypeOid = rowTypeOid;
    }

    public override RelationKind Kind => RelationKind.View;

    /// <summary>The SELECT text (pg_get_viewdef).</summary>
    public string QuerySql { get; set; }

    public uint RowTypeOid { get; }

    /// <summary>Output columns as bound when the view was created.</summary>
    public List<ColumnInfo> Columns { get; private set; } = [];

    /// <summary>The committed copy owns its columns, whose comments COMMENT ON COLUMN changes in place.</summary>
    internal override RelationInfo SnapshotDefinition()
    {
        var copy = (ViewInfo)base.SnapshotDefinition();
        copy.Columns = [.. Columns.Select(c => c.CopyDefinition())];
        return copy;
    }
}
