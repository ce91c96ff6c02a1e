namespace OmenDb.Storage.Kv;

/// <summary>
/// The first and last key of an <see cref="IKvIngestFile"/> and the check that keys strictly ascend, shared by both
/// stores so that they reject the same misuse. One copy of the last key per operation into a reused buffer (a row key
/// is 13 bytes): no allocation per key.
/// </summary>
internal sealed class IngestKeyRange
{
    private byte[] _first = [];
    private byte[] _last = new byte[32];
    private int _lastLength;

    /// <summary>The number of keys added.</summary>
    internal long Count { get; private set; }

    internal ReadOnlySpan<byte> First => _first;

    internal ReadOnlySpan<byte> Last => _last.AsSpan(0, _lastLength);

    /// <summary>Records <paramref name="key"/>; throws <see cref="ArgumentException"/> unless it follows the last one.</summary>
    internal void Add(ReadOnlySpan<byte> key)
    {
        if (Count == 0)
        {
            _first = key.ToArray();
        }
        else if (key.SequenceCompareTo(Last) <= 0)
        {
            throw new ArgumentException("the keys of an ingest file must strictly ascend", nameof(key));
        }

        if (_last.Length < key.Length)
        {
            _last = new byte[Math.Max(key.Length, _last.Length * 2)];
        }

        key.CopyTo(_last);
        _lastLength = key.Length;
        Count++;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless the non-empty ranges ascend without overlapping.</summary>
    internal static void CheckAscending(IReadOnlyList<IngestKeyRange> ranges)
    {
        IngestKeyRange? previous = null;
        foreach (var range in ranges)
        {
            if (range.Count == 0)
            {
                continue;
            }

            if (previous is not null && range.First.SequenceCompareTo(previous.Last) <= 0)
            {
                throw new ArgumentException("the key ranges of ingested files must ascend without overlapping", "files");
            }

            previous = range;
        }
    }
}
