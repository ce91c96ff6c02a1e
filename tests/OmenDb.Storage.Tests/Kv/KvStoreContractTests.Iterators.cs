namespace OmenDb.Storage.Tests.Kv;

/// <content>Iterator order, bounds and seek semantics, and a model-based random test.</content>
public abstract partial class KvStoreContractTests
{
    [Fact]
    public void Iterator_walks_both_directions_within_bounds()
    {
        var store = CreateStore();
        PutAll(store, "a", "b", "c", "d", "e", "f");
        using (var all = store.CreateIterator())
        {
            Assert.Equal("abcdef", string.Concat(KeysForward(all).Select(k => System.Text.Encoding.UTF8.GetString(k))));
            Assert.Equal("fedcba", string.Concat(KeysBackward(all).Select(k => System.Text.Encoding.UTF8.GetString(k))));
        }
        using (var bounded = store.CreateIterator(B("b"), B("e")))
        {
            Assert.Equal("bcd", string.Concat(KeysForward(bounded).Select(k => System.Text.Encoding.UTF8.GetString(k))));
            Assert.Equal("dcb", string.Concat(KeysBackward(bounded).Select(k => System.Text.Encoding.UTF8.GetString(k))));
        }
        using (var between = store.CreateIterator(B("bb"), B("dd")))
        {
            Assert.Equal("cd", string.Concat(KeysForward(between).Select(k => System.Text.Encoding.UTF8.GetString(k))));
            Assert.Equal("dc", string.Concat(KeysBackward(between).Select(k => System.Text.Encoding.UTF8.GetString(k))));
        }
        using (var lowerOnly = store.CreateIterator(B("d"), []))
        {
            Assert.Equal("def", string.Concat(KeysForward(lowerOnly).Select(k => System.Text.Encoding.UTF8.GetString(k))));
            Assert.Equal("fed", string.Concat(KeysBackward(lowerOnly).Select(k => System.Text.Encoding.UTF8.GetString(k))));
        }
        using (var empty = store.CreateIterator(B("x"), B("y")))
        {
            Assert.Empty(KeysForward(empty));
            Assert.Empty(KeysBackward(empty));
        }
    }

    [Fact]
    public void A_scan_iterator_reads_the_same_entries_as_a_plain_one()
    {
        var store = CreateStore();
        // Enough entries (about 2 MB) that RocksDB's scan read-ahead and uncached block reads come into play.
        using (var batch = store.CreateWriteBatch())
        {
            for (var i = 0; i < 20_000; i++)
            {
                batch.Put(B($"k{i:D6}"), B(new string((char)('a' + (i % 26)), 100)));
            }

            store.Write(batch, sync: false);
        }

        store.Flush();
        store.Delete(B("k000500"));
        using var plain = store.CreateIterator(B("k000100"), B("k019000"));
        using var scan = store.CreateScanIterator(B("k000100"), B("k019000"));
        var count = 0;
        for (plain.SeekToFirst(), scan.SeekToFirst(); plain.Valid; plain.Next(), scan.Next())
        {
            Assert.True(scan.Valid);
            Assert.Equal(plain.Key.ToArray(), scan.Key.ToArray());
            Assert.Equal(plain.Value.ToArray(), scan.Value.ToArray());
            count++;
        }

        Assert.False(scan.Valid);
        Assert.Equal(18_899, count);
    }

    [Fact]
    public void Seek_positions_on_the_first_key_at_or_after_the_target()
    {
        var store = CreateStore();
        PutAll(store, "b", "d", "f", "h");
        using var iterator = store.CreateIterator(B("c"), B("g"));
        iterator.Seek(B("d"));
        Assert.Equal("d", Text(iterator));
        iterator.Seek(B("e"));
        Assert.Equal("f", Text(iterator));
        iterator.Seek(B("a"));
        Assert.Equal("d", Text(iterator));
        iterator.Seek(B("f\0"));
        Assert.False(iterator.Valid);
        iterator.Seek(B("z"));
        Assert.False(iterator.Valid);
    }

    [Fact]
    public void SeekForPrev_positions_on_the_last_key_at_or_before_the_target()
    {
        var store = CreateStore();
        PutAll(store, "b", "d", "f", "h");
        using var iterator = store.CreateIterator(B("c"), B("g"));
        iterator.SeekForPrev(B("f"));
        Assert.Equal("f", Text(iterator));
        iterator.SeekForPrev(B("e"));
        Assert.Equal("d", Text(iterator));
        iterator.SeekForPrev(B("z"));
        Assert.Equal("f", Text(iterator));
        iterator.SeekForPrev(B("g"));
        Assert.Equal("f", Text(iterator));
        iterator.SeekForPrev(B("cz"));
        Assert.False(iterator.Valid);
        iterator.SeekForPrev(B("a"));
        Assert.False(iterator.Valid);

        using var unbounded = store.CreateIterator();
        unbounded.SeekForPrev(B("a"));
        Assert.False(unbounded.Valid);
        unbounded.SeekForPrev(B("c"));
        Assert.Equal("b", Text(unbounded));
        unbounded.Next();
        Assert.Equal("d", Text(unbounded));
    }

    [Fact]
    public void Moving_past_either_end_invalidates_and_access_then_throws()
    {
        var store = CreateStore();
        PutAll(store, "a", "b");
        using var iterator = store.CreateIterator();
        Assert.False(iterator.Valid);
        Assert.Throws<InvalidOperationException>(() => iterator.Key.ToArray());
        iterator.SeekToLast();
        iterator.Next();
        Assert.False(iterator.Valid);
        Assert.Throws<InvalidOperationException>(() => iterator.Value.ToArray());
        Assert.Throws<InvalidOperationException>(iterator.Next);
        iterator.SeekToFirst();
        iterator.Prev();
        Assert.False(iterator.Valid);
        Assert.Throws<InvalidOperationException>(iterator.Prev);
        iterator.Seek(B("b"));
        iterator.Prev();
        Assert.Equal("a", Text(iterator));
    }

    [Fact]
    public void Iterator_reads_the_state_at_creation()
    {
        var store = CreateStore();
        PutAll(store, "a", "c");
        using var iterator = store.CreateIterator();
        store.Put(B("b"), B("new"));
        store.Delete(B("c"));
        store.Put(B("a"), B("changed"));
        iterator.SeekToFirst();
        Assert.Equal("a", Text(iterator));
        Assert.Equal(B("v-a"), iterator.Value.ToArray());
        Assert.Equal(["a", "c"], KeysForward(iterator).Select(k => System.Text.Encoding.UTF8.GetString(k)));
    }

    [Fact]
    public void Random_operations_match_a_sorted_model()
    {
        var store = CreateStore();
        var model = new SortedDictionary<byte[], byte[]>(Comparer<byte[]>.Create(static (a, b) => a.AsSpan().SequenceCompareTo(b)));
        var random = new Random(1234);
        byte[] RandomKey() => Enumerable.Range(0, random.Next(0, 4)).Select(_ => (byte)(random.Next(0, 4) * 85)).ToArray();
        for (var round = 0; round < 60; round++)
        {
            using var batch = store.CreateWriteBatch();
            var pending = new SortedDictionary<byte[], byte[]>(model, model.Comparer);
            for (var op = 0; op < 20; op++)
            {
                var key = RandomKey();
                switch (random.Next(0, 10))
                {
                    case < 6:
                        var value = BitConverter.GetBytes(random.Next());
                        batch.Put(key, value);
                        pending[key] = value;
                        break;
                    case < 9:
                        batch.Delete(key);
                        pending.Remove(key);
                        break;
                    default:
                        var end = RandomKey();
                        if (key.AsSpan().SequenceCompareTo(end) > 0)
                        {
                            (key, end) = (end, key);
                        }
                        batch.DeleteRange(key, end);
                        foreach (var victim in pending.Keys.Where(k => k.AsSpan().SequenceCompareTo(key) >= 0 && k.AsSpan().SequenceCompareTo(end) < 0).ToList())
                        {
                            pending.Remove(victim);
                        }
                        break;
                }
            }
            store.Write(batch, sync: false);
            model = pending;

            var lower = RandomKey();
            var upper = RandomKey();
            var expected = model.Keys.Where(k => k.AsSpan().SequenceCompareTo(lower) >= 0
                                                 && (upper.Length == 0 || k.AsSpan().SequenceCompareTo(upper) < 0)).ToList();
            using var iterator = store.CreateIterator(lower, upper);
            Assert.Equal(expected, KeysForward(iterator));
            expected.Reverse();
            Assert.Equal(expected, KeysBackward(iterator));
            var probe = RandomKey();
            iterator.Seek(probe);
            var seekExpected = model.Keys.FirstOrDefault(k => k.AsSpan().SequenceCompareTo(probe) >= 0 && k.AsSpan().SequenceCompareTo(lower) >= 0
                                                              && (upper.Length == 0 || k.AsSpan().SequenceCompareTo(upper) < 0));
            Assert.Equal(seekExpected, iterator.Valid ? iterator.Key.ToArray() : null);
        }
        using var all = store.CreateIterator();
        Assert.Equal(model.Keys.ToList(), KeysForward(all));
        foreach (var (key, value) in model)
        {
            Assert.Equal(value, GetOrNull(store, key));
        }
    }
}
