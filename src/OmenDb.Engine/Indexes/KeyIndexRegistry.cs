using System.Runtime.CompilerServices;
using OmenDb.Engine.Catalog;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// Finds (and creates on first use) the <see cref="TableKeyIndex"/> that serves a column: the one of an index
/// declared with USING learned / btree on exactly that column, else the implicit one of a single-column primary
/// key. Indexes hang off the <see cref="TableInfo"/> object, so they go away with the table; they are memory-only
/// and rebuilt from the rows after a restart (the rows are the durable truth).
/// </summary>
internal static class KeyIndexRegistry
{
    private static readonly ConditionalWeakTable<TableInfo, List<TableKeyIndex>> s_indexes = [];

    /// <summary>The method and name of the index that serves column <paramref name="column"/> (a slot), or null when none does.</summary>
    public static (KeyIndexMethod Method, string Name)? Describe(TableInfo table, int column)
    {
        if (column < 0 || column >= table.Columns.Count || !TableKeyIndex.Supports(table.Columns[column].Type))
        {
            return null;
        }

        var attnum = (short)(column + 1);
        foreach (var index in table.Indexes)
        {
            if (index.Columns is [var a] && a == attnum && index.PredicateSql is null && index.Expressions.Count == 0)
            {
                switch (index.Method)
                {
                    case "learned":
                        return (KeyIndexMethod.Learned, index.Name);
                    case "btree" when !index.IsPrimary:
                        return (KeyIndexMethod.BTree, index.Name);
                    case "btree":
                        return (KeyIndexMethod.Auto, index.Name);
                }
            }
        }

        return table.PrimaryKey is { } pk && pk.Columns is [var only] && only == attnum ? (KeyIndexMethod.Auto, pk.Name) : null;
    }

    /// <summary>The index serving <paramref name="column"/> with <paramref name="method"/>, created on first use.</summary>
    public static TableKeyIndex Get(TableInfo table, int column, KeyIndexMethod method)
    {
        var list = s_indexes.GetValue(table, _ => []);
        lock (list)
        {
            foreach (var index in list)
            {
                if (index.Column == column && index.Index.Method == method)
                {
                    return index;
                }
            }

            var created = new TableKeyIndex(table, column, method);
            list.Add(created);
            return created;
        }
    }

    /// <summary>Every index created so far for <paramref name="table"/> (for the statistics view).</summary>
    public static IReadOnlyList<TableKeyIndex> All(TableInfo table)
    {
        if (!s_indexes.TryGetValue(table, out var list))
        {
            return [];
        }

        lock (list)
        {
            return [.. list];
        }
    }
}
