namespace OmenDb.Engine.Sessions;

public sealed partial class PreparedStatement
{
    internal PreparedStatement(string sql)
    {
        Sql = sql;
        ParameterTypes = [];
    }
}
