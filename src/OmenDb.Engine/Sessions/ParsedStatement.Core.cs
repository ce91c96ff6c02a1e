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
}
