using System.Buffers;
using System.Buffers.Binary;
using OmenDb.Storage.Kv;

namespace OmenDb.Storage.Tests.Kv;

/// <summary>
/// The one contract every <see cref="IKvStore"/> satisfies; each implementation runs it through a subclass.
/// </summary>
public abstract partial class KvStoreContractTests : IDisposable
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

    protected static string Text(IKvIterator iterator) => System.Text.Encoding.UTF8.GetString(iterator.Key);

    protected static void PutAll(IKvStore store, params string[] keys)
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
}
