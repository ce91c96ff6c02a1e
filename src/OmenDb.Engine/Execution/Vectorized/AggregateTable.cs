using OmenDb.Common;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Functions.Operators;

namespace OmenDb.Engine.Execution.Vectorized;

/// <summary>
/// The groups and typed accumulators of one vectorised aggregation (one per worker thread): group ids come from a
/// typed key map, and each aggregate keeps struct-of-arrays state indexed by group id, updated a batch at a time.
/// </summary>
internal sealed class AggregateTable
{
    private readonly VectorAggregate _plan;
    private readonly LongKeyMap? _longKeys;
    private readonly Dictionary<string, int>? _textKeys;
    private readonly List<string>? _textKeyList;
    private readonly Acc[] _accs;
    private int _nullGroup = -1;
    private long[] _firstSeen = new long[16];

    /// <summary>Key id (in the key map or text key list) of each group; -1 for the null key.</summary>
    private int[] _groupKey = new int[16];

    /// <summary>Group id of each key id.</summary>
    private int[] _keyGroup = new int[16];

    // Scratch buffers, one batch wide.
    private long[] _keyLongs = [];
    private bool[] _keyNulls = [];
    private int[] _groups = [];
    private long[] _argLongs = [];
    private double[] _argDoubles = [];
    private bool[] _argNulls = [];

    public AggregateTable(VectorAggregate plan)
    {
        _plan = plan;
        if (plan.Key is not null)
        {
            _longKeys = new LongKeyMap();
        }
        else if (plan.TextKey is not null)
        {
            _textKeys = new Dictionary<string, int>(StringComparer.Ordinal);
            _textKeyList = [];
        }

        _accs = new Acc[plan.Aggregates.Length];
        for (var a = 0; a < _accs.Length; a++)
        {
            _accs[a] = new Acc(plan.Aggregates[a].Kind);
        }

        if (!plan.HasKey)
        {
            NewGroup(0);
        }
    }

    /// <summary>Number of groups.</summary>
    public int Count { get; private set; }

    /// <summary>Folds the live rows of <paramref name="batch"/> in. <paramref name="position"/> orders first appearances
    /// across workers (segment index × capacity), or is -1 when one worker sees every row in order.</summary>
    public void Accumulate(Batch batch, ExecContext ctx, long position)
    {
        var n = batch.LiveCount;
        if (n == 0)
        {
            return;
        }

        EnsureScratch(n);
        AssignGroups(batch, ctx, n, position);
        for (var a = 0; a < _accs.Length; a++)
        {
            var spec = _plan.Aggregates[a];
            var acc = _accs[a];
            if (spec.Kind == AccKind.CountStar)
            {
                var counts = acc.N;
                for (var i = 0; i < n; i++)
                {
                    counts[_groups[i]]++;
                }

                continue;
            }

            bool anyNull;
            if (spec.Kind == AccKind.CountArg && spec.Arg is null)
            {
                // count(x) of a column of any type: only its validity matters.
                var v = batch.Columns[spec.CountColumn];
                anyNull = v.MayHaveNulls;
                for (var i = 0; anyNull && i < n; i++)
                {
                    _argNulls[i] = v.IsNull(batch.RowAt(i));
                }
            }
            else if (spec.Arg!.Kind == VectorKind.Float64)
            {
                anyNull = spec.Arg.EvalFloat64(batch, ctx, _argDoubles, _argNulls);
            }
            else
            {
                anyNull = spec.Arg.EvalInt64(batch, ctx, _argLongs, _argNulls);
            }

            acc.Update(_groups, n, _argLongs, _argDoubles, anyNull ? _argNulls : null);
        }
    }

    private void AssignGroups(Batch batch, ExecContext ctx, int n, long position)
    {
        if (!_plan.HasKey)
        {
            _groups.AsSpan(0, n).Clear();
            return;
        }

        if (_longKeys is not null)
        {
            var anyNull = _plan.Key!.EvalInt64(batch, ctx, _keyLongs, _keyNulls);
            for (var i = 0; i < n; i++)
            {
                int g;
                if (anyNull && _keyNulls[i])
                {
                    g = _nullGroup >= 0 ? _nullGroup : (_nullGroup = NewGroup(Position(batch, position, i)));
                }
                else
                {
                    var k = _longKeys.GetOrAdd(_keyLongs[i], out var added);
                    g = added ? NewGroup(Position(batch, position, i), k) : _keyGroup[k];
                }

                _groups[i] = g;
            }

            return;
        }

        var keys = _plan.TextKey!.EvalBatch(batch, ctx);
        var values = ((ReferenceVector<string>)keys).Values;
        for (var i = 0; i < n; i++)
        {
            var s = values[i];
            int g;
            if (s is null)
            {
                g = _nullGroup >= 0 ? _nullGroup : (_nullGroup = NewGroup(Position(batch, position, i)));
            }
            else if (_textKeys!.TryGetValue(s, out var k))
            {
                g = _keyGroup[k];
            }
            else
            {
                k = _textKeyList!.Count;
                _textKeys[s] = k;
                _textKeyList.Add(s);
                g = NewGroup(Position(batch, position, i), k);
            }

            _groups[i] = g;
        }
    }

    private static long Position(Batch batch, long position, int i) => position < 0 ? -1 : position + batch.RowAt(i);

    /// <summary>Creates group <see cref="Count"/> for key id <paramref name="keyId"/> (-1: the null key or no key) and
    /// returns its id.</summary>
    private int NewGroup(long position, int keyId = -1)
    {
        var g = Count++;
        if (g == _firstSeen.Length)
        {
            Array.Resize(ref _firstSeen, g * 2);
            Array.Resize(ref _groupKey, g * 2);
        }

        _firstSeen[g] = position;
        _groupKey[g] = keyId;
        if (keyId >= 0)
        {
            if (keyId >= _keyGroup.Length)
            {
                Array.Resize(ref _keyGroup, Math.Max(16, _keyGroup.Length * 2));
            }

            _keyGroup[keyId] = g;
        }

        foreach (var acc in _accs)
        {
            acc.EnsureGroups(Count);
        }

        return g;
    }

    private void EnsureScratch(int n)
    {
        if (_groups.Length >= n)
        {
            return;
        }

        var size = Math.Max(n, Batch.DefaultSize);
        _keyLongs = new long[size];
        _keyNulls = new bool[size];
        _groups = new int[size];
        _argLongs = new long[size];
        _argDoubles = new double[size];
        _argNulls = new bool[size];
    }

    /// <summary>Adds the groups of <paramref name="other"/> (another worker's) into this table.</summary>
    public void Merge(AggregateTable other)
    {
        for (var og = 0; og < other.Count; og++)
        {
            int g;
            if (!_plan.HasKey)
            {
                g = 0;
            }
            else if (og == other._nullGroup)
            {
                g = _nullGroup >= 0 ? _nullGroup : (_nullGroup = NewGroup(other._firstSeen[og]));
            }
            else if (_longKeys is not null)
            {
                var k = _longKeys.GetOrAdd(other._longKeys!.KeyAt(other._groupKey[og]), out var added);
                g = added ? NewGroup(other._firstSeen[og], k) : _keyGroup[k];
            }
            else
            {
                var key = other._textKeyList![other._groupKey[og]];
                if (_textKeys!.TryGetValue(key, out var k))
                {
                    g = _keyGroup[k];
                }
                else
                {
                    k = _textKeyList!.Count;
                    _textKeys[key] = k;
                    _textKeyList.Add(key);
                    g = NewGroup(other._firstSeen[og], k);
                }
            }

            _firstSeen[g] = Math.Min(_firstSeen[g], other._firstSeen[og]);
            for (var a = 0; a < _accs.Length; a++)
            {
                _accs[a].Combine(g, other._accs[a], og);
            }
        }
    }

    /// <summary>The output rows: key (if any) then one value per aggregate; in first-appearance order.</summary>
    public List<object?[]> Finish(bool orderByFirstSeen, EvalContext eval)
    {
        var order = new int[Count];
        for (var g = 0; g < order.Length; g++)
        {
            order[g] = g;
        }

        if (orderByFirstSeen)
        {
            var keys = _firstSeen.AsSpan(0, Count).ToArray();
            Array.Sort(keys, order);
        }

        var width = (_plan.HasKey ? 1 : 0) + _accs.Length;
        var rows = new List<object?[]>(Count);
        foreach (var g in order)
        {
            var row = new object?[width];
            var c = 0;
            if (_plan.HasKey)
            {
                row[c++] = g == _nullGroup ? null
                    : _longKeys is not null ? VectorExpr.BoxInt64(_plan.Key!.Type, _longKeys.KeyAt(_groupKey[g]))
                    : _textKeyList![_groupKey[g]];
            }

            for (var a = 0; a < _accs.Length; a++)
            {
                row[c++] = _accs[a].Result(g, _plan.Aggregates[a], eval);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The accumulators of one aggregate for every group.</summary>
    private sealed class Acc(AccKind kind)
    {
        /// <summary>Rows folded in per group (count; "has a value" for sum/min/max; avg's divisor).</summary>
        public long[] N = new long[16];

        private long[] _l = kind is AccKind.SumInt or AccKind.MinInt or AccKind.MaxInt ? new long[16] : [];
        private Int128[] _w = kind is AccKind.SumBigint or AccKind.AvgInt ? new Int128[16] : [];
        private double[] _d = kind is AccKind.SumFloat or AccKind.AvgFloat or AccKind.MinFloat or AccKind.MaxFloat ? new double[16] : [];
        private double[] _dd = kind is AccKind.AvgFloat ? new double[16] : [];

        public void EnsureGroups(int count)
        {
            if (count <= N.Length)
            {
                return;
            }

            var size = N.Length * 2;
            Array.Resize(ref N, size);
            if (_l.Length > 0)
            {
                Array.Resize(ref _l, size);
            }

            if (_w.Length > 0)
            {
                Array.Resize(ref _w, size);
            }

            if (_d.Length > 0)
            {
                Array.Resize(ref _d, size);
            }

            if (_dd.Length > 0)
            {
                Array.Resize(ref _dd, size);
            }
        }

        public void Update(int[] groups, int n, long[] longs, double[] doubles, bool[]? nulls)
        {
            switch (kind)
            {
                case AccKind.CountArg:
                    for (var i = 0; i < n; i++)
                    {
                        if (nulls is null || !nulls[i])
                        {
                            N[groups[i]]++;
                        }
                    }

                    break;
                case AccKind.SumInt:
                    for (var i = 0; i < n; i++)
                    {
                        if (nulls is null || !nulls[i])
                        {
                            var g = groups[i];
                            var a = _l[g];
                            var s = unchecked(a + longs[i]);
                            if (((a ^ s) & (longs[i] ^ s)) < 0)
                            {
                                FunctionErrors.BigintOutOfRange<int>();
                            }

                            _l[g] = s;
                            N[g]++;
                        }
                    }

                    break;
                case AccKind.SumBigint or AccKind.AvgInt:
                    for (var i = 0; i < n; i++)
                    {
                        if (nulls is null || !nulls[i])
                        {
                            var g = groups[i];
                            _w[g] += longs[i];
                            N[g]++;
                        }
                    }

                    break;
                case AccKind.SumFloat:
                    for (var i = 0; i < n; i++)
                    {
                        if (nulls is null || !nulls[i])
                        {
                            var g = groups[i];
                            _d[g] = ArithmeticOperators.F8Add(_d[g], doubles[i]);
                            N[g]++;
                        }
                    }

                    break;
                case AccKind.AvgFloat:
                    for (var i = 0; i < n; i++)
                    {
                        if (nulls is null || !nulls[i])
                        {
                            AddYoungsCramer(groups[i], doubles[i]);
                        }
                    }

                    break;
                case AccKind.MinInt or AccKind.MaxInt:
                    var sign = kind == AccKind.MaxInt ? 1 : -1;
                    for (var i = 0; i < n; i++)
                    {
                        if (nulls is null || !nulls[i])
                        {
                            var g = groups[i];
                            if (N[g]++ == 0 || longs[i].CompareTo(_l[g]) * sign > 0)
                            {
                                _l[g] = longs[i];
                            }
                        }
                    }

                    break;
                case AccKind.MinFloat or AccKind.MaxFloat:
                    var fsign = kind == AccKind.MaxFloat ? 1 : -1;
                    for (var i = 0; i < n; i++)
                    {
                        if (nulls is null || !nulls[i])
                        {
                            // Ties take the newer value (float8larger/float8smaller), which shows for 0 and -0.
                            var g = groups[i];
                            if (N[g]++ == 0 || CompareFloat(doubles[i], _d[g]) * fsign >= 0)
                            {
                                _d[g] = doubles[i];
                            }
                        }
                    }

                    break;
            }
        }

        /// <summary>float8_accum (Youngs-Cramer), as the row path's avg(float8) state, with its overflow check.</summary>
        private void AddYoungsCramer(int g, double v)
        {
            var oldN = (double)N[g];
            var n = oldN + 1.0;
            N[g]++;
            _d[g] += v;
            if (oldN > 0.0)
            {
                var tmp = (v * n) - _d[g];
                _dd[g] += tmp * tmp / (n * oldN);
                if (double.IsInfinity(_d[g]) || double.IsInfinity(_dd[g]))
                {
                    if (!double.IsInfinity(v))
                    {
                        FunctionErrors.FloatOverflow<int>();
                    }

                    _dd[g] = double.NaN;
                }
            }
            else if (double.IsNaN(v) || double.IsInfinity(v))
            {
                _dd[g] = double.NaN;
            }
        }

        /// <summary>Folds group <paramref name="og"/> of <paramref name="other"/> into group <paramref name="g"/> (the
        /// combine functions of PostgreSQL's parallel aggregation).</summary>
        public void Combine(int g, Acc other, int og)
        {
            var on = other.N[og];
            if (on == 0)
            {
                return;
            }

            var mine = N[g];
            switch (kind)
            {
                case AccKind.SumInt:
                    var s = unchecked(_l[g] + other._l[og]);
                    if (((_l[g] ^ s) & (other._l[og] ^ s)) < 0)
                    {
                        FunctionErrors.BigintOutOfRange<int>();
                    }

                    _l[g] = s;
                    break;
                case AccKind.SumBigint or AccKind.AvgInt:
                    _w[g] += other._w[og];
                    break;
                case AccKind.SumFloat:
                    _d[g] = ArithmeticOperators.F8Add(_d[g], other._d[og]);
                    break;
                case AccKind.AvgFloat:
                    if (mine == 0)
                    {
                        _d[g] = other._d[og];
                        _dd[g] = other._dd[og];
                        break;
                    }

                    // float8_combine.
                    var n1 = (double)mine;
                    var n2 = (double)on;
                    var tmp = (_d[g] / n1) - (other._d[og] / n2);
                    var sxx = _dd[g] + other._dd[og] + (n1 * n2 * tmp * tmp / (n1 + n2));
                    if (double.IsInfinity(sxx) && !double.IsInfinity(_dd[g]) && !double.IsInfinity(other._dd[og]))
                    {
                        FunctionErrors.FloatOverflow<int>();
                    }

                    _d[g] = ArithmeticOperators.F8Add(_d[g], other._d[og]);
                    _dd[g] = sxx;
                    break;
                case AccKind.MinInt or AccKind.MaxInt:
                    if (mine == 0 || other._l[og].CompareTo(_l[g]) * (kind == AccKind.MaxInt ? 1 : -1) > 0)
                    {
                        _l[g] = other._l[og];
                    }

                    break;
                case AccKind.MinFloat or AccKind.MaxFloat:
                    if (mine == 0 || CompareFloat(other._d[og], _d[g]) * (kind == AccKind.MaxFloat ? 1 : -1) >= 0)
                    {
                        _d[g] = other._d[og];
                    }

                    break;
            }

            N[g] = mine + on;
        }

        public object? Result(int g, AggregateSpec spec, EvalContext eval)
        {
            var n = N[g];
            if (kind is AccKind.CountStar or AccKind.CountArg)
            {
                return n;
            }

            if (n == 0)
            {
                return null;
            }

            return kind switch
            {
                AccKind.SumInt => _l[g],
                AccKind.SumBigint => SumNumeric(spec, _w[g], eval),
                AccKind.AvgInt => (PgNumeric)_w[g] / n,
                AccKind.SumFloat => _d[g],
                AccKind.AvgFloat => _d[g] / n,
                AccKind.MinInt or AccKind.MaxInt => VectorExpr.BoxInt64(spec.Arg!.Type, _l[g]),
                _ => _d[g],
            };
        }

        /// <summary>sum(int8) is numeric: the overload's own state turns the exact sum into its result.</summary>
        private static object? SumNumeric(AggregateSpec spec, Int128 sum, EvalContext eval)
        {
            var state = spec.Call.CreateState();
            state.Add([(PgNumeric)sum], eval);
            return state.Result(eval);
        }

        /// <summary>PostgreSQL's float8 order: NaN equals NaN and sorts above every number.</summary>
        private static int CompareFloat(double a, double b)
        {
            if (double.IsNaN(a))
            {
                return double.IsNaN(b) ? 0 : 1;
            }

            return double.IsNaN(b) ? -1 : a < b ? -1 : a > b ? 1 : 0;
        }
    }
}
