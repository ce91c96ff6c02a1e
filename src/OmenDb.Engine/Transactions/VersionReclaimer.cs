using OmenDb.Engine.Catalog;
using OmenDb.Engine.Persistence;

namespace OmenDb.Engine.Transactions;

/// <summary>
/// Reclaims row versions no snapshot can see and forgets finished transactions (PostgreSQL's VACUUM and xid freezing).
/// A cycle closes the <see cref="ReclaimGate"/>, computes the horizon (the oldest sequence a running transaction can
/// read at), compacts each table that has enough reclaimable versions (<see cref="Columnar.ColumnarTable.Compact"/>),
/// carries the row id renumbering into the unique indexes and the journals of running transactions, truncates the
/// transaction states below the horizon, and reopens the gate.
/// <para>Cycles run in the background (a timer, when enough versions were ended since the last compaction or enough
/// transaction states piled up) and on VACUUM, which compacts every table it names whatever the count. A background
/// cycle gives up when a portal or transaction keeps the gate open for longer than a short wait.</para>
/// </summary>
internal sealed class VersionReclaimer : IDisposable
{
    /// <summary>Ended versions since the last compaction below which a background cycle leaves a table alone.</summary>
    public const int MinEndedVersions = 1024;

    /// <summary>Transaction states held above which a background cycle runs even when no table is due.</summary>
    public const int MaxStates = 16_384;

    private static readonly TimeSpan BackgroundWait = TimeSpan.FromMilliseconds(20);

    /// <summary>Most timer ticks a background cycle skips after failing to close the gate (an open cursor holds it).</summary>
    private const int MaxBackoffTicks = 30;
    private static readonly TimeSpan VacuumWait = TimeSpan.FromSeconds(5);

    private readonly CatalogStore _catalog;
    private readonly TransactionManager _transactions;
    private readonly DurableStore? _durable;
    private readonly Func<bool> _lockWaits;
    private readonly object _runLock = new();
    private Timer? _timer;
    private long _reclaimedVersions;
    private long _cycles;
    private int _backoff;
    private int _skipTicks;

    public VersionReclaimer(CatalogStore catalog, TransactionManager transactions, DurableStore? durable, Func<bool> lockWaits)
    {
        _lockWaits = lockWaits;
        _catalog = catalog;
        _transactions = transactions;
        _durable = durable;
    }

    /// <summary>The gate that holders of row ids keep open.</summary>
    public ReclaimGate Gate { get; } = new();

    /// <summary>Row versions reclaimed so far.</summary>
    public long ReclaimedVersions => Interlocked.Read(ref _reclaimedVersions);

    /// <summary>Cycles that ran to completion.</summary>
    public long Cycles => Interlocked.Read(ref _cycles);

    /// <summary>Starts background cycles every <paramref name="period"/>.</summary>
    public void Start(TimeSpan period) => _timer = new Timer(_ => Background(), null, period, period);

    /// <summary>
    /// VACUUM: compacts <paramref name="tables"/> (all tables when null) as far as the horizon allows. The caller's
    /// statement holds <paramref name="ownHolds"/> of the gate's holds. Returns false when other holders did not leave
    /// in time (a long-running portal, or a transaction blocked on a lock), in which case nothing was done.
    /// </summary>
    public bool Vacuum(IReadOnlyList<TableInfo>? tables, int ownHolds)
    {
        var attempt = TimeSpan.FromMilliseconds(100);
        // Short attempts with pauses: a holder may be waiting for a row lock whose owner's next statement waits at
        // the closing gate, and only reopening lets that chain move on.
        var deadline = Environment.TickCount64 + (long)VacuumWait.TotalMilliseconds;
        while (true)
        {
            if (RunCycle(tables, ownHolds, attempt, minEnded: 0))
            {
                return true;
            }

            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            Thread.Sleep(10);
        }
    }

    private void Background()
    {
        try
        {
            // A session waiting for a row lock holds the gate; closing it would only stall everyone else for the wait.
            if (_skipTicks > 0)
            {
                _skipTicks--;
                return;
            }

            if (!_lockWaits() && (_transactions.StateCount > MaxStates || AnyTableDue()))
            {
                // Every failed attempt stalled new statements for up to BackgroundWait: back off while a long holder
                // (a suspended portal, an open cursor) keeps the gate, so the stall stays rare.
                _backoff = RunCycle(null, 0, BackgroundWait, MinEndedVersions) ? 0 : Math.Min((_backoff * 2) + 1, MaxBackoffTicks);
                _skipTicks = _backoff;
            }
        }
        catch (ObjectDisposedException)
        {
            // The engine is shutting down.
        }
    }

    private bool AnyTableDue()
    {
        foreach (var table in Tables(null))
        {
            if (IsDue(table, MinEndedVersions))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a table has seen enough ended versions (at least <paramref name="minEnded"/> and a tenth of its versions) to compact.</summary>
    private static bool IsDue(TableInfo table, long minEnded)
    {
        var ended = table.Data.EndedSinceCompaction;
        return ended >= minEnded && (minEnded == 0 || ended * 10 >= table.Data.RowVersionCount);
    }

    private bool RunCycle(IReadOnlyList<TableInfo>? tables, int ownHolds, TimeSpan wait, long minEnded)
    {
        lock (_runLock)
        {
            if (!Gate.TryClose(ownHolds, wait))
            {
                return false;
            }

            try
            {
                var horizon = _transactions.Horizon();
                foreach (var table in Tables(tables))
                {
                    if (!IsDue(table, minEnded))
                    {
                        continue;
                    }

                    // In the background, copying a table is worth it only for a fair share of dead versions.
                    var data = table.Data;
                    var map = data.Compact(_transactions, horizon, minEnded == 0 ? 1 : Math.Max(minEnded / 2, data.RowVersionCount / 20), out var reclaimed);
                    if (map is null)
                    {
                        continue;
                    }

                    foreach (var unique in table.UniqueIndexes)
                    {
                        unique.Remap(map);
                    }

                    _durable?.RemapJournals(data, map);
                    Interlocked.Add(ref _reclaimedVersions, reclaimed);
                }

                _transactions.Truncate(horizon);
                Interlocked.Increment(ref _cycles);
                return true;
            }
            finally
            {
                Gate.Open();
            }
        }
    }

    /// <summary>The tables to look at: the given ones, or every table of every database (temporary ones included).</summary>
    private List<TableInfo> Tables(IReadOnlyList<TableInfo>? tables)
    {
        if (tables is not null)
        {
            return [.. tables];
        }

        var all = new List<TableInfo>();
        lock (_catalog.SyncRoot)
        {
            foreach (var db in _catalog.Databases.Values)
            {
                foreach (var schema in db.Schemas.Values)
                {
                    foreach (var rel in schema.Relations.Values)
                    {
                        if (rel is TableInfo t)
                        {
                            all.Add(t);
                        }
                    }
                }
            }
        }

        return all;
    }

    /// <summary>Stops background cycles and waits for a running one to end.</summary>
    public void Dispose()
    {
        if (_timer is { } timer)
        {
            using var done = new ManualResetEvent(false);
            if (timer.Dispose(done))
            {
                done.WaitOne();
            }
        }

        lock (_runLock)
        {
            _timer = null;
        }
    }
}
