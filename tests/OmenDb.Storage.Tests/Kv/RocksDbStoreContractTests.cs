using OmenDb.Storage.Kv;

namespace OmenDb.Storage.Tests.Kv;

/// <summary>The KV contract against <see cref="RocksDbStore"/>, each store in its own temporary directory.</summary>
public sealed class RocksDbStoreContractTests : KvStoreContractTests
{
    private readonly TempDirectory _directory = new();
    private int _next;

    /// <summary>Small caches and memtables: tests open many stores on a shared two-core machine.</summary>
    internal static RocksDbOptions SmallOptions(string path) => new(path)
    {
        BlockCacheBytes = 8L << 20,
        WriteBufferBytes = 4L << 20,
        Parallelism = 2,
    };

    protected override IKvStore CreateStoreCore() => RocksDbStore.Open(SmallOptions(_directory.Sub("db" + _next++)));

    public override void Dispose()
    {
        base.Dispose();
        _directory.Dispose();
    }
}
