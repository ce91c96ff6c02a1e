namespace OmenDb.Storage.Kv;

/// <summary>
/// A sorted run of puts and deletes built outside the store and then added to it whole by
/// <see cref="IKvStore.Ingest"/>: RocksDB writes it as an SST file and links that file into the tree, so bulk loads
/// skip the WAL and the memtable. Keys must strictly ascend (unsigned bytewise) across all operations of one file; an
/// out-of-order key is an <see cref="ArgumentException"/>. The file copies keys and values, so the caller's buffers
/// may be reused at once. Not thread-safe (one thread per file; different files may be written in parallel); belongs
/// to the store that created it and can be ingested once. Disposing a file that was not ingested discards it.
/// </summary>
public interface IKvIngestFile : IDisposable
{
    /// <summary>The number of operations added so far.</summary>
    long Count { get; }

    /// <summary>Adds "set <paramref name="key"/> to <paramref name="value"/>"; <paramref name="key"/> must follow every key added before.</summary>
    void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

    /// <summary>Adds "remove <paramref name="key"/>"; <paramref name="key"/> must follow every key added before.</summary>
    void Delete(ReadOnlySpan<byte> key);
}
