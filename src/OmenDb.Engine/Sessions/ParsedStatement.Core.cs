using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

public sealed partial class ParsedStatement
{
    internal ParsedStatement(string sql, Statement? statement)
    {
        Sql = sql;
        Statement = statement;
    }

    internal Statement? Statement { get; }

    /// <summary>The whole query string the statement came from (pg_prepared_statements shows it), null when it is <see cref="Sql"/>.</summary>
    internal string? QueryText { get; init; }
}
