namespace OmenDb.Sql.Ast;

/// <summary>How a cast was spelled (all mean the same; kept for printing).</summary>
public enum CastSyntax
{
    /// <summary><c>CAST(x AS t)</c>.</summary>
    Cast,
    /// <summary><c>x::t</c>.</summary>
    DoubleColon,
    /// <summary><c>t 'string'</c> (typed literal: <c>DATE '2020-01-01'</c>, <c>INTERVAL '1' DAY</c>); Operand is a <see cref="StringLiteral"/>.</summary>
    TypedLiteral,
}

/// <summary>A cast: <c>CAST(x AS t)</c>, <c>x::t</c> or a typed literal <c>t 'str'</c>.</summary>
public sealed record CastExpr(Expr Operand, TypeName Type, CastSyntax Syntax) : Expr
{
    /// <summary>Offset of the <c>::</c> token for <see cref="CastSyntax.DoubleColon"/> (where "cannot cast" errors point).</summary>
    public int OperatorPosition { get; init; }
}

/// <summary>One <c>WHEN condition THEN result</c> arm (for a simple CASE the condition is the comparison value).</summary>
public sealed record CaseWhen(Expr Condition, Expr Result) : SqlNode;

/// <summary><c>CASE [operand] WHEN ... THEN ... [ELSE ...] END</c>; <see cref="Operand"/> non-null for a simple CASE.</summary>
public sealed record CaseExpr(Expr? Operand, IReadOnlyList<CaseWhen> Whens, Expr? Else) : Expr;

/// <summary><c>COALESCE(a, b, ...)</c>.</summary>
public sealed record CoalesceExpr(IReadOnlyList<Expr> Args) : Expr;

/// <summary><c>NULLIF(a, b)</c>.</summary>
public sealed record NullIfExpr(Expr Left, Expr Right) : Expr;

/// <summary><c>GREATEST(...)</c> (<see cref="IsGreatest"/>) or <c>LEAST(...)</c>.</summary>
public sealed record MinMaxExpr(bool IsGreatest, IReadOnlyList<Expr> Args) : Expr;

/// <summary><c>ARRAY[a, b]</c>; nested brackets <c>ARRAY[[1,2],[3,4]]</c> give nested ArrayExprs with <see cref="IsBare"/> set.</summary>
public sealed record ArrayExpr(IReadOnlyList<Expr> Elements) : Expr
{
    /// <summary>True for an inner <c>[...]</c> written without the ARRAY keyword.</summary>
    public bool IsBare { get; init; }
}

/// <summary><c>ARRAY(SELECT ...)</c>.</summary>
public sealed record ArraySubqueryExpr(SelectStatement Query) : Expr;

/// <summary><c>ROW(a, b)</c> (<see cref="ExplicitRow"/>), <c>ROW()</c>, or <c>(a, b)</c>.</summary>
public sealed record RowExpr(IReadOnlyList<Expr> Fields, bool ExplicitRow) : Expr;

/// <summary>A scalar subquery <c>(SELECT ...)</c>.</summary>
public sealed record SubqueryExpr(SelectStatement Query) : Expr;

/// <summary><c>EXISTS (SELECT ...)</c>.</summary>
public sealed record ExistsExpr(SelectStatement Query) : Expr;

/// <summary>Keyword-spelled niladic functions (PostgreSQL's SQLValueFunction).</summary>
public enum SqlValueFunctionKind
{
    /// <summary>CURRENT_DATE.</summary>
    CurrentDate,
    /// <summary>CURRENT_TIME[(p)].</summary>
    CurrentTime,
    /// <summary>CURRENT_TIMESTAMP[(p)].</summary>
    CurrentTimestamp,
    /// <summary>LOCALTIME[(p)].</summary>
    LocalTime,
    /// <summary>LOCALTIMESTAMP[(p)].</summary>
    LocalTimestamp,
    /// <summary>CURRENT_ROLE.</summary>
    CurrentRole,
    /// <summary>CURRENT_USER.</summary>
    CurrentUser,
    /// <summary>SESSION_USER.</summary>
    SessionUser,
    /// <summary>USER.</summary>
    User,
    /// <summary>CURRENT_CATALOG.</summary>
    CurrentCatalog,
    /// <summary>CURRENT_SCHEMA.</summary>
    CurrentSchema,
}

/// <summary>
/// CURRENT_DATE, CURRENT_TIMESTAMP(3), USER, ... ; the column label PostgreSQL gives is the lower-case keyword
/// (see <see cref="Keyword"/>).
/// </summary>
public sealed record SqlValueFunction(SqlValueFunctionKind Kind, int? Precision) : Expr
{
    /// <summary>The keyword in lower case, which is also the default column label.</summary>
    public string Keyword => Kind switch
    {
        SqlValueFunctionKind.CurrentDate => "current_date",
        SqlValueFunctionKind.CurrentTime => "current_time",
        SqlValueFunctionKind.CurrentTimestamp => "current_timestamp",
        SqlValueFunctionKind.LocalTime => "localtime",
        SqlValueFunctionKind.LocalTimestamp => "localtimestamp",
        SqlValueFunctionKind.CurrentRole => "current_role",
        SqlValueFunctionKind.CurrentUser => "current_user",
        SqlValueFunctionKind.SessionUser => "session_user",
        SqlValueFunctionKind.User => "user",
        SqlValueFunctionKind.CurrentCatalog => "current_catalog",
        _ => "current_schema",
    };
}
