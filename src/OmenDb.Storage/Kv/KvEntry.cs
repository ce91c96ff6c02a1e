using System.Collections.Immutable;

namespace OmenDb.Storage.Kv;

/// <summary>One immutable key/value pair of <see cref="InMemoryKvStore"/>, ordered by unsigned bytewise key comparison.</summary>
internal sealed class KvEntry
{
    /// <summary>Orders entries by key only, as memcmp would (shorter prefix first).</summary>
    internal static readonly IComparer<KvEntry> Comparer = Comparer<KvEntry>.Create(
        static (a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));

    internal KvEntry(byte[] key, byte[] value)
    {
        Key = key;
        Value = value;
    }

    internal byte[] Key { get; }

    internal byte[] Value { get; }

    /// <summary>A search key for the sorted set (its value is never read).</summary>
    internal static KvEntry Probe(ReadOnlySpan<byte> key) => new(key.ToArray(), []);

    /// <summary>The index of the first entry with key ≥ <paramref name="key"/> (<c>Count</c> when none), in O(log n).</summary>
    internal static int LowerBound(ImmutableSortedSet<KvEntry> set, ReadOnlySpan<byte> key)
    {
        var index = set.IndexOf(Probe(key));
        return index >= 0 ? index : ~index;
    }
}
