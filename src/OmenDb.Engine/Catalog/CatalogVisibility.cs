using OmenDb.Engine.Transactions;

namespace OmenDb.Engine.Catalog;

/// <summary>
/// Which catalog objects a transaction sees while other transactions' DDL is uncommitted (PostgreSQL: the creator sees
/// its objects at once, everyone else after COMMIT). The catalog stays one shared object graph changed in place under
/// <see cref="CatalogStore.SyncRoot"/>, with an undo log for ROLLBACK; on top of it, three marks form the overlay:
/// <list type="bullet">
/// <item>An object created (or renamed) by a transaction that has not committed carries that transaction as its
/// <c>PendingOwner</c>: under its current name only the owner sees it.</item>
/// <item>An object that existed before and was dropped or renamed away by an uncommitted transaction stays in its
/// schema's (database's) <c>Hidden</c> map under its committed name: everyone but that transaction still finds it
/// there, then waits on the ACCESS EXCLUSIVE lock the DDL holds, and resolves the name again after COMMIT.</item>
/// <item>A committed relation that an uncommitted transaction alters (ALTER TABLE, any RENAME) carries a copy of its
/// committed definition (<see cref="RelationInfo.CommittedDefinition"/>): everyone but that transaction enumerates the copy (pg_catalog, the
/// catalog image of another COMMIT); statements still find the live table, wait on the ACCESS EXCLUSIVE lock, and
/// bind against the definition the ALTER left.</item>
/// </list>
/// The marks are cleared when the transaction ends; until then a finished owner counts as committed (its marks no
/// longer hide anything) and an aborted one has already undone its changes.
/// </summary>
internal static class CatalogVisibility
{
    /// <summary>Whether <paramref name="owner"/>'s uncommitted marks no longer apply (none, or it committed).</summary>
    public static bool IsCommitted(TransactionState? owner) => owner is null || (owner.IsFinished && !owner.Aborted);

    /// <summary>Whether <paramref name="viewer"/> sees an object marked with <paramref name="owner"/> under its current name.</summary>
    public static bool Sees(TransactionState? owner, TransactionState? viewer) => owner is null || owner == viewer || IsCommitted(owner);

    /// <summary>Whether an entry hidden by <paramref name="owner"/> (dropped or renamed away) still shows to <paramref name="viewer"/>.</summary>
    public static bool SeesHidden(TransactionState owner, TransactionState? viewer) => owner != viewer && !IsCommitted(owner);

    /// <summary>The relation <paramref name="name"/> of <paramref name="schema"/> as <paramref name="viewer"/> sees it, or null.</summary>
    public static RelationInfo? Find(SchemaInfo schema, string name, TransactionState? viewer)
    {
        if (schema.Relations.TryGetValue(name, out var rel) && Sees(rel.PendingOwner, viewer))
        {
            return rel;
        }

        return schema.Hidden is { } hidden && hidden.TryGetValue(name, out var h) && SeesHidden(h.Owner, viewer) ? h.Relation : null;
    }

    /// <summary>The schema <paramref name="name"/> of <paramref name="database"/> as <paramref name="viewer"/> sees it, or null.</summary>
    public static SchemaInfo? FindSchema(DatabaseInfo database, string name, TransactionState? viewer)
    {
        if (database.Schemas.TryGetValue(name, out var schema) && Sees(schema.PendingOwner, viewer))
        {
            return schema;
        }

        return database.HiddenSchemas is { } hidden && hidden.TryGetValue(name, out var h) && SeesHidden(h.Owner, viewer) ? h.Schema : null;
    }

    /// <summary>The schemas <paramref name="viewer"/> sees.</summary>
    public static IEnumerable<SchemaInfo> Schemas(DatabaseInfo database, TransactionState? viewer)
        => Visible(database.Schemas, database.HiddenSchemas, static s => s.PendingOwner, viewer);

    /// <summary>The relations of <paramref name="schema"/> that <paramref name="viewer"/> sees, each with the definition it sees.</summary>
    public static IEnumerable<RelationInfo> Relations(SchemaInfo schema, TransactionState? viewer)
    {
        foreach (var rel in Visible(schema.Relations, schema.Hidden, static r => r.PendingOwner, viewer))
        {
            yield return AsSeenBy(rel, viewer);
        }
    }

    /// <summary>
    /// The definition of <paramref name="rel"/> that <paramref name="viewer"/> sees: the committed copy while another
    /// transaction's ALTER (of a table, or a RENAME of any relation) is uncommitted, else the relation itself.
    /// </summary>
    public static RelationInfo AsSeenBy(RelationInfo rel, TransactionState? viewer)
        => rel.CommittedDefinition is { } committed && SeesHidden(committed.Owner, viewer) ? committed.Definition : rel;

    /// <summary>The comment of <paramref name="target"/> that <paramref name="viewer"/> sees: the committed one while another transaction's COMMENT ON is uncommitted.</summary>
    public static string? CommentAsSeenBy(ICommented target, TransactionState? viewer)
        => target.CommittedComment is { } committed && SeesHidden(committed.Owner, viewer) ? committed.Text : target.Comment;

    /// <summary>The relation with OID <paramref name="oid"/> in <paramref name="database"/> as <paramref name="viewer"/> sees it, or null.</summary>
    public static RelationInfo? FindByOid(DatabaseInfo database, uint oid, TransactionState? viewer)
    {
        foreach (var schema in Schemas(database, viewer))
        {
            // A snapshot, as every reader takes: another session's DDL may change the dictionary meanwhile.
            foreach (var rel in schema.Relations.Values.ToArray())
            {
                if (rel.Oid == oid && Sees(rel.PendingOwner, viewer))
                {
                    return AsSeenBy(rel, viewer);
                }
            }

            if (schema.Hidden is { Count: > 0 } hidden)
            {
                foreach (var (rel, owner) in hidden.Values.ToArray())
                {
                    if (rel.Oid == oid && SeesHidden(owner, viewer))
                    {
                        return AsSeenBy(rel, viewer);
                    }
                }
            }
        }

        return null;
    }

    private static IEnumerable<T> Visible<T>(Dictionary<string, T> current, Dictionary<string, (T Item, TransactionState Owner)>? hidden,
        Func<T, TransactionState?> pendingOwner, TransactionState? viewer)
    {
        foreach (var item in current.Values.ToArray())
        {
            if (Sees(pendingOwner(item), viewer))
            {
                yield return item;
            }
        }

        if (hidden is { Count: > 0 })
        {
            foreach (var (item, owner) in hidden.Values.ToArray())
            {
                if (SeesHidden(owner, viewer))
                {
                    yield return item;
                }
            }
        }
    }
}
