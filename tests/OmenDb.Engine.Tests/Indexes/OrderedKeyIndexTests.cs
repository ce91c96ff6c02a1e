using OmenDb.Engine.Indexes;

namespace OmenDb.Engine.Tests.Indexes;

/// <summary>
/// The index as tables use it: many row ids per key (MVCC versions, all-equal keys), pairs in the delta, merges
/// (synchronous and in the background), and readers running during a merge. The reference is a sorted list of
/// (key, row id) pairs.
/// </summary>
public sealed class OrderedKeyIndexTests
{
    [Theory]
    [InlineData("auto")]
    [InlineData("BTree")]
    [InlineData("Linear")]
    [InlineData("Pgm")]
    public void Main_and_delta_answer_like_a_sorted_list(string kind)
    {
        IndexEngineKind? engine = kind == "auto" ? null : Enum.Parse<IndexEngineKind>(kind);
        var rng = new Random(5);
        var reference = new List<(long Key, long Row)>();
        var index = new OrderedKeyIndex(engine, mergeThreshold: 1 << 20, backgroundMerge: false);

        // Main part: 5,000 keys, every tenth repeated (row versions), plus a run of 300 equal keys.
        var keys = new List<long>();
        var rows = new List<long>();
        for (var i = 0; i < 5000; i++)
        {
            var k = (long)i * 7;
            for (var v = 0; v < (i % 10 == 0 ? 3 : 1); v++)
            {
                keys.Add(k);
                rows.Add(rows.Count);
            }
        }

        for (var i = 0; i < 300; i++)
        {
            keys.Add(long.MaxValue);
            rows.Add(rows.Count);
        }

        // Load takes the pairs in any order.
        var order = Enumerable.Range(0, keys.Count).OrderBy(_ => rng.Next()).ToArray();
        index.Load([.. order.Select(i => keys[i])], [.. order.Select(i => rows[i])]);
        reference.AddRange(keys.Zip(rows));
        Check(index, reference, rng);

        // Delta part: unsorted new keys, new versions of old keys, and the type's minimum.
        var next = (long)rows.Count;
        for (var i = 0; i < 500; i++)
        {
            var k = rng.Next(3) == 0 ? (long)rng.Next(5000) * 7 : rng.NextInt64(-100, 40_000);
            index.Add(k, next);
            reference.Add((k, next++));
        }

        index.Add(long.MinValue, next);
        reference.Add((long.MinValue, next++));
        Assert.False(index.Current.Delta.Sorted);
        Assert.Equal(501, index.Current.Delta.Count);
        Check(index, reference, rng);

        index.Merge();
        Assert.Equal(0, index.Current.Delta.Count);
        Assert.Equal(1, index.Merges);
        Check(index, reference, rng);
    }

    [Fact]
    public void Sorted_arrivals_keep_the_delta_sorted()
    {
        var index = new OrderedKeyIndex(null, mergeThreshold: 1 << 20, backgroundMerge: false);
        index.Load([1, 2, 3], [0, 1, 2]);
        for (var i = 0; i < 100; i++)
        {
            index.Add(10 + i, 3 + i);
        }

        Assert.True(index.Current.Delta.Sorted);
        var rows = new List<long>();
        index.Lookup(50, rows);
        Assert.Equal([43L], rows);
    }

    [Fact]
    public void Empty_and_cleared_indexes_find_nothing()
    {
        var index = new OrderedKeyIndex();
        var rows = new List<long>();
        index.Lookup(0, rows);
        Assert.Empty(rows);
        Assert.False(index.Range(long.MinValue, long.MaxValue).TryNext(out _, out _));
        index.Add(5, 0);
        index.Clear();
        index.Lookup(5, rows);
        Assert.Empty(rows);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("BTree")]
    [InlineData("Linear")]
    [InlineData("Pgm")]
    public async Task Background_merges_keep_readers_exact(string kind)
    {
        // Writers add ascending and scattered keys while readers check that every key added before they started
        // is found, through any number of background merges and buffer growths.
        var index = new OrderedKeyIndex(kind == "auto" ? null : Enum.Parse<IndexEngineKind>(kind), mergeThreshold: 512);
        index.Load([.. Enumerable.Range(0, 10_000).Select(i => (long)i * 3)], [.. Enumerable.Range(0, 10_000).Select(i => (long)i)]);
        const int Adds = 30_000;
        var added = new long[Adds];
        var published = 0;
        var failures = 0;
        var writer = Task.Run(() =>
        {
            var rng = new Random(9);
            for (var i = 0; i < Adds; i++)
            {
                var key = i % 2 == 0 ? 1_000_000 + i : (rng.NextInt64(0, 30_000) * 3) + 1;
                index.Add(key, 10_000 + i);
                added[i] = key;
                Volatile.Write(ref published, i + 1);
                if (i % 2000 == 1999)
                {
                    index.WaitForMerge(); // let some merges finish while readers run (otherwise one merge may take everything)
                }
            }
        });
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            var rng = new Random(r);
            var rows = new List<long>();
            while (!writer.IsCompleted)
            {
                var seen = Volatile.Read(ref published);
                if (seen == 0)
                {
                    continue;
                }

                var i = rng.Next(seen);
                rows.Clear();
                index.Lookup(added[i], rows);
                if (!rows.Contains(10_000 + i))
                {
                    Interlocked.Increment(ref failures);
                }

                var old = rng.Next(10_000);
                rows.Clear();
                index.Lookup(old * 3L, rows);
                if (!rows.Contains(old))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        await Task.WhenAll([writer, .. readers]);
        index.Merge();
        Assert.Equal(0, failures);
        Assert.True(index.Merges > 1, $"{index.Merges} merges");
        Assert.Null(index.LastMergeError);
        Assert.Equal(10_000 + Adds, index.Current.MainRows);
    }

    private static void Check(OrderedKeyIndex index, List<(long Key, long Row)> reference, Random rng)
    {
        reference.Sort();
        var rows = new List<long>();
        foreach (var group in reference.GroupBy(p => p.Key).Take(2000).Concat(reference.GroupBy(p => p.Key).TakeLast(5)))
        {
            rows.Clear();
            index.Lookup(group.Key, rows);
            rows.Sort();
            Assert.Equal(group.Select(p => p.Row), rows);
        }

        rows.Clear();
        index.Lookup(1, rows);
        Assert.Empty(rows);

        // A batched lookup of many keys (unsorted, repeated, missing) returns what one lookup per key returns, in order.
        var probes = Enumerable.Range(0, 3000).Select(_ => reference[rng.Next(reference.Count)].Key + rng.Next(-1, 2)).ToArray();
        var single = new List<long>();
        foreach (var probe in probes)
        {
            index.Lookup(probe, single);
        }

        rows.Clear();
        index.Current.LookupMany(probes, rows);
        Assert.Equal(single, rows);

        for (var i = 0; i < 50; i++)
        {
            var a = reference[rng.Next(reference.Count)].Key + rng.Next(-2, 3);
            var b = i == 0 ? long.MaxValue : a + rng.Next(0, 5000);
            var descending = i % 2 == 1;
            var expected = reference.Where(p => p.Key >= a && p.Key <= b).ToList();
            if (descending)
            {
                expected.Reverse();
            }

            var cursor = index.Range(a, b, descending);
            var actual = new List<(long, long)>();
            while (cursor.TryNext(out var k, out var r))
            {
                actual.Add((k, r));
            }

            Assert.Equal(expected, actual);
        }
    }
}
