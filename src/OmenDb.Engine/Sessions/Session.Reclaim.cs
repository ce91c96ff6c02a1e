using System.Diagnostics;

namespace OmenDb.Engine.Sessions;

// Holding row ids against version reclamation: while this session runs or suspends a portal, copies, commits or rolls
// back, it holds the engine's ReclaimGate open (one hold per session, counted here), because compaction renumbers the
// row ids that scans, the journal and the unique indexes hand around. An idle session holds nothing.
public sealed partial class Session
{
    private int _gatePins;

    /// <summary>Takes a hold on the reclaim gate (waits while a reclamation cycle runs); pair with <see cref="UnpinRowIds"/>.</summary>
    internal void PinRowIds()
    {
        if (_gatePins++ == 0)
        {
            _engine.Reclaimer.Gate.Enter();
        }
    }

    /// <summary>Releases a hold taken by <see cref="PinRowIds"/>.</summary>
    internal void UnpinRowIds()
    {
        Debug.Assert(_gatePins > 0, "unbalanced UnpinRowIds");
        if (--_gatePins == 0)
        {
            _engine.Reclaimer.Gate.Exit();
        }
    }

    /// <summary>How many gate holds this session's own running statement has (VACUUM waits for everyone else's).</summary>
    internal int GateHolds => _gatePins > 0 ? 1 : 0;
}
