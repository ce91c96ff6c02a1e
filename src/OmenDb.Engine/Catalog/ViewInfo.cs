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
    public List<ColumnInfo> Columns { get; } = [];
}
