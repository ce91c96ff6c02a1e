using OmenDb.Sql.Ast;

namespace OmenDb.Sql.Parsing;

/// <summary>
/// Entry points of the SQL front end. All methods throw <see cref="OmenDb.Common.PgException"/> with SQLSTATE 42601
/// (syntax error, with a 1-based <c>Position</c>) or 54001 (statement too complex); never another exception type.
/// </summary>
public static class SqlParser
{
    /// <summary>
    /// Parses a script of ';'-separated statements (a simple Query message). Empty statements are omitted; a script
    /// of only whitespace and comments gives an empty list.
    /// </summary>
    public static IReadOnlyList<ParsedSql> ParseScript(string sql) => Parser.ParseScript(sql);

    /// <summary>Parses exactly one statement (a trailing ';' is allowed); returns null when the text holds no statement.</summary>
    public static Statement? ParseStatement(string sql) => Parser.ParseSingleStatement(sql);

    /// <summary>Parses a standalone expression (CHECK constraints and column defaults stored as text).</summary>
    public static Expr ParseExpression(string sql) => Parser.ParseStandaloneExpression(sql);

    /// <summary>Parses a type name (<c>'int4[]'::regtype</c>, <c>'character varying(10)'</c>).</summary>
    public static TypeName ParseTypeName(string sql) => Parser.ParseStandaloneTypeName(sql);
}
