using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Catalog;
using OmenDb.Sql.Parsing;

namespace OmenDb.Engine.PgCatalog;

/// <summary>The definitions pg_get_indexdef and pg_get_constraintdef print, in PostgreSQL's spelling.</summary>
internal static class CatalogText
{
    private static string Q(string name) => CatalogReader.QuoteIdent(name);

    /// <summary>pg_get_indexdef(oid, column, pretty): the CREATE INDEX statement, or one column's key when column &gt; 0.
    /// The table is schema-qualified unless pretty-printing a table visible in search_path; with a reader, the table's
    /// columns and name are the ones its viewer sees.</summary>
    public static string IndexDef(IndexInfo index, int column, bool pretty, CatalogReader? reader = null)
    {
        var table = reader?.TableOf(index) ?? index.Table;
        var keys = new List<string>();
        var expr = 0;
        for (var i = 0; i < index.Columns.Length; i++)
        {
            var attnum = index.Columns[i];
            var key = attnum > 0 ? Q(table.Columns[attnum - 1].Name)
                : KeyExpression(expr < index.Expressions.Count ? index.Expressions[expr++] : "?");
            if (column > 0)
            {
                if (column == i + 1)
                {
                    return key;
                }

                continue;
            }

            if (i < index.OpClasses.Length && index.OpClasses[i] is { } opclass)
            {
                key += " " + opclass;
            }

            if (i < index.Descending.Length && index.Descending[i])
            {
                key += " DESC";
            }

            keys.Add(key);
        }

        if (column > 0)
        {
            return "";
        }

        var sb = new StringBuilder("CREATE ");
        if (index.IsUnique)
        {
            sb.Append("UNIQUE ");
        }

        sb.Append("INDEX ").Append(Q(index.Name)).Append(" ON ");
        if (!pretty || reader is null || !reader.IsVisible(table.Schema.Name, table.Name))
        {
            sb.Append(Q(table.Schema.Name)).Append('.');
        }

        sb.Append(Q(table.Name))
            .Append(" USING ").Append(index.Method).Append(" (").Append(string.Join(", ", keys)).Append(')');
        if (index.Options.Count > 0)
        {
            sb.Append(" WITH (").Append(string.Join(", ", index.Options.Select(ReloptionText))).Append(')');
        }

        if (index.PredicateSql is { } predicate)
        {
            sb.Append(" WHERE ").Append(Parse(predicate) is null or Sql.Ast.ColumnRef or Sql.Ast.FunctionCall or Sql.Ast.BooleanLiteral ? predicate : $"({predicate})");
        }

        return sb.ToString();
    }

    /// <summary>
    /// An index key expression as pg_get_indexdef prints it: bare when it looks like a function call (PostgreSQL's
    /// looks_like_function: calls, COALESCE, GREATEST/LEAST, CURRENT_DATE...), otherwise in parentheses.
    /// </summary>
    private static string KeyExpression(string sql)
        => Parse(sql) is Sql.Ast.FunctionCall or Sql.Ast.CoalesceExpr or Sql.Ast.MinMaxExpr or Sql.Ast.SqlValueFunction ? sql : $"({sql})";

    /// <summary>Stored expression text back to its syntax tree; null if it no longer parses.</summary>
    private static Sql.Ast.Expr? Parse(string sql)
    {
        try
        {
            return SqlParser.ParseExpression(sql);
        }
        catch (PgException)
        {
            return null;
        }
    }

    /// <summary>One "name=value" storage parameter as pg_get_indexdef prints it (flatten_reloptions): the value bare when it
    /// is a plain identifier (off), else as a string literal (fillfactor='70').</summary>
    private static string ReloptionText(string option)
    {
        var eq = option.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            return option;
        }

        var value = option[(eq + 1)..];
        var plain = value.Length > 0 && (char.IsAsciiLetterLower(value[0]) || value[0] == '_')
            && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '$');
        return plain ? option : $"{option[..eq]}='{value.Replace("'", "''", StringComparison.Ordinal)}'";
    }

    /// <summary>pg_get_constraintdef(oid): PRIMARY KEY (id), FOREIGN KEY (a) REFERENCES t(id) ON DELETE CASCADE, CHECK (...).</summary>
    public static string ConstraintDef(TableInfo table, ConstraintInfo c)
    {
        string Cols(TableInfo t, short[] attnums) => string.Join(", ", attnums.Select(a => Q(t.Columns[a - 1].Name)));
        switch (c.Kind)
        {
            case ConstraintKind.PrimaryKey:
                return $"PRIMARY KEY ({Cols(table, c.Columns)})";
            case ConstraintKind.Unique:
                return $"UNIQUE ({Cols(table, c.Columns)})";
            case ConstraintKind.Check:
                return $"CHECK ({c.CheckSql})";
            case ConstraintKind.ForeignKey:
                {
                    var target = c.ReferencedTable!;
                    var sb = new StringBuilder($"FOREIGN KEY ({Cols(table, c.Columns)}) REFERENCES ");
                    if (target.Schema.Name != "public")
                    {
                        sb.Append(Q(target.Schema.Name)).Append('.');
                    }

                    sb.Append(Q(target.Name)).Append('(').Append(Cols(target, c.ReferencedColumns)).Append(')');
                    AppendAction(sb, "UPDATE", c.OnUpdate);
                    AppendAction(sb, "DELETE", c.OnDelete);
                    return sb.ToString();
                }

            default:
                return "NOT NULL";
        }
    }

    private static void AppendAction(StringBuilder sb, string on, ReferentialAction action)
    {
        var text = action switch
        {
            ReferentialAction.Cascade => "CASCADE",
            ReferentialAction.Restrict => "RESTRICT",
            ReferentialAction.SetNull => "SET NULL",
            ReferentialAction.SetDefault => "SET DEFAULT",
            _ => null,
        };
        if (text is not null)
        {
            sb.Append(" ON ").Append(on).Append(' ').Append(text);
        }
    }
}
