using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Sessions;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Execution.Nodes;

/// <summary>
/// WindowAgg: appends one column per window function call to its input rows. A blocking operator: it
/// materialises the input (within the work_mem-like row bound), sorts it once per distinct PARTITION BY /
/// ORDER BY clause, and computes each call over its partition, peer groups and frame (ROWS, RANGE or GROUPS,
/// with EXCLUDE). Rows come out in the order of the last clause's sort, as PostgreSQL's WindowAgg emits them.
/// </summary>
internal sealed class WindowNode : PlanNode
{
    private readonly int _inputWidth;

    /// <summary>Expressions evaluated per input row, stored after the results: each clause's keys, each call's arguments and filter.</summary>
    private readonly List<BoundExpr> _extras = [];

    /// <summary>Distinct clauses, the offset of their keys among the extras, and the calls they compute.</summary>
    private readonly List<(WindowClause Clause, int KeyOffset, List<int> Calls)> _clauses = [];

    private readonly int[] _argOffsets;
    private readonly int[] _filterOffsets;

    public WindowNode(PlanNode input, WindowCall[] calls)
        : base([.. input.Columns, .. calls.Select(c => new ResultColumn(c.Name, c.ResultType))])
    {
        Input = input;
        Calls = calls;
        EstimatedRows = input.EstimatedRows;
        _inputWidth = input.Columns.Count;
        _argOffsets = new int[calls.Length];
        _filterOffsets = new int[calls.Length];
        for (var i = 0; i < calls.Length; i++)
        {
            var call = calls[i];
            var group = _clauses.FindIndex(c => c.Clause.Key == call.Clause.Key);
            if (group < 0)
            {
                _clauses.Add((call.Clause, _extras.Count, []));
                _extras.AddRange(call.Clause.PartitionBy);
                _extras.AddRange(call.Clause.OrderBy.Select(o => o.Expr));
                group = _clauses.Count - 1;
            }

            _clauses[group].Calls.Add(i);
            _argOffsets[i] = _extras.Count;
            _extras.AddRange(call.Args);
            _filterOffsets[i] = call.Filter is null ? -1 : _extras.Count;
            if (call.Filter is not null)
            {
                _extras.Add(call.Filter);
            }
        }
    }

    public PlanNode Input { get; }

    public WindowCall[] Calls { get; }

    public override IEnumerable<PlanNode> Children => [Input];

    public override string ExplainName => "WindowAgg";

    public override IEnumerable<string> ExplainDetails => [.. Calls.Select(c => $"Window: {c}")];

    protected override OperatorState OpenCore(ExecContext ctx)
    {
        var rows = ReadInput(ctx);
        var extrasBase = _inputWidth + Calls.Length;
        var sorted = rows;
        foreach (var (clause, keyOffset, calls) in _clauses)
        {
            var keys = clause.PartitionBy.Select(p => new SortKey(p, false, false)).Concat(clause.OrderBy).ToArray();
            sorted = [.. rows];
            if (keys.Length > 0)
            {
                SortNode.StableSort(sorted, new RowKeyComparer(keys, extrasBase + keyOffset));
            }

            var partition = new Partition(this, ctx, sorted, clause, extrasBase + keyOffset, extrasBase);
            var start = 0;
            while (start < sorted.Count)
            {
                ctx.CheckInterrupts();
                var end = start + 1;
                while (end < sorted.Count && SamePartition(clause, keys, sorted[start], sorted[end], extrasBase + keyOffset))
                {
                    end++;
                }

                partition.Load(start, end);
                foreach (var c in calls)
                {
                    partition.Compute(c);
                }

                start = end;
            }
        }

        return new MaterializedRowsState(Columns, sorted);
    }

    private static bool SamePartition(WindowClause clause, SortKey[] keys, object?[] a, object?[] b, int offset)
    {
        for (var k = 0; k < clause.PartitionBy.Length; k++)
        {
            if (keys[k].Compare(a[offset + k], b[offset + k]) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Materialises the input rows with room for the results, then the extra expressions' values.</summary>
    private List<object?[]> ReadInput(ExecContext ctx)
    {
        var rows = new List<object?[]>();
        var width = _inputWidth + Calls.Length + _extras.Count;
        var input = Input.Open(ctx);
        try
        {
            while (input.Next() is { } batch)
            {
                ctx.CheckInterrupts();
                var vectors = new ColumnVector[_extras.Count];
                for (var e = 0; e < vectors.Length; e++)
                {
                    vectors[e] = _extras[e].EvalBatch(batch, ctx);
                }

                var n = batch.LiveCount;
                for (var i = 0; i < n; i++)
                {
                    var phys = batch.RowAt(i);
                    var row = new object?[width];
                    for (var c = 0; c < _inputWidth; c++)
                    {
                        row[c] = batch.Columns[c].GetValue(phys);
                    }

                    for (var e = 0; e < vectors.Length; e++)
                    {
                        row[_inputWidth + Calls.Length + e] = vectors[e].GetValue(i);
                    }

                    rows.Add(row);
                }

                ctx.CheckMemory(rows.Count);
            }
        }
        finally
        {
            input.Close();
        }

        return rows;
    }

    /// <summary>One partition of one clause: its rows in window order, their peer groups, and the frame arithmetic.</summary>
    private sealed class Partition
    {
        private readonly WindowNode _node;
        private readonly ExecContext _ctx;
        private readonly List<object?[]> _rows;
        private readonly WindowClause _clause;
        private readonly int _orderOffset;
        private readonly int _extrasBase;
        private readonly List<int> _groupStarts = [];
        private int[] _group = [];
        private int _start;
        private int _count;

        public Partition(WindowNode node, ExecContext ctx, List<object?[]> rows, WindowClause clause, int keyOffset, int extrasBase)
        {
            _node = node;
            _ctx = ctx;
            _rows = rows;
            _clause = clause;
            _orderOffset = keyOffset + clause.PartitionBy.Length;
            _extrasBase = extrasBase;
        }

        private object?[] Row(int k) => _rows[_start + k];

        /// <summary>Takes rows [start, end) of the sorted input and finds their peer groups (rows equal under ORDER BY).</summary>
        public void Load(int start, int end)
        {
            _start = start;
            _count = end - start;
            _group = new int[_count];
            _groupStarts.Clear();
            for (var k = 0; k < _count; k++)
            {
                if (k == 0 || !Peers(k - 1, k))
                {
                    _groupStarts.Add(k);
                }

                _group[k] = _groupStarts.Count - 1;
            }

            _groupStarts.Add(_count);
        }

        private bool Peers(int a, int b)
        {
            var keys = _clause.OrderBy;
            for (var k = 0; k < keys.Length; k++)
            {
                if (keys[k].Compare(Row(a)[_orderOffset + k], Row(b)[_orderOffset + k]) != 0)
                {
                    return false;
                }
            }

            return true;
        }

        private object? Arg(int call, int k, int arg) => Row(k)[_extrasBase + _node._argOffsets[call] + arg];

        public void Compute(int call)
        {
            var c = _node.Calls[call];
            var result = _node._inputWidth + call;
            switch (c.Kind)
            {
                case WindowFunctionKind.RowNumber:
                    for (var k = 0; k < _count; k++)
                    {
                        Row(k)[result] = (long)(k + 1);
                    }

                    break;
                case WindowFunctionKind.Rank:
                    for (var k = 0; k < _count; k++)
                    {
                        Row(k)[result] = (long)(_groupStarts[_group[k]] + 1);
                    }

                    break;
                case WindowFunctionKind.DenseRank:
                    for (var k = 0; k < _count; k++)
                    {
                        Row(k)[result] = (long)(_group[k] + 1);
                    }

                    break;
                case WindowFunctionKind.PercentRank:
                    for (var k = 0; k < _count; k++)
                    {
                        Row(k)[result] = _count > 1 ? (double)_groupStarts[_group[k]] / (_count - 1) : 0.0;
                    }

                    break;
                case WindowFunctionKind.CumeDist:
                    for (var k = 0; k < _count; k++)
                    {
                        Row(k)[result] = (double)_groupStarts[_group[k] + 1] / _count;
                    }

                    break;
                case WindowFunctionKind.Ntile:
                    ComputeNtile(call, result);
                    break;
                case WindowFunctionKind.Lag or WindowFunctionKind.Lead:
                    ComputeLagLead(call, c, result);
                    break;
                case WindowFunctionKind.Aggregate:
                    ComputeAggregate(call, c, result);
                    break;
                default:
                    ComputeValue(call, c, result);
                    break;
            }
        }

        private void ComputeNtile(int call, int result)
        {
            // The bucket count is read from the partition's first row, as PostgreSQL does.
            if (Arg(call, 0, 0) is not { } nArg)
            {
                for (var k = 0; k < _count; k++)
                {
                    Row(k)[result] = null;
                }

                return;
            }

            var buckets = Convert.ToInt64(nArg);
            if (buckets <= 0)
            {
                ThrowHelper.Throw(SqlState.InvalidArgumentForNtile, "argument of ntile must be greater than zero");
            }

            // The first (count % buckets) buckets hold one row more than the others.
            var perBucket = _count / buckets;
            var extra = _count % buckets;
            long bucket = 1, left = perBucket + (extra > 0 ? 1 : 0);
            for (var k = 0; k < _count; k++)
            {
                if (left == 0)
                {
                    bucket++;
                    left = perBucket + (bucket <= extra ? 1 : 0);
                }

                Row(k)[result] = (int)bucket;
                left--;
            }
        }

        private void ComputeLagLead(int call, WindowCall c, int result)
        {
            var sign = c.Kind == WindowFunctionKind.Lag ? -1 : 1;
            for (var k = 0; k < _count; k++)
            {
                long offset = 1;
                if (c.Args.Length > 1)
                {
                    if (Arg(call, k, 1) is not { } o)
                    {
                        Row(k)[result] = null;
                        continue;
                    }

                    offset = Convert.ToInt64(o);
                }

                var target = k + (sign * offset);
                Row(k)[result] = target >= 0 && target < _count ? Arg(call, (int)target, 0)
                    : c.Args.Length > 2 ? Arg(call, k, 2) : null;
            }
        }

        /// <summary>first_value, last_value, nth_value: a row of the frame.</summary>
        private void ComputeValue(int call, WindowCall c, int result)
        {
            var frame = new FrameCursor(this, c.Frame);
            for (var k = 0; k < _count; k++)
            {
                var (s, e) = frame.Bounds(k);
                long n = 1;
                if (c.Kind == WindowFunctionKind.NthValue)
                {
                    if (Arg(call, k, 1) is not { } nArg)
                    {
                        Row(k)[result] = null;
                        continue;
                    }

                    n = Convert.ToInt64(nArg);
                    if (n <= 0)
                    {
                        ThrowHelper.Throw(SqlState.InvalidArgumentForNthValue, "argument of nth_value must be greater than zero");
                    }
                }

                object? value = null;
                if (c.Kind == WindowFunctionKind.LastValue)
                {
                    for (var j = e - 1; j >= s; j--)
                    {
                        if (!frame.Excluded(j, k))
                        {
                            value = Arg(call, j, 0);
                            break;
                        }
                    }
                }
                else
                {
                    for (var j = s; j < e; j++)
                    {
                        if (!frame.Excluded(j, k) && --n == 0)
                        {
                            value = Arg(call, j, 0);
                            break;
                        }
                    }
                }

                Row(k)[result] = value;
            }
        }

        private void ComputeAggregate(int call, WindowCall c, int result)
        {
            var frame = new FrameCursor(this, c.Frame);
            var agg = c.Aggregate!;
            var args = new object?[c.Args.Length];
            var filter = _node._filterOffsets[call];

            // A frame that starts at the partition's first row only grows: accumulate incrementally.
            var growing = c.Frame.Start.Kind == FrameBoundKind.UnboundedPreceding
                && c.Frame.Exclusion is FrameExclusion.None or FrameExclusion.NoOthers;
            IAggregateState? state = null;
            var added = 0;
            for (var k = 0; k < _count; k++)
            {
                var (s, e) = frame.Bounds(k);
                if (!growing)
                {
                    state = null;
                    added = s;
                }

                state ??= agg.CreateState();
                for (; added < e; added++)
                {
                    if (frame.Excluded(added, k) || (filter >= 0 && Row(added)[_extrasBase + filter] is not true))
                    {
                        continue;
                    }

                    var hasNull = false;
                    for (var a = 0; a < args.Length; a++)
                    {
                        args[a] = Arg(call, added, a);
                        hasNull |= args[a] is null;
                    }

                    if (!(hasNull && agg.Strict))
                    {
                        state.Add(args, _ctx.Eval);
                    }
                }

                Row(k)[result] = state.Result(_ctx.Eval);
            }
        }

        /// <summary>Frame bounds of each row of the partition: [start, end) in partition positions.</summary>
        private readonly struct FrameCursor
        {
            private readonly Partition _p;
            private readonly WindowFrameSpec _frame;
            private readonly long _startOffset;
            private readonly long _endOffset;
            private readonly object? _startRange;
            private readonly object? _endRange;

            public FrameCursor(Partition p, WindowFrameSpec frame)
            {
                _p = p;
                _frame = frame;
                _startOffset = _endOffset = 0;
                _startRange = _endRange = null;
                if (frame.Mode == FrameMode.Range)
                {
                    _startRange = RangeOffset(frame.Start, "starting");
                    _endRange = RangeOffset(frame.End, "ending");
                }
                else
                {
                    _startOffset = RowOffset(frame.Start, "starting");
                    _endOffset = RowOffset(frame.End, "ending");
                }
            }

            private object? Offset(WindowFrameBound bound, string which)
            {
                if (bound.Offset is null)
                {
                    return null;
                }

                return bound.Offset.Eval(new Batch([], 1), 0, _p._ctx)
                    ?? throw new PgException(SqlState.NullValueNotAllowed, $"frame {which} offset must not be null");
            }

            private long RowOffset(WindowFrameBound bound, string which)
            {
                if (Offset(bound, which) is not { } o)
                {
                    return 0;
                }

                var n = Convert.ToInt64(o);
                return n >= 0 ? n : throw new PgException(SqlState.InvalidPrecedingOrFollowingSize, $"frame {which} offset must not be negative");
            }

            private object? RangeOffset(WindowFrameBound bound, string which)
            {
                var o = Offset(bound, which);
                if (o is not null && ValueComparer.Compare(bound.Offset!.Type, o, ZeroOf(o)) < 0)
                {
                    throw new PgException(SqlState.InvalidPrecedingOrFollowingSize, "invalid preceding or following size in window function");
                }

                return o;
            }

            private static object ZeroOf(object o) => o switch
            {
                int => 0,
                long => 0L,
                short => (short)0,
                double => 0.0,
                float => 0f,
                PgNumeric => PgNumeric.Zero,
                PgInterval => default(PgInterval),
                _ => o,
            };

            public (int Start, int End) Bounds(int k)
            {
                var p = _p;
                var g = p._group[k];
                var start = _frame.Start.Kind switch
                {
                    FrameBoundKind.UnboundedPreceding => 0,
                    FrameBoundKind.CurrentRow => _frame.Mode == FrameMode.Rows ? k : p._groupStarts[g],
                    FrameBoundKind.Preceding => _frame.Mode switch
                    {
                        FrameMode.Rows => (int)Math.Max(0, k - _startOffset),
                        FrameMode.Groups => p._groupStarts[(int)Math.Max(0, g - _startOffset)],
                        _ => p.RangeStart(k, _frame.Start, _startRange, preceding: true),
                    },
                    FrameBoundKind.Following => _frame.Mode switch
                    {
                        FrameMode.Rows => (int)Math.Min(p._count, k + _startOffset),
                        FrameMode.Groups => p._groupStarts[(int)Math.Min(p._groupStarts.Count - 1, g + _startOffset)],
                        _ => p.RangeStart(k, _frame.Start, _startRange, preceding: false),
                    },
                    _ => p._count,
                };
                var end = _frame.End.Kind switch
                {
                    FrameBoundKind.UnboundedFollowing => p._count,
                    FrameBoundKind.CurrentRow => _frame.Mode == FrameMode.Rows ? k + 1 : p._groupStarts[g + 1],
                    FrameBoundKind.Preceding => _frame.Mode switch
                    {
                        FrameMode.Rows => (int)Math.Max(0, k - _endOffset + 1),
                        FrameMode.Groups => g - _endOffset < 0 ? 0 : p._groupStarts[(int)(g - _endOffset) + 1],
                        _ => p.RangeEnd(k, _frame.End, _endRange, preceding: true),
                    },
                    FrameBoundKind.Following => _frame.Mode switch
                    {
                        FrameMode.Rows => (int)Math.Min(p._count, k + _endOffset + 1),
                        FrameMode.Groups => p._groupStarts[(int)Math.Min(p._groupStarts.Count - 1, g + _endOffset + 1)],
                        _ => p.RangeEnd(k, _frame.End, _endRange, preceding: false),
                    },
                    _ => 0,
                };
                return (start, Math.Max(start, end));
            }

            /// <summary>EXCLUDE CURRENT ROW / GROUP / TIES.</summary>
            public bool Excluded(int j, int k) => _frame.Exclusion switch
            {
                FrameExclusion.CurrentRow => j == k,
                FrameExclusion.Group => _p._group[j] == _p._group[k],
                FrameExclusion.Ties => j != k && _p._group[j] == _p._group[k],
                _ => false,
            };
        }

        /// <summary>The ORDER BY value of row k moved by the offset (toward earlier rows when preceding).</summary>
        private object? RangeBound(int k, WindowFrameBound bound, object? offset, bool preceding)
        {
            var key = _clause.OrderBy[0];
            var value = Row(k)[_orderOffset];
            if (value is null)
            {
                return null;
            }

            // Ascending: preceding rows have smaller values; descending: larger.
            var op = preceding != key.Descending ? bound.Subtract! : bound.Add!;
            return op([value, offset], _ctx.Eval);
        }

        /// <summary>First row whose key is not before the bound.</summary>
        private int RangeStart(int k, WindowFrameBound bound, object? offset, bool preceding)
        {
            var b = RangeBound(k, bound, offset, preceding);
            if (b is null)
            {
                return _groupStarts[_group[k]];
            }

            var key = _clause.OrderBy[0];
            int lo = 0, hi = _count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (key.Compare(Row(mid)[_orderOffset], b) < 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        /// <summary>One past the last row whose key is not after the bound.</summary>
        private int RangeEnd(int k, WindowFrameBound bound, object? offset, bool preceding)
        {
            var b = RangeBound(k, bound, offset, preceding);
            if (b is null)
            {
                return _groupStarts[_group[k] + 1];
            }

            var key = _clause.OrderBy[0];
            int lo = 0, hi = _count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (key.Compare(Row(mid)[_orderOffset], b) <= 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }
    }
}
