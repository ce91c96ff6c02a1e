namespace OmenDb.Engine.Catalog;

// The committed copy of a table's definition (RelationInfo.CommittedDefinition) is deep where ALTER TABLE changes the
// table in place: its columns and constraints; it shares the rows without taking ownership of them.
internal sealed partial class TableInfo
{
    /// <summary>A detached copy of <paramref name="live"/>'s definition sharing its rows (without taking ownership of them).</summary>
    private TableInfo(TableInfo live)
        : base(live.Oid, live.Name, live.Schema)
    {
        RowTypeOid = live.RowTypeOid;
        _data = live._data;
        IsTemporary = live.IsTemporary;
        RelTuples = live.RelTuples;
        Comment = live.Comment;
        OwnerOid = live.OwnerOid;
        Options.AddRange(live.Options);
        foreach (var c in live.Columns)
        {
            Columns.Add(new ColumnInfo(c.Name, c.AttNum, c.Type, c.Typmod)
            {
                NotNull = c.NotNull, DefaultSql = c.DefaultSql, DefaultAst = c.DefaultAst, DefaultOid = c.DefaultOid, Identity = c.Identity,
                Generated = c.Generated, IsDropped = c.IsDropped, Comment = c.Comment,
            });
        }

        foreach (var c in live.Constraints)
        {
            Constraints.Add(new ConstraintInfo(c.Oid, c.Name, c.Kind, c.Columns)
            {
                CheckSql = c.CheckSql, ReferencedTable = c.ReferencedTable, ReferencedColumns = c.ReferencedColumns, OnDelete = c.OnDelete,
                OnUpdate = c.OnUpdate, Index = c.Index, Comment = c.Comment,
            });
        }

        Indexes.AddRange(live.Indexes);
        UniqueIndexes.AddRange(live.UniqueIndexes);
        BoundChecks.AddRange(live.BoundChecks);
    }

    /// <inheritdoc/>
    internal override RelationInfo SnapshotDefinition() => new TableInfo(this);
}
