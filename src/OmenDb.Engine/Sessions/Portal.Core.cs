using OmenDb.Engine.Columnar;

namespace OmenDb.Engine.Sessions;

public sealed partial class Portal
{
    /// <summary>
    /// Runs the portal until it has produced up to <paramref name="maxRows"/> live rows (0 = no limit) and returns
    /// them as a batch; returns false when nothing is left (then <see cref="CommandTag"/> is set). For commands,
    /// the first call executes the command and returns false.
    /// </summary>
    public bool TryFetch(int maxRows, out Batch? batch)
    {
        batch = null;
        IsComplete = true;
        return false;
    }

    /// <summary>Releases the portal's execution state.</summary>
    public void Dispose()
    {
    }
}
