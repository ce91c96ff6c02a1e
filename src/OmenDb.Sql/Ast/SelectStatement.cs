namespace OmenDb.Sql.Ast;

/// <summary>
/// A query: <c>[WITH ...] body [ORDER BY ...] [LIMIT/OFFSET/FETCH] [FOR UPDATE ...]</c>.
/// <see cref="Body"/> is a <see cref="SelectCore"/> (one SELECT), a <see cref="ValuesBody"/> (VALUES rows),
/// a <see cref="SetOperation"/> tree (UNION/INTERSECT/EXCEPT), or a <see cref="NestedQuery"/> (a parenthesised
/// query that carries its own WITH/ORDER BY/LIMIT). <c>TABLE t</c> is parsed as <c>SELECT * FROM t</c>.
/// Used both as a statement and as a subquery.
/// </summary>
public sealed record SelectStatement(QueryBody Body) : Statement
{
    /// <summary>WITH clause or null.</summary>
    public WithClause? With { get; init; }

    /// <summary>ORDER BY items (empty when absent).</summary>
    public IReadOnlyList<SortItem> OrderBy { get; init; } = [];

    /// <summary>LIMIT count or FETCH FIRST count; null when absent or LIMIT ALL (see <see cref="LimitAll"/>).</summary>
    public Expr? Limit { get; init; }

    /// <summary>LIMIT ALL was written.</summary>
    public bool LimitAll { get; init; }

    /// <summary>OFFSET n [ROW|ROWS].</summary>
    public Expr? Offset { get; init; }

    /// <summary>The limit was written as <c>FETCH FIRST|NEXT n ROW|ROWS ONLY|WITH TIES</c>.</summary>
    public bool FetchSyntax { get; init; }

    /// <summary><c>FETCH ... WITH TIES</c>.</summary>
    public bool WithTies { get; init; }

    /// <summary>FOR UPDATE / FOR SHARE clauses (accepted; row locking is up to the engine).</summary>
    public IReadOnlyList<LockingClause> Locking { get; init; } = [];
}

/// <summary>Body of a query.</summary>
public abstract record QueryBody : SqlNode;

/// <summary>
/// One <c>SELECT [DISTINCT [ON (...)]] targets [INTO t] [FROM ...] [WHERE ...] [GROUP BY ...] [HAVING ...] [WINDOW ...]</c>.
/// </summary>
public sealed record SelectCore(IReadOnlyList<ResultTarget> Targets) : QueryBody
{
    /// <summary>SELECT DISTINCT (also true with DISTINCT ON).</summary>
    public bool Distinct { get; init; }

    /// <summary>DISTINCT ON (exprs); empty when not written.</summary>
    public IReadOnlyList<Expr> DistinctOn { get; init; } = [];

    /// <summary>SELECT ... INTO table (creates a table).</summary>
    public IntoClause? Into { get; init; }

    /// <summary>FROM items (comma-separated list; joins nest inside).</summary>
    public IReadOnlyList<TableRef> From { get; init; } = [];

    /// <summary>WHERE condition.</summary>
    public Expr? Where { get; init; }

    /// <summary>GROUP BY items: expressions (integer literals are ordinals) and <see cref="GroupingSetExpr"/>s.</summary>
    public IReadOnlyList<Expr> GroupBy { get; init; } = [];

    /// <summary>GROUP BY DISTINCT.</summary>
    public bool GroupByDistinct { get; init; }

    /// <summary>HAVING condition.</summary>
    public Expr? Having { get; init; }

    /// <summary>WINDOW clause definitions.</summary>
    public IReadOnlyList<WindowDef> Windows { get; init; } = [];
}

/// <summary><c>VALUES (a, b), (c, d)</c>; rows may contain <see cref="DefaultExpr"/> when used by INSERT.</summary>
public sealed record ValuesBody(IReadOnlyList<IReadOnlyList<Expr>> Rows) : QueryBody;

/// <summary>UNION, INTERSECT or EXCEPT.</summary>
public enum SetOperator
{
    /// <summary>UNION.</summary>
    Union,
    /// <summary>INTERSECT (binds tighter than UNION/EXCEPT).</summary>
    Intersect,
    /// <summary>EXCEPT.</summary>
    Except,
}

/// <summary><c>left UNION|INTERSECT|EXCEPT [ALL|DISTINCT] right</c>; <see cref="All"/> false means DISTINCT.</summary>
public sealed record SetOperation(SetOperator Operator, bool All, QueryBody Left, QueryBody Right) : QueryBody;

/// <summary>A parenthesised query with its own WITH / ORDER BY / LIMIT / locking, used as a set-operation operand.</summary>
public sealed record NestedQuery(SelectStatement Query) : QueryBody;

/// <summary>A target list entry <c>expr [[AS] alias]</c>; <see cref="StarExpr"/> for <c>*</c> and <c>t.*</c>.</summary>
public sealed record ResultTarget(Expr Expr, string? Alias) : SqlNode;

/// <summary><c>INTO [TEMP|UNLOGGED] [TABLE] name</c> of SELECT INTO.</summary>
public sealed record IntoClause(QualifiedName Table, bool Temporary, bool Unlogged) : SqlNode;

/// <summary>Kind of grouping construct in GROUP BY.</summary>
public enum GroupingSetKind
{
    /// <summary><c>()</c>, the empty grouping set.</summary>
    Empty,
    /// <summary>ROLLUP (...).</summary>
    Rollup,
    /// <summary>CUBE (...).</summary>
    Cube,
    /// <summary>GROUPING SETS (...).</summary>
    Sets,
}

/// <summary>
/// ROLLUP / CUBE / GROUPING SETS / () in GROUP BY. Items are expressions; a parenthesised column group is a
/// <see cref="RowExpr"/>, nested sets inside GROUPING SETS are GroupingSetExprs.
/// </summary>
public sealed record GroupingSetExpr(GroupingSetKind Kind, IReadOnlyList<Expr> Items) : Expr;

/// <summary>WITH [RECURSIVE] cte, ...</summary>
public sealed record WithClause(bool Recursive, IReadOnlyList<CommonTableExpr> Ctes) : SqlNode;

/// <summary>MATERIALIZED hint of a CTE.</summary>
public enum CteMaterialization
{
    /// <summary>Not written.</summary>
    Default,
    /// <summary>MATERIALIZED.</summary>
    Materialized,
    /// <summary>NOT MATERIALIZED.</summary>
    NotMaterialized,
}

/// <summary>
/// <c>name [(cols)] AS [[NOT] MATERIALIZED] (query)</c>; the query is a SELECT or a data-modifying statement
/// (INSERT/UPDATE/DELETE with RETURNING).
/// </summary>
public sealed record CommonTableExpr(string Name, IReadOnlyList<string> Columns, CteMaterialization Materialization, Statement Query)
    : SqlNode;

/// <summary>Strength of a row lock.</summary>
public enum LockStrength
{
    /// <summary>FOR UPDATE.</summary>
    Update,
    /// <summary>FOR NO KEY UPDATE.</summary>
    NoKeyUpdate,
    /// <summary>FOR SHARE.</summary>
    Share,
    /// <summary>FOR KEY SHARE.</summary>
    KeyShare,
}

/// <summary>Waiting behaviour of a row lock.</summary>
public enum LockWaitPolicy
{
    /// <summary>Wait.</summary>
    Block,
    /// <summary>NOWAIT.</summary>
    NoWait,
    /// <summary>SKIP LOCKED.</summary>
    SkipLocked,
}

/// <summary><c>FOR UPDATE|SHARE [OF t, ...] [NOWAIT|SKIP LOCKED]</c>.</summary>
public sealed record LockingClause(LockStrength Strength, IReadOnlyList<QualifiedName> Of, LockWaitPolicy Wait) : SqlNode;
