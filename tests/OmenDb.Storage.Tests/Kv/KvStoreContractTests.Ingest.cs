namespace OmenDb.Storage.Tests.Kv;

// Ingest files: sorted runs added whole, atomically, after every earlier write.
public abstract partial class KvStoreContractTests
{
    [Fact]
    public void Ingested_files_add_their_puts_and_deletes_after_earlier_writes()
    {
        var store = CreateStore();
        PutAll(store, "a", "c", "x");
        using var low = store.CreateIngestFile();
        low.Put(B("a"), B("new-a"));
        low.Put(B("b"), B("new-b"));
        low.Delete(B("c"));
        using var high = store.CreateIngestFile();
        high.Put(B("m"), B("new-m"));
        high.Delete(B("nothing-here"));
        Assert.Equal((3, 2), (low.Count, high.Count));
        using var snapshot = store.CreateSnapshot();

        store.Ingest([low, high]);

        using var it = store.CreateIterator();
        Assert.Equal(["a", "b", "m", "x"], KeysForward(it).Select(k => System.Text.Encoding.UTF8.GetString(k)));
        Assert.Equal(B("new-a"), GetOrNull(store, B("a")));
        Assert.Equal(B("new-m"), GetOrNull(store, B("m")));
        Assert.Equal(B("v-x"), GetOrNull(store, B("x")));
        // A snapshot taken before sees none of it.
        Assert.Equal(B("v-c"), GetOrNull(store, B("c"), snapshot));
        Assert.Null(GetOrNull(store, B("b"), snapshot));
    }

    [Fact]
    public void Later_writes_win_over_ingested_keys()
    {
        var store = CreateStore();
        using var file = store.CreateIngestFile();
        for (var i = 0; i < 1000; i++)
        {
            file.Put(B($"k{i:D4}"), B($"v{i}"));
        }

        store.Ingest([file]);
        store.Put(B("k0005"), B("after"));
        store.Delete(B("k0006"));
        Assert.Equal(B("after"), GetOrNull(store, B("k0005")));
        Assert.Null(GetOrNull(store, B("k0006")));
        Assert.Equal(B("v999"), GetOrNull(store, B("k0999")));
        store.Flush();
        store.CompactRange([], []);
        Assert.Equal(B("after"), GetOrNull(store, B("k0005")));
        Assert.Null(GetOrNull(store, B("k0006")));
    }

    [Fact]
    public void Keys_of_an_ingest_file_must_strictly_ascend()
    {
        var store = CreateStore();
        using var file = store.CreateIngestFile();
        file.Put(B("b"), B("1"));
        Assert.Throws<ArgumentException>(() => file.Put(B("a"), B("2")));
        Assert.Throws<ArgumentException>(() => file.Delete(B("b")));
        file.Put(B("c"), B("3"));
        store.Ingest([file]);
        Assert.Null(GetOrNull(store, B("a")));
        Assert.Equal(B("3"), GetOrNull(store, B("c")));
    }

    [Fact]
    public void Overlapping_files_are_refused_and_add_nothing()
    {
        var store = CreateStore();
        using var first = store.CreateIngestFile();
        first.Put(B("a"), B("1"));
        first.Put(B("m"), B("1"));
        using var second = store.CreateIngestFile();
        second.Put(B("k"), B("2"));
        Assert.Throws<ArgumentException>(() => store.Ingest([first, second]));
        using var it = store.CreateIterator();
        Assert.Empty(KeysForward(it));
        // A file is consumed by an ingestion, even a failed one.
        Assert.Throws<ObjectDisposedException>(() => store.Ingest([first]));
    }

    [Fact]
    public void Empty_files_are_skipped_and_a_file_from_another_store_is_refused()
    {
        var store = CreateStore();
        var other = CreateStore();
        using var empty = store.CreateIngestFile();
        store.Ingest([empty]);
        store.Ingest([]);
        using var it = store.CreateIterator();
        Assert.Empty(KeysForward(it));
        using var foreign = other.CreateIngestFile();
        foreign.Put(B("a"), B("1"));
        Assert.Throws<ArgumentException>(() => store.Ingest([foreign]));
        Assert.Null(GetOrNull(store, B("a")));
    }

    [Fact]
    public void A_disposed_file_that_was_never_ingested_adds_nothing()
    {
        var store = CreateStore();
        var file = store.CreateIngestFile();
        file.Put(B("a"), B("1"));
        file.Dispose();
        Assert.Throws<ObjectDisposedException>(() => file.Put(B("b"), B("2")));
        Assert.Throws<ObjectDisposedException>(() => store.Ingest([file]));
        Assert.Null(GetOrNull(store, B("a")));
    }
}
