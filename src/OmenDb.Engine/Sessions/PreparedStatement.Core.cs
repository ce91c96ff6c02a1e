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

    /// <summary>The whole query string the statement came from: a simple Query may hold several statements.</summary>
    internal string QueryText { get; init; } = "";

    internal IReadOnlyList<PgType?> DeclaredTypes { get; init; } = [];

    /// <summary>A statement of a simple Query message: it has no parameters, so <c>$n</c> is an error (42P02).</summary>
    internal bool IsSimpleQuery { get; init; }

    /// <summary>The bound plan for queries and DML (null for utility statements).</summary>
    internal PlanNode? Plan { get; set; }

    /// <summary>For EXECUTE: the SQL-prepared statement it runs (whose statement names the command tag).</summary>
    internal PreparedStatement? Executes { get; set; }

    /// <summary>For EXECUTE: the argument values, coerced to the prepared statement's parameter types.</summary>
    internal object?[]? ExecuteArguments { get; set; }

    /// <summary>When SQL PREPARE created it (microseconds since 2000-01-01 UTC), for pg_prepared_statements.</summary>
    internal long PreparedAt { get; set; }

    /// <summary>The relation locks binding took, taken again before each execution.</summary>
    internal List<(Catalog.RelationInfo Relation, Transactions.TableLockMode Mode)> RelationLocks { get; set; } = [];

    /// <summary>Catalog version the plan was bound at; a newer catalog triggers a re-bind.</summary>
    internal long CatalogVersion { get; set; }
}
