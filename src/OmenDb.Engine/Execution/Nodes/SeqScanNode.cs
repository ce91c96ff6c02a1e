using OmenDb.Engine.Binding;
using OmenDb.Engine.Catalog;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>
/// Scans a table's segments without copying: each segment's vectors go up as a batch whose selection lists
/// the row versions visible to the snapshot (and passing the pushed-down filter). Output columns are the
/// table's physical slots (dropped columns included, so slot = column index).
/// </summary>
internal sealed class SeqScanNode : PlanNode
{
    public SeqScanNode(TableInfo table, string alias, IReadOnlyList<ResultColumn> columns)
        : base(columns)
    {
        Table = table;
        Alias = alias;
        EstimatedRows = Math.Max(1, table.RelTuples >= 0 ? table.RelTuples : table.Data.RowVersionCount);
    }

    public TableInfo Table { get; }

    public string Alias { get; }

    /// <summary>A filter evaluated during the scan (pushed down by the planner), or null.</summary>
    public BoundExpr? Filter { get; init; }

    /// <summary>When set, the scan also outputs each row's row id as a final int8 column (for UPDATE/DELETE).</summary>
    public bool EmitRowIds { get; init; }

    public override string ExplainName => Alias == Table.Name ? $"Seq Scan on {Table.Name}" : $"Seq Scan on {Table.Name} {Alias}";

    public override IEnumerable<string> ExplainDetails => Filter is null ? [] : [$"Filter: {Filter}"];

    protected override OperatorState OpenCore(ExecContext ctx) => new State(this, ctx);

    /// <summary>The filter compiled to selection kernels, or null when it has none (compiled once, on first use).</summary>
    internal Vectorized.VectorPredicate? CompiledFilter
    {
        get
        {
            if (!Volatile.Read(ref _filterCompiled))
            {
                _compiledFilter = Filter is null ? null : Vectorized.VectorPredicate.TryCompile(Filter);
                Volatile.Write(ref _filterCompiled, true);
            }

            return _compiledFilter;
        }
    }

    private Vectorized.VectorPredicate? _compiledFilter;
    private bool _filterCompiled;

    /// <summary>The filter's conditions that zone maps can test (computed once, on first use).</summary>
    internal (int Column, Indexes.KeyCondition Condition)[] ZoneConditions
        => _zoneConditions ??= Indexes.KeyIndexPlanner.ZoneConditions(this);

    private (int Column, Indexes.KeyCondition Condition)[]? _zoneConditions;

    /// <summary>
    /// One segment as a batch over its vectors (no copy) whose selection lists the row versions visible to the snapshot,
    /// or null when none is. The pushed-down filter is not applied here.
    /// </summary>
    internal Batch? ScanSegment(TableSegment seg, int segIndex, VisibilityMemo visibility)
    {
        var count = Volatile.Read(ref seg.Count);
        int[]? selection = null; // allocated at the first invisible row: a segment all visible needs none
        var n = 0;
        if (seg.Runs(count) is { } runs)
        {
            // The segment's runs of equal stamps, cached with it: one visibility test per run.
            var starts = runs.Starts!;
            for (var i = 0; i < starts.Length; i++)
            {
                var end = i + 1 < starts.Length ? starts[i + 1] : count;
                Select(visibility.IsVisible(runs.Created![i], runs.Deleted![i]), starts[i], end, count, ref selection, ref n);
            }

            return n == 0 ? null : SegmentBatch(seg, segIndex, count, selection, n);
        }

        var created = seg.CreatedBy.AsSpan(0, count);
        var deleted = seg.DeletedBy.AsSpan(0, count);
        var createdEnd = 0; // end of the run of equal creation stamps that holds r (searched once per run, not per row)
        for (var r = 0; r < count;)
        {
            // Rows loaded or written together share their stamps: one visibility test per run of equal stamps, each run
            // found by a SIMD scan, so that the many concurrent searches of a shared vector pass do not each test every row.
            var c = created[r];
            var d = Volatile.Read(ref seg.DeletedBy[r]);
            if (r >= createdEnd)
            {
                createdEnd = created[(r + 1)..].IndexOfAnyExcept(c) is var i and >= 0 ? r + 1 + i : count;
            }

            var end = deleted[(r + 1)..createdEnd].IndexOfAnyExcept(d) is var j and >= 0 ? r + 1 + j : createdEnd; // from r + 1: d may be newer
            Select(visibility.IsVisible(c, d), r, end, count, ref selection, ref n);
            r = end;
        }

        return n == 0 ? null : SegmentBatch(seg, segIndex, count, selection, n);
    }

    /// <summary>Adds rows [<paramref name="from"/>, <paramref name="end"/>) to the selection when visible; the selection
    /// (null while every row so far is visible) is allocated at the first invisible run.</summary>
    private static void Select(bool visible, int from, int end, int count, ref int[]? selection, ref int n)
    {
        if (visible)
        {
            if (selection is not null)
            {
                for (var k = from; k < end; k++)
                {
                    selection[n++] = k;
                }
            }
            else
            {
                n += end - from;
            }
        }
        else if (selection is null)
        {
            selection = new int[count];
            for (var k = 0; k < n; k++)
            {
                selection[k] = k;
            }
        }
    }

    /// <summary>The batch over a segment's vectors with the selection of its visible rows (null: all).</summary>
    private Batch SegmentBatch(TableSegment seg, int segIndex, int count, int[]? selection, int n)
    {
        ColumnVector[] columns = seg.Columns;
        if (columns.Length < Table.Columns.Count)
        {
            // A column added after this segment was captured: read it as nulls.
            columns = [.. columns, .. Table.Columns.Skip(columns.Length).Select(c => NullVector(c, count))];
        }

        if (EmitRowIds)
        {
            var ids = new PrimitiveVector<long>(Types.PgTypes.Int8, count) { Count = count };
            var baseId = (long)segIndex * TableSegment.Capacity;
            for (var r = 0; r < count; r++)
            {
                ids.Values[r] = baseId + r;
            }

            columns = [.. columns, ids];
        }

        return new Batch(columns, count)
        {
            Selection = selection,
            SelectionCount = n,
        };
    }

    /// <summary>The scan's batch of every segment, at the segment's index (null where the snapshot sees no row or the
    /// filter keeps none): for operators that address rows by segment, as the shared vector pass does.</summary>
    internal Batch?[] ScanBySegment(ExecContext ctx)
    {
        var segments = Table.Data.Segments.ToArray();
        var visibility = new VisibilityMemo(ctx.Snapshot);
        var batches = new Batch?[segments.Length];
        for (var s = 0; s < segments.Length; s++)
        {
            ctx.CheckInterrupts();
            batches[s] = ScanAndFilter(segments[s], s, visibility, ctx);
        }

        return batches;
    }

    /// <summary>One segment's batch with the filter applied, or null when no row is left.</summary>
    private Batch? ScanAndFilter(TableSegment seg, int segIndex, VisibilityMemo visibility, ExecContext ctx)
    {
        if (ScanSegment(seg, segIndex, visibility) is not { } batch)
        {
            return null;
        }

        if (Filter is not null)
        {
            FilterNode.Apply(batch, Filter, CompiledFilter, ctx);
            if (batch.LiveCount == 0)
            {
                return null;
            }
        }

        return batch;
    }

    private static ColumnVector NullVector(ColumnInfo c, int count)
    {
        var v = ColumnVector.Create(c.Type, Math.Max(count, 1));
        for (var r = 0; r < count; r++)
        {
            v.SetNull(r);
        }

        v.Count = count;
        return v;
    }

    /// <summary>
    /// <see cref="Transactions.Snapshot.IsVisible"/> remembered for the last (creator, deleter) pair: rows loaded or
    /// written together share their stamps, so a scan asks the snapshot once per run of equal stamps instead of per row.
    /// One per scanning thread.
    /// </summary>
    internal sealed class VisibilityMemo(Transactions.Snapshot snapshot)
    {
        private long _created = -1;
        private long _deleted = -1;
        private bool _visible;

        public bool IsVisible(long created, long deleted)
        {
            if (created != _created || deleted != _deleted)
            {
                _visible = snapshot.IsVisible(created, deleted);
                _created = created;
                _deleted = deleted;
            }

            return _visible;
        }
    }

    private sealed class State : OperatorState
    {
        private readonly SeqScanNode _node;
        private readonly ExecContext _ctx;
        private readonly TableSegment[] _segments;
        private readonly VisibilityMemo _visibility;
        private int _next;

        /// <summary>Zone-map bounds of this execution (null: nothing to prune), evaluated at the first batch.</summary>
        private ZoneMaps.Bound[]? _zones;
        private bool _zonesEvaluated;
        private int _pruned;

        public State(SeqScanNode node, ExecContext ctx)
        {
            _node = node;
            _ctx = ctx;
            _segments = node.Table.Data.Segments.ToArray();
            _visibility = new VisibilityMemo(ctx.Snapshot);
        }

        public override Batch? Next()
        {
            if (!_zonesEvaluated)
            {
                _zonesEvaluated = true;
                _zones = _node.Filter is null ? null : ZoneMaps.Evaluate(_node.ZoneConditions, _ctx);
            }

            while (_next < _segments.Length)
            {
                _ctx.CheckInterrupts();
                var segIndex = _next++;
                if (_zones is not null && ZoneMaps.Excludes(_segments[segIndex], _zones))
                {
                    _pruned++;
                    if (_ctx.Analyze?.Get(_node) is { } stats)
                    {
                        stats.Extra = $"Segments Pruned by Zone Map: {_pruned} of {_segments.Length}";
                    }

                    continue;
                }

                if (_node.ScanAndFilter(_segments[segIndex], segIndex, _visibility, _ctx) is { } batch)
                {
                    return batch;
                }
            }

            return null;
        }
    }
}
