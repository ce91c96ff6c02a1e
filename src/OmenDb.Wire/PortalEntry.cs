using OmenDb.Engine.Columnar;
using OmenDb.Engine.Sessions;
using OmenDb.Wire.Types;

namespace OmenDb.Wire;

/// <summary>
/// A portal as the connection tracks it: the engine's portal, its result formats, and the batch it is in the middle
/// of (Execute's row limit or a flush can stop inside a batch; the next Execute starts where this one stopped).
/// </summary>
internal sealed class PortalEntry(Portal portal, ResultFormats formats)
{
    /// <summary>The engine's portal.</summary>
    public Portal Portal { get; } = portal;

    /// <summary>Text or binary per column.</summary>
    public ResultFormats Formats { get; } = formats;

    /// <summary>The batch being sent, or null when the next rows must be fetched.</summary>
    public Batch? Batch { get; set; }

    /// <summary>The next live row of <see cref="Batch"/> to send.</summary>
    public int NextRow { get; set; }
}
