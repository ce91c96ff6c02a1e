using OmenDb.Storage.Kv;

namespace OmenDb.Storage.Tests.Kv;

/// <summary>The KV contract against <see cref="InMemoryKvStore"/>.</summary>
public sealed class InMemoryKvStoreContractTests : KvStoreContractTests
{
    protected override IKvStore CreateStoreCore() => new InMemoryKvStore();
}
