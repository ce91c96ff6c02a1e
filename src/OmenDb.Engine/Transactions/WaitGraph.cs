namespace OmenDb.Engine.Transactions;

/// <summary>
/// Who waits for whom, for deadlock detection (PostgreSQL's deadlock.c, simplified): each waiting session registers
/// what it waits for and how to find the sessions (process ids) that block it. A waiter that has waited
/// deadlock_timeout looks once for a cycle that leads back to itself; if there is one it fails with 40P01 and its
/// transaction's abort releases what the others wait for. Edges are computed when the check runs, so a blocker that
/// has meanwhile finished drops out by itself.
/// </summary>
internal sealed class WaitGraph
{
    private readonly object _lock = new();
    private readonly Dictionary<int, (string What, Func<IReadOnlyList<int>> Blockers)> _waiting = [];

    /// <summary>Whether any session is waiting for a lock now.</summary>
    public bool HasWaiters
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count > 0;
            }
        }
    }

    /// <summary>Records that <paramref name="processId"/> waits for <paramref name="what"/> (e.g. "ShareLock on transaction 12").</summary>
    public void Enter(int processId, string what, Func<IReadOnlyList<int>> blockers)
    {
        lock (_lock)
        {
            _waiting[processId] = (what, blockers);
        }
    }

    /// <summary>The wait of <paramref name="processId"/> is over.</summary>
    public void Exit(int processId)
    {
        lock (_lock)
        {
            _waiting.Remove(processId);
        }
    }

    /// <summary>
    /// The DETAIL of PostgreSQL's "deadlock detected" when a cycle of waits leads from <paramref name="processId"/>
    /// back to it ("Process A waits for X; blocked by process B." one line per process on the cycle), else null.
    /// </summary>
    public string? FindCycle(int processId)
    {
        lock (_lock)
        {
            var path = new List<(int Process, int BlockedBy)>();
            var visited = new HashSet<int>();
            return Search(processId, processId, path, visited)
                ? string.Join('\n', path.Select(p => $"Process {p.Process} waits for {_waiting[p.Process].What}; blocked by process {p.BlockedBy}."))
                : null;
        }
    }

    private bool Search(int start, int current, List<(int, int)> path, HashSet<int> visited)
    {
        if (!_waiting.TryGetValue(current, out var wait) || !visited.Add(current))
        {
            return false;
        }

        foreach (var blocker in wait.Blockers())
        {
            if (blocker == current)
            {
                continue;
            }

            path.Add((current, blocker));
            if (blocker == start || Search(start, blocker, path, visited))
            {
                return true;
            }

            path.RemoveAt(path.Count - 1);
        }

        return false;
    }
}
