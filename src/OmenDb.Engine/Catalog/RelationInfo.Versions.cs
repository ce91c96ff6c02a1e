using OmenDb.Engine.Transactions;

namespace OmenDb.Engine.Catalog;

// A relation's definition is versioned per transaction, as its rows are: ALTER changes the shared object in place (under
// the ACCESS EXCLUSIVE lock, with an undo log for ROLLBACK), and before its first change a transaction keeps a copy of the
// committed definition here. Every other transaction sees that copy until the altering one commits
// (CatalogVisibility.AsSeenBy): pg_catalog, information_schema, the catalog functions and the catalog image another
// session's COMMIT writes. Statements never read the copy: they lock the relation, wait for the ALTER to end, and bind
// against the definition it left.
internal abstract partial class RelationInfo
{
    /// <summary>
    /// The definition committed before <c>Owner</c>, an uncommitted transaction, altered this relation; null when no
    /// uncommitted transaction has. Cleared when the owner ends (its undo restores the relation on ROLLBACK). One
    /// reference, so that catalog readers, which take no lock, never see half of it.
    /// </summary>
    internal Committed? CommittedDefinition { get; set; }

    /// <summary>
    /// A detached copy of the current definition, to stand for the committed one while a transaction alters the relation.
    /// The copy is shallow: what changes in place besides the name (a table's columns and constraints) is copied by the
    /// kinds that have it.
    /// </summary>
    internal virtual RelationInfo SnapshotDefinition()
    {
        var copy = (RelationInfo)MemberwiseClone();
        copy.CommittedDefinition = null;
        copy.PendingOwner = null;
        return copy;
    }

    /// <summary>A committed definition and the uncommitted transaction whose ALTER it stands in for.</summary>
    internal sealed record Committed(RelationInfo Definition, TransactionState Owner);
}
