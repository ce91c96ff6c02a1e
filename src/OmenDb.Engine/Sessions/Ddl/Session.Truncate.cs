using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Execution;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// TRUNCATE: every visible row version of the tables is deleted by this transaction (so ROLLBACK brings the rows back);
// tables referenced by foreign keys need their referencing tables in the list too, or CASCADE.
public sealed partial class Session
{
    private string Truncate(TruncateStatement t)
    {
        var binder = NewBinder([]);
        var tables = new List<TableInfo>();
        foreach (var r in t.Tables)
        {
            var table = binder.FindRelation(r.Name) switch
            {
                TableInfo x => x,
                null => throw new PgException(SqlState.UndefinedTable, $"relation \"{r.Name}\" does not exist"),
                var other => throw new PgException(SqlState.WrongObjectType, $"\"{other.Name}\" is not a table"),
            };
            table = LockForDdl(binder, r.Name, table, Transactions.TableLockMode.AccessExclusive);
            if (!tables.Contains(table))
            {
                tables.Add(table);
            }
        }

        for (var i = 0; i < tables.Count; i++)
        {
            foreach (var (child, _) in TableWriter.ReferencingConstraints(tables[i]))
            {
                if (tables.Contains(child))
                {
                    continue;
                }

                if (t.Behavior != DropBehavior.Cascade)
                {
                    throw new PgException(SqlState.FeatureNotSupported, "cannot truncate a table referenced in a foreign key constraint")
                    {
                        Detail = $"Table \"{child.Name}\" references \"{tables[i].Name}\".",
                        Hint = $"Truncate table \"{child.Name}\" at the same time, or use TRUNCATE ... CASCADE.",
                    };
                }

                Notice(new PgNotice("NOTICE", "00000", $"truncate cascades to table \"{child.Name}\""));
                tables.Add(child);
            }
        }

        var ctx = NewExecContext([]);
        foreach (var table in tables)
        {
            var writer = new TableWriter(table);
            foreach (var rowId in table.Data.VisibleRowIds(ctx.Snapshot))
            {
                writer.Lock(rowId, ctx);
            }

            if (t.RestartIdentity)
            {
                foreach (var seq in table.Schema.Relations.Values.OfType<SequenceInfo>().Where(q => q.OwnedBy?.Table == table))
                {
                    seq.Set(seq.Start, false);
                }
            }
        }

        return "TRUNCATE TABLE";
    }
}
