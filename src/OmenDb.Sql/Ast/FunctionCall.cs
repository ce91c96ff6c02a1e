namespace OmenDb.Sql.Ast;

/// <summary>
/// The SQL-standard spelling a <see cref="FunctionCall"/> came from (PostgreSQL's COERCE_SQL_SYNTAX);
/// the call itself is already in function form with pg_catalog names, this only drives printing.
/// </summary>
public enum FunctionSyntax
{
    /// <summary>Ordinary <c>f(args)</c>.</summary>
    Normal,
    /// <summary><c>EXTRACT(field FROM x)</c> → pg_catalog.extract('field', x).</summary>
    Extract,
    /// <summary><c>POSITION(a IN b)</c> → pg_catalog.position(b, a).</summary>
    Position,
    /// <summary><c>SUBSTRING(a FROM b FOR c)</c> → pg_catalog.substring(a, b, c); <c>FOR c</c> alone → (a, 1, c).</summary>
    Substring,
    /// <summary><c>SUBSTRING(a SIMILAR b ESCAPE c)</c> → pg_catalog.substring(a, b, c).</summary>
    SubstringSimilar,
    /// <summary><c>TRIM([BOTH] [x] FROM y)</c> → pg_catalog.btrim(y[, x]).</summary>
    TrimBoth,
    /// <summary><c>TRIM(LEADING [x] FROM y)</c> → pg_catalog.ltrim(y[, x]).</summary>
    TrimLeading,
    /// <summary><c>TRIM(TRAILING [x] FROM y)</c> → pg_catalog.rtrim(y[, x]).</summary>
    TrimTrailing,
    /// <summary><c>OVERLAY(a PLACING b FROM c [FOR d])</c> → pg_catalog.overlay(a, b, c[, d]).</summary>
    Overlay,
    /// <summary><c>x AT TIME ZONE z</c> → pg_catalog.timezone(z, x).</summary>
    AtTimeZone,
    /// <summary><c>(a, b) OVERLAPS (c, d)</c> → pg_catalog.overlaps(a, b, c, d).</summary>
    Overlaps,
}

/// <summary>
/// A function or aggregate call. <see cref="Name"/> is the (possibly qualified) function name; <see cref="Args"/>
/// the arguments, where a named argument <c>name =&gt; value</c> is a <see cref="NamedArgExpr"/>.
/// </summary>
public sealed record FunctionCall(QualifiedName Name, IReadOnlyList<Expr> Args) : Expr
{
    /// <summary><c>count(*)</c>: true and <see cref="Args"/> empty.</summary>
    public bool Star { get; init; }

    /// <summary><c>agg(DISTINCT x)</c>.</summary>
    public bool Distinct { get; init; }

    /// <summary>The last argument was marked <c>VARIADIC</c>.</summary>
    public bool VariadicLast { get; init; }

    /// <summary>Aggregate ordering: <c>string_agg(x, ',' ORDER BY y)</c>, or the WITHIN GROUP list (see <see cref="WithinGroup"/>).</summary>
    public IReadOnlyList<SortItem> OrderBy { get; init; } = [];

    /// <summary><see cref="OrderBy"/> came from <c>WITHIN GROUP (ORDER BY ...)</c> (ordered-set aggregate).</summary>
    public bool WithinGroup { get; init; }

    /// <summary><c>FILTER (WHERE cond)</c>.</summary>
    public Expr? Filter { get; init; }

    /// <summary><c>OVER (...)</c> or <c>OVER name</c>; null when not a window call.</summary>
    public WindowSpec? Over { get; init; }

    /// <summary>SQL-standard spelling this call was written in (printing only).</summary>
    public FunctionSyntax Syntax { get; init; }
}

/// <summary>A named argument <c>name =&gt; value</c> (or the old <c>name := value</c>).</summary>
public sealed record NamedArgExpr(string Name, Expr Value) : Expr;

/// <summary>Sort direction of an ORDER BY item.</summary>
public enum SortDirection
{
    /// <summary>Not written (ascending).</summary>
    Default,
    /// <summary>ASC.</summary>
    Asc,
    /// <summary>DESC.</summary>
    Desc,
    /// <summary>USING op (see <see cref="SortItem.UsingOp"/>).</summary>
    Using,
}

/// <summary>NULLS FIRST / LAST.</summary>
public enum NullsOrder
{
    /// <summary>Not written (NULLS LAST for ASC, FIRST for DESC).</summary>
    Default,
    /// <summary>NULLS FIRST.</summary>
    First,
    /// <summary>NULLS LAST.</summary>
    Last,
}

/// <summary>An ORDER BY item: <c>expr [ASC|DESC|USING op] [NULLS FIRST|LAST]</c>. An integer literal is an output column ordinal.</summary>
public sealed record SortItem(Expr Expr, SortDirection Direction, NullsOrder Nulls) : SqlNode
{
    /// <summary>Operator of <c>USING op</c> (e.g. "&lt;", "&gt;"), else null.</summary>
    public string? UsingOp { get; init; }

    /// <summary>0-based offset of the USING operator (PostgreSQL reports its errors there).</summary>
    public int UsingPosition { get; init; }
}

/// <summary>
/// A window specification. For <c>OVER w</c> only <see cref="RefName"/> is set and <see cref="IsBareName"/> is true;
/// <c>OVER (w ORDER BY x)</c> copies w's definition and adds to it. In the WINDOW clause the spec is named by <see cref="WindowDef"/>.
/// </summary>
public sealed record WindowSpec(string? RefName, IReadOnlyList<Expr> PartitionBy, IReadOnlyList<SortItem> OrderBy, WindowFrame? Frame)
    : SqlNode
{
    /// <summary><c>OVER name</c> without parentheses.</summary>
    public bool IsBareName { get; init; }
}

/// <summary>ROWS, RANGE or GROUPS.</summary>
public enum FrameMode
{
    /// <summary>ROWS.</summary>
    Rows,
    /// <summary>RANGE.</summary>
    Range,
    /// <summary>GROUPS.</summary>
    Groups,
}

/// <summary>Kind of frame boundary.</summary>
public enum FrameBoundKind
{
    /// <summary>UNBOUNDED PRECEDING.</summary>
    UnboundedPreceding,
    /// <summary>offset PRECEDING.</summary>
    Preceding,
    /// <summary>CURRENT ROW.</summary>
    CurrentRow,
    /// <summary>offset FOLLOWING.</summary>
    Following,
    /// <summary>UNBOUNDED FOLLOWING.</summary>
    UnboundedFollowing,
}

/// <summary>A frame boundary; <see cref="Offset"/> set for n PRECEDING / n FOLLOWING.</summary>
public sealed record FrameBound(FrameBoundKind Kind, Expr? Offset) : SqlNode;

/// <summary>EXCLUDE option of a frame.</summary>
public enum FrameExclusion
{
    /// <summary>Not written (EXCLUDE NO OTHERS).</summary>
    None,
    /// <summary>EXCLUDE CURRENT ROW.</summary>
    CurrentRow,
    /// <summary>EXCLUDE GROUP.</summary>
    Group,
    /// <summary>EXCLUDE TIES.</summary>
    Ties,
    /// <summary>EXCLUDE NO OTHERS written explicitly.</summary>
    NoOthers,
}

/// <summary>
/// <c>ROWS|RANGE|GROUPS start</c> (End null) or <c>... BETWEEN start AND end</c>, with optional EXCLUDE.
/// </summary>
public sealed record WindowFrame(FrameMode Mode, FrameBound Start, FrameBound? End, FrameExclusion Exclusion) : SqlNode;

/// <summary>A <c>WINDOW name AS (spec)</c> entry.</summary>
public sealed record WindowDef(string Name, WindowSpec Spec) : SqlNode;
