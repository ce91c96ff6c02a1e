using System.Buffers;

namespace OmenDb.Storage.Kv;

/// <summary>
/// An ordered byte-key/byte-value store: the contract the engine relies on, implemented by <see cref="RocksDbStore"/>
/// (durable) and <see cref="InMemoryKvStore"/> (tests, temporary databases). Both pass the same contract tests.
/// </summary>
/// <remarks>
/// <para>Keys order by unsigned bytewise comparison (memcmp, shorter prefix first); the empty key is valid and smallest.
/// Keys and values are spans: nothing on the read or write path allocates managed memory in <see cref="RocksDbStore"/>.</para>
/// <para>Thread safety: every member may be called concurrently, except that one batch or one iterator is used by one
/// thread at a time. Readers never block the writer. A single <see cref="Put"/>, <see cref="Delete"/> or
/// <see cref="Write"/> is atomic; reads without a snapshot see the latest committed state.</para>
/// <para>Disposing the store while calls are in flight is a caller bug; it surfaces as <see cref="ObjectDisposedException"/>.
/// Iterators, snapshots and values still alive keep the native store open until they are disposed.</para>
/// </remarks>
public interface IKvStore : IDisposable
{
    /// <summary>
    /// Looks up <paramref name="key"/>, optionally as of <paramref name="snapshot"/>. The result points at the stored
    /// bytes without copying (RocksDB pins the block) and must be disposed; check <see cref="KvValue.Exists"/>.
    /// </summary>
    KvValue Get(ReadOnlySpan<byte> key, IKvSnapshot? snapshot = null);

    /// <summary>Copies the value of <paramref name="key"/> into <paramref name="destination"/>; false when absent.</summary>
    bool TryGet(ReadOnlySpan<byte> key, IBufferWriter<byte> destination, IKvSnapshot? snapshot = null);

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> (durability per the store's default sync setting).</summary>
    void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

    /// <summary>Removes <paramref name="key"/>; removing an absent key is not an error.</summary>
    void Delete(ReadOnlySpan<byte> key);

    /// <summary>Creates an empty batch bound to this store; apply it with <see cref="Write"/>.</summary>
    IKvWriteBatch CreateWriteBatch();

    /// <summary>
    /// Applies <paramref name="batch"/> atomically: readers see all of it or none of it, and after a crash either all
    /// of it is there or none. With <paramref name="sync"/> the call returns only once the WAL is on stable storage.
    /// The batch is not cleared and may be written again.
    /// </summary>
    void Write(IKvWriteBatch batch, bool sync);

    /// <summary>Creates an empty sorted file bound to this store; add it with <see cref="Ingest"/>.</summary>
    IKvIngestFile CreateIngestFile();

    /// <summary>
    /// Adds <paramref name="files"/> atomically: readers see all of their operations or none, a crash leaves all or none,
    /// and the call returns only once they are on stable storage. Their operations take effect after every write that
    /// returned before. The files' key ranges must ascend and not overlap (file i's last key below file i+1's first key;
    /// else <see cref="ArgumentException"/> and nothing is added); empty files are skipped. A file is consumed even when
    /// the call fails: build it again to retry.
    /// </summary>
    void Ingest(IReadOnlyList<IKvIngestFile> files);

    /// <summary>
    /// Creates an iterator over keys in [<paramref name="lowerBound"/>, <paramref name="upperBound"/>). An empty upper
    /// bound means "no upper bound" (an empty exclusive bound would be an empty range, which nobody asks for). The
    /// iterator reads a consistent view: <paramref name="snapshot"/>, or else the state when it was created. It starts
    /// unpositioned: call a Seek method first.
    /// </summary>
    IKvIterator CreateIterator(ReadOnlySpan<byte> lowerBound, ReadOnlySpan<byte> upperBound, IKvSnapshot? snapshot = null);

    /// <summary>Creates an unbounded iterator; see <see cref="CreateIterator(ReadOnlySpan{byte}, ReadOnlySpan{byte}, IKvSnapshot?)"/>.</summary>
    IKvIterator CreateIterator(IKvSnapshot? snapshot = null);

    /// <summary>
    /// Creates an iterator for one pass over a large range (the start-up load): the same entries as
    /// <see cref="CreateIterator(ReadOnlySpan{byte}, ReadOnlySpan{byte}, IKvSnapshot?)"/>, but a store with a cache
    /// does not fill it with what the pass reads, and reads files ahead in large pieces.
    /// </summary>
    IKvIterator CreateScanIterator(ReadOnlySpan<byte> lowerBound, ReadOnlySpan<byte> upperBound) => CreateIterator(lowerBound, upperBound);

    /// <summary>Captures the current state; reads through it ignore later writes. Dispose it to let old versions go.</summary>
    IKvSnapshot CreateSnapshot();

    /// <summary>Writes memtables to table files and waits (no effect in memory).</summary>
    void Flush();

    /// <summary>Writes buffered WAL records to the OS; with <paramref name="sync"/> also fsyncs them.</summary>
    void FlushWal(bool sync);

    /// <summary>
    /// Compacts keys in [<paramref name="start"/>, <paramref name="limit"/>]; an empty span means "from the first" or
    /// "to the last" key. Reclaims space after large deletes.
    /// </summary>
    void CompactRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> limit);

    /// <summary>
    /// The number of keys, estimated (RocksDB's <c>rocksdb.estimate-num-keys</c>: exact for the in-memory store,
    /// approximate with overwrites and deletes on RocksDB). For planning, never for correctness.
    /// </summary>
    long GetApproximateKeyCount();
}
