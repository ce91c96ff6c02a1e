namespace OmenDb.Engine.Indexes;

/// <summary>
/// Streams the (key, row id) pairs of one <see cref="IndexVersion"/> with keys in [low, high] in key order (then
/// row id order), ascending or descending: the main part's contiguous run merged with the matching delta pairs,
/// which are collected and sorted when the cursor opens (the delta is small). Used by range scans and by
/// ORDER BY pk LIMIT n, which stops after n visible rows without reading the rest of the range.
/// </summary>
internal sealed class KeyRangeCursor
{
    private readonly IndexVersion _version;
    private readonly bool _descending;
    private readonly List<(long Key, long RowId)> _delta = [];
    private readonly int _startKey;
    private readonly int _endKey;
    private int _key;
    private int _row;
    private int _deltaNext;

    public KeyRangeCursor(IndexVersion version, long low, long high, bool descending)
    {
        _version = version;
        _descending = descending;
        (_startKey, _endKey) = version.Engine.Range(low, high);
        var count = version.Delta.Count;
        if (count > 0 && low <= high)
        {
            version.Delta.Collect(count, low, high, _delta);
            _delta.Sort();
            if (descending)
            {
                _delta.Reverse();
            }
        }

        if (descending)
        {
            _key = _endKey - 1;
            _row = _key >= _startKey ? version.RowsOf(_key).End - 1 : -1;
        }
        else
        {
            _key = _startKey;
            _row = _key < _endKey ? version.RowsOf(_key).First : -1;
        }
    }

    /// <summary>The next pair in order, or false at the end of the range.</summary>
    public bool TryNext(out long key, out long rowId)
    {
        var hasMain = _descending ? _key >= _startKey : _key < _endKey;
        var hasDelta = _deltaNext < _delta.Count;
        if (!hasMain && !hasDelta)
        {
            key = rowId = 0;
            return false;
        }

        if (hasMain)
        {
            var mainKey = _version.Keys[_key];
            var mainRow = _version.RowIds[_row];
            var takeMain = !hasDelta || (_descending
                ? (mainKey, mainRow).CompareTo(_delta[_deltaNext]) > 0
                : (mainKey, mainRow).CompareTo(_delta[_deltaNext]) < 0);
            if (takeMain)
            {
                key = mainKey;
                rowId = mainRow;
                AdvanceMain();
                return true;
            }
        }

        (key, rowId) = _delta[_deltaNext++];
        return true;
    }

    private void AdvanceMain()
    {
        var (first, end) = _version.RowsOf(_key);
        if (_descending)
        {
            if (--_row < first && --_key >= _startKey)
            {
                _row = _version.RowsOf(_key).End - 1;
            }
        }
        else if (++_row >= end && ++_key < _endKey)
        {
            _row = _version.RowsOf(_key).First;
        }
    }
}
