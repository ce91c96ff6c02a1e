using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Transactions;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// COMMENT ON: transactional, as PostgreSQL's pg_description rows are (issue 5). A comment on a relation, one of its
// columns or constraints changes the relation's definition, so it keeps the committed definition for other transactions
// (RelationInfo.CommittedDefinition) under SHARE UPDATE EXCLUSIVE, the lock PostgreSQL's COMMENT takes; schemas and
// databases keep the committed text in a CommittedComment mark instead. ROLLBACK (TO SAVEPOINT) puts the old text back.
public sealed partial class Session
{
    /// <summary>Schemas and databases whose comment this transaction changed (their marks go when it ends).</summary>
    private readonly List<ICommented> _commentMarks = [];

    private void Comment(CommentStatement c)
    {
        // PostgreSQL stores an empty comment as none.
        var text = string.IsNullOrEmpty(c.Comment) ? null : c.Comment;
        var binder = NewBinder([]);
        switch (c.Kind)
        {
            case ObjectKind.Table or ObjectKind.View or ObjectKind.Index or ObjectKind.Sequence or ObjectKind.MaterializedView:
                {
                    var rel = CommentTarget(binder, c.Object);
                    var (kind, what) = c.Kind switch
                    {
                        ObjectKind.Table => (RelationKind.Table, "a table"),
                        ObjectKind.View => (RelationKind.View, "a view"),
                        ObjectKind.Index => (RelationKind.Index, "an index"),
                        ObjectKind.Sequence => (RelationKind.Sequence, "a sequence"),
                        _ => ((RelationKind)0, "a materialized view"),
                    };
                    if (rel.Kind != kind)
                    {
                        throw new PgException(SqlState.WrongObjectType, $"\"{rel.Name}\" is not {what}");
                    }

                    SetRelationComment(binder, c.Object, rel, () => rel.Comment, t => rel.Comment = t, text);
                    break;
                }

            case ObjectKind.Column:
                {
                    var parts = c.Object.Parts;
                    if (parts.Count < 2)
                    {
                        ThrowHelper.Throw(SqlState.SyntaxError, "column name must be qualified");
                    }

                    if (parts.Count > 4)
                    {
                        ThrowHelper.Throw(SqlState.SyntaxError, $"improper relation name (too many dotted names): {string.Join('.', parts.Take(parts.Count - 1))}");
                    }

                    var relName = new QualifiedName([.. parts.Take(parts.Count - 1)]);
                    var rel = CommentTarget(binder, relName);
                    var columns = rel switch
                    {
                        TableInfo t => t.Columns,
                        ViewInfo v => v.Columns,
                        _ => throw new PgException(SqlState.WrongObjectType, $"cannot set comment on relation \"{rel.Name}\"")
                        {
                            Detail = $"This operation is not supported for {(rel.Kind == RelationKind.Index ? "indexes" : "sequences")}.",
                        },
                    };
                    var column = columns.FirstOrDefault(col => col.Name == parts[^1] && !col.IsDropped)
                        ?? throw new PgException(SqlState.UndefinedColumn, $"column \"{parts[^1]}\" of relation \"{rel.Name}\" does not exist");
                    SetRelationComment(binder, relName, rel, () => column.Comment, t => column.Comment = t, text);
                    break;
                }

            case ObjectKind.Constraint when c.OnTable is { } onTable:
                {
                    var table = CommentTarget(binder, onTable);
                    var constraint = (table as TableInfo)?.Constraints.FirstOrDefault(k => k.Name == c.Object.Name)
                        ?? throw new PgException(SqlState.UndefinedObject, $"constraint \"{c.Object.Name}\" for table \"{table.Name}\" does not exist");
                    SetRelationComment(binder, onTable, table, () => constraint.Comment, t => constraint.Comment = t, text);
                    break;
                }

            case ObjectKind.Schema:
                SetSharedComment(binder.FindSchema(c.Object.Name)
                    ?? throw new PgException(SqlState.InvalidSchemaName, $"schema \"{c.Object.Name}\" does not exist"), text);
                break;
            case ObjectKind.Database:
                if (Catalog.Databases.GetValueOrDefault(c.Object.Name) is { } db)
                {
                    SetSharedComment(db, text);
                }
                else
                {
                    // PostgreSQL only warns, so that a dump restored under another database name still loads.
                    Notice(new PgNotice("WARNING", SqlState.UndefinedDatabase, $"database \"{c.Object.Name}\" does not exist"));
                }

                break;
            default:
                ThrowHelper.Throw(SqlState.FeatureNotSupported, $"COMMENT ON {c.Kind.ToString().ToUpperInvariant()} is not supported yet");
                break;
        }
    }

    /// <summary>The relation a COMMENT names: 42P01 when missing, without a position as in PostgreSQL (system relations are not commented).</summary>
    private static RelationInfo CommentTarget(Binding.Binder binder, QualifiedName name)
    {
        var rel = binder.FindRelation(name) ?? throw new PgException(SqlState.UndefinedTable, $"relation \"{name}\" does not exist");
        return rel is PgCatalog.SystemRelationInfo
            ? throw new PgException(SqlState.FeatureNotSupported, $"cannot set comment on system catalog \"{rel.Name}\"")
            : rel;
    }

    /// <summary>Changes a comment held by <paramref name="rel"/>'s definition, versioned with it.</summary>
    private void SetRelationComment(Binding.Binder binder, QualifiedName name, RelationInfo rel, Func<string?> get, Action<string?> set, string? text)
    {
        var locked = LockForDdl(binder, name, rel, TableLockMode.ShareUpdateExclusive);
        if (!ReferenceEquals(locked, rel))
        {
            // The relation was replaced while we waited (DROP + CREATE under the same name): PostgreSQL would fail the same way.
            throw new PgException(SqlState.UndefinedTable, $"relation \"{name.Name}\" does not exist");
        }

        lock (Catalog.SyncRoot)
        {
            KeepCommittedDefinition(rel);
            var old = get();
            set(text);
            RegisterUndo(() => set(old));
            Catalog.Bump();
        }
    }

    /// <summary>
    /// Changes the comment of a schema or database. While another transaction's COMMENT on it is uncommitted, waits for
    /// that transaction, as PostgreSQL's update of the pg_description row waits for the row's writer.
    /// </summary>
    private void SetSharedComment(ICommented target, string? text)
    {
        while (true)
        {
            TransactionState? writer;
            lock (Catalog.SyncRoot)
            {
                writer = target.CommittedComment is { Owner: var owner } && owner != _tx && !owner.IsFinished ? owner : null;
                if (writer is null)
                {
                    if (_tx is { } tx && target.CommittedComment?.Owner != tx)
                    {
                        target.CommittedComment = new CommittedComment(target.Comment, tx);
                        _commentMarks.Add(target);
                        RegisterUndo(() => target.CommittedComment = null);
                    }

                    var old = target.Comment;
                    target.Comment = text;
                    RegisterUndo(() => target.Comment = old);
                    Catalog.Bump();
                    return;
                }
            }

            WaitForTransaction(writer);
        }
    }

    /// <summary>At the end of the transaction: its comment marks no longer hide anything.</summary>
    private void ClearCommentMarks()
    {
        foreach (var target in _commentMarks)
        {
            if (target.CommittedComment?.Owner == _tx)
            {
                target.CommittedComment = null;
            }
        }

        _commentMarks.Clear();
    }
}
