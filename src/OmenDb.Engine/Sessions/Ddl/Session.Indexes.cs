using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Indexes;
using OmenDb.Engine.Transactions;
using OmenDb.Sql.Ast;
using OmenDb.Sql.Printing;

namespace OmenDb.Engine.Sessions;

// CREATE INDEX: the index is recorded in the catalog (columns, expressions, method, options, predicate); a UNIQUE index
// on plain columns is enforced like a UNIQUE constraint, and building it over duplicate rows fails.
public sealed partial class Session
{
    private static readonly string[] IndexMethods = ["btree", "hash", "gist", "gin", "spgist", "brin", "hnsw", "ivfflat"];

    private string CreateIndex(CreateIndexStatement c, Action<IndexInfo>? created = null)
    {
        if (c.Concurrently && _txStatus != TransactionStatus.Idle)
        {
            throw new PgException(SqlState.ActiveSqlTransaction, "CREATE INDEX CONCURRENTLY cannot run inside a transaction block");
        }

        var binder = NewBinder([]);
        if (binder.FindRelation(c.Table) is TableInfo target)
        {
            target = LockForDdl(binder, c.Table, target, c.Concurrently ? TableLockMode.ShareUpdateExclusive : TableLockMode.Share);
            if (c.Name is { } requested)
            {
                AwaitPendingRelation(target.Schema, requested, hasRowType: false);
            }
        }

        lock (Catalog.SyncRoot)
        {
            var table = binder.FindRelation(c.Table) switch
            {
                TableInfo t => t,
                null => throw new PgException(SqlState.UndefinedTable, $"relation \"{c.Table.Name}\" does not exist"),
                var other => throw new PgException(SqlState.WrongObjectType, $"cannot create index on relation \"{other.Name}\""),
            };
            var method = c.Method ?? "btree";
            if (Array.IndexOf(IndexMethods, method) < 0)
            {
                throw new PgException(SqlState.UndefinedObject, $"access method \"{method}\" does not exist");
            }

            if (c.Unique && method != "btree")
            {
                throw new PgException(SqlState.FeatureNotSupported, $"access method \"{method}\" does not support unique indexes");
            }

            var scope = new Scope(null);
            scope.Items.Add(new ScopeItem(table.Name, [.. table.Columns.Select(x => new ScopeColumn(x.Name, x.Type, x.Typmod, x.Slot, table.Oid, x.AttNum) { Hidden = x.IsDropped })]));
            var columns = new List<short>();
            var expressions = new List<string>();
            var nameParts = new List<string>();
            foreach (var element in c.Elements)
            {
                if (element.Column is { } name)
                {
                    var col = table.FindColumn(name) ?? throw new PgException(SqlState.UndefinedColumn, $"column \"{name}\" does not exist");
                    columns.Add(col.AttNum);
                    nameParts.Add(col.Name);
                }
                else
                {
                    binder.BindExpr(element.Expression!, scope);
                    columns.Add(0);
                    expressions.Add(SqlPrinter.Print(element.Expression!));
                    nameParts.Add(element.Expression is Sql.Ast.FunctionCall f ? f.Name.Name : "expr");
                }
            }

            if (c.Where is { } where)
            {
                binder.BindCondition(where, scope, "WHERE");
            }

            var schema = table.Schema;
            var indexName = c.Name ?? UniqueRelationName(schema, $"{table.Name}_{string.Join("_", nameParts)}_idx");
            if (RelationNameTaken(schema, indexName))
            {
                if (c.IfNotExists)
                {
                    Notice(new PgNotice("NOTICE", SqlState.DuplicateTable, $"relation \"{indexName}\" already exists, skipping"));
                    return "CREATE INDEX";
                }

                throw new PgException(SqlState.DuplicateTable, $"relation \"{indexName}\" already exists");
            }

            var index = new IndexInfo(Catalog.NewOid(), indexName, schema, table, [.. columns])
            {
                IsUnique = c.Unique,
                Method = method,
                OpClasses = [.. c.Elements.Select(e => e.OpClass?.Name)],
                Descending = [.. c.Elements.Select(e => e.Direction == SortDirection.Desc)],
                PredicateSql = c.Where is null ? null : SqlPrinter.Print(c.Where),
            };
            index.Expressions.AddRange(expressions);
            index.Options.AddRange(c.Options.Select(o => o.Value is null ? o.Name : $"{o.Name}={o.Value.Text}"));
            if (c.Unique && c.Where is null && !columns.Contains((short)0))
            {
                // Enforced like a UNIQUE constraint, though not listed as one.
                var key = new ConstraintInfo(index.Oid, indexName, Engine.Catalog.ConstraintKind.Unique, [.. columns]) { Index = index };
                var unique = UniqueIndex.For(table, key);
                var ctx = NewExecContext([]);
                FillUniqueIndex(table, unique, VisibleRows(table, ctx), ctx);
                table.UniqueIndexes.Add(unique);
            }

            table.Indexes.Add(index);
            AddRelation(schema, index);
            RegisterUndo(() =>
            {
                table.Indexes.Remove(index);
                table.UniqueIndexes.RemoveAll(u => u.Constraint.Oid == index.Oid);
                schema.Relations.Remove(index.Name);
            });
            Catalog.Bump();
            created?.Invoke(index);
        }

        return "CREATE INDEX";
    }

    /// <summary>A generated relation name, with a counter appended while it is taken (PostgreSQL's ChooseRelationName).</summary>
    private static string UniqueRelationName(SchemaInfo schema, string name)
    {
        var candidate = name;
        for (var n = 1; schema.Relations.ContainsKey(candidate); n++)
        {
            candidate = name + n;
        }

        return candidate;
    }
}
