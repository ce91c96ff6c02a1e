using System.Diagnostics;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// An ordered index from 64-bit keys to row ids: a sorted, immutable main part searched by an
/// <see cref="IIndexEngine"/>, plus a <see cref="KeyIndexDelta"/> for pairs added since the last build.
/// <para>
/// Concurrency: everything a reader needs is one immutable <see cref="IndexVersion"/> (main arrays, engine, delta
/// buffer) read with a single volatile load, plus the delta's published count. Writers (<see cref="Add"/>) take
/// <c>_lock</c> only to append to the delta. When the delta reaches <see cref="MergeThreshold"/> pairs a background
/// task merges a prefix of it into new main arrays, retrains the engine, and then, under the lock, publishes a new
/// version whose delta holds the pairs that arrived during the merge. Readers never wait: they keep using the
/// version they loaded, which stays valid (nothing in it is ever changed after publication except appends
/// beyond their count).
/// </para>
/// <para>
/// A key may map to several row ids (the row versions MVCC keeps for one primary key): the main part stores
/// each distinct key once, with its row ids in <c>RowIds[Starts[i]..Starts[i + 1])</c>, and no
/// <c>Starts</c> at all while every key has one row. Callers check visibility of every row id they get.
/// </para>
/// </summary>
internal sealed class OrderedKeyIndex
{
    /// <summary>Default delta size that triggers a background merge.</summary>
    public const int DefaultMergeThreshold = 4096;

    private readonly object _lock = new();
    private readonly bool _backgroundMerge;
    private IndexVersion _current = null!;
    private Task _merge = Task.CompletedTask;
    private int _merging;
    private long _mains;

    /// <param name="engine">The engine to use, or null to choose by <paramref name="method"/> and the key distribution at every build.</param>
    /// <param name="mergeThreshold">Delta pairs that trigger a merge.</param>
    /// <param name="backgroundMerge">False to merge only on <see cref="Merge"/> (tests that need a fixed delta).</param>
    /// <param name="method">USING learned / btree, or automatic.</param>
    public OrderedKeyIndex(IndexEngineKind? engine = null, int mergeThreshold = DefaultMergeThreshold, bool backgroundMerge = true,
        KeyIndexMethod method = KeyIndexMethod.Auto)
    {
        ForcedEngine = engine;
        Method = method;
        MergeThreshold = Math.Max(1, mergeThreshold);
        _backgroundMerge = backgroundMerge;
        _current = Compose([], [], null, new KeyIndexDelta(MergeThreshold * 2), TimeSpan.Zero, null);
    }

    /// <summary>The engine forced by CREATE INDEX ... USING or the setting, or null for the automatic choice.</summary>
    public IndexEngineKind? ForcedEngine { get; }

    /// <summary>Delta pairs that trigger a merge.</summary>
    public int MergeThreshold { get; }

    /// <summary>How the engine is chosen when none is forced.</summary>
    public KeyIndexMethod Method { get; }

    /// <summary>The version readers currently see.</summary>
    public IndexVersion Current => Volatile.Read(ref _current);

    /// <summary>Completed merges (statistics and tests).</summary>
    public int Merges { get; private set; }

    /// <summary>The last background merge failure, if any (the index keeps serving from the delta).</summary>
    public Exception? LastMergeError { get; private set; }

    /// <summary>Replaces the whole content with <paramref name="keys"/>/<paramref name="rowIds"/> (any order) and builds synchronously.</summary>
    public void Load(long[] keys, long[] rowIds)
    {
        Debug.Assert(keys.Length == rowIds.Length, "one row id per key");
        var start = Stopwatch.GetTimestamp();
        if (!IsSortedByKeyThenRow(keys, rowIds))
        {
            Array.Sort(keys, rowIds);
            SortRowsWithinKeys(keys, rowIds);
        }

        var (unique, starts) = Distinct(keys);
        lock (_lock)
        {
            _current = Compose(unique, rowIds, starts, new KeyIndexDelta(MergeThreshold * 2), Stopwatch.GetElapsedTime(start), null);
        }
    }

    /// <summary>Adds one pair. Starts a background merge when the delta is full enough.</summary>
    public void Add(long key, long rowId)
    {
        bool startMerge;
        lock (_lock)
        {
            var delta = _current.Delta;
            if (!delta.TryAppend(key, rowId))
            {
                // The merge lags behind the writers: grow the buffer (readers keep the old one).
                delta = delta.CopyFrom(0, delta.Capacity * 2);
                delta.TryAppend(key, rowId);
                _current = _current.WithDelta(delta);
            }

            startMerge = _backgroundMerge && delta.Count >= MergeThreshold && _merging == 0;
            if (startMerge)
            {
                _merging = 1;
            }
        }

        if (startMerge)
        {
            _merge = Task.Run(MergeInBackground);
        }
    }

    /// <summary>Drops every pair (TRUNCATE, or a rewrite of the key column before a reload).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _current = Compose([], [], null, new KeyIndexDelta(MergeThreshold * 2), TimeSpan.Zero, null);
        }
    }

    /// <summary>Merges the delta into the main part now, on the calling thread (waits for a running background merge first).</summary>
    public void Merge()
    {
        WaitForMerge();
        MergeOnce();
    }

    /// <summary>Waits for the background merge in progress, if any.</summary>
    public void WaitForMerge()
    {
        Task running;
        lock (_lock)
        {
            running = _merge;
        }

        running.Wait();
    }

    /// <summary>Appends to <paramref name="rowIds"/> every row id stored under <paramref name="key"/>.</summary>
    public void Lookup(long key, List<long> rowIds) => Current.Lookup(key, rowIds);

    /// <summary>A cursor over the pairs with keys in [<paramref name="low"/>, <paramref name="high"/>], in key order (descending on request).</summary>
    public KeyRangeCursor Range(long low, long high, bool descending = false) => new(Current, low, high, descending);

    private void MergeInBackground()
    {
        try
        {
            MergeOnce();
        }
        catch (Exception e) when (e is OutOfMemoryException or InvalidOperationException or ArgumentException)
        {
            LastMergeError = e;
        }
        finally
        {
            lock (_lock)
            {
                _merging = 0;
            }
        }
    }

    private void MergeOnce()
    {
        IndexVersion basis;
        int taken;
        lock (_lock)
        {
            basis = _current;
            taken = basis.Delta.Count;
        }

        if (taken == 0)
        {
            return;
        }

        var start = Stopwatch.GetTimestamp();
        var (keys, rowIds, starts) = basis.MergedWith(basis.Delta, taken);
        var built = Compose(keys, rowIds, starts, null, TimeSpan.Zero, basis.Calibration);
        lock (_lock)
        {
            if (_current.MainId != basis.MainId)
            {
                return; // cleared or reloaded meanwhile: this merge is stale
            }

            // Pairs appended during the merge sit after `taken` in the current delta (a grown copy keeps the order).
            var rest = _current.Delta.CopyFrom(taken, MergeThreshold * 2);
            _current = built.WithDelta(rest).WithBuildTime(Stopwatch.GetElapsedTime(start));
            Merges++;
        }
    }

    /// <summary>
    /// Builds a version over <paramref name="keys"/>; <paramref name="calibration"/> is the measured decision of the
    /// content these keys came from (a merge's basis), reused while it covers their count, or null for new content.
    /// </summary>
    private IndexVersion Compose(long[] keys, long[] rowIds, int[]? starts, KeyIndexDelta? delta, TimeSpan buildTime,
        IndexCalibration? calibration)
    {
        // Every lookup reads the key array (the engines search it, the owner checks the key found) and its row ids:
        // both go into huge pages here, once per build, and the chosen engine's own arrays after the choice.
        HugePages.Advise(keys);
        HugePages.Advise(rowIds);
        string reason;
        IIndexEngine engine;
        if (ForcedEngine is { } kind)
        {
            engine = IndexEngineChooser.Build(kind, keys);
            reason = "forced";
        }
        else
        {
            // Merges reuse their basis's calibration while it covers the key count; a Load or Clear (new content) starts
            // without one. The decision is published inside the version it was measured for, never beside it.
            engine = IndexEngineChooser.Choose(Method, keys, out reason, ref calibration);
        }

        engine.AdviseHugePages();

        var mainId = Interlocked.Increment(ref _mains);
        return new IndexVersion(mainId, keys, rowIds, starts, engine, delta ?? new KeyIndexDelta(MergeThreshold * 2), reason, DateTime.UtcNow, buildTime,
            calibration);
    }

    private static bool IsSortedByKeyThenRow(long[] keys, long[] rowIds)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            if (keys[i] < keys[i - 1] || (keys[i] == keys[i - 1] && rowIds[i] < rowIds[i - 1]))
            {
                return false;
            }
        }

        return true;
    }

    private static void SortRowsWithinKeys(long[] keys, long[] rowIds)
    {
        var i = 0;
        while (i < keys.Length)
        {
            var j = i + 1;
            while (j < keys.Length && keys[j] == keys[i])
            {
                j++;
            }

            if (j - i > 1)
            {
                Array.Sort(rowIds, i, j - i);
            }

            i = j;
        }
    }

    /// <summary>Distinct keys of a sorted array, and the CSR starts when some key repeats (null otherwise).</summary>
    internal static (long[] Unique, int[]? Starts) Distinct(long[] sorted)
    {
        var distinct = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                distinct++;
            }
        }

        if (distinct == sorted.Length)
        {
            return (sorted, null);
        }

        var unique = new long[distinct];
        var starts = new int[distinct + 1];
        var u = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                unique[u] = sorted[i];
                starts[u++] = i;
            }
        }

        starts[distinct] = sorted.Length;
        return (unique, starts);
    }
}
