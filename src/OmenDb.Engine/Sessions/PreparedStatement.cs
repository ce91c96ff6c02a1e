using OmenDb.Engine.Types;

namespace OmenDb.Engine.Sessions;

/// <summary>
/// A parsed and bound statement (extended-protocol Parse, or one statement of a simple Query).
/// Describe reads <see cref="ParameterTypes"/> and <see cref="Columns"/>.
/// </summary>
public sealed partial class PreparedStatement
{
    /// <summary>The statement's source text.</summary>
    public string Sql { get; }

    /// <summary>The type of each $n parameter, declared by the client or inferred by the binder.</summary>
    public IReadOnlyList<PgType> ParameterTypes { get; internal set; }

    /// <summary>The result columns, or null when the statement returns no rows (NoData).</summary>
    public IReadOnlyList<ResultColumn>? Columns { get; internal set; }
}
