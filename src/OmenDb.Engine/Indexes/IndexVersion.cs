namespace OmenDb.Engine.Indexes;

/// <summary>
/// What a reader of an <see cref="OrderedKeyIndex"/> sees: immutable main arrays with their engine, and the delta
/// buffer of pairs added since (readers look only below the count they read).
/// </summary>
internal sealed class IndexVersion
{
    public IndexVersion(long mainId, long[] keys, long[] rowIds, int[]? starts, IIndexEngine engine, KeyIndexDelta delta,
        string choice, DateTime builtAt, TimeSpan buildTime, IndexCalibration? calibration = null)
    {
        MainId = mainId;
        Keys = keys;
        RowIds = rowIds;
        Starts = starts;
        Engine = engine;
        Delta = delta;
        Choice = choice;
        BuiltAt = builtAt;
        BuildTime = buildTime;
        Calibration = calibration;
    }

    /// <summary>Identifies the main part: equal ids mean the same keys, row ids and engine.</summary>
    public long MainId { get; }

    /// <summary>Distinct keys, ascending.</summary>
    public long[] Keys { get; }

    /// <summary>Row ids grouped by key (one per key when <see cref="Starts"/> is null).</summary>
    public long[] RowIds { get; }

    /// <summary>Rows of Keys[i] are RowIds[Starts[i]..Starts[i + 1]); null when every key has one row.</summary>
    public int[]? Starts { get; }

    /// <summary>The search engine over <see cref="Keys"/>.</summary>
    public IIndexEngine Engine { get; }

    /// <summary>Pairs added after the build.</summary>
    public KeyIndexDelta Delta { get; }

    /// <summary>Why the engine was chosen.</summary>
    public string Choice { get; }

    /// <summary>When the main part was built (UTC).</summary>
    public DateTime BuiltAt { get; }

    /// <summary>How long the build took.</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>
    /// The chooser's measured decision for the keys this main part was built from (null when the engine was forced,
    /// or chosen without timing). It travels with the version it was measured for: a merge reuses its basis's
    /// calibration, so a merge that loses a race with a Load or Clear can neither publish nor leave behind a
    /// decision measured on the old content.
    /// </summary>
    public IndexCalibration? Calibration { get; }

    /// <summary>Rows in the main part.</summary>
    public int MainRows => RowIds.Length;

    /// <summary>Row ids of the distinct key at <paramref name="position"/>: [first, end).</summary>
    public (int First, int End) RowsOf(int position)
        => Starts is null ? (position, position + 1) : (Starts[position], Starts[position + 1]);

    /// <summary>The same main part with another delta buffer.</summary>
    public IndexVersion WithDelta(KeyIndexDelta delta) => new(MainId, Keys, RowIds, Starts, Engine, delta, Choice, BuiltAt, BuildTime, Calibration);

    /// <summary>The same version with its build time recorded.</summary>
    public IndexVersion WithBuildTime(TimeSpan buildTime) => new(MainId, Keys, RowIds, Starts, Engine, Delta, Choice, BuiltAt, buildTime, Calibration);

    /// <summary>Appends every row id stored under <paramref name="key"/> (main part, then delta).</summary>
    public int Lookup(long key, List<long> rowIds)
    {
        var before = rowIds.Count;
        AppendMain(Engine.LowerBound(key), key, rowIds);
        var main = rowIds.Count - before;
        AppendDelta(key, rowIds);
        return main;
    }

    /// <summary>Lookups at or above this many keys go through the engine's batched search.</summary>
    public const int BatchThreshold = 8;

    /// <summary>
    /// Appends the row ids of every key of <paramref name="keys"/>, key by key in the given order (main part, then
    /// delta, for each key), like <see cref="Lookup"/> for each key, but with the main-part searches batched through
    /// <see cref="IIndexEngine.LowerBoundBatch"/> so that their cache misses overlap. When <paramref name="ends"/> is
    /// given, ends[i] is the count of <paramref name="rowIds"/> after key i's rows (so key i's rows start at ends[i − 1]).
    /// </summary>
    public void LookupMany(ReadOnlySpan<long> keys, List<long> rowIds, Span<int> ends = default)
    {
        if (keys.Length < BatchThreshold)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                Lookup(keys[i], rowIds);
                if (!ends.IsEmpty)
                {
                    ends[i] = rowIds.Count;
                }
            }

            return;
        }

        var positions = System.Buffers.ArrayPool<int>.Shared.Rent(keys.Length);
        try
        {
            Engine.LowerBoundBatch(keys, positions);
            for (var i = 0; i < keys.Length; i++)
            {
                AppendMain(positions[i], keys[i], rowIds);
                AppendDelta(keys[i], rowIds);

                if (!ends.IsEmpty)
                {
                    ends[i] = rowIds.Count;
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(positions);
        }
    }

    /// <summary>Appends the main part's row ids of <paramref name="key"/>, found at lower bound <paramref name="p"/>.</summary>
    private void AppendMain(int p, long key, List<long> rowIds)
    {
        if (p < Keys.Length && Keys[p] == key)
        {
            var (first, end) = RowsOf(p);
            for (var i = first; i < end; i++)
            {
                rowIds.Add(RowIds[i]);
            }
        }
    }

    /// <summary>Appends the delta's row ids of <paramref name="key"/>.</summary>
    private void AppendDelta(long key, List<long> rowIds)
    {
        var count = Delta.Count;
        if (count == 0)
        {
            return;
        }

        var keys = Delta.Keys(count);
        var rows = Delta.RowIds(count);
        if (Delta.Sorted)
        {
            for (var i = SortedSearch.LowerBound(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(keys), 0, count, key);
                 i < count && keys[i] == key; i++)
            {
                rowIds.Add(rows[i]);
            }

            return;
        }

        for (var i = keys.IndexOf(key); i >= 0;)
        {
            rowIds.Add(rows[i]);
            var next = keys[(i + 1)..].IndexOf(key);
            i = next < 0 ? -1 : i + 1 + next;
        }
    }

    /// <summary>The main part merged with the first <paramref name="count"/> pairs of <paramref name="delta"/>, sorted by key then row id.</summary>
    public (long[] Keys, long[] RowIds, int[]? Starts) MergedWith(KeyIndexDelta delta, int count)
    {
        var pairs = new (long Key, long RowId)[count];
        var dk = delta.Keys(count);
        var dr = delta.RowIds(count);
        for (var i = 0; i < count; i++)
        {
            pairs[i] = (dk[i], dr[i]);
        }

        Array.Sort(pairs);
        var total = RowIds.Length + count;
        var keys = new long[total];
        var rows = new long[total];
        int m = 0, d = 0, o = 0;
        for (var p = 0; p < Keys.Length; p++)
        {
            var (first, end) = RowsOf(p);
            for (var r = first; r < end; r++)
            {
                while (d < count && (pairs[d].Key < Keys[p] || (pairs[d].Key == Keys[p] && pairs[d].RowId < RowIds[r])))
                {
                    (keys[o], rows[o]) = pairs[d++];
                    o++;
                }

                keys[o] = Keys[p];
                rows[o++] = RowIds[r];
                m++;
            }
        }

        while (d < count)
        {
            (keys[o], rows[o]) = pairs[d++];
            o++;
        }

        System.Diagnostics.Debug.Assert(o == total && m == RowIds.Length, "merge lost pairs");
        var (unique, starts) = OrderedKeyIndex.Distinct(keys);
        return (unique, rows, starts);
    }
}
