namespace OmenDb.Sql.Ast;

/// <summary>
/// A prefix operator application, e.g. <c>-x</c>, <c>~x</c>, <c>@ x</c>, <c>|/ x</c>. <see cref="Op"/> is the operator text;
/// <see cref="OpSchema"/> is set when written <c>OPERATOR(schema.op)</c>.
/// </summary>
public sealed record UnaryExpr(string Op, Expr Operand) : Expr
{
    /// <summary>Schema of an <c>OPERATOR(schema.op)</c> spelling, else null.</summary>
    public string? OpSchema { get; init; }

    /// <summary>True when written with <c>OPERATOR(...)</c> syntax (even without schema).</summary>
    public bool ExplicitOperator { get; init; }
}

/// <summary>
/// A binary operator application with the operator text (<c>+</c>, <c>=</c>, <c>&lt;&gt;</c> (<c>!=</c> is normalised),
/// <c>||</c>, <c>~~</c>, <c>&lt;-&gt;</c>, <c>@&gt;</c>...). <see cref="OpSchema"/> is set for <c>OPERATOR(pg_catalog.~)</c>.
/// </summary>
public sealed record BinaryExpr(Expr Left, string Op, Expr Right) : Expr
{
    /// <summary>0-based offset of the operator token (PostgreSQL reports operator errors there).</summary>
    public int OperatorPosition { get; init; }

    /// <summary>Schema of an <c>OPERATOR(schema.op)</c> spelling, else null.</summary>
    public string? OpSchema { get; init; }

    /// <summary>True when written with <c>OPERATOR(...)</c> syntax (even without schema).</summary>
    public bool ExplicitOperator { get; init; }
}

/// <summary><c>a AND b AND c</c>, flattened left-associatively: at least two operands.</summary>
public sealed record AndExpr(IReadOnlyList<Expr> Operands) : Expr;

/// <summary><c>a OR b OR c</c>, flattened left-associatively: at least two operands.</summary>
public sealed record OrExpr(IReadOnlyList<Expr> Operands) : Expr;

/// <summary><c>NOT x</c>.</summary>
public sealed record NotExpr(Expr Operand) : Expr;

/// <summary><c>x IS [NOT] NULL</c>, also <c>x ISNULL</c> / <c>x NOTNULL</c>.</summary>
public sealed record IsNullExpr(Expr Operand, bool Negated) : Expr;

/// <summary>Which truth value IS tests.</summary>
public enum BoolTestKind
{
    /// <summary>IS TRUE.</summary>
    True,
    /// <summary>IS FALSE.</summary>
    False,
    /// <summary>IS UNKNOWN.</summary>
    Unknown,
}

/// <summary><c>x IS [NOT] TRUE | FALSE | UNKNOWN</c>.</summary>
public sealed record IsBoolExpr(Expr Operand, BoolTestKind Test, bool Negated) : Expr;

/// <summary><c>a IS [NOT] DISTINCT FROM b</c>.</summary>
public sealed record IsDistinctFromExpr(Expr Left, Expr Right, bool Negated) : Expr;

/// <summary><c>x [NOT] BETWEEN [SYMMETRIC] low AND high</c>.</summary>
public sealed record BetweenExpr(Expr Operand, Expr Low, Expr High, bool Negated, bool Symmetric) : Expr;

/// <summary><c>x [NOT] IN (a, b, c)</c>.</summary>
public sealed record InListExpr(Expr Operand, IReadOnlyList<Expr> Items, bool Negated) : Expr;

/// <summary><c>x [NOT] IN (SELECT ...)</c>; <see cref="Operand"/> may be a <see cref="RowExpr"/>.</summary>
public sealed record InSubqueryExpr(Expr Operand, SelectStatement Subquery, bool Negated) : Expr;

/// <summary>ANY (SOME is the same) or ALL.</summary>
public enum Quantifier
{
    /// <summary>ANY / SOME.</summary>
    Any,
    /// <summary>ALL.</summary>
    All,
}

/// <summary><c>x op ANY|ALL (array_expr)</c>.</summary>
public sealed record QuantifiedArrayExpr(Expr Left, string Op, Quantifier Quantifier, Expr Array) : Expr
{
    /// <summary>0-based offset of the operator token (PostgreSQL reports errors of the comparison there).</summary>
    public int OperatorPosition { get; init; }

    /// <summary>Schema of an <c>OPERATOR(schema.op)</c> spelling, else null.</summary>
    public string? OpSchema { get; init; }

    /// <summary>True when written with <c>OPERATOR(...)</c> syntax.</summary>
    public bool ExplicitOperator { get; init; }
}

/// <summary><c>x op ANY|ALL (SELECT ...)</c>.</summary>
public sealed record QuantifiedSubqueryExpr(Expr Left, string Op, Quantifier Quantifier, SelectStatement Subquery) : Expr
{
    /// <summary>Schema of an <c>OPERATOR(schema.op)</c> spelling, else null.</summary>
    public string? OpSchema { get; init; }

    /// <summary>True when written with <c>OPERATOR(...)</c> syntax.</summary>
    public bool ExplicitOperator { get; init; }
}

/// <summary>Pattern-matching flavour.</summary>
public enum LikeKind
{
    /// <summary>LIKE (operator ~~).</summary>
    Like,
    /// <summary>ILIKE (operator ~~*).</summary>
    ILike,
    /// <summary>SIMILAR TO.</summary>
    SimilarTo,
}

/// <summary><c>x [NOT] LIKE|ILIKE|SIMILAR TO pattern [ESCAPE e]</c>.</summary>
public sealed record LikeExpr(Expr Operand, LikeKind Kind, Expr Pattern, Expr? Escape, bool Negated) : Expr;

/// <summary><c>x COLLATE collation</c> (e.g. <c>COLLATE pg_catalog.default</c>, <c>COLLATE "C"</c>).</summary>
public sealed record CollateExpr(Expr Operand, QualifiedName Collation) : Expr;
