using System.Collections.Concurrent;
using System.Security.Cryptography;
using OmenDb.Common;
using OmenDb.Engine.Persistence;
using OmenDb.Engine.Transactions;

namespace OmenDb.Engine.Sessions;

public sealed partial class DatabaseEngine
{
    private readonly ConcurrentDictionary<int, Session> _sessions = new();
    private readonly EngineOptions _options;
    private int _nextProcessId = 1000;

    /// <summary>Sessions counted against <see cref="EngineOptions.MaxConnections"/>: those of <see cref="_sessions"/> and any being created.</summary>
    private int _sessionSlots;

    private DatabaseEngine(EngineOptions options)
    {
        if (options.MaxConnections is > 0 and <= ReservedSuperuserConnections)
        {
            // PostgreSQL refuses to start so too: no ordinary role could ever connect.
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxConnections,
                $"MaxConnections must be 0 (no limit) or more than the {ReservedSuperuserConnections} connections reserved for superusers");
        }

        _options = options;
        if (!options.InMemory)
        {
            Durable = DurableStore.Open(options.DataDirectory, Transactions, options.WrapStore);
            try
            {
                Catalog.RowLog = Durable;
                foreach (var db in Catalog.Databases.Values)
                {
                    db.RowLog = Durable;
                }

                var clock = System.Diagnostics.Stopwatch.StartNew();
                var bootstrap = Transactions.Begin();
                LoadedRows = Durable.Load(Catalog, bootstrap, db => new Session(this, 0, 0, "postgres", db.Name, new Dictionary<string, string>()).NewBinder([]));
                Transactions.Commit([bootstrap]);
                LoadTime = clock.Elapsed;
                LoadedTables = Catalog.Databases.Values.SelectMany(d => d.Schemas.Values).Sum(s => s.Relations.Values.Count(r => r is Catalog.TableInfo));
            }
            catch
            {
                Durable.Dispose();
                throw;
            }
        }

        Reclaimer = new VersionReclaimer(Catalog, Transactions, Durable, () => WaitGraph.HasWaiters);
        if (options.ReclaimInterval > TimeSpan.Zero)
        {
            Reclaimer.Start(options.ReclaimInterval);
        }
    }

    /// <summary>Sessions waiting for locks, for deadlock detection.</summary>
    internal WaitGraph WaitGraph { get; } = new();

    /// <summary>LOCK TABLE's table locks.</summary>
    internal TableLockManager TableLocks { get; } = new();

    /// <summary>Reclaims old row versions and finished transaction states (in the background, and on VACUUM).</summary>
    internal VersionReclaimer Reclaimer { get; }

    /// <summary>The durable store, or null for an in-memory engine.</summary>
    internal DurableStore? Durable { get; }

    /// <summary>Rows read back from storage at start.</summary>
    public long LoadedRows { get; }

    /// <summary>Tables rebuilt from storage at start.</summary>
    public int LoadedTables { get; }

    /// <summary>How long rebuilding the catalog and tables from storage took.</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>
    /// Commits a transaction: makes its work durable (when the engine persists), then visible under one new commit
    /// sequence. A storage failure leaves the transaction uncommitted and surfaces as the storage error.
    /// </summary>
    internal void CommitTransaction(TxJournal journal, IReadOnlyList<TransactionState> live, bool catalogChanged, bool sync)
    {
        if (Durable is null)
        {
            Transactions.Commit(live);
        }
        else
        {
            Durable.Commit(journal, live, catalogChanged ? Catalog : null, sync, () => Transactions.Commit(live));
        }
    }

    /// <summary>Forgets a rolled-back transaction's journal.</summary>
    internal void ForgetTransaction(TxJournal journal) => Durable?.Forget(journal);

    internal Catalog.CatalogStore Catalog { get; } = new();

    internal Transactions.TransactionManager Transactions { get; } = new();

    /// <summary>The options the engine was opened with.</summary>
    public EngineOptions Options => _options;

    private RoleInfo? FindRoleCore(string name)
    {
        lock (Catalog.SyncRoot)
        {
            return Catalog.Roles.TryGetValue(name, out var r)
                ? new RoleInfo(r.Name, r.Oid, r.IsSuperuser, r.CanLogin, r.Oid == 10 ? _options.SuperuserPassword ?? r.Password : r.Password)
                : null;
        }
    }

    private bool DatabaseExistsCore(string name)
    {
        lock (Catalog.SyncRoot)
        {
            return Catalog.Databases.ContainsKey(name);
        }
    }

    private Session CreateSessionCore(string user, string database, IReadOnlyDictionary<string, string> startupParameters)
    {
        var role = FindRoleCore(user);
        if (role is null)
        {
            throw new PgException(SqlState.InvalidAuthorizationSpecification, $"role \"{user}\" does not exist") { Severity = "FATAL" };
        }

        if (!role.CanLogin)
        {
            throw new PgException(SqlState.InvalidAuthorizationSpecification, $"role \"{user}\" is not permitted to log in") { Severity = "FATAL" };
        }

        if (!DatabaseExistsCore(database))
        {
            throw new PgException(SqlState.InvalidCatalogName, $"database \"{database}\" does not exist") { Severity = "FATAL" };
        }

        TakeSessionSlot(role.IsSuperuser);
        try
        {
            var pid = Interlocked.Increment(ref _nextProcessId);
            var session = new Session(this, pid, RandomNumberGenerator.GetInt32(int.MaxValue), user, database, startupParameters);
            _sessions[pid] = session;
            return session;
        }
        catch
        {
            Interlocked.Decrement(ref _sessionSlots);
            throw;
        }
    }

    /// <summary>
    /// Counts a new session against <see cref="EngineOptions.MaxConnections"/>, as PostgreSQL's backend start does:
    /// past max_connections − <see cref="ReservedSuperuserConnections"/> sessions only superusers get in, past
    /// max_connections nobody (FATAL 53300 either way, with PostgreSQL 15's messages).
    /// </summary>
    private void TakeSessionSlot(bool superuser)
    {
        var limit = _options.MaxConnections;
        if (limit <= 0)
        {
            Interlocked.Increment(ref _sessionSlots);
            return;
        }

        // Take a slot only if one is free, so that a refused connection never holds one, even for a moment.
        var allowed = limit - (superuser ? 0 : ReservedSuperuserConnections);
        var taken = Volatile.Read(ref _sessionSlots);
        while (taken < allowed)
        {
            var seen = Interlocked.CompareExchange(ref _sessionSlots, taken + 1, taken);
            if (seen == taken)
            {
                return;
            }

            taken = seen;
        }

        throw new PgException(SqlState.TooManyConnections, taken >= limit
            ? "sorry, too many clients already"
            : "remaining connection slots are reserved for non-replication superuser connections") { Severity = "FATAL" };
    }

    private bool TryCancelCore(int processId, int secretKey)
    {
        if (_sessions.TryGetValue(processId, out var session) && session.SecretKey == secretKey)
        {
            session.Cancel();
            return true;
        }

        return false;
    }

    internal void RemoveSession(Session session)
    {
        if (_sessions.TryRemove(session.ProcessId, out _))
        {
            Interlocked.Decrement(ref _sessionSlots);
        }
    }

    private void DisposeCore()
    {
        foreach (var session in _sessions.Values)
        {
            session.Cancel();
        }

        Reclaimer.Dispose();
        if (Durable is not null)
        {
            CheckpointVectorIndexes();
            Durable.Close(Catalog);
            Durable.Dispose();
        }
    }
}
