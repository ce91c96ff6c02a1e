using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Indexes;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// ALTER TABLE actions (and ALTER INDEX / VIEW / SEQUENCE ... RENAME TO). Changes that existing rows must satisfy
// (NOT NULL, CHECK, UNIQUE / PRIMARY KEY, FOREIGN KEY, a new column type) are validated against the visible rows first.
public sealed partial class Session
{
    private string AlterTable(AlterTableStatement a)
    {
        var binder = NewBinder([]);
        var tag = a.RelationKind switch
        {
            ObjectKind.Index => "ALTER INDEX",
            ObjectKind.View => "ALTER VIEW",
            ObjectKind.Sequence => "ALTER SEQUENCE",
            _ => "ALTER TABLE",
        };
        if (binder.FindRelation(a.Name) is { } target and not PgCatalog.SystemRelationInfo)
        {
            if (LockForDdl(binder, a.Name, target, Transactions.TableLockMode.AccessExclusive) is TableInfo locked)
            {
                LockAlterDependents(locked, a.Actions);
            }
        }

        lock (Catalog.SyncRoot)
        {
            var rel = binder.FindRelation(a.Name);
            if (rel is null)
            {
                if (a.IfExists)
                {
                    Notice(new PgNotice("NOTICE", "00000", $"relation \"{a.Name.Name}\" does not exist, skipping"));
                    return tag;
                }

                throw new PgException(SqlState.UndefinedTable, $"relation \"{a.Name.Name}\" does not exist");
            }

            foreach (var action in a.Actions)
            {
                if (action is RenameRelationAction rename)
                {
                    RenameRelation(rel, rename.NewName);
                    continue;
                }

                if (action is OwnerToAction)
                {
                    continue;
                }

                var table = rel as TableInfo ?? throw new PgException(SqlState.WrongObjectType, $"\"{rel.Name}\" is not a table");
                RegisterTableUndo(table);
                AlterTableAction(table, action, binder);
            }

            Catalog.Bump();
        }

        return tag;
    }

    private void AlterTableAction(TableInfo table, AlterTableAction action, Binder binder)
    {
        switch (action)
        {
            case AddColumnAction add:
                AddColumn(table, add, binder);
                break;
            case DropColumnAction drop:
                DropColumn(table, drop);
                break;
            case RenameColumnAction r:
                {
                    var col = RequireColumn(table, r.OldName, qualified: false);
                    if (table.FindColumn(r.NewName) is not null)
                    {
                        throw new PgException(SqlState.DuplicateColumn, $"column \"{r.NewName}\" of relation \"{table.Name}\" already exists");
                    }

                    col.Name = r.NewName;
                    break;
                }

            case RenameConstraintAction r:
                {
                    var c = table.Constraints.Find(x => x.Name == r.OldName)
                        ?? throw new PgException(SqlState.UndefinedObject, $"constraint \"{r.OldName}\" for table \"{table.Name}\" does not exist");
                    if (table.Constraints.Any(x => x.Name == r.NewName))
                    {
                        throw new PgException(SqlState.DuplicateObject, $"constraint \"{r.NewName}\" for relation \"{table.Name}\" already exists");
                    }

                    c.Name = r.NewName;
                    if (c.Index is { } index)
                    {
                        RenameRelation(index, r.NewName);
                    }

                    break;
                }

            case AlterColumnDefaultAction d:
                {
                    var col = RequireColumn(table, d.Column, qualified: true);
                    if (d.Default is null)
                    {
                        col.DefaultAst = null;
                        col.DefaultSql = null;
                        break;
                    }

                    var bound = binder.BindExpr(d.Default, new Scope(null));
                    try
                    {
                        binder.Coerce(bound, col.Type, col.Typmod, CastContext.Assignment);
                    }
                    catch (PgException ex) when (ex.SqlState == SqlState.CannotCoerce)
                    {
                        throw new PgException(SqlState.DatatypeMismatch,
                            $"column \"{col.Name}\" is of type {ValueText.FormatTypeName(col.Type, col.Typmod)} but default expression is of type {bound.Type.SqlName}")
                        {
                            Hint = "You will need to rewrite or cast the expression.",
                        };
                    }

                    SetDefault(col, d.Default);
                    break;
                }

            case AlterColumnNotNullAction n:
                {
                    var col = RequireColumn(table, n.Column, qualified: true);
                    if (n.NotNull)
                    {
                        RequireNoNulls(table, col);
                    }
                    else if (table.PrimaryKey is { } pk && pk.Columns.Contains(col.AttNum))
                    {
                        throw new PgException(SqlState.InvalidTableDefinition, $"column \"{col.Name}\" is in a primary key");
                    }

                    col.NotNull = n.NotNull;
                    break;
                }

            case AlterColumnTypeAction t:
                AlterColumnType(table, t, binder);
                break;
            case AddConstraintAction c:
                AddTableConstraint(table, c.Constraint, binder);
                break;
            case DropConstraintAction d:
                DropConstraint(table, d);
                break;
            case SetOptionsAction:
                break;
            default:
                throw new PgException(SqlState.FeatureNotSupported, $"ALTER TABLE {action.GetType().Name.Replace("Action", "")} is not supported");
        }
    }

    private void RenameRelation(RelationInfo rel, string newName)
    {
        if (RelationNameTaken(rel.Schema, newName))
        {
            throw new PgException(SqlState.DuplicateTable, $"relation \"{newName}\" already exists");
        }

        // Others keep the old name until COMMIT (also in pg_class); the new one is this transaction's until then.
        KeepCommittedDefinition(rel);

        var oldName = rel.Name;
        HideRelation(rel);
        rel.Schema.Relations.Remove(oldName);
        rel.Name = newName;
        rel.Schema.Relations[newName] = rel;
        MarkPending(rel);
        RegisterUndo(() =>
        {
            rel.Schema.Relations.Remove(newName);
            rel.Name = oldName;
            rel.Schema.Relations[oldName] = rel;
        });
    }

    private static ColumnInfo RequireColumn(TableInfo table, string name, bool qualified)
        => table.FindColumn(name) ?? throw new PgException(SqlState.UndefinedColumn,
            qualified ? $"column \"{name}\" of relation \"{table.Name}\" does not exist" : $"column \"{name}\" does not exist");

    /// <summary>Row versions of the table visible to this statement, with their ids.</summary>
    private List<(long RowId, object?[] Row)> VisibleRows(TableInfo table, ExecContext ctx)
    {
        var rows = new List<(long, object?[])>();
        foreach (var id in table.Data.VisibleRowIds(ctx.Snapshot))
        {
            var row = new object?[table.Columns.Count];
            table.Data.ReadRow(id, row);
            rows.Add((id, row));
        }

        return rows;
    }

    private void RequireNoNulls(TableInfo table, ColumnInfo col)
    {
        if (VisibleRows(table, NewExecContext([])).Any(r => r.Row[col.Slot] is null))
        {
            throw new PgException(SqlState.NotNullViolation, $"column \"{col.Name}\" of relation \"{table.Name}\" contains null values")
            {
                SchemaName = table.Schema.Name,
                TableName = table.Name,
                ColumnName = col.Name,
            };
        }
    }

    private void AddColumn(TableInfo table, AddColumnAction add, Binder binder)
    {
        var def = add.Column;
        if (table.FindColumn(def.Name) is not null)
        {
            if (add.IfNotExists)
            {
                Notice(new PgNotice("NOTICE", SqlState.DuplicateColumn, $"column \"{def.Name}\" of relation \"{table.Name}\" already exists, skipping"));
                return;
            }

            throw new PgException(SqlState.DuplicateColumn, $"column \"{def.Name}\" of relation \"{table.Name}\" already exists");
        }

        var serial = def.Type.Name is "serial" or "serial4" or "bigserial" or "serial8" or "smallserial" or "serial2";
        var (type, typmod) = binder.ResolveType(def.Type);
        var col = new ColumnInfo(def.Name, (short)(table.Columns.Count + 1), type, typmod);
        var constraints = new List<Sql.Ast.Constraint>();
        IReadOnlyList<SequenceOption> identityOptions = [];
        foreach (var cons in def.Constraints)
        {
            switch (cons.Kind)
            {
                case Sql.Ast.ConstraintKind.NotNull:
                    col.NotNull = true;
                    break;
                case Sql.Ast.ConstraintKind.Default:
                    SetDefault(col, cons.Expression!);
                    break;
                case Sql.Ast.ConstraintKind.Identity:
                    col.Identity = cons.Identity == IdentityKind.Always ? 'a' : 'd';
                    identityOptions = cons.SequenceOptions;
                    col.NotNull = true;
                    break;
                case Sql.Ast.ConstraintKind.PrimaryKey or Sql.Ast.ConstraintKind.Unique or Sql.Ast.ConstraintKind.Check or Sql.Ast.ConstraintKind.ForeignKey:
                    constraints.Add(cons);
                    break;
            }
        }

        // Existing rows take the default, evaluated once per row (nextval gives each row its own value).
        var ctx = NewExecContext([]);
        var rows = VisibleRows(table, ctx);
        table.Columns.Add(col);
        try
        {
            if (serial || col.Identity != '\0')
            {
                var seq = CreateOwnedSequence(table.Schema, table, col, identityOptions, binder);
                col.DefaultSql = seq.NextValSql;
                col.NotNull = true;
            }

            var fill = NewBinder([]).DefaultFor(col);
            var values = new Dictionary<long, object?>();
            var slot = new RowSlot([PgTypes.Int4]);
            foreach (var (id, _) in rows)
            {
                values[id] = fill.Eval(slot.Batch, 0, ctx);
            }

            if (col.NotNull && values.Values.Any(v => v is null))
            {
                throw new PgException(SqlState.NotNullViolation, $"column \"{col.Name}\" of relation \"{table.Name}\" contains null values");
            }

            var data = table.Data;
            data.AddColumn(type, null, ctx.WriteTxId);
            RegisterUndo(() => data.RemoveColumnsFrom(col.Slot));
            if (values.Values.Any(v => v is not null))
            {
                var rowId = 0L;
                table.Data.RewriteColumn(col.Slot, type, _ => values.TryGetValue(rowId++, out var v) ? v : null, ctx.WriteTxId);
            }
        }
        catch
        {
            table.Columns.Remove(col);
            throw;
        }

        foreach (var cons in constraints)
        {
            AddTableConstraint(table, cons, binder, [col.AttNum]);
        }
    }

    private void DropColumn(TableInfo table, DropColumnAction drop)
    {
        if (table.FindColumn(drop.Column) is not { } col)
        {
            if (drop.IfExists)
            {
                Notice(new PgNotice("NOTICE", "00000", $"column \"{drop.Column}\" of relation \"{table.Name}\" does not exist, skipping"));
                return;
            }

            throw new PgException(SqlState.UndefinedColumn, $"column \"{drop.Column}\" of relation \"{table.Name}\" does not exist");
        }

        // Constraints and indexes on the column go with it.
        foreach (var c in table.Constraints.Where(c => c.Columns.Contains(col.AttNum)).ToList())
        {
            RemoveConstraint(table, c);
        }

        foreach (var index in table.Indexes.Where(i => i.Columns.Contains(col.AttNum)).ToList())
        {
            table.Indexes.Remove(index);
            HideRelation(index);
            table.Schema.Relations.Remove(index.Name);
        }

        col.IsDropped = true;
        col.NotNull = false;
        col.DefaultAst = null;
        col.DefaultSql = null;
    }

    private void AlterColumnType(TableInfo table, AlterColumnTypeAction t, Binder binder)
    {
        var col = RequireColumn(table, t.Column, qualified: true);
        var (type, typmod) = binder.ResolveType(t.Type);
        var scope = new Scope(null);
        scope.Items.Add(new ScopeItem(table.Name, [.. table.Columns.Select(c => new ScopeColumn(c.Name, c.Type, c.Typmod, c.Slot, table.Oid, c.AttNum) { Hidden = c.IsDropped })]));
        var source = t.Using is null ? new ColumnExpr(col.Slot, col.Type, col.Typmod, col.Name) : binder.BindExpr(t.Using, scope);
        BoundExpr convert;
        try
        {
            convert = binder.Coerce(source, type, typmod, CastContext.Assignment);
        }
        catch (PgException ex) when (ex.SqlState == SqlState.CannotCoerce)
        {
            var typeName = ValueText.FormatTypeName(type, typmod);
            throw t.Using is null
                ? new PgException(SqlState.DatatypeMismatch, $"column \"{col.Name}\" cannot be cast automatically to type {typeName}")
                {
                    Hint = $"You might need to specify \"USING {col.Name}::{typeName}\".",
                }
                : new PgException(SqlState.DatatypeMismatch, $"result of USING clause for column \"{col.Name}\" cannot be cast automatically to type {typeName}")
                {
                    Hint = "You might need to add an explicit cast.",
                };
        }

        if (col.DefaultSql is not null && col.Identity == '\0')
        {
            try
            {
                // The stored default has the column's old type; it must cast to the new one.
                var defaultExpr = binder.BindExpr(col.DefaultAst ?? Sql.Parsing.SqlParser.ParseExpression(col.DefaultSql), new Scope(null));
                binder.Coerce(binder.Coerce(defaultExpr, col.Type, col.Typmod, CastContext.Assignment), type, typmod, CastContext.Assignment);
            }
            catch (PgException ex) when (ex.SqlState == SqlState.CannotCoerce)
            {
                throw new PgException(SqlState.DatatypeMismatch, $"default for column \"{col.Name}\" cannot be cast automatically to type {ValueText.FormatTypeName(type, typmod)}");
            }
        }

        // Convert every visible row first (errors leave the table untouched), then swap the column in.
        var ctx = NewExecContext([]);
        var slot = new RowSlot([.. table.Columns.Select(c => c.Type)]);
        var values = new Dictionary<long, object?>();
        foreach (var (id, row) in VisibleRows(table, ctx))
        {
            slot.Load(row, row.Length, null);
            values[id] = convert.Eval(slot.Batch, 0, ctx);
        }

        var rowId = 0L;
        RegisterColumnRestore(table.Data, table.Data.SaveColumn(col.Slot));
        table.Data.RewriteColumn(col.Slot, type, _ => values.TryGetValue(rowId++, out var v) ? v : null, ctx.WriteTxId);
        col.Type = type;
        col.Typmod = typmod;
        RebuildUniqueIndexes(table, ctx);
        RebindChecks(table, binder);
    }

    /// <summary>ADD CONSTRAINT: the constraint must hold for the rows already there.</summary>
    private void AddTableConstraint(TableInfo table, Sql.Ast.Constraint cons, Binder binder, short[]? columns = null)
    {
        if (cons.Name is { } name && table.Constraints.Any(c => c.Name == name))
        {
            throw new PgException(SqlState.DuplicateObject, $"constraint \"{name}\" for relation \"{table.Name}\" already exists");
        }

        var before = table.Constraints.Count;
        var notNull = table.Columns.Select(c => c.NotNull).ToArray();
        AddConstraint(table, cons, columns ?? [], binder);
        var added = table.Constraints.GetRange(before, table.Constraints.Count - before);
        var ctx = NewExecContext([]);
        try
        {
            var rows = VisibleRows(table, ctx);
            foreach (var c in added)
            {
                switch (c.Kind)
                {
                    case Engine.Catalog.ConstraintKind.Check:
                        {
                            var check = table.BoundChecks.Find(b => b.Constraint == c).Check;
                            var slot = new RowSlot([.. table.Columns.Select(x => x.Type)]);
                            foreach (var (_, row) in rows)
                            {
                                slot.Load(row, row.Length, null);
                                if (check.Eval(slot.Batch, 0, ctx) is false)
                                {
                                    throw new PgException(SqlState.CheckViolation, $"check constraint \"{c.Name}\" of relation \"{table.Name}\" is violated by some row")
                                    {
                                        SchemaName = table.Schema.Name,
                                        TableName = table.Name,
                                        ConstraintName = c.Name,
                                    };
                                }
                            }

                            break;
                        }

                    case Engine.Catalog.ConstraintKind.PrimaryKey or Engine.Catalog.ConstraintKind.Unique:
                        if (c.Kind == Engine.Catalog.ConstraintKind.PrimaryKey)
                        {
                            foreach (var a in c.Columns)
                            {
                                RequireNoNulls(table, table.Columns[a - 1]);
                            }
                        }

                        FillUniqueIndex(table, table.UniqueIndexes.Find(u => u.Constraint == c)!, rows, ctx);
                        break;
                    case Engine.Catalog.ConstraintKind.ForeignKey:
                        {
                            var writer = new TableWriter(table);
                            foreach (var (_, row) in rows)
                            {
                                writer.CheckReferences(row, null, ctx);
                            }

                            break;
                        }
                }
            }
        }
        catch
        {
            foreach (var c in added)
            {
                RemoveConstraint(table, c);
            }

            for (var i = 0; i < notNull.Length; i++)
            {
                table.Columns[i].NotNull = notNull[i];
            }

            throw;
        }
    }

    /// <summary>Adds the visible rows to a new unique index; a duplicate fails as PostgreSQL's index build does.</summary>
    private static void FillUniqueIndex(TableInfo table, UniqueIndex index, List<(long RowId, object?[] Row)> rows, ExecContext ctx)
    {
        foreach (var (id, row) in rows)
        {
            var key = TableWriter.Key(row, index.Constraint.Columns);
            if (index.TryAdd(key, id, table, ctx.TxManager, ctx.WriteTxId, ctx.OwnTxIds) is not null)
            {
                var cols = string.Join(", ", index.Constraint.Columns.Select(a => table.Columns[a - 1].Name));
                var vals = string.Join(", ", key.Select((v, i) => v is null ? "null" : ValueText.Format(table.Columns[index.Constraint.Columns[i] - 1].Type, v)));
                throw new PgException(SqlState.UniqueViolation, $"could not create unique index \"{index.Constraint.Name}\"")
                {
                    Detail = $"Key ({cols})=({vals}) is duplicated.",
                    SchemaName = table.Schema.Name,
                    TableName = table.Name,
                    ConstraintName = index.Constraint.Name,
                };
            }
        }
    }

    /// <summary>Rebuilds every unique index after a column changed type (keys compare by the new type).</summary>
    private void RebuildUniqueIndexes(TableInfo table, ExecContext ctx)
    {
        var rows = VisibleRows(table, ctx);
        for (var i = 0; i < table.UniqueIndexes.Count; i++)
        {
            var c = table.UniqueIndexes[i].Constraint;
            var index = UniqueIndex.For(table, c);
            FillUniqueIndex(table, index, rows, ctx);
            table.UniqueIndexes[i] = index;
        }
    }

    /// <summary>Binds the CHECK constraints again from their SQL text (after a column changed type).</summary>
    private static void RebindChecks(TableInfo table, Binder binder)
    {
        for (var i = 0; i < table.BoundChecks.Count; i++)
        {
            var c = table.BoundChecks[i].Constraint;
            if (c.CheckSql is { } sql)
            {
                table.BoundChecks[i] = (c, binder.BindTableCheck(table, Sql.Parsing.SqlParser.ParseExpression(sql)));
            }
        }
    }

    private void DropConstraint(TableInfo table, DropConstraintAction d)
    {
        var c = table.Constraints.Find(x => x.Name == d.Name);
        if (c is null)
        {
            if (d.IfExists)
            {
                Notice(new PgNotice("NOTICE", "00000", $"constraint \"{d.Name}\" of relation \"{table.Name}\" does not exist, skipping"));
                return;
            }

            throw new PgException(SqlState.UndefinedObject, $"constraint \"{d.Name}\" of relation \"{table.Name}\" does not exist");
        }

        if (c.Kind is Engine.Catalog.ConstraintKind.PrimaryKey or Engine.Catalog.ConstraintKind.Unique)
        {
            var referencing = TableWriter.ReferencingConstraints(table).Where(x => new HashSet<short>(x.Fk.ReferencedColumns).SetEquals(c.Columns)).ToList();
            if (referencing.Count > 0)
            {
                if (d.Behavior != DropBehavior.Cascade)
                {
                    throw new PgException(SqlState.DependentObjectsStillExist, $"cannot drop constraint {c.Name} on table {table.Name} because other objects depend on it")
                    {
                        Detail = string.Join("\n", referencing.Select(x => $"constraint {x.Fk.Name} on table {x.Child.Name} depends on index {c.Name}")),
                        Hint = "Use DROP ... CASCADE to drop the dependent objects too.",
                    };
                }

                foreach (var (child, fk) in referencing)
                {
                    Notice(new PgNotice("NOTICE", "00000", $"drop cascades to constraint {fk.Name} on table {child.Name}"));
                    RegisterTableUndo(child);
                    child.Constraints.Remove(fk);
                }
            }
        }

        RemoveConstraint(table, c);
    }

    private void RemoveConstraint(TableInfo table, ConstraintInfo c)
    {
        table.Constraints.Remove(c);
        table.BoundChecks.RemoveAll(b => b.Constraint == c);
        table.UniqueIndexes.RemoveAll(u => u.Constraint == c);
        if (c.Index is { } index)
        {
            table.Indexes.Remove(index);
            HideRelation(index);
            table.Schema.Relations.Remove(index.Name);
        }
    }
}
