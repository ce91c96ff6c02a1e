using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;
using OmenDb.Sql.Printing;

namespace OmenDb.Engine.Sessions;

// CREATE [OR REPLACE] VIEW and CREATE SCHEMA. A view keeps its query as SQL text and is bound again where it is used.
public sealed partial class Session
{
    private string CreateView(CreateViewStatement v)
    {
        var binder = NewBinder([]);
        var plan = binder.BindSelect(v.Query, new Scope(null));
        if (v.Columns.Count > plan.Columns.Count)
        {
            throw new PgException(SqlState.SyntaxError, "CREATE VIEW specifies more column names than columns");
        }

        var columns = new List<ColumnInfo>();
        for (var i = 0; i < plan.Columns.Count; i++)
        {
            var c = plan.Columns[i];
            var name = i < v.Columns.Count ? v.Columns[i] : c.Name;
            if (columns.Any(x => x.Name == name))
            {
                throw new PgException(SqlState.DuplicateColumn, $"column \"{name}\" specified more than once");
            }

            columns.Add(c.Type == PgTypes.Unknown ? new ColumnInfo(name, (short)(i + 1), PgTypes.Text, -1)
                : new ColumnInfo(name, (short)(i + 1), c.Type, c.TypeModifier));
        }

        AwaitPendingRelation(binder, v.Name, hasRowType: true);
        lock (Catalog.SyncRoot)
        {
            var schema = binder.CreationSchema(v.Name);
            var sql = SqlPrinter.Print(v.Query);
            if (CatalogVisibility.Find(schema, v.Name.Name, CatalogViewer) is { } existing)
            {
                if (!v.OrReplace)
                {
                    throw new PgException(SqlState.DuplicateTable, $"relation \"{v.Name.Name}\" already exists");
                }

                if (existing is not ViewInfo old)
                {
                    throw new PgException(SqlState.WrongObjectType, $"\"{v.Name.Name}\" is not a view");
                }

                CheckReplacedColumns(old, columns);
                var (oldSql, oldColumns) = (old.QuerySql, old.Columns.ToList());
                old.QuerySql = sql;
                old.Columns.Clear();
                old.Columns.AddRange(columns);
                RegisterUndo(() =>
                {
                    old.QuerySql = oldSql;
                    old.Columns.Clear();
                    old.Columns.AddRange(oldColumns);
                });
            }
            else
            {
                var view = new ViewInfo(Catalog.NewOid(), v.Name.Name, schema, sql, Catalog.NewOid());
                view.Columns.AddRange(columns);
                AddRelation(schema, view);
                RegisterUndo(() => schema.Relations.Remove(view.Name));
            }

            Catalog.Bump();
        }

        return "CREATE VIEW";
    }

    /// <summary>CREATE OR REPLACE VIEW may only add columns at the end (42P16 otherwise).</summary>
    private static void CheckReplacedColumns(ViewInfo old, List<ColumnInfo> columns)
    {
        if (columns.Count < old.Columns.Count)
        {
            throw new PgException(SqlState.InvalidTableDefinition, "cannot drop columns from view");
        }

        for (var i = 0; i < old.Columns.Count; i++)
        {
            var (was, now) = (old.Columns[i], columns[i]);
            if (was.Name != now.Name)
            {
                throw new PgException(SqlState.InvalidTableDefinition, $"cannot change name of view column \"{was.Name}\" to \"{now.Name}\"")
                {
                    Hint = "Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.",
                };
            }

            if (was.Type != now.Type)
            {
                throw new PgException(SqlState.InvalidTableDefinition,
                    $"cannot change data type of view column \"{was.Name}\" from {ValueText.FormatTypeName(was.Type, was.Typmod)} to {ValueText.FormatTypeName(now.Type, now.Typmod)}");
            }
        }
    }

    private string CreateSchema(CreateSchemaStatement c)
    {
        var name = c.Name ?? c.Authorization!;
        if (name.StartsWith("pg_", StringComparison.Ordinal))
        {
            throw new PgException(SqlState.ReservedName, $"unacceptable schema name \"{name}\"")
            {
                Detail = "The prefix \"pg_\" is reserved for system schemas.",
            };
        }

        AwaitPendingSchema(name);
        lock (Catalog.SyncRoot)
        {
            if (Database.Schemas.ContainsKey(name) || CatalogVisibility.FindSchema(Database, name, CatalogViewer) is not null)
            {
                if (c.IfNotExists)
                {
                    Notice(new PgNotice("NOTICE", SqlState.DuplicateSchema, $"schema \"{name}\" already exists, skipping"));
                    return "CREATE SCHEMA";
                }

                throw new PgException(SqlState.DuplicateSchema, $"schema \"{name}\" already exists");
            }

            var owner = c.Authorization is { } role ? Catalog.Roles.GetValueOrDefault(role)?.Oid
                ?? throw new PgException(SqlState.UndefinedObject, $"role \"{role}\" does not exist") : Catalog.Roles.GetValueOrDefault(UserName)?.Oid ?? CatalogStore.BootstrapSuperuserOid;
            AddSchema(new SchemaInfo(Catalog.NewOid(), name, Database, owner));
            RegisterUndo(() => Database.Schemas.Remove(name));
            Catalog.Bump();
        }

        return "CREATE SCHEMA";
    }
}
