namespace OmenDb.Sql.Ast;

/// <summary>A FROM item.</summary>
public abstract record TableRef : SqlNode;

/// <summary><c>[ONLY] name [*] [[AS] alias [(cols)]]</c>.</summary>
public sealed record RelationRef(QualifiedName Name, TableAlias? Alias) : TableRef
{
    /// <summary>ONLY was written (no inheritance children).</summary>
    public bool Only { get; init; }
}

/// <summary><c>[LATERAL] (query) [AS] alias [(cols)]</c>; also <c>(VALUES ...) AS v(a, b)</c>. The alias is required (42601 otherwise), as in PostgreSQL 15.</summary>
public sealed record SubqueryRef(SelectStatement Query, TableAlias? Alias) : TableRef
{
    /// <summary>LATERAL was written.</summary>
    public bool Lateral { get; init; }
}

/// <summary>A column definition in a function's alias list: <c>AS t(a int, b text)</c>.</summary>
public sealed record ColumnDefinitionAlias(string Name, TypeName Type) : SqlNode;

/// <summary>
/// <c>[LATERAL] func(args) [WITH ORDINALITY] [[AS] alias [(cols | col type, ...)]]</c>. Each of <see cref="Functions"/> is a
/// <see cref="FunctionCall"/> or another function-like expression (COALESCE, CURRENT_DATE...).
/// <c>ROWS FROM (f(), g())</c> gives several functions.
/// </summary>
public sealed record FunctionRef(IReadOnlyList<Expr> Functions, TableAlias? Alias) : TableRef
{
    /// <summary>LATERAL was written (function calls are implicitly lateral anyway).</summary>
    public bool Lateral { get; init; }

    /// <summary>WITH ORDINALITY.</summary>
    public bool WithOrdinality { get; init; }

    /// <summary>Written as <c>ROWS FROM (...)</c>.</summary>
    public bool RowsFrom { get; init; }

    /// <summary>Column definitions <c>AS t(a int, b text)</c> for record-returning functions; empty otherwise.</summary>
    public IReadOnlyList<ColumnDefinitionAlias> ColumnDefinitions { get; init; } = [];
}

/// <summary>Join type.</summary>
public enum JoinKind
{
    /// <summary>[INNER] JOIN.</summary>
    Inner,
    /// <summary>LEFT [OUTER] JOIN.</summary>
    Left,
    /// <summary>RIGHT [OUTER] JOIN.</summary>
    Right,
    /// <summary>FULL [OUTER] JOIN.</summary>
    Full,
    /// <summary>CROSS JOIN (no condition).</summary>
    Cross,
}

/// <summary>
/// <c>left [NATURAL] kind JOIN right [ON cond | USING (cols) [AS alias]]</c>. A parenthesised join with an alias
/// sets <see cref="Alias"/>; without one the parentheses are transparent.
/// </summary>
public sealed record JoinRef(JoinKind Kind, TableRef Left, TableRef Right) : TableRef
{
    /// <summary>NATURAL join.</summary>
    public bool Natural { get; init; }

    /// <summary>ON condition, or null.</summary>
    public Expr? On { get; init; }

    /// <summary>USING column list (empty when not written).</summary>
    public IReadOnlyList<string> Using { get; init; } = [];

    /// <summary>PostgreSQL 14 <c>USING (cols) AS alias</c>.</summary>
    public string? UsingAlias { get; init; }

    /// <summary><c>(a JOIN b ON ...) AS j</c>.</summary>
    public TableAlias? Alias { get; init; }
}
