using OmenDb.Engine.Transactions;

namespace OmenDb.Engine.Catalog;

// A table's definition is versioned per transaction, as its rows are: ALTER TABLE changes the shared TableInfo in place
// (under the ACCESS EXCLUSIVE lock, with an undo log for ROLLBACK), and before its first change a transaction keeps a
// copy of the committed definition here. Every other transaction sees that copy until the altering one commits
// (CatalogVisibility.AsSeenBy): pg_catalog, information_schema, the catalog functions and the catalog image another
// session's COMMIT writes. Statements never read the copy: they lock the table, wait for the ALTER to end, and bind
// against the definition it left.
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
                OnUpdate = c.OnUpdate, Index = c.Index,
            });
        }

        Indexes.AddRange(live.Indexes);
        UniqueIndexes.AddRange(live.UniqueIndexes);
        BoundChecks.AddRange(live.BoundChecks);
    }

    /// <summary>
    /// The definition committed before <c>Owner</c>, an uncommitted transaction, altered this table; null when no
    /// uncommitted transaction has. Cleared when the owner ends (its undo restores the table on ROLLBACK). One reference,
    /// so that catalog readers, which take no lock, never see half of it.
    /// </summary>
    internal Committed? CommittedDefinition { get; set; }

    /// <summary>A copy of the current definition, to stand for the committed one while a transaction alters the table.</summary>
    internal TableInfo SnapshotDefinition() => new(this);

    /// <summary>A committed definition and the uncommitted transaction whose ALTER TABLE it stands in for.</summary>
    internal sealed record Committed(TableInfo Definition, TransactionState Owner);
}
