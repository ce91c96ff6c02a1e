using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// CREATE TABLE ... AS query [WITH [NO] DATA] and SELECT ... INTO: a table shaped like the query's result, filled with its rows.
public sealed partial class Session
{
    private string CreateTableAs(CreateTableAsStatement c)
    {
        var binder = NewBinder([]);
        var plan = binder.BindSelect(c.Query, new Scope(null));
        if (c.Columns.Count > plan.Columns.Count)
        {
            throw new PgException(SqlState.SyntaxError, "too many column names were specified");
        }

        TableInfo table;
        AwaitPendingRelation(binder, c.Name, hasRowType: true);
        lock (Catalog.SyncRoot)
        {
            var schema = binder.CreationSchema(c.Name);
            if (RelationNameTaken(schema, c.Name.Name))
            {
                if (c.IfNotExists)
                {
                    Notice(new PgNotice("NOTICE", SqlState.DuplicateTable, $"relation \"{c.Name.Name}\" already exists, skipping"));
                    return "CREATE TABLE AS";
                }

                throw new PgException(SqlState.DuplicateTable, $"relation \"{c.Name.Name}\" already exists");
            }

            table = new TableInfo(Catalog.NewOid(), c.Name.Name, schema, Catalog.NewOid()) { IsTemporary = c.Temporary };
            for (var i = 0; i < plan.Columns.Count; i++)
            {
                var col = plan.Columns[i];
                var name = i < c.Columns.Count ? c.Columns[i] : col.Name;
                if (table.FindColumn(name) is not null)
                {
                    throw new PgException(SqlState.DuplicateColumn, $"column \"{name}\" specified more than once");
                }

                table.Columns.Add(col.Type == PgTypes.Unknown ? new ColumnInfo(name, (short)(i + 1), PgTypes.Text, -1)
                    : new ColumnInfo(name, (short)(i + 1), col.Type, col.TypeModifier));
            }

            table.Data = new ColumnarTable(table.Columns.Select(x => x.Type));
            AddRelation(schema, table);
            var created = table;
            RegisterUndo(() => schema.Relations.Remove(created.Name));
            Catalog.Bump();
        }

        if (!c.WithData)
        {
            return "CREATE TABLE AS";
        }

        var ctx = NewExecContext([]);
        var writer = new TableWriter(table);
        var rows = NestedLoopJoinNode.Drain(plan.Open(ctx), ctx);
        foreach (var row in rows)
        {
            writer.Write(row, null, ctx);
        }

        return $"SELECT {rows.Count}";
    }
}
