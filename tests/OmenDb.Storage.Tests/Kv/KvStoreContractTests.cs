using System.Buffers;
using System.Buffers.Binary;
using OmenDb.Storage.Kv;

namespace OmenDb.Storage.Tests.Kv;

/// <summary>
/// The one contract every <see cref="IKvStore"/> satisfies; each implementation runs it through a subclass.
/// </summary>
public abstract class KvStoreContractTests : IDisposable
{
    private readonly List<IKvStore> _stores = [];

    /// <summary>Creates a fresh, empty store; the base class disposes it.</summary>
    protected abstract IKvStore CreateStoreCore();

    protected IKvStore CreateStore()
    {
        var store = CreateStoreCore();
        _stores.Add(store);
        return store;
    }

    public virtual void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
        GC.SuppressFinalize(this);
    }

    protected static byte[] B(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    protected static byte[]? GetOrNull(IKvStore store, ReadOnlySpan<byte> key, IKvSnapshot? snapshot = null)
    {
        using var value = store.Get(key, snapshot);
        return value.Exists ? value.ToArray() : null;
    }

    protected static List<byte[]> KeysForward(IKvIterator iterator)
    {
        var keys = new List<byte[]>();
        for (iterator.SeekToFirst(); iterator.Valid; iterator.Next())
        {
            keys.Add(iterator.Key.ToArray());
        }
        return keys;
    }

    protected static List<byte[]> KeysBackward(IKvIterator iterator)
    {
        var keys = new List<byte[]>();
        for (iterator.SeekToLast(); iterator.Valid; iterator.Prev())
        {
            keys.Add(iterator.Key.ToArray());
        }
        return keys;
    }

    private static string Text(IKvIterator iterator) => System.Text.Encoding.UTF8.GetString(iterator.Key);

    private static void PutAll(IKvStore store, params string[] keys)
    {
        foreach (var key in keys)
        {
            store.Put(B(key), B("v-" + key));
        }
    }

    [Fact]
    public void Put_then_get_returns_the_value()
    {
        var store = CreateStore();
        store.Put(B("k"), B("value"));
        using var value = store.Get(B("k"));
        Assert.True(value.Exists);
        Assert.Equal(B("value"), value.Span.ToArray());
        Assert.Equal(5, value.Length);
    }

    [Fact]
    public void Get_of_a_missing_key_is_not_found()
    {
        var store = CreateStore();
        store.Put(B("a"), B("1"));
        using var value = store.Get(B("b"));
        Assert.False(value.Exists);
        Assert.True(value.Span.IsEmpty);
    }

    [Fact]
    public void A_value_stays_readable_while_held_across_overwrite_delete_and_flush()
    {
        var store = CreateStore();
        store.Put(B("k"), B("first"));
        store.Flush();
        using var held = store.Get(B("k"));
        store.Put(B("k"), B("second"));
        store.Delete(B("k"));
        store.Flush();
        store.CompactRange([], []);
        Assert.Equal(B("first"), held.Span.ToArray());
        Assert.Null(GetOrNull(store, B("k")));
    }

    [Fact]
    public void Put_overwrites_and_delete_removes()
    {
        var store = CreateStore();
        store.Put(B("k"), B("one"));
        store.Put(B("k"), B("two"));
        Assert.Equal(B("two"), GetOrNull(store, B("k")));
        store.Delete(B("k"));
        Assert.Null(GetOrNull(store, B("k")));
        store.Delete(B("never-there"));
        Assert.Null(GetOrNull(store, B("never-there")));
    }

    [Fact]
    public void TryGet_copies_into_a_buffer_writer()
    {
        var store = CreateStore();
        store.Put(B("k"), B("abc"));
        var writer = new ArrayBufferWriter<byte>();
        writer.Write(B(">"));
        Assert.True(store.TryGet(B("k"), writer));
        Assert.False(store.TryGet(B("missing"), writer));
        Assert.Equal(B(">abc"), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Empty_keys_and_empty_values_are_stored()
    {
        var store = CreateStore();
        store.Put([], B("empty-key"));
        store.Put(B("a"), []);
        Assert.Equal(B("empty-key"), GetOrNull(store, []));
        using (var value = store.Get(B("a")))
        {
            Assert.True(value.Exists);
            Assert.Equal(0, value.Length);
        }
        using var iterator = store.CreateIterator();
        var keys = KeysForward(iterator);
        Assert.Equal(2, keys.Count);
        Assert.Empty(keys[0]);
        iterator.Seek([]);
        Assert.True(iterator.Valid);
        Assert.True(iterator.Key.IsEmpty);
        Assert.Equal(B("empty-key"), iterator.Value.ToArray());
        iterator.Next();
        Assert.True(iterator.Value.IsEmpty);
    }

    [Fact]
    public void Large_values_round_trip()
    {
        var store = CreateStore();
        var large = new byte[10 * 1024 * 1024];
        new Random(42).NextBytes(large);
        store.Put(B("big"), large);
        using (var value = store.Get(B("big")))
        {
            Assert.True(value.Span.SequenceEqual(large));
        }
        using var iterator = store.CreateIterator();
        iterator.Seek(B("big"));
        Assert.True(iterator.Valid);
        Assert.True(iterator.Value.SequenceEqual(large));
    }

    [Fact]
    public void Binary_keys_sort_by_unsigned_bytes_with_prefixes_first()
    {
        var store = CreateStore();
        byte[][] expected =
        [
            [],
            [0x00],
            [0x00, 0x00],
            [0x00, 0xFF],
            [0x01],
            [0x7F, 0xFF],
            [0x80],
            [0x80, 0x00],
            [0xFE, 0xFF, 0xFF],
            [0xFF],
            [0xFF, 0x00],
            [0xFF, 0xFF],
            [0xFF, 0xFF, 0xFF],
        ];
        foreach (var key in expected.Reverse())
        {
            store.Put(key, key);
        }
        using var iterator = store.CreateIterator();
        Assert.Equal(expected, KeysForward(iterator));
        Assert.Equal(expected.Reverse(), KeysBackward(iterator));
        foreach (var key in expected)
        {
            Assert.Equal(key, GetOrNull(store, key));
        }
    }

    [Fact]
    public void Write_batch_applies_every_operation_in_order()
    {
        var store = CreateStore();
        PutAll(store, "keep", "gone");
        using var batch = store.CreateWriteBatch();
        batch.Put(B("a"), B("1"));
        batch.Put(B("b"), B("2"));
        batch.Delete(B("gone"));
        batch.Put(B("c"), B("3"));
        batch.Delete(B("c"));
        batch.Delete(B("d"));
        batch.Put(B("d"), B("4"));
        batch.Put(B("a"), B("1bis"));
        Assert.Equal(8, batch.Count);
        Assert.Null(GetOrNull(store, B("a")));
        store.Write(batch, sync: false);
        Assert.Equal(B("1bis"), GetOrNull(store, B("a")));
        Assert.Equal(B("2"), GetOrNull(store, B("b")));
        Assert.Null(GetOrNull(store, B("c")));
        Assert.Equal(B("4"), GetOrNull(store, B("d")));
        Assert.Null(GetOrNull(store, B("gone")));
        Assert.Equal(B("v-keep"), GetOrNull(store, B("keep")));
    }

    [Fact]
    public void Write_batch_can_be_cleared_reused_and_written_with_sync()
    {
        var store = CreateStore();
        using var batch = store.CreateWriteBatch();
        batch.Put(B("x"), B("1"));
        batch.Clear();
        Assert.Equal(0, batch.Count);
        store.Write(batch, sync: true);
        Assert.Null(GetOrNull(store, B("x")));
        batch.Put(B("y"), B("2"));
        store.Write(batch, sync: true);
        store.Delete(B("y"));
        store.Write(batch, sync: false);
        Assert.Equal(B("2"), GetOrNull(store, B("y")));
    }

    [Fact]
    public void Write_batch_copies_the_callers_buffers()
    {
        var store = CreateStore();
        using var batch = store.CreateWriteBatch();
        var key = B("key");
        var value = B("val");
        batch.Put(key, value);
        key[0] = (byte)'X';
        value[0] = (byte)'X';
        store.Write(batch, sync: false);
        Assert.Equal(B("val"), GetOrNull(store, B("key")));
    }

    [Fact]
    public void Batches_and_snapshots_of_another_store_are_rejected()
    {
        var store = CreateStore();
        var other = CreateStore();
        using var batch = other.CreateWriteBatch();
        Assert.Throws<ArgumentException>(() => store.Write(batch, sync: false));
        using var snapshot = other.CreateSnapshot();
        Assert.Throws<ArgumentException>(() => GetOrNull(store, B("k"), snapshot));
    }

    [Fact]
    public void Delete_range_removes_start_inclusive_end_exclusive()
    {
        var store = CreateStore();
        PutAll(store, "a", "b", "b1", "c", "d");
        using var batch = store.CreateWriteBatch();
        batch.DeleteRange(B("b"), B("d"));
        batch.DeleteRange(B("a"), B("a"));
        Assert.Equal(1, batch.Count);
        Assert.Throws<ArgumentException>(() => batch.DeleteRange(B("z"), B("y")));
        batch.Put(B("c"), B("again"));
        store.Write(batch, sync: false);
        using var iterator = store.CreateIterator();
        Assert.Equal(["a", "c", "d"], KeysForward(iterator).Select(k => System.Text.Encoding.UTF8.GetString(k)));
        Assert.Equal(B("again"), GetOrNull(store, B("c")));
    }

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
    public void Snapshot_hides_later_writes_from_get_and_iterators()
    {
        var store = CreateStore();
        PutAll(store, "a", "b");
        using var snapshot = store.CreateSnapshot();
        store.Put(B("a"), B("changed"));
        store.Delete(B("b"));
        store.Put(B("c"), B("new"));
        using (var batch = store.CreateWriteBatch())
        {
            batch.DeleteRange(B("a"), B("z"));
            store.Write(batch, sync: false);
        }

        Assert.Equal(B("v-a"), GetOrNull(store, B("a"), snapshot));
        Assert.Equal(B("v-b"), GetOrNull(store, B("b"), snapshot));
        Assert.Null(GetOrNull(store, B("c"), snapshot));
        var writer = new ArrayBufferWriter<byte>();
        Assert.True(store.TryGet(B("a"), writer, snapshot));
        Assert.Equal(B("v-a"), writer.WrittenSpan.ToArray());

        using (var iterator = store.CreateIterator(snapshot))
        {
            Assert.Equal(["a", "b"], KeysForward(iterator).Select(k => System.Text.Encoding.UTF8.GetString(k)));
        }
        using (var bounded = store.CreateIterator(B("b"), [], snapshot))
        {
            Assert.Equal(["b"], KeysForward(bounded).Select(k => System.Text.Encoding.UTF8.GetString(k)));
        }
        using (var current = store.CreateIterator())
        {
            Assert.Empty(KeysForward(current));
        }
        Assert.Null(GetOrNull(store, B("a")));
    }

    [Fact]
    public void Iterators_and_snapshots_survive_disposing_the_store()
    {
        var store = CreateStore();
        PutAll(store, "a", "b");
        var snapshot = store.CreateSnapshot();
        var iterator = store.CreateIterator(snapshot);
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.Put(B("c"), B("3")));
        Assert.Throws<ObjectDisposedException>(() => GetOrNull(store, B("a")));
        Assert.Equal(["a", "b"], KeysForward(iterator).Select(k => System.Text.Encoding.UTF8.GetString(k)));
        iterator.Dispose();
        snapshot.Dispose();
        Assert.Throws<ObjectDisposedException>(() => iterator.SeekToFirst());
    }

    [Fact]
    public void A_disposed_snapshot_cannot_be_read_through()
    {
        var store = CreateStore();
        PutAll(store, "a");
        var snapshot = store.CreateSnapshot();
        using var iterator = store.CreateIterator(snapshot);
        snapshot.Dispose();
        Assert.Throws<ObjectDisposedException>(() => GetOrNull(store, B("a"), snapshot));
        Assert.Throws<ObjectDisposedException>(() => store.CreateIterator(snapshot));
        iterator.SeekToFirst();
        Assert.Equal(B("v-a"), iterator.Value.ToArray());
    }

    [Fact]
    public void Flush_compact_and_key_count_keep_the_data()
    {
        var store = CreateStore();
        Span<byte> key = stackalloc byte[4];
        for (var i = 0; i < 1000; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(key, i);
            store.Put(key, key);
        }
        store.FlushWal(sync: true);
        store.Flush();
        store.CompactRange([], []);
        var count = store.GetApproximateKeyCount();
        Assert.InRange(count, 900, 1100);
        using var batch = store.CreateWriteBatch();
        batch.DeleteRange([0, 0, 0, 0], [0, 0, 1, 0]);
        store.Write(batch, sync: false);
        store.CompactRange([0, 0, 0, 0], [0, 0, 2, 0]);
        using var iterator = store.CreateIterator();
        var keys = KeysForward(iterator);
        Assert.Equal(1000 - 256, keys.Count);
        Assert.Equal(256, BinaryPrimitives.ReadInt32BigEndian(keys[0]));
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

    [Fact]
    public void Readers_always_see_whole_batches_while_a_writer_runs()
    {
        var store = CreateStore();
        const int KeyCount = 10;
        const int Batches = 300;
        var keys = Enumerable.Range(0, KeyCount).Select(i => B("key" + i)).ToArray();
        using (var initial = store.CreateWriteBatch())
        {
            foreach (var key in keys)
            {
                initial.Put(key, BitConverter.GetBytes(0));
            }
            store.Write(initial, sync: false);
        }

        var writerDone = 0;
        var readerFailures = new List<string>();
        var observedLast = new int[3];
        void Reader(int readerIndex)
        {
            var lastSeen = 0;
            while (Volatile.Read(ref writerDone) == 0)
            {
                // Implicit snapshot: every key of one iterator comes from the same batch.
                using (var iterator = store.CreateIterator())
                {
                    var seen = new HashSet<int>();
                    var count = 0;
                    for (iterator.SeekToFirst(); iterator.Valid; iterator.Next())
                    {
                        seen.Add(BitConverter.ToInt32(iterator.Value));
                        count++;
                    }
                    if (seen.Count != 1 || count != KeyCount)
                    {
                        lock (readerFailures)
                        {
                            readerFailures.Add($"iterator saw versions {string.Join(",", seen)} over {count} keys");
                        }
                        return;
                    }
                    var version = seen.First();
                    if (version < lastSeen)
                    {
                        lock (readerFailures)
                        {
                            readerFailures.Add($"time went backwards: {version} after {lastSeen}");
                        }
                        return;
                    }
                    lastSeen = version;
                }
                using var snapshot = store.CreateSnapshot();
                var first = BitConverter.ToInt32(GetOrNull(store, keys[0], snapshot)!);
                for (var i = 1; i < KeyCount; i++)
                {
                    if (BitConverter.ToInt32(GetOrNull(store, keys[i], snapshot)!) != first)
                    {
                        lock (readerFailures)
                        {
                            readerFailures.Add("snapshot reads mixed two batches");
                        }
                        return;
                    }
                }
            }
            observedLast[readerIndex] = lastSeen;
        }

        var readers = Enumerable.Range(0, observedLast.Length).Select(i => new Thread(() => Reader(i))).ToArray();
        foreach (var reader in readers)
        {
            reader.Start();
        }
        using (var batch = store.CreateWriteBatch())
        {
            for (var version = 1; version <= Batches; version++)
            {
                batch.Clear();
                // Reverse order on odd versions, so that a torn batch would be visible from either end.
                for (var i = 0; i < KeyCount; i++)
                {
                    var key = keys[version % 2 == 0 ? i : KeyCount - 1 - i];
                    batch.Put(key, BitConverter.GetBytes(version));
                }
                store.Write(batch, sync: false);
            }
        }
        Volatile.Write(ref writerDone, 1);
        foreach (var reader in readers)
        {
            reader.Join();
        }
        Assert.Empty(readerFailures);
        foreach (var key in keys)
        {
            Assert.Equal(Batches, BitConverter.ToInt32(GetOrNull(store, key)!));
        }
    }
}
