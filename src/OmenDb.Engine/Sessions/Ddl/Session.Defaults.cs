using OmenDb.Engine.Catalog;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;
using OmenDb.Sql.Printing;

namespace OmenDb.Engine.Sessions;

// Column defaults as PostgreSQL's pg_get_expr prints them (information_schema.columns.column_default, \d): literals
// carry their type ('x'::text, '2024-01-01'::date, '-1'::integer), non-negative integers and decimals stay bare.
public sealed partial class Session
{
    /// <summary>Records a column's DEFAULT: the syntax tree (bound at each use) and its PostgreSQL text.</summary>
    internal static void SetDefault(ColumnInfo col, Expr expr)
    {
        col.DefaultAst = expr;
        col.DefaultSql = DefaultText(expr, col.Type);
    }

    private static string DefaultText(Expr expr, PgType target)
    {
        var typeName = ValueText.FormatTypeName(target, -1);
        switch (expr)
        {
            case IntegerLiteral i when i.Value is >= 0 and <= int.MaxValue:
                return i.Text;
            case IntegerLiteral i:
                return $"'{i.Text}'::bigint";
            case UnaryExpr { Op: "-", Operand: IntegerLiteral i } when i.Value <= int.MaxValue:
                return $"'-{i.Text}'::integer";
            case NumericLiteral n:
                return n.Text.AsSpan().IndexOfAny('.', 'e', 'E') >= 0 ? n.Text : $"'{n.Text}'::numeric";
            case BooleanLiteral b:
                return b.Value ? "true" : "false";
            case NullLiteral:
                return $"NULL::{typeName}";
            case StringLiteral s:
                return $"{SqlPrinter.QuoteString(s.Value)}::{typeName}";
            case FunctionCall { Name.Name: "nextval", Args: [StringLiteral seq] }:
                return $"nextval({SqlPrinter.QuoteString(seq.Value)}::regclass)";
            default:
                return SqlPrinter.Print(expr);
        }
    }
}
