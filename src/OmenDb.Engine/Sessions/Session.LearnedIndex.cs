using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Indexes;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

public sealed partial class Session
{
    /// <summary>
    /// <c>CREATE INDEX [IF NOT EXISTS] [name] ON table USING learned (column)</c>: an ordered key index over one
    /// integer, date, time or timestamp column whose engine is a learned model (the linear model or the PGM index,
    /// the B+-tree only if a model broke its error bound), built at once and used by the planner for =, IN,
    /// ranges and ORDER BY column LIMIT n. Errors follow PostgreSQL's for access methods with the same limits
    /// (hash: no UNIQUE, one column).
    /// </summary>
    private string CreateLearnedIndex(CreateIndexStatement c)
    {
        var binder = NewBinder([]);
        TableInfo table;
        ColumnInfo column;
        lock (Catalog.SyncRoot)
        {
            table = binder.FindRelation(c.Table) as TableInfo
                ?? throw new PgException(SqlState.UndefinedTable, $"relation \"{c.Table.Name}\" does not exist");
            if (c.Unique)
            {
                throw new PgException(SqlState.FeatureNotSupported, "access method \"learned\" does not support unique indexes");
            }

            if (c.Elements.Count > 1)
            {
                throw new PgException(SqlState.FeatureNotSupported, "access method \"learned\" does not support multicolumn indexes");
            }

            if (c.Elements is not [{ Column: { } name, Expression: null }] || c.Where is not null)
            {
                throw new PgException(SqlState.FeatureNotSupported, "access method \"learned\" supports only a plain column, without WHERE");
            }

            column = table.FindColumn(name) ?? throw new PgException(SqlState.UndefinedColumn, $"column \"{name}\" does not exist");
            if (!TableKeyIndex.Supports(column.Type))
            {
                throw new PgException(SqlState.UndefinedObject, $"data type {column.Type.Name} has no default operator class for access method \"learned\"")
                {
                    Hint = "You must specify an operator class for the index or define a default operator class for the data type.",
                };
            }

            var indexName = c.Name ?? UnusedRelationName(table.Schema, $"{table.Name}_{column.Name}_idx");
            if (table.Schema.Relations.ContainsKey(indexName))
            {
                if (c.IfNotExists)
                {
                    Notice(new PgNotice("NOTICE", "42P07", $"relation \"{indexName}\" already exists, skipping"));
                    return "CREATE INDEX";
                }

                throw new PgException(SqlState.DuplicateTable, $"relation \"{indexName}\" already exists");
            }

            var index = new IndexInfo(Catalog.NewOid(), indexName, table.Schema, table, [column.AttNum]) { Method = "learned" };
            table.Indexes.Add(index);
            table.Schema.Relations[indexName] = index;
            Catalog.Bump();
        }

        // Build now, so that the first query does not pay for it.
        KeyIndexRegistry.Get(table, column.Slot, KeyIndexMethod.Learned).Sync();
        return "CREATE INDEX";
    }

    /// <summary>PostgreSQL's default index name: base, then base1, base2... until unused.</summary>
    private static string UnusedRelationName(SchemaInfo schema, string baseName)
    {
        var name = baseName;
        for (var i = 1; schema.Relations.ContainsKey(name); i++)
        {
            name = baseName + i;
        }

        return name;
    }
}
