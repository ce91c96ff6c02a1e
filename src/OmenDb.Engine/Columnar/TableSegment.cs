using OmenDb.Engine.Types;

namespace OmenDb.Engine.Columnar;

/// <summary>
/// A fixed-capacity slab of a table's rows in Arrow layout (one vector per physical column) with the MVCC
/// stamps of each row version. Rows are only appended; a delete or update stamps <see cref="DeletedBy"/>.
/// A scan hands the segment's vectors up the plan without copying, with a selection of visible rows. Its buffers live as
/// long as the table: they are allocated on the pinned object heap, which the GC never copies, instead of being copied
/// from generation 0 to 1 to 2 (a bulk load's whole data, twice).
/// </summary>
internal sealed class TableSegment
{
    /// <summary>Rows per segment: one batch.</summary>
    public const int Capacity = Batch.DefaultSize;

    public TableSegment(IReadOnlyList<PgType> columnTypes)
    {
        Columns = new ColumnVector[columnTypes.Count];
        for (var i = 0; i < Columns.Length; i++)
        {
            Columns[i] = CreateColumn(columnTypes[i]);
        }
    }

    /// <summary>An empty column vector of a segment (see <see cref="ColumnVector.Create"/>'s <c>stored</c>).</summary>
    public static ColumnVector CreateColumn(PgType type) => ColumnVector.Create(type, Capacity, stored: true, pinned: true);

    /// <summary>Physical columns (index = attribute number - 1; dropped columns keep their slot).</summary>
    public ColumnVector[] Columns { get; set; }

    /// <summary>Transaction that created each row version.</summary>
    public long[] CreatedBy { get; } = GC.AllocateArray<long>(Capacity, pinned: true);

    /// <summary>Transaction that deleted each row version (0 = live). Written with Interlocked by writers.</summary>
    public long[] DeletedBy { get; } = GC.AllocateArray<long>(Capacity, pinned: true);

    /// <summary>For an updated row version, 1 + the row id of the version that replaced it (0 = none): the update chain.</summary>
    public long[] Successors { get; } = GC.AllocateArray<long>(Capacity, pinned: true);

    /// <summary>The durable identity of each row version (its storage key within the table).</summary>
    public long[] TupleIds { get; } = GC.AllocateArray<long>(Capacity, pinned: true);

    /// <summary>Rows appended so far (published after the row's values are written).</summary>
    public int Count;

    /// <summary>Bumped after every change of a published <see cref="DeletedBy"/> stamp (<see cref="StampRuns"/> cached
    /// before it no longer apply).</summary>
    private int _stampVersion;

    private StampRuns? _runs;

    /// <summary>Records that a delete stamp of a published row changed: call right after writing it.</summary>
    public void DeleteStampChanged() => Interlocked.Increment(ref _stampVersion);

    /// <summary>
    /// Rows [0, <paramref name="count"/>) as runs of equal (creator, deleter) stamps, cached until rows are appended or
    /// a delete stamp changes, so that the scans of many concurrent searches (a shared vector pass) each test a few
    /// runs instead of every row's stamps; null when the rows form more than <see cref="StampRuns.MaxRuns"/> runs (the
    /// caller tests them row by row). A stale answer can only miss a delete stamp written after the caller read the
    /// version, i.e. by a transaction that has not committed yet, to which its snapshot is blind anyway.
    /// </summary>
    public StampRuns? Runs(int count)
    {
        var version = Volatile.Read(ref _stampVersion);
        if (Volatile.Read(ref _runs) is { } cached && cached.Count == count && cached.Version == version)
        {
            return cached.Starts is null ? null : cached;
        }

        var runs = StampRuns.Compute(this, count, version);
        Volatile.Write(ref _runs, runs);
        return runs.Starts is null ? null : runs;
    }

    /// <summary>Whether no more rows fit.</summary>
    public bool IsFull => Count == Capacity;
}

/// <summary>A segment's rows [0, <see cref="Count"/>) as runs of equal (creator, deleter) stamps (see
/// <see cref="TableSegment.Runs"/>): run i covers rows [Starts[i], Starts[i + 1]) (the last one up to Count).</summary>
internal sealed class StampRuns
{
    /// <summary>Most runs worth caching: beyond it (rows written one by one) testing the stamps row by row costs as much.</summary>
    public const int MaxRuns = 64;

    private StampRuns(int count, int version, int[]? starts, long[]? created, long[]? deleted)
    {
        Count = count;
        Version = version;
        Starts = starts;
        Created = created;
        Deleted = deleted;
    }

    public int Count { get; }

    public int Version { get; }

    /// <summary>First row of each run; null when the rows form more than <see cref="MaxRuns"/> runs.</summary>
    public int[]? Starts { get; }

    public long[]? Created { get; }

    public long[]? Deleted { get; }

    /// <summary>Splits rows [0, <paramref name="count"/>) into runs, each found by SIMD searches for the next different stamp.</summary>
    public static StampRuns Compute(TableSegment seg, int count, int version)
    {
        Span<int> starts = stackalloc int[MaxRuns];
        Span<long> created = stackalloc long[MaxRuns];
        Span<long> deleted = stackalloc long[MaxRuns];
        var createdSpan = seg.CreatedBy.AsSpan(0, count);
        var deletedSpan = seg.DeletedBy.AsSpan(0, count);
        var n = 0;
        for (var r = 0; r < count;)
        {
            if (n == MaxRuns)
            {
                return new StampRuns(count, version, null, null, null);
            }

            var c = createdSpan[r];
            var d = Volatile.Read(ref seg.DeletedBy[r]);
            var end = createdSpan[(r + 1)..].IndexOfAnyExcept(c) is var i and >= 0 ? r + 1 + i : count;
            end = deletedSpan[(r + 1)..end].IndexOfAnyExcept(d) is var j and >= 0 ? r + 1 + j : end;
            (starts[n], created[n], deleted[n]) = (r, c, d);
            n++;
            r = end;
        }

        return new StampRuns(count, version, starts[..n].ToArray(), created[..n].ToArray(), deleted[..n].ToArray());
    }
}
