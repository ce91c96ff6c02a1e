namespace OmenDb.Sql.Ast;

/// <summary>
/// Base of every AST node. Nodes are immutable records; child lists are arrays exposed as
/// <see cref="IReadOnlyList{T}"/>, so records do not compare structurally (compare printed SQL instead).
/// </summary>
public abstract record SqlNode
{
    /// <summary>0-based character offset of the node's first token in the whole query string (field P is this + 1).</summary>
    public int Position { get; init; }
}

/// <summary>A complete SQL statement.</summary>
public abstract record Statement : SqlNode;

/// <summary>A value expression.</summary>
public abstract record Expr : SqlNode;

/// <summary>
/// A possibly qualified object name (<c>schema.table</c>, <c>db.schema.table</c>, <c>table.column</c>).
/// Unquoted parts are folded to lower case, quoted parts kept as written.
/// </summary>
public sealed record QualifiedName(IReadOnlyList<string> Parts) : SqlNode
{
    /// <summary>The last part: the object's own name.</summary>
    public string Name => Parts[^1];

    /// <summary>The part before the name (usually the schema), or null when unqualified.</summary>
    public string? Schema => Parts.Count > 1 ? Parts[^2] : null;

    /// <summary>The part two before the name (usually the database), or null.</summary>
    public string? Catalog => Parts.Count > 2 ? Parts[^3] : null;

    /// <summary>Creates an unqualified name.</summary>
    public static QualifiedName Of(string name, int position = 0) => new([name]) { Position = position };

    /// <inheritdoc/>
    public override string ToString() => string.Join('.', Parts);
}

/// <summary><c>AS alias (col1, col2)</c> on a FROM item or a parenthesised join.</summary>
public sealed record TableAlias(string Name, IReadOnlyList<string> Columns) : SqlNode;

/// <summary>CASCADE / RESTRICT on DROP and friends.</summary>
public enum DropBehavior
{
    /// <summary>Not written (RESTRICT semantics).</summary>
    Default,
    /// <summary>RESTRICT.</summary>
    Restrict,
    /// <summary>CASCADE.</summary>
    Cascade,
}

/// <summary>How an option value was written; the binder interprets <see cref="OptionValue.Text"/>.</summary>
public enum OptionValueKind
{
    /// <summary>An identifier or keyword (folded to lower case unless quoted), e.g. <c>csv</c>, <c>on</c>, <c>true</c>.</summary>
    Word,
    /// <summary>A string constant.</summary>
    String,
    /// <summary>A number, possibly signed (<c>-1</c>, <c>0.5</c>).</summary>
    Number,
    /// <summary><c>*</c> (COPY FORCE_QUOTE *).</summary>
    Star,
    /// <summary>A parenthesised list of words, see <see cref="OptionValue.Items"/>.</summary>
    List,
    /// <summary>The keyword NULL (PASSWORD NULL).</summary>
    Null,
}

/// <summary>A value in an option list or SET: <see cref="Text"/> is the word, the unquoted string or the number.</summary>
public sealed record OptionValue(OptionValueKind Kind, string Text)
{
    /// <summary>Items of a <see cref="OptionValueKind.List"/> value (column names for COPY FORCE_QUOTE (a, b)).</summary>
    public IReadOnlyList<string> Items { get; init; } = [];
}

/// <summary>
/// A generic <c>name [= value]</c> option (PostgreSQL's DefElem): storage parameters <c>WITH (fillfactor=100)</c>,
/// COPY and EXPLAIN options, CREATE DATABASE options, role options. Name is lower case; dotted names
/// (<c>toast.autovacuum_enabled</c>) are kept joined with '.'. Value is null when only the name was written.
/// </summary>
public sealed record DefElem(string Name, OptionValue? Value) : SqlNode;
