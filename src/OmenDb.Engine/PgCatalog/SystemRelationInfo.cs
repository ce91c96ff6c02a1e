using OmenDb.Engine.Catalog;

namespace OmenDb.Engine.PgCatalog;

/// <summary>A system relation as name resolution returns it: not stored in its schema's relation map.</summary>
internal sealed class SystemRelationInfo : RelationInfo
{
    public SystemRelationInfo(SystemTable table, SchemaInfo schema)
        : base(table.Oid, table.Name, schema)
    {
        Table = table;
    }

    public SystemTable Table { get; }

    public override RelationKind Kind => Table.RelKind == 'v' ? RelationKind.View : RelationKind.Table;
}
