namespace OmenDb.Engine.Sessions;

/// <summary>How the engine stores data.</summary>
public sealed class EngineOptions
{
    /// <summary>Directory of the RocksDB store; ignored when <see cref="InMemory"/>.</summary>
    public string DataDirectory { get; init; } = "./data";

    /// <summary>Keep everything in memory (nothing survives a restart).</summary>
    public bool InMemory { get; init; }

    /// <summary>How often the background reclaimer looks for old row versions to drop (zero: only VACUUM reclaims).</summary>
    public TimeSpan ReclaimInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Wraps the opened KV store (tests inject storage faults through it); null for none.</summary>
    internal Func<OmenDb.Storage.Kv.IKvStore, OmenDb.Storage.Kv.IKvStore>? WrapStore { get; init; }

    /// <summary>
    /// Sessions allowed at once (PostgreSQL's max_connections; the last <see cref="DatabaseEngine.ReservedSuperuserConnections"/>
    /// of them only for superusers), or 0 for no limit (an embedded engine; the server passes its own, 100 by default).
    /// </summary>
    public int MaxConnections { get; init; }

    /// <summary>Password for the bootstrap superuser "postgres" (OMENDB_PASSWORD), or null for none.</summary>
    public string? SuperuserPassword { get; init; }
}
