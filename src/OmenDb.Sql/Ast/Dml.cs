namespace OmenDb.Sql.Ast;

/// <summary>OVERRIDING clause of INSERT.</summary>
public enum OverridingKind
{
    /// <summary>Not written.</summary>
    None,
    /// <summary>OVERRIDING SYSTEM VALUE.</summary>
    SystemValue,
    /// <summary>OVERRIDING USER VALUE.</summary>
    UserValue,
}

/// <summary>
/// <c>[WITH ...] INSERT INTO table [AS alias] [(cols)] [OVERRIDING ...] {VALUES ... | query | DEFAULT VALUES}
/// [ON CONFLICT ...] [RETURNING ...]</c>. VALUES rows arrive as a <see cref="SelectStatement"/> whose body is a
/// <see cref="ValuesBody"/>; <see cref="Source"/> is null for DEFAULT VALUES.
/// </summary>
public sealed record InsertStatement(QualifiedName Table, IReadOnlyList<string> Columns, SelectStatement? Source) : Statement
{
    /// <summary>WITH clause or null.</summary>
    public WithClause? With { get; init; }

    /// <summary>INSERT INTO t AS alias.</summary>
    public string? Alias { get; init; }

    /// <summary>Source offsets of the names in <see cref="Columns"/>, in order (for error positions).</summary>
    public IReadOnlyList<int> ColumnPositions { get; init; } = [];

    /// <summary>OVERRIDING SYSTEM|USER VALUE.</summary>
    public OverridingKind Overriding { get; init; }

    /// <summary>ON CONFLICT clause or null.</summary>
    public OnConflictClause? OnConflict { get; init; }

    /// <summary>RETURNING targets (empty when absent).</summary>
    public IReadOnlyList<ResultTarget> Returning { get; init; } = [];
}

/// <summary>DO NOTHING or DO UPDATE.</summary>
public enum OnConflictAction
{
    /// <summary>DO NOTHING.</summary>
    Nothing,
    /// <summary>DO UPDATE SET ...</summary>
    Update,
}

/// <summary>
/// <c>ON CONFLICT [(index elems) [WHERE pred] | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET ... [WHERE ...]</c>.
/// </summary>
public sealed record OnConflictClause(OnConflictAction Action) : SqlNode
{
    /// <summary>Conflict target columns/expressions (empty when not written or ON CONSTRAINT).</summary>
    public IReadOnlyList<IndexElement> Target { get; init; } = [];

    /// <summary>WHERE predicate of the conflict target (partial unique index inference).</summary>
    public Expr? TargetWhere { get; init; }

    /// <summary>ON CONSTRAINT name.</summary>
    public string? ConstraintName { get; init; }

    /// <summary>SET assignments of DO UPDATE.</summary>
    public IReadOnlyList<SetClause> Set { get; init; } = [];

    /// <summary>WHERE of DO UPDATE.</summary>
    public Expr? Where { get; init; }
}

/// <summary>
/// One SET assignment: <c>col = expr</c> (one column, not parenthesised) or <c>(a, b) = (e1, e2)</c> /
/// <c>(a, b) = ROW(...)</c> / <c>(a, b) = (SELECT ...)</c> (<see cref="Parenthesized"/>; Value is a RowExpr or SubqueryExpr).
/// Value may be a <see cref="DefaultExpr"/>.
/// </summary>
public sealed record SetClause(IReadOnlyList<string> Columns, Expr Value, bool Parenthesized) : SqlNode
{
    /// <summary>
    /// Empty unless a target has indirection (<c>SET tags[2] = ...</c>, <c>SET c.f = ...</c>); then one entry per column:
    /// the target as written, built on <c>ColumnRef([column])</c> with <see cref="SubscriptExpr"/> / <see cref="FieldSelectExpr"/>.
    /// </summary>
    public IReadOnlyList<Expr> Targets { get; init; } = [];
}

/// <summary>
/// <c>[WITH ...] UPDATE [ONLY] table [[AS] alias] SET ... [FROM ...] [WHERE cond | WHERE CURRENT OF cursor] [RETURNING ...]</c>.
/// </summary>
public sealed record UpdateStatement(RelationRef Table, IReadOnlyList<SetClause> Set) : Statement
{
    /// <summary>WITH clause or null.</summary>
    public WithClause? With { get; init; }

    /// <summary>FROM items.</summary>
    public IReadOnlyList<TableRef> From { get; init; } = [];

    /// <summary>WHERE condition.</summary>
    public Expr? Where { get; init; }

    /// <summary>Cursor name of WHERE CURRENT OF.</summary>
    public string? WhereCurrentOf { get; init; }

    /// <summary>RETURNING targets.</summary>
    public IReadOnlyList<ResultTarget> Returning { get; init; } = [];
}

/// <summary><c>[WITH ...] DELETE FROM [ONLY] table [[AS] alias] [USING ...] [WHERE ... | WHERE CURRENT OF c] [RETURNING ...]</c>.</summary>
public sealed record DeleteStatement(RelationRef Table) : Statement
{
    /// <summary>WITH clause or null.</summary>
    public WithClause? With { get; init; }

    /// <summary>USING items.</summary>
    public IReadOnlyList<TableRef> Using { get; init; } = [];

    /// <summary>WHERE condition.</summary>
    public Expr? Where { get; init; }

    /// <summary>Cursor name of WHERE CURRENT OF.</summary>
    public string? WhereCurrentOf { get; init; }

    /// <summary>RETURNING targets.</summary>
    public IReadOnlyList<ResultTarget> Returning { get; init; } = [];
}

/// <summary>
/// An index column: a column name (<see cref="Column"/>) or an expression (<see cref="Expression"/>, written in
/// parentheses or as a function call), with optional collation, operator class (<c>vector_l2_ops</c>), direction and nulls order.
/// </summary>
public sealed record IndexElement(string? Column, Expr? Expression) : SqlNode
{
    /// <summary>COLLATE name.</summary>
    public QualifiedName? Collation { get; init; }

    /// <summary>Operator class name, e.g. vector_l2_ops, text_pattern_ops.</summary>
    public QualifiedName? OpClass { get; init; }

    /// <summary>Operator class parameters <c>opclass (k = v)</c>.</summary>
    public IReadOnlyList<DefElem> OpClassOptions { get; init; } = [];

    /// <summary>ASC / DESC.</summary>
    public SortDirection Direction { get; init; }

    /// <summary>NULLS FIRST / LAST.</summary>
    public NullsOrder Nulls { get; init; }
}
