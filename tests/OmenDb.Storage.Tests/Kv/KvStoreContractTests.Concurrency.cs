namespace OmenDb.Storage.Tests.Kv;

/// <content>Readers concurrent with a writer.</content>
public abstract partial class KvStoreContractTests
{
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
