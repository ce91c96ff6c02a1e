namespace OmenDb.Engine.Sessions;

public sealed partial class ParsedStatement
{
    internal ParsedStatement(string sql)
    {
        Sql = sql;
    }
}
