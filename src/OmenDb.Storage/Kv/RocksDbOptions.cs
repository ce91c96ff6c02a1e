namespace OmenDb.Storage.Kv;

/// <summary>Settings for <see cref="RocksDbStore.Open"/>. Defaults suit a server with a few GB of RAM.</summary>
/// <param name="Path">The data directory; created (with its parents) when <see cref="CreateIfMissing"/> is set.</param>
public sealed record RocksDbOptions(string Path)
{
    /// <summary>Create an empty store when <see cref="Path"/> holds none (RocksDB <c>create_if_missing</c>).</summary>
    public bool CreateIfMissing { get; init; } = true;

    /// <summary>Fail when a store already exists at <see cref="Path"/> (RocksDB <c>error_if_exists</c>; 58P02).</summary>
    public bool ErrorIfExists { get; init; }

    /// <summary>Capacity of the LRU block cache for uncompressed data blocks, in bytes (default 64 MiB).</summary>
    public long BlockCacheBytes { get; init; } = 64L << 20;

    /// <summary>Bits per key of the full bloom filter (10 ≈ 1% false positives); 0 disables the filter.</summary>
    public int BloomBitsPerKey { get; init; } = 10;

    /// <summary>Block compression; see <see cref="RocksDbCompression"/>.</summary>
    public RocksDbCompression Compression { get; init; } = RocksDbCompression.Lz4;

    /// <summary>
    /// Whether the SST files written for ingestion (<see cref="RocksDbStore.CreateIngestFile"/>: large commits such as
    /// a bulk COPY) are compressed with <see cref="Compression"/>. Off by default: they are written while the COPY
    /// runs and LZ4 was 4-6% of its CPU. The cost is disk space: a file ingested into an empty key range lands in the
    /// bottommost level, which no compaction rewrites until later writes overlap it, so bulk-loaded rows stay about
    /// 15% larger on disk (RESULTS.md, 16:16–16:30 section).
    /// </summary>
    public bool CompressIngestFiles { get; init; }

    /// <summary>
    /// Whether <see cref="RocksDbStore.Put"/> and <see cref="RocksDbStore.Delete"/> fsync the WAL before returning.
    /// Commits go through <see cref="RocksDbStore.Write"/>, which takes the flag per call.
    /// </summary>
    public bool SyncWrites { get; init; }

    /// <summary>Skip the WAL entirely: unflushed writes are lost on a crash. For bulk loads and tests only.</summary>
    public bool DisableWal { get; init; }

    /// <summary>Size of one memtable in bytes (default 64 MiB); the level-style tuning budgets four of them.</summary>
    public long WriteBufferBytes { get; init; } = 64L << 20;

    /// <summary>Table files kept open (-1: all). Default 1,000 stays under the usual 1,024 descriptor limit with sockets.</summary>
    public int MaxOpenFiles { get; init; } = 1000;

    /// <summary>Background threads for flushes and compactions (RocksDB <c>increase_parallelism</c>).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Open with automatic compactions off until <see cref="RocksDbStore.ResumeCompactions"/>: a start-up that first
    /// reads everything (the engine's load) then does not share the cores with a compaction left over from the last run.
    /// </summary>
    public bool DeferCompactions { get; init; }

    /// <summary>Check checksums and consistency aggressively, failing early on corruption (RocksDB <c>paranoid_checks</c>).</summary>
    public bool ParanoidChecks { get; init; } = true;
}
