using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution.Nodes;

namespace OmenDb.Engine.Execution.Vectorized;

/// <summary>
/// The vectorised execution of a <see cref="HashJoinNode"/> with one integer equi-key pair (int2/int4/int8 on either
/// side, or oid-like on both: the catalog's joins) and no join filter, for INNER, LEFT, SEMI and ANTI joins. The build side is copied into typed column vectors
/// and a <see cref="LongKeyMap"/> whose key ids head chains of build rows (in build order); the probe side streams:
/// each probe batch comes back as a batch. While every probe row has at most one match (a key join on a unique build
/// side, the usual fact-to-dimension case), the probe batch's own vectors go up unchanged with a selection of the
/// matched rows and the build columns are gathered beside them; otherwise output rows are gathered pairwise, at most
/// <see cref="Batch.DefaultSize"/> per batch. Output order is the row path's: probe order, then build order.
/// </summary>
internal sealed class VectorHashJoin
{
    private readonly HashJoinNode _node;
    private readonly VectorExpr _leftKey;
    private readonly VectorExpr _rightKey;

    private VectorHashJoin(HashJoinNode node, VectorExpr leftKey, VectorExpr rightKey)
    {
        _node = node;
        _leftKey = leftKey;
        _rightKey = rightKey;
    }

    /// <summary>Compiles the join, or returns null when the row path must run it.</summary>
    public static VectorHashJoin? TryCreate(HashJoinNode node)
    {
        if (node.Type is not (JoinType.Inner or JoinType.Left or JoinType.Semi or JoinType.Anti) || node.Residual is not null
            || node.LeftKeys.Length != 1
            || VectorExpr.IsOidType(node.LeftKeys[0].Type) != VectorExpr.IsOidType(node.RightKeys[0].Type))
        {
            return null;
        }

        return VectorExpr.TryCompileJoinKey(node.LeftKeys[0]) is { } l && VectorExpr.TryCompileJoinKey(node.RightKeys[0]) is { } r
            ? new VectorHashJoin(node, l, r)
            : null;
    }

    /// <summary>The join type.</summary>
    public JoinType Type => _node.Type;

    /// <summary>The left (probe) key kernel.</summary>
    public VectorExpr LeftKey => _leftKey;

    /// <summary>Builds the hash table from the right input, then returns the state that probes with the left one.</summary>
    public OperatorState Open(ExecContext ctx)
    {
        var build = Build(ctx);
        return new ProbeState(this, build, _node.Left.Open(ctx), ctx);
    }

    /// <summary>Probes a build side already read (by <see cref="Build"/>) with the left input.</summary>
    public OperatorState OpenProbe(BuildSide build, ExecContext ctx) => new ProbeState(this, build, _node.Left.Open(ctx), ctx);

    /// <summary>Reads the right input into a <see cref="BuildSide"/>.</summary>
    public BuildSide Build(ExecContext ctx)
    {
        var build = new BuildSide(_node.Right.Columns.Count);
        var right = _node.Right.Open(ctx);
        try
        {
            var keys = new long[Batch.DefaultSize];
            var nulls = new bool[Batch.DefaultSize];
            while (right.Next() is { } batch)
            {
                ctx.CheckInterrupts();
                var n = batch.LiveCount;
                if (keys.Length < n)
                {
                    keys = new long[n];
                    nulls = new bool[n];
                }

                var anyNull = _rightKey.EvalInt64(batch, ctx, keys, nulls);
                build.Add(batch, keys, anyNull ? nulls : null);

                ctx.CheckMemory(build.Count);
            }
        }
        finally
        {
            right.Close();
        }

        if (build.Count == 0)
        {
            build.Columns = [.. _node.Right.Columns.Select(c => ColumnVector.Create(c.Type, 1))];
        }

        return build;
    }

    /// <summary>The build rows as columns, and per key id the chain of rows with that key.</summary>
    internal sealed class BuildSide(int width)
    {
        /// <summary>Created from the first build batch's vectors (so their shapes match), empty until then.</summary>
        public ColumnVector[] Columns = [];
        public readonly LongKeyMap Keys = new();
        public int[] First = new int[16];
        public int[] Last = new int[16];

        /// <summary>The next build row with the same key, or -1.</summary>
        public int[] NextRow = new int[Batch.DefaultSize];
        public int Count;

        /// <summary>Whether no key occurs twice (each probe row then matches at most once).</summary>
        public bool Unique = true;

        /// <summary>Appends the live rows of <paramref name="batch"/> with their keys (null keys never match).</summary>
        public void Add(Batch batch, long[] keys, bool[]? nulls)
        {
            var n = batch.LiveCount;
            if (Columns.Length < width)
            {
                Columns = new ColumnVector[width];
                for (var c = 0; c < width; c++)
                {
                    Columns[c] = ColumnVector.Create(batch.Columns[c].Type, NextRow.Length);
                }
            }

            if (Count + n > NextRow.Length)
            {
                var size = Math.Max(NextRow.Length * 2, Count + n);
                Array.Resize(ref NextRow, size);
                foreach (var c in Columns)
                {
                    c.Grow(size);
                }
            }

            var from = new int[n];
            var to = new int[n];
            for (var i = 0; i < n; i++)
            {
                from[i] = batch.RowAt(i);
                to[i] = Count + i;
            }

            for (var c = 0; c < Columns.Length; c++)
            {
                GatherInto(batch.Columns[c], from, Columns[c], to, n);
                Columns[c].Count = Count + n;
            }

            for (var i = 0; i < n; i++)
            {
                var b = Count++;
                NextRow[b] = -1;
                if (nulls is not null && nulls[i])
                {
                    continue;
                }

                var id = Keys.GetOrAdd(keys[i], out var added);
                if (added)
                {
                    if (id == First.Length)
                    {
                        Array.Resize(ref First, id * 2);
                        Array.Resize(ref Last, id * 2);
                    }

                    First[id] = Last[id] = b;
                }
                else
                {
                    Unique = false;
                    NextRow[Last[id]] = b;
                    Last[id] = b;
                }
            }
        }
    }

    /// <summary>
    /// Probes one batch at a time when each probe row has at most one match (a unique build side, or SEMI/ANTI): the
    /// probe vectors go up unchanged with a selection of the rows kept, and build columns are gathered beside them.
    /// One per thread (it owns scratch buffers); the build side is only read.
    /// </summary>
    internal sealed class Prober(VectorHashJoin join, BuildSide build)
    {
        private long[] _keys = new long[Batch.DefaultSize];
        private bool[] _nulls = new bool[Batch.DefaultSize];
        private int[] _probeRows = new int[Batch.DefaultSize];
        private int[] _buildRows = new int[Batch.DefaultSize];

        /// <summary>The first build row whose key equals probe key <paramref name="i"/>, or -1.</summary>
        public int Lookup(long[] keys, bool[] nulls, int i, bool anyNull)
            => anyNull && nulls[i] ? -1 : build.Keys.Find(keys[i]) is var id and >= 0 ? build.First[id] : -1;

        /// <summary>The joined rows of <paramref name="batch"/>, or null when none is kept.</summary>
        public Batch? Probe(Batch batch, ExecContext ctx)
        {
            var n = batch.LiveCount;
            if (_keys.Length < n)
            {
                _keys = new long[n];
                _nulls = new bool[n];
                _probeRows = new int[n];
                _buildRows = new int[n];
            }

            var anyNull = join._leftKey.EvalInt64(batch, ctx, _keys, _nulls);
            var type = join.Type;
            var selection = new int[n];
            var kept = 0;
            for (var i = 0; i < n; i++)
            {
                var b = Lookup(_keys, _nulls, i, anyNull);
                if (b >= 0 ? type != JoinType.Anti : type is JoinType.Anti or JoinType.Left)
                {
                    _probeRows[kept] = batch.RowAt(i);
                    _buildRows[kept] = b;
                    selection[kept++] = batch.RowAt(i);
                }
            }

            if (kept == 0)
            {
                return null;
            }

            var columns = batch.Columns;
            if (type is JoinType.Inner or JoinType.Left)
            {
                var leftWidth = join._node.Left.Columns.Count;
                columns = new ColumnVector[leftWidth + build.Columns.Length];
                batch.Columns.AsSpan(0, leftWidth).CopyTo(columns);
                for (var c = 0; c < build.Columns.Length; c++)
                {
                    var v = ColumnVector.Create(build.Columns[c].Type, Math.Max(batch.RowCount, 1));
                    v.Count = batch.RowCount;
                    GatherInto(build.Columns[c], _buildRows, v, _probeRows, kept);
                    columns[leftWidth + c] = v;
                }
            }

            return new Batch(columns, batch.RowCount)
            {
                Selection = kept == batch.RowCount ? null : selection,
                SelectionCount = kept,
                RegNames = batch.RegNames,
            };
        }
    }

    /// <summary>Copies row <c>from[i]</c> of <paramref name="source"/> (-1 = NULL) to row <c>to[i]</c> of
    /// <paramref name="target"/> (same shape), with typed loops for the common fixed-width
    /// and text columns (the catalog's too: oid, bool, int2, char as text), then the source's nulls.</summary>
    private static void GatherInto(ColumnVector source, int[] from, ColumnVector target, int[] to, int count)
    {
        var plain = true;
        for (var i = 0; plain && i < count; i++)
        {
            plain = from[i] >= 0;
        }

        switch (plain ? source : null)
        {
            case PrimitiveVector<int> s:
                Gather(s.Values, from, ((PrimitiveVector<int>)target).Values, to, count);
                break;
            case PrimitiveVector<long> s:
                Gather(s.Values, from, ((PrimitiveVector<long>)target).Values, to, count);
                break;
            case PrimitiveVector<uint> s:
                Gather(s.Values, from, ((PrimitiveVector<uint>)target).Values, to, count);
                break;
            case PrimitiveVector<bool> s:
                Gather(s.Values, from, ((PrimitiveVector<bool>)target).Values, to, count);
                break;
            case PrimitiveVector<short> s:
                Gather(s.Values, from, ((PrimitiveVector<short>)target).Values, to, count);
                break;
            case PrimitiveVector<double> s:
                Gather(s.Values, from, ((PrimitiveVector<double>)target).Values, to, count);
                break;
            case ReferenceVector<string> s:
                Gather(s.Values, from, ((ReferenceVector<string>)target).Values, to, count);
                break;
            default:
                for (var i = 0; i < count; i++)
                {
                    if (from[i] < 0)
                    {
                        target.SetNull(to[i]);
                    }
                    else
                    {
                        target.CopyFrom(source, from[i], to[i]);
                    }
                }

                return;
        }

        if (source.MayHaveNulls || target.MayHaveNulls)
        {
            for (var i = 0; i < count; i++)
            {
                if (source.IsNull(from[i]))
                {
                    target.SetNull(to[i]);
                }
                else
                {
                    target.SetValid(to[i]);
                }
            }
        }
    }

    private static void Gather<T>(T[] source, int[] from, T[] target, int[] to, int count)
    {
        for (var i = 0; i < count; i++)
        {
            target[to[i]] = source[from[i]];
        }
    }

    private sealed class ProbeState : OperatorState
    {
        private readonly VectorHashJoin _join;
        private readonly BuildSide _build;
        private readonly OperatorState _left;
        private readonly ExecContext _ctx;
        private long[] _keys = new long[Batch.DefaultSize];
        private bool[] _nulls = new bool[Batch.DefaultSize];

        // Pairwise mode: the probe batch being joined, its next live row and the next build row of that row's chain.
        private Batch? _pending;
        private int _pendingRow;
        private int _pendingChain = -1;
        private bool _pendingStarted;
        private bool _pendingAnyNull;

        private readonly Prober _prober;

        public ProbeState(VectorHashJoin join, BuildSide build, OperatorState left, ExecContext ctx)
        {
            _prober = new Prober(join, build);
            _join = join;
            _build = build;
            _left = left;
            _ctx = ctx;
        }

        private JoinType Type => _join._node.Type;

        public override Batch? Next()
        {
            while (true)
            {
                if (_pending is not null)
                {
                    if (NextPairs() is { } pairs)
                    {
                        return pairs;
                    }

                    continue;
                }

                if (_left.Next() is not { } batch)
                {
                    return null;
                }

                _ctx.CheckInterrupts();
                var n = batch.LiveCount;
                if (_keys.Length < n)
                {
                    _keys = new long[n];
                    _nulls = new bool[n];
                }

                if (_build.Unique || Type is JoinType.Semi or JoinType.Anti)
                {
                    if (_prober.Probe(batch, _ctx) is { } result)
                    {
                        return result;
                    }

                    continue;
                }

                var anyNull = _join._leftKey.EvalInt64(batch, _ctx, _keys, _nulls);

                _pending = batch;
                _pendingRow = 0;
                _pendingStarted = false;
                _pendingAnyNull = anyNull;
            }
        }

        private int Lookup(int i, bool anyNull) => _prober.Lookup(_keys, _nulls, i, anyNull);

        /// <summary>Several matches per probe row (INNER/LEFT): gathers up to one batch of (probe, build) pairs.</summary>
        private Batch? NextPairs()
        {
            var batch = _pending!;
            var n = batch.LiveCount;
            var probeRows = new int[Batch.DefaultSize];
            var buildRows = new int[Batch.DefaultSize];
            var count = 0;
            while (count < Batch.DefaultSize && _pendingRow < n)
            {
                if (!_pendingStarted)
                {
                    _pendingStarted = true;
                    _pendingChain = Lookup(_pendingRow, _pendingAnyNull);
                    if (_pendingChain < 0 && Type == JoinType.Left)
                    {
                        probeRows[count] = batch.RowAt(_pendingRow);
                        buildRows[count++] = -1;
                    }
                }

                if (_pendingChain < 0)
                {
                    _pendingStarted = false;
                    _pendingRow++;
                    continue;
                }

                probeRows[count] = batch.RowAt(_pendingRow);
                buildRows[count++] = _pendingChain;
                _pendingChain = _build.NextRow[_pendingChain];
            }

            if (_pendingRow >= n)
            {
                _pending = null;
            }

            if (count == 0)
            {
                return null;
            }

            var leftWidth = _join._node.Left.Columns.Count;
            var columns = new ColumnVector[leftWidth + _build.Columns.Length];
            for (var c = 0; c < leftWidth; c++)
            {
                columns[c] = Gather(batch.Columns[c], probeRows, count);
            }

            for (var c = 0; c < _build.Columns.Length; c++)
            {
                columns[leftWidth + c] = Gather(_build.Columns[c], buildRows, count);
            }

            return new Batch(columns, count) { RegNames = batch.RegNames };
        }

        private static ColumnVector Gather(ColumnVector source, int[] rows, int count)
        {
            var v = ColumnVector.Create(source.Type, Math.Max(count, 1));
            v.Count = count;
            GatherInto(source, rows, v, s_identity, count);
            return v;
        }

        private static readonly int[] s_identity = [.. Enumerable.Range(0, Batch.DefaultSize)];

        public override void Close() => _left.Close();
    }
}
