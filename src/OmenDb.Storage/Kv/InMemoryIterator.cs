using System.Collections.Immutable;

namespace OmenDb.Storage.Kv;

/// <summary>
/// An iterator over one immutable root of <see cref="InMemoryKvStore"/>. The bounds become an index window
/// [<c>_first</c>, <c>_end</c>) computed once; positioning is an index, each step an O(log n) lookup.
/// </summary>
internal sealed class InMemoryIterator : IKvIterator
{
    private readonly ImmutableSortedSet<KvEntry> _set;
    private readonly byte[] _lowerBound;
    private readonly byte[] _upperBound;
    private readonly int _first;
    private readonly int _end;
    private int _position = -1;
    private KvEntry? _current;
    private bool _disposed;

    internal InMemoryIterator(ImmutableSortedSet<KvEntry> set, ReadOnlySpan<byte> lowerBound, ReadOnlySpan<byte> upperBound)
    {
        _set = set;
        _lowerBound = lowerBound.ToArray();
        _upperBound = upperBound.ToArray();
        _first = KvEntry.LowerBound(set, lowerBound);
        _end = upperBound.IsEmpty ? set.Count : KvEntry.LowerBound(set, upperBound);
        if (_end < _first)
        {
            _end = _first;
        }
    }

    /// <inheritdoc/>
    public bool Valid
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _current is not null;
        }
    }

    /// <inheritdoc/>
    public ReadOnlySpan<byte> Key => Current.Key;

    /// <inheritdoc/>
    public ReadOnlySpan<byte> Value => Current.Value;

    /// <inheritdoc/>
    public void SeekToFirst() => MoveTo(_first);

    /// <inheritdoc/>
    public void SeekToLast() => MoveTo(_end - 1);

    /// <inheritdoc/>
    public void Seek(ReadOnlySpan<byte> key)
    {
        // As RocksDB: a target under the lower bound seeks to the lower bound.
        MoveTo(key.SequenceCompareTo(_lowerBound) < 0 ? _first : KvEntry.LowerBound(_set, key));
    }

    /// <inheritdoc/>
    public void SeekForPrev(ReadOnlySpan<byte> key)
    {
        // As RocksDB: a target at or past the upper bound seeks to the last key under it.
        if (_upperBound.Length > 0 && key.SequenceCompareTo(_upperBound) >= 0)
        {
            MoveTo(_end - 1);
            return;
        }
        var index = _set.IndexOf(KvEntry.Probe(key));
        MoveTo(index >= 0 ? index : ~index - 1);
    }

    /// <inheritdoc/>
    public void Next()
    {
        _ = Current;
        MoveTo(_position + 1);
    }

    /// <inheritdoc/>
    public void Prev()
    {
        _ = Current;
        MoveTo(_position - 1);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _disposed = true;
        _current = null;
    }

    private KvEntry Current
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _current ?? throw new InvalidOperationException("the iterator is not positioned on an entry");
        }
    }

    private void MoveTo(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _position = index;
        _current = index >= _first && index < _end ? _set[index] : null;
    }
}
