using OmenDb.Engine.Execution;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

public sealed partial class PreparedStatement
{
    internal PreparedStatement(string sql)
    {
        Sql = sql;
        ParameterTypes = [];
    }

    internal Statement? Statement { get; init; }

    internal IReadOnlyList<PgType?> DeclaredTypes { get; init; } = [];

    /// <summary>The bound plan for queries and DML (null for utility statements).</summary>
    internal PlanNode? Plan { get; set; }

    /// <summary>Catalog version the plan was bound at; a newer catalog triggers a re-bind.</summary>
    internal long CatalogVersion { get; set; }
}
