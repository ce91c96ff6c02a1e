using System.Text.RegularExpressions;
using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Execution;
using OmenDb.Sql.Ast;
using OmenDb.Sql.Parsing;
using OmenDb.Sql.Printing;

namespace OmenDb.Engine.Sessions;

// DROP TABLE / VIEW / SEQUENCE / INDEX / SCHEMA with PostgreSQL's dependency rules: views depend on the relations they
// read, foreign keys on the table they reference, column defaults on the sequences they call, a schema's objects on
// it. RESTRICT (the default) refuses with 2BP01 and lists the dependents; CASCADE drops them with a notice. Indexes,
// owned sequences and constraints of a dropped table go with it silently.
public sealed partial class Session
{
    /// <summary>Something a DROP removes: a relation, a schema, a foreign key, or a column default.</summary>
    private sealed record DropItem(object Target, uint Oid, string Description);

    private string Drop(DropStatement d)
    {
        var binder = NewBinder([]);
        var locked = new HashSet<RelationInfo>(ReferenceEqualityComparer.Instance);
        if (d.Kind != ObjectKind.Schema)
        {
            // ACCESS EXCLUSIVE on each named relation (and an index's table) before the catalog lock: waits end here.
            foreach (var name in d.Names)
            {
                if (binder.FindRelation(name) is { } rel and not PgCatalog.SystemRelationInfo)
                {
                    rel = LockForDdl(binder, name, rel, Transactions.TableLockMode.AccessExclusive);
                    locked.Add(rel);
                    if (rel is IndexInfo index)
                    {
                        LockRelation(index.Table, Transactions.TableLockMode.AccessExclusive);
                        locked.Add(index.Table);
                    }
                }
            }
        }

        // Every relation the DROP removes or changes gets ACCESS EXCLUSIVE too, as PostgreSQL locks each dependent it finds.
        // Waiting is not allowed under the catalog lock: lock what is missing outside it, then work out the dependents again.
        while (DropLocked(d, binder, locked) is { Count: > 0 } missing)
        {
            foreach (var rel in missing)
            {
                LockRelation(rel, Transactions.TableLockMode.AccessExclusive);
                locked.Add(rel);
            }
        }

        return "DROP " + KindWord(d.Kind).ToUpperInvariant();
    }

    /// <summary>
    /// Drops what <paramref name="d"/> names and its dependents when this transaction holds ACCESS EXCLUSIVE on every
    /// relation that involves (<paramref name="locked"/>); otherwise changes nothing and returns the relations still to lock.
    /// </summary>
    private List<RelationInfo>? DropLocked(DropStatement d, Binding.Binder binder, HashSet<RelationInfo> locked)
    {
        lock (Catalog.SyncRoot)
        {
            var targets = new List<DropItem>();
            var skipped = new List<QualifiedName>();
            foreach (var name in d.Names)
            {
                if (ResolveDropTarget(d.Kind, name, binder) is { } item)
                {
                    targets.Add(item);
                }
                else if (d.IfExists)
                {
                    skipped.Add(name);
                }
                else
                {
                    throw new PgException(d.Kind switch
                    {
                        ObjectKind.Schema => SqlState.InvalidSchemaName,
                        ObjectKind.Index => SqlState.UndefinedObject,
                        _ => SqlState.UndefinedTable,
                    }, $"{KindWord(d.Kind)} \"{name.Name}\" does not exist");
                }
            }

            // Dependents in PostgreSQL's report order: depth first, each object's dependents in creation (OID) order,
            // the named objects last to first (PostgreSQL collects them in order, then reports the list back to front).
            var views = ViewDependencies();
            var seen = new HashSet<object>(targets.Select(t => t.Target));
            var dependents = new List<(DropItem Item, DropItem On)>();
            void Visit(DropItem item)
            {
                foreach (var dep in DirectDependents(item.Target, views, binder).OrderBy(x => x.Oid))
                {
                    // A constraint or default of a table that is itself being dropped goes with its table.
                    var owner = dep.Target switch
                    {
                        (TableInfo t, ConstraintInfo) => t,
                        (TableInfo t, ColumnInfo) => t,
                        _ => null,
                    };
                    if ((owner is null || !seen.Contains(owner)) && seen.Add(dep.Target))
                    {
                        dependents.Add((dep, item));
                        Visit(dep);
                    }
                }
            }

            for (var i = targets.Count - 1; i >= 0; i--)
            {
                Visit(targets[i]);
            }

            if (dependents.Count > 0)
            {
                if (d.Behavior != DropBehavior.Cascade)
                {
                    var first = targets.Count == 1 ? $"cannot drop {targets[0].Description} because other objects depend on it"
                        : "cannot drop desired object(s) because other objects depend on them";
                    throw new PgException(SqlState.DependentObjectsStillExist, first)
                    {
                        Detail = string.Join("\n", dependents.Select(x => $"{x.Item.Description} depends on {x.On.Description}")),
                        Hint = "Use DROP ... CASCADE to drop the dependent objects too.",
                    };
                }
            }

            var missing = RelationsTouched(dependents.Select(x => x.Item).Concat(targets)).Where(r => !locked.Contains(r)).ToList();
            if (missing.Count > 0)
            {
                return missing;
            }

            foreach (var name in skipped)
            {
                Notice(new PgNotice("NOTICE", "00000", $"{KindWord(d.Kind)} \"{name.Name}\" does not exist, skipping"));
            }

            if (dependents.Count > 0)
            {
                Notice(dependents.Count == 1
                    ? new PgNotice("NOTICE", "00000", $"drop cascades to {dependents[0].Item.Description}")
                    : new PgNotice("NOTICE", "00000", $"drop cascades to {dependents.Count} other objects")
                    {
                        Detail = string.Join("\n", dependents.Select(x => $"drop cascades to {x.Item.Description}")),
                    });
            }

            foreach (var item in dependents.Select(x => x.Item).Reverse().Concat(targets))
            {
                Remove(item.Target);
            }

            Catalog.Bump();
            return null;
        }
    }

    /// <summary>
    /// The relations dropping <paramref name="items"/> removes or changes: each relation, with a table's indexes and owned
    /// sequences; the table of a constraint or default; the table a dropped foreign key references.
    /// </summary>
    private static IEnumerable<RelationInfo> RelationsTouched(IEnumerable<DropItem> items)
    {
        foreach (var item in items)
        {
            switch (item.Target)
            {
                case (TableInfo table, ConstraintInfo fk):
                    yield return table;
                    if (fk.ReferencedTable is { } parent)
                    {
                        yield return parent;
                    }

                    break;
                case (TableInfo table, _):
                    yield return table;
                    break;
                case TableInfo table:
                    yield return table;
                    foreach (var rel in table.Schema.Relations.Values)
                    {
                        if (rel is IndexInfo i ? i.Table == table : rel is SequenceInfo { OwnedBy: { } o } && o.Table == table)
                        {
                            yield return rel;
                        }
                    }

                    // Its foreign keys go with it, and dropping one locks the table it references (PostgreSQL's RemoveConstraintById).
                    foreach (var c in table.Constraints)
                    {
                        if (c.ReferencedTable is { } referenced && referenced != table)
                        {
                            yield return referenced;
                        }
                    }

                    break;
                case RelationInfo rel and not PgCatalog.SystemRelationInfo:
                    yield return rel;
                    break;
            }
        }
    }

    private static string KindWord(ObjectKind kind) => kind switch
    {
        ObjectKind.Table => "table",
        ObjectKind.View => "view",
        ObjectKind.MaterializedView => "materialized view",
        ObjectKind.Index => "index",
        ObjectKind.Sequence => "sequence",
        ObjectKind.Schema => "schema",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The object DROP kind name means, null when there is none; 42809 when the name is another kind of relation.</summary>
    private DropItem? ResolveDropTarget(ObjectKind kind, QualifiedName name, Binding.Binder binder)
    {
        if (kind == ObjectKind.Schema)
        {
            return CatalogVisibility.FindSchema(Database, name.Name, CatalogViewer) is { } schema ? Describe(schema, binder) : null;
        }

        if (name.Schema is { } s && !Database.Schemas.ContainsKey(s))
        {
            throw new PgException(SqlState.InvalidSchemaName, $"schema \"{s}\" does not exist");
        }

        var rel = binder.FindRelation(name);
        if (rel is null)
        {
            return null;
        }

        var wanted = kind switch
        {
            ObjectKind.Table => RelationKind.Table,
            ObjectKind.View => RelationKind.View,
            ObjectKind.Index => RelationKind.Index,
            ObjectKind.Sequence => RelationKind.Sequence,
            _ => throw new PgException(SqlState.FeatureNotSupported, $"DROP {KindWord(kind).ToUpperInvariant()} is not supported"),
        };
        if (rel.Kind != wanted)
        {
            var actual = rel.Kind switch
            {
                RelationKind.Table => ObjectKind.Table,
                RelationKind.View => ObjectKind.View,
                RelationKind.Index => ObjectKind.Index,
                _ => ObjectKind.Sequence,
            };
            throw new PgException(SqlState.WrongObjectType, $"\"{rel.Name}\" is not {(kind == ObjectKind.Index ? "an" : "a")} {KindWord(kind)}")
            {
                Hint = $"Use DROP {KindWord(actual).ToUpperInvariant()} to remove {(actual == ObjectKind.Index ? "an" : "a")} {KindWord(actual)}.",
            };
        }

        if (rel is IndexInfo { Constraint: { } c } index)
        {
            throw new PgException(SqlState.DependentObjectsStillExist,
                $"cannot drop index {index.Name} because constraint {c.Name} on table {index.Table.Name} requires it")
            {
                Hint = $"You can drop constraint {c.Name} on table {index.Table.Name} instead.",
            };
        }

        return Describe(rel, binder);
    }

    private DropItem Describe(object target, Binding.Binder binder) => target switch
    {
        SchemaInfo s => new DropItem(s, s.Oid, $"schema {s.Name}"),
        RelationInfo r => new DropItem(r, r.Oid, $"{KindWord(r.Kind switch
        {
            RelationKind.Table => ObjectKind.Table,
            RelationKind.View => ObjectKind.View,
            RelationKind.Index => ObjectKind.Index,
            _ => ObjectKind.Sequence,
        })} {VisibleName(r, binder)}"),
        _ => throw new InvalidOperationException("not a droppable object"),
    };

    /// <summary>The relation's name, schema-qualified when search_path does not find it unqualified (as PostgreSQL describes objects).</summary>
    private static string VisibleName(RelationInfo r, Binding.Binder binder)
        => binder.FindRelation(QualifiedName.Of(r.Name)) == r ? r.Name : r.QualifiedName;

    /// <summary>For each view of the database, the relations its query reads (views that no longer bind are skipped).</summary>
    private Dictionary<ViewInfo, HashSet<RelationInfo>> ViewDependencies()
    {
        var result = new Dictionary<ViewInfo, HashSet<RelationInfo>>();
        foreach (var view in Database.Schemas.Values.SelectMany(s => s.Relations.Values).OfType<ViewInfo>())
        {
            try
            {
                var viewBinder = NewBinder([]);
                if (SqlParser.ParseStatement(view.QuerySql) is SelectStatement query)
                {
                    viewBinder.BindSelect(query, new Binding.Scope(null));
                    result[view] = viewBinder.ReferencedRelations;
                }
            }
            catch (PgException)
            {
                result[view] = [];
            }
        }

        return result;
    }

    private List<DropItem> DirectDependents(object target, Dictionary<ViewInfo, HashSet<RelationInfo>> views, Binding.Binder binder)
    {
        var list = new List<DropItem>();
        switch (target)
        {
            case SchemaInfo schema:
                foreach (var rel in schema.Relations.Values)
                {
                    if (rel is TableInfo or ViewInfo || (rel is SequenceInfo seq && seq.OwnedBy is null))
                    {
                        list.Add(Describe(rel, binder));
                    }
                }

                break;
            case RelationInfo rel:
                foreach (var (view, uses) in views)
                {
                    if (uses.Contains(rel))
                    {
                        list.Add(Describe(view, binder));
                    }
                }

                if (rel is TableInfo table)
                {
                    foreach (var (child, fk) in TableWriter.ReferencingConstraints(table))
                    {
                        if (child != table)
                        {
                            list.Add(new DropItem((child, fk), fk.Oid, $"constraint {fk.Name} on table {VisibleName(child, binder)}"));
                        }
                    }
                }
                else if (rel is SequenceInfo sequence)
                {
                    foreach (var t in Database.Schemas.Values.SelectMany(s => s.Relations.Values).OfType<TableInfo>())
                    {
                        foreach (var col in t.LiveColumns)
                        {
                            if (CalledSequence(col, binder) == sequence)
                            {
                                list.Add(new DropItem((t, col), t.Oid, $"default value for column {col.Name} of table {VisibleName(t, binder)}"));
                            }
                        }
                    }
                }

                break;
        }

        return list;
    }

    /// <summary>The sequence a column default calls nextval on, or null.</summary>
    private static SequenceInfo? CalledSequence(ColumnInfo col, Binding.Binder binder)
    {
        var text = col.DefaultAst is { } ast ? SqlPrinter.Print(ast) : col.DefaultSql;
        if (text is null || Regex.Match(text, @"nextval\('((?:[^']|'')+)'") is not { Success: true } m)
        {
            return null;
        }

        var parts = m.Groups[1].Value.Replace("''", "'").Split('.');
        return binder.FindRelation(new QualifiedName(parts)) as SequenceInfo;
    }

    /// <summary>Removes one object from the catalog and registers its inverse for ROLLBACK.</summary>
    private void Remove(object target)
    {
        switch (target)
        {
            case SchemaInfo schema:
                HideSchema(schema);
                Database.Schemas.Remove(schema.Name);
                RegisterUndo(() => Database.Schemas[schema.Name] = schema);
                break;
            case (TableInfo table, ConstraintInfo fk):
                {
                    KeepCommittedDefinition(table);
                    var at = table.Constraints.IndexOf(fk);
                    table.Constraints.Remove(fk);
                    RegisterUndo(() => table.Constraints.Insert(at, fk));
                    break;
                }

            case (TableInfo table, ColumnInfo col):
                {
                    KeepCommittedDefinition(table);
                    var (ast, sql) = (col.DefaultAst, col.DefaultSql);
                    col.DefaultSql = null;
                    col.DefaultAst = null;
                    RegisterUndo(() => (col.DefaultAst, col.DefaultSql) = (ast, sql));
                    break;
                }

            case TableInfo table:
                {
                    var schema = table.Schema;
                    var dropped = schema.Relations.Where(r => r.Value == table || (r.Value is IndexInfo i && i.Table == table)
                        || (r.Value is SequenceInfo { OwnedBy: { } o } && o.Table == table)).ToList();
                    foreach (var (name, rel) in dropped)
                    {
                        HideRelation(rel);
                        schema.Relations.Remove(name);
                        if (rel is IndexInfo { Method: "hnsw" } hnsw)
                        {
                            DropHnswIndex(hnsw);
                        }
                    }

                    RegisterUndo(() =>
                    {
                        foreach (var (name, rel) in dropped)
                        {
                            schema.Relations[name] = rel;
                        }
                    });
                    break;
                }

            case IndexInfo index:
                {
                    var unique = index.Table.UniqueIndexes.FindAll(u => u.Constraint.Index == index);
                    index.Table.Indexes.Remove(index);
                    index.Table.UniqueIndexes.RemoveAll(unique.Contains);
                    HideRelation(index);
                    index.Schema.Relations.Remove(index.Name);
                    if (index.Method == "hnsw")
                    {
                        DropHnswIndex(index);
                    }
                    RegisterUndo(() =>
                    {
                        index.Table.Indexes.Add(index);
                        index.Table.UniqueIndexes.AddRange(unique);
                        index.Schema.Relations[index.Name] = index;
                    });
                    break;
                }

            case RelationInfo rel:
                HideRelation(rel);
                rel.Schema.Relations.Remove(rel.Name);
                RegisterUndo(() => rel.Schema.Relations[rel.Name] = rel);
                break;
        }
    }
}
