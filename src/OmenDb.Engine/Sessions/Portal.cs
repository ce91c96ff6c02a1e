namespace OmenDb.Engine.Sessions;

/// <summary>
/// A bound statement ready to run (extended-protocol portal). The wire pulls rows with
/// <see cref="TryFetch"/> until it returns false, then reads <see cref="CommandTag"/>. A row limit
/// (Execute's max rows) leaves the portal suspended; the next TryFetch continues where it stopped.
/// </summary>
public sealed partial class Portal : IDisposable
{
    /// <summary>What running this portal produces.</summary>
    public PortalKind Kind { get; internal set; }

    /// <summary>Result columns when <see cref="Kind"/> is <see cref="PortalKind.Rows"/>, else null.</summary>
    public IReadOnlyList<ResultColumn>? Columns { get; internal set; }

    /// <summary>The COPY FROM STDIN target when <see cref="Kind"/> is CopyIn (valid after the first TryFetch).</summary>
    public ICopyIn? CopyIn { get; internal set; }

    /// <summary>The COPY TO STDOUT source when <see cref="Kind"/> is CopyOut (valid after the first TryFetch).</summary>
    public ICopyOut? CopyOut { get; internal set; }

    /// <summary>The CommandComplete tag, e.g. "SELECT 3", "INSERT 0 1"; set once the portal is exhausted.</summary>
    public string? CommandTag { get; internal set; }

    /// <summary>Whether the portal has produced everything (no more rows).</summary>
    public bool IsComplete { get; internal set; }
}
