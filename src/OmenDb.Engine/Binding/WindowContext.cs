using OmenDb.Engine.Execution.Nodes;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Binding;

/// <summary>
/// State of a SELECT level whose list or ORDER BY calls window functions: the WINDOW clause's named
/// definitions and the calls bound so far, which a <see cref="WindowNode"/> computes over the level's input.
/// </summary>
internal sealed class WindowContext
{
    public WindowContext(IReadOnlyList<WindowDef> definitions) => Definitions = definitions;

    /// <summary>WINDOW name AS (...) definitions of the query level.</summary>
    public IReadOnlyList<WindowDef> Definitions { get; }

    /// <summary>The window function calls, in binding order.</summary>
    public List<WindowResultExpr> Calls { get; } = [];

    /// <summary>Set while binding a window call's arguments and clauses (window calls do not nest).</summary>
    public bool InsideWindow { get; set; }
}
