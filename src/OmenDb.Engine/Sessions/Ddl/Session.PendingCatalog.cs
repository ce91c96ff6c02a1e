using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Transactions;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// Uncommitted DDL and implicit relation locks (docs/catalog.md). Objects this transaction creates or renames carry it
// as their PendingOwner and committed objects it drops or renames away stay in their schema's Hidden map, so other
// sessions keep seeing the committed catalog (CatalogVisibility); the ACCESS EXCLUSIVE lock DDL takes makes them wait
// on the object until COMMIT. The marks are cleared when the transaction ends. Every relation lock is held to the end
// of the transaction, in TableLockManager, through this session's LockOwner.
public sealed partial class Session
{
    private readonly List<RelationInfo> _createdRelations = [];
    private readonly List<SchemaInfo> _createdSchemas = [];
    private readonly List<SchemaInfo> _hidingSchemas = [];
    private readonly List<RelationInfo> _alteredRelations = [];
    private readonly List<Columnar.ColumnarTable> _restorePinned = [];
    private bool _hidesSchemas;
    private LockOwner? _lockOwner;

    /// <summary>The transaction whose uncommitted catalog changes this session sees (its own).</summary>
    internal TransactionState? CatalogViewer => _tx;

    /// <summary>Whether this transaction has marks in the catalog, so that it sees a catalog of its own (<see cref="CatalogVisibility"/>).</summary>
    internal bool HasCatalogMarks => _createdRelations.Count > 0 || _createdSchemas.Count > 0 || _hidingSchemas.Count > 0 || _hidesSchemas
        || _alteredRelations.Count > 0 || _commentMarks.Count > 0;

    private LockOwner LockOwner => _lockOwner ??= _engine.TableLocks.Register(ProcessId, Database.Oid);

    /// <summary>
    /// Takes <paramref name="mode"/> on <paramref name="rel"/> until the transaction ends, waiting (lock_timeout, deadlock
    /// detection, cancel) while another session holds a conflicting lock, or failing at once with 55P03 when
    /// <paramref name="noWait"/>. Returns whether it had to wait (the catalog may have changed meanwhile).
    /// </summary>
    internal bool LockRelation(RelationInfo rel, TableLockMode mode, bool noWait = false)
    {
        if (_engine.TableLocks.TryAcquire(LockOwner, rel.Oid, mode))
        {
            return false;
        }

        if (noWait)
        {
            throw new PgException(SqlState.LockNotAvailable, $"could not obtain lock on relation \"{rel.Name}\"");
        }

        WaitForRelationLock(rel.Oid, mode);
        return true;
    }

    /// <summary>Waits for a relation lock held by another session (its own method: the lambdas' closure would otherwise
    /// be allocated on every <see cref="LockRelation"/>, also when the lock is free).</summary>
    private void WaitForRelationLock(uint oid, TableLockMode mode)
    {
        var locks = _engine.TableLocks;
        var owner = LockOwner;
        locks.SetWaiting(ProcessId, oid, mode, NowMicros());
        try
        {
            WaitForLock($"{TableLockManager.Name(mode)} on relation {oid} of database {Database.Oid}",
                () => locks.Blockers(oid, mode, ProcessId),
                ms => locks.WaitAndTryAcquire(owner, oid, mode, ms));
        }
        finally
        {
            locks.SetWaiting(ProcessId, oid, null, 0);
        }
    }

    /// <summary>Takes again the locks a prepared statement's binding took (PostgreSQL's AcquireExecutorLocks); returns whether one waited.</summary>
    private bool LockStatementRelations(PreparedStatement statement)
    {
        var waited = false;
        foreach (var (rel, mode) in statement.RelationLocks)
        {
            waited |= LockRelation(rel, mode);
        }

        return waited;
    }

    /// <summary>Releases every relation lock at the end (or abort) of the transaction.</summary>
    private void ReleaseTableLocks()
    {
        if (_lockOwner is { } owner)
        {
            _engine.TableLocks.ReleaseAll(owner);
        }
    }

    /// <summary>Locks a relation a DDL statement resolved; after a wait the name is resolved again, since the relation may have gone.</summary>
    internal TRelation LockForDdl<TRelation>(Binding.Binder binder, QualifiedName name, TRelation rel, TableLockMode mode, bool noWait = false)
        where TRelation : RelationInfo
    {
        while (LockRelation(rel, mode, noWait))
        {
            if (binder.FindRelation(name) is not TRelation again)
            {
                throw new PgException(SqlState.UndefinedTable, $"relation \"{name.Name}\" does not exist");
            }

            if (ReferenceEquals(again, rel))
            {
                break;
            }

            rel = again;
        }

        return rel;
    }

    /// <summary>
    /// ALTER TABLE actions that drop constraints or indexes lock what those involve, before the catalog lock, as PostgreSQL
    /// does: the index a constraint or a dropped column takes along, the table a dropped foreign key references, and with
    /// DROP CONSTRAINT ... CASCADE the tables whose foreign keys go.
    /// </summary>
    private void LockAlterDependents(TableInfo table, IReadOnlyList<AlterTableAction> actions)
    {
        var touched = new List<RelationInfo>();
        lock (Catalog.SyncRoot)
        {
            foreach (var action in actions)
            {
                var (dropped, cascade) = action switch
                {
                    DropConstraintAction d => (table.Constraints.Where(c => c.Name == d.Name).ToList(), d.Behavior == DropBehavior.Cascade),
                    DropColumnAction d when table.FindColumn(d.Column) is { } col => (table.Constraints.Where(c => c.Columns.Contains(col.AttNum)).ToList(), false),
                    _ => ([], false),
                };
                foreach (var c in dropped)
                {
                    touched.AddRange(c.Index is { } index ? [index] : []);
                    touched.AddRange(c.ReferencedTable is { } parent && parent != table ? [parent] : []);
                    if (cascade && c.Kind is Engine.Catalog.ConstraintKind.PrimaryKey or Engine.Catalog.ConstraintKind.Unique)
                    {
                        touched.AddRange(Execution.TableWriter.ReferencingConstraints(table).Where(x => x.Child != table).Select(x => x.Child));
                    }
                }

                if (action is DropColumnAction dc && table.FindColumn(dc.Column) is { } column)
                {
                    touched.AddRange(table.Indexes.Where(i => i.Columns.Contains(column.AttNum)));
                }
            }
        }

        foreach (var rel in touched.Distinct())
        {
            LockRelation(rel, TableLockMode.AccessExclusive);
        }
    }

    /// <summary>VACUUM and ANALYZE take SHARE UPDATE EXCLUSIVE, VACUUM FULL ACCESS EXCLUSIVE.</summary>
    private static TableLockMode VacuumLockMode(VacuumStatement v)
        => v.IsVacuum && v.Options.Any(o => o.Name.Equals("full", StringComparison.OrdinalIgnoreCase)
            && o.Value?.Text.ToLowerInvariant() is null or "true" or "on" or "1")
            ? TableLockMode.AccessExclusive : TableLockMode.ShareUpdateExclusive;

    /// <summary>CREATE TABLE ... REFERENCES: SHARE ROW EXCLUSIVE on each referenced table, before the catalog lock.</summary>
    private void LockReferencedTables(Binding.Binder binder, CreateTableStatement c)
    {
        foreach (var element in c.Elements)
        {
            var constraints = element switch
            {
                ColumnDef col => col.Constraints,
                Constraint tc => [tc],
                _ => [],
            };
            foreach (var cons in constraints)
            {
                if (cons.References is { } reference && binder.FindRelation(reference.Table) is TableInfo parent)
                {
                    LockForDdl(binder, reference.Table, parent, TableLockMode.ShareRowExclusive);
                }
            }
        }
    }

    /// <summary>
    /// Before ALTER TABLE changes <paramref name="table"/>'s definition: keeps the committed definition for other
    /// transactions, and registers an undo that restores its columns' names, types, defaults and NOT NULL flags, its
    /// constraints and indexes (and their schema entries) as they are now; columns added after this point go (their
    /// physical columns are removed by the undo AddColumn registers, rewritten data is put back by AlterColumnType's).
    /// </summary>
    private void RegisterTableUndo(TableInfo table)
    {
        if (_tx is null)
        {
            return;
        }

        KeepCommittedDefinition(table);

        var columns = table.Columns.Select(c => (Column: c, c.Name, c.Type, c.Typmod, c.NotNull, c.DefaultSql, c.DefaultAst, c.DefaultOid, c.Identity,
            c.Generated, c.IsDropped)).ToArray();
        var constraints = table.Constraints.ToArray();
        var names = constraints.Select(c => c.Name).ToArray();
        var indexes = table.Indexes.ToArray();
        var unique = table.UniqueIndexes.ToArray();
        var checks = table.BoundChecks.ToArray();
        var schema = table.Schema;
        var dependents = Dependents(schema, table);
        RegisterUndo(() =>
        {
            table.Columns.RemoveRange(columns.Length, table.Columns.Count - columns.Length);
            foreach (var c in columns)
            {
                (c.Column.Name, c.Column.Type, c.Column.Typmod, c.Column.NotNull, c.Column.DefaultSql, c.Column.DefaultAst, c.Column.DefaultOid,
                    c.Column.Identity, c.Column.Generated, c.Column.IsDropped) = (c.Name, c.Type, c.Typmod, c.NotNull, c.DefaultSql, c.DefaultAst,
                    c.DefaultOid, c.Identity, c.Generated, c.IsDropped);
            }

            for (var i = 0; i < constraints.Length; i++)
            {
                constraints[i].Name = names[i];
            }

            Restore(table.Constraints, constraints);
            Restore(table.Indexes, indexes);
            Restore(table.UniqueIndexes, unique);
            Restore(table.BoundChecks, checks);
            foreach (var (name, rel) in Dependents(schema, table))
            {
                schema.Relations.Remove(name);
            }

            foreach (var (name, rel) in dependents)
            {
                schema.Relations[name] = rel;
            }
        });

        static void Restore<T>(List<T> list, T[] items)
        {
            list.Clear();
            list.AddRange(items);
        }

        static List<KeyValuePair<string, RelationInfo>> Dependents(SchemaInfo schema, TableInfo table)
            => [.. schema.Relations.Where(r => r.Value is IndexInfo i ? i.Table == table : r.Value is SequenceInfo { OwnedBy: { } o } && o.Table == table)];
    }

    /// <summary>
    /// Before this transaction first changes <paramref name="rel"/>'s definition: keeps a copy of the committed one, which
    /// every other transaction sees until this one commits (<see cref="RelationInfo.CommittedDefinition"/>).
    /// </summary>
    internal void KeepCommittedDefinition(RelationInfo rel)
    {
        if (_tx is null || rel.CommittedDefinition is { } kept && kept.Owner == _tx)
        {
            return;
        }

        // Nobody else holds a mark here: the ALTER (or COMMENT) holds a self-conflicting lock, which the last owner released
        // after clearing its mark.
        rel.CommittedDefinition = new RelationInfo.Committed(rel.SnapshotDefinition(), _tx);
        _alteredRelations.Add(rel);
        RegisterUndo(() => rel.CommittedDefinition = null);
    }

    /// <summary>ALTER COLUMN TYPE rewrites a physical column: puts the saved one back if the change rolls back.</summary>
    private void RegisterColumnRestore(Columnar.ColumnarTable data, Columnar.ColumnImage image)
    {
        _restorePinned.Add(data);
        RegisterUndo(() => data.RestoreColumn(image));
    }

    /// <summary>Adds a new relation to its schema, visible to this transaction only until it commits.</summary>
    internal void AddRelation(SchemaInfo schema, RelationInfo rel)
    {
        schema.Relations[rel.Name] = rel;
        MarkPending(rel);
    }

    /// <summary>Marks a relation created or renamed by this transaction: other sessions do not see it under its name before COMMIT.</summary>
    internal void MarkPending(RelationInfo rel)
    {
        if (_tx is null || rel.PendingOwner == _tx)
        {
            return;
        }

        var before = rel.PendingOwner;
        rel.PendingOwner = _tx;
        _createdRelations.Add(rel);
        RegisterUndo(() => rel.PendingOwner = before);
    }

    /// <summary>
    /// Before a committed relation leaves its name (DROP, RENAME): keeps it findable under that name for other sessions
    /// until this transaction commits. Call before removing it from <c>Relations</c>.
    /// </summary>
    internal void HideRelation(RelationInfo rel)
    {
        if (_tx is null || !CatalogVisibility.IsCommitted(rel.PendingOwner))
        {
            return;
        }

        var schema = rel.Schema;
        var name = rel.Name;
        var hidden = schema.Hidden ??= new(StringComparer.Ordinal);
        if (hidden.TryAdd(name, (rel, _tx)))
        {
            RegisterUndo(() => hidden.Remove(name));
            if (!_hidingSchemas.Contains(schema))
            {
                _hidingSchemas.Add(schema);
            }
        }
    }

    /// <summary>Adds a new schema, visible to this transaction only until it commits.</summary>
    internal void AddSchema(SchemaInfo schema)
    {
        Database.Schemas[schema.Name] = schema;
        if (_tx is not null)
        {
            schema.PendingOwner = _tx;
            _createdSchemas.Add(schema);
        }
    }

    /// <summary>Before a committed schema is dropped: other sessions keep finding it until this transaction commits.</summary>
    internal void HideSchema(SchemaInfo schema)
    {
        if (_tx is null || !CatalogVisibility.IsCommitted(schema.PendingOwner))
        {
            return;
        }

        var hidden = Database.HiddenSchemas ??= new(StringComparer.Ordinal);
        var name = schema.Name;
        if (hidden.TryAdd(name, (schema, _tx)))
        {
            _hidesSchemas = true;
            RegisterUndo(() => hidden.Remove(name));
        }
    }

    /// <summary>Whether <paramref name="name"/> is taken in <paramref name="schema"/> for a new relation of this transaction.</summary>
    internal bool RelationNameTaken(SchemaInfo schema, string name)
        => schema.Relations.ContainsKey(name) || CatalogVisibility.Find(schema, name, _tx) is not null;

    /// <summary>
    /// Before creating relation <paramref name="name"/>: when another transaction has created a relation of that name
    /// and not committed, waits for it to end (as PostgreSQL waits on the unique index of pg_class), then fails with
    /// 23505 if it committed. <paramref name="hasRowType"/>: tables and views, whose pg_type row PostgreSQL inserts first.
    /// </summary>
    internal void AwaitPendingRelation(Binding.Binder binder, QualifiedName name, bool hasRowType)
    {
        SchemaInfo schema;
        try
        {
            schema = binder.CreationSchema(name);
        }
        catch (PgException)
        {
            return; // reported by the statement itself
        }

        AwaitPendingRelation(schema, name.Name, hasRowType);
    }

    /// <inheritdoc cref="AwaitPendingRelation(Binding.Binder, QualifiedName, bool)"/>
    internal void AwaitPendingRelation(SchemaInfo schema, string name, bool hasRowType)
    {
        TransactionState? other;
        lock (Catalog.SyncRoot)
        {
            other = schema.Relations.TryGetValue(name, out var rel) ? rel.PendingOwner : null;
        }

        if (CommittedAfterWait(other))
        {
            var (table, index, key) = hasRowType
                ? ("pg_type", "pg_type_typname_nsp_index", $"(typname, typnamespace)=({name}, {schema.Oid})")
                : ("pg_class", "pg_class_relname_nsp_index", $"(relname, relnamespace)=({name}, {schema.Oid})");
            throw CatalogKeyExists(table, index, key);
        }
    }

    /// <summary>Before CREATE SCHEMA: waits for another transaction's uncommitted schema of that name, then 23505 if it committed.</summary>
    internal void AwaitPendingSchema(string name)
    {
        TransactionState? other;
        lock (Catalog.SyncRoot)
        {
            other = Database.Schemas.TryGetValue(name, out var s) ? s.PendingOwner : null;
        }

        if (CommittedAfterWait(other))
        {
            throw CatalogKeyExists("pg_namespace", "pg_namespace_nspname_index", $"(nspname)=({name})");
        }
    }

    /// <summary>Waits for <paramref name="owner"/> when it is another, unfinished transaction; returns whether it committed.</summary>
    private bool CommittedAfterWait(TransactionState? owner)
    {
        if (owner is null || owner == _tx || owner.IsFinished)
        {
            return false;
        }

        WaitForTransaction(owner);
        return !owner.Aborted;
    }

    /// <summary>PostgreSQL's error when its insert into a unique catalog index meets a row another transaction committed.</summary>
    private static PgException CatalogKeyExists(string table, string index, string key)
        => new(SqlState.UniqueViolation, $"duplicate key value violates unique constraint \"{index}\"")
        {
            Detail = $"Key {key} already exists.",
            SchemaName = "pg_catalog",
            TableName = table,
            ConstraintName = index,
        };

    /// <summary>The transaction ended: its marks no longer hide anything (it committed, or its undo ran), so drop them.</summary>
    private void ClearCatalogMarks()
    {
        foreach (var data in _restorePinned)
        {
            data.UnpinRestore();
        }

        _restorePinned.Clear();
        if (!HasCatalogMarks)
        {
            return;
        }

        lock (Catalog.SyncRoot)
        {
            foreach (var rel in _alteredRelations)
            {
                if (rel.CommittedDefinition is { } kept && kept.Owner == _tx)
                {
                    rel.CommittedDefinition = null;
                }

                if (rel is SequenceInfo seq && seq.RewrittenBy == _tx)
                {
                    seq.RewrittenBy = null;
                }
            }

            foreach (var rel in _createdRelations)
            {
                rel.PendingOwner = null;
            }

            ClearCommentMarks();

            foreach (var schema in _createdSchemas)
            {
                schema.PendingOwner = null;
            }

            foreach (var schema in _hidingSchemas)
            {
                RemoveOwnEntries(schema.Hidden);
            }

            if (_hidesSchemas)
            {
                RemoveOwnEntries(Database.HiddenSchemas);
            }

            // Catalog relations cached for the committed view (SystemTableCache) were built while the marks hid something.
            Catalog.Bump();
        }

        _createdRelations.Clear();
        _createdSchemas.Clear();
        _hidingSchemas.Clear();
        _alteredRelations.Clear();
        _hidesSchemas = false;
    }

    private void RemoveOwnEntries<T>(Dictionary<string, (T Item, TransactionState Owner)>? hidden)
    {
        if (hidden is null)
        {
            return;
        }

        foreach (var (name, (_, owner)) in hidden.ToArray())
        {
            if (owner == _tx)
            {
                hidden.Remove(name);
            }
        }
    }
}
