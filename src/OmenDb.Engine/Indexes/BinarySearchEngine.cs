namespace OmenDb.Engine.Indexes;

/// <summary>
/// The baseline: a branch-free binary search over the whole sorted array (log2 n dependent loads, the last
/// ~log2(n / keys-per-cache-line) of them cache misses on large arrays). No memory beyond the keys.
/// </summary>
internal sealed class BinarySearchEngine : IIndexEngine
{
    private readonly long[] _keys;

    public BinarySearchEngine(long[] keys) => _keys = keys;

    /// <inheritdoc/>
    public IndexEngineKind Kind => IndexEngineKind.BinarySearch;

    /// <inheritdoc/>
    public int Count => _keys.Length;

    /// <inheritdoc/>
    public long ModelBytes => 0;

    /// <inheritdoc/>
    public int MaxError => 0;

    /// <inheritdoc/>
    public double MeanError => 0;

    /// <inheritdoc/>
    public int Models => 0;

    /// <inheritdoc/>
    public int LowerBound(long key) => SortedSearch.LowerBound(_keys, 0, _keys.Length, key);

    /// <inheritdoc/>
    public string Describe() => "binary search";
}
