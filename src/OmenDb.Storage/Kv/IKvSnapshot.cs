namespace OmenDb.Storage.Kv;

/// <summary>
/// A point-in-time view of a store, passed to <see cref="IKvStore.Get"/> and <see cref="IKvStore.CreateIterator(IKvSnapshot?)"/>.
/// Writes made after it was taken are invisible through it. It pins old versions (RocksDB cannot compact them away)
/// until disposed, so keep it for a statement or a transaction, not longer. Usable from any thread.
/// </summary>
public interface IKvSnapshot : IDisposable
{
}
