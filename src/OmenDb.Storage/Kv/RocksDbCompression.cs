namespace OmenDb.Storage.Kv;

/// <summary>
/// Block compression for levels 2 and below (levels 0 and 1 stay uncompressed: they are rewritten soon, and
/// compressing them costs write throughput for little space). The numbers are the <c>rocksdb_*_compression</c> values
/// of <c>c.h</c>. When the library was built without the chosen codec, opening falls back Lz4 → Snappy → None.
/// </summary>
public enum RocksDbCompression
{
    /// <summary>No compression.</summary>
    None = 0,

    /// <summary>Snappy.</summary>
    Snappy = 1,

    /// <summary>LZ4 (the default: fast to decompress, so cheap on the read path).</summary>
    Lz4 = 4,
}
