using OmenDb.Common;
using OmenDb.Engine.Functions.Operators;
using OmenDb.Engine.Functions.Temporal;
using OmenDb.Engine.Types;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Functions.Aggregates;

/// <summary>General-purpose and statistical aggregates (PostgreSQL docs 9.21), with pg_aggregate's result types.</summary>
internal static partial class AggregateFunctions
{
    public static void Register(RegistryBuilder r)
    {
        r.Agg(2803, "count", [], Int8, () => new CountState(), strict: false);
        r.Agg(2147, "count", [Any], Int8, () => new CountState());

        r.Agg(2109, "sum", [Int2], Int8, () => new SumInt8State());
        r.Agg(2108, "sum", [Int4], Int8, () => new SumInt8State());
        r.Agg(2107, "sum", [Int8], Numeric, () => new SumNumericState());
        r.Agg(2110, "sum", [Float4], Float4, () => new SumFloat4State());
        r.Agg(2111, "sum", [Float8], Float8, () => new SumFloat8State());
        r.Agg(2113, "sum", [Interval], Interval, () => new SumIntervalState(false));
        r.Agg(2114, "sum", [Numeric], Numeric, () => new SumNumericState());

        r.Agg(2102, "avg", [Int2], Numeric, () => new AvgNumericState());
        r.Agg(2101, "avg", [Int4], Numeric, () => new AvgNumericState());
        r.Agg(2100, "avg", [Int8], Numeric, () => new AvgNumericState());
        r.Agg(2103, "avg", [Numeric], Numeric, () => new AvgNumericState());
        r.Agg(2104, "avg", [Float4], Float8, () => new FloatStatsState(FloatStat.Avg));
        r.Agg(2105, "avg", [Float8], Float8, () => new FloatStatsState(FloatStat.Avg));
        r.Agg(2106, "avg", [Interval], Interval, () => new SumIntervalState(true));

        // min/max: one overload per type as pg_aggregate has them, compared with the type's btree order.
        (PgType Type, uint Max, uint Min)[] minMax =
        [
            (AnyArray, 2050, 2051), (Int8, 2115, 2131), (Int4, 2116, 2132), (Int2, 2117, 2133), (Oid, 2118, 2134),
            (Float4, 2119, 2135), (Float8, 2120, 2136), (Date, 2122, 2138), (Time, 2123, 2139), (Timestamp, 2126, 2142),
            (TimestampTz, 2127, 2143), (Interval, 2128, 2144), (Text, 2129, 2145), (Numeric, 2130, 2146),
            (Bpchar, 2244, 2245),
        ];
        foreach (var (type, maxOid, minOid) in minMax)
        {
            var t = type;
            if (type == AnyArray)
            {
                r.AggTyped(maxOid, "max", [t], t, (args, _) => () => new MinMaxState(args[0], 1));
                r.AggTyped(minOid, "min", [t], t, (args, _) => () => new MinMaxState(args[0], -1));
            }
            else
            {
                r.Agg(maxOid, "max", [t], t, () => new MinMaxState(t, 1));
                r.Agg(minOid, "min", [t], t, () => new MinMaxState(t, -1));
            }
        }

        r.Agg(2517, "bool_and", [Bool], Bool, () => new BoolState(true));
        r.Agg(2519, "every", [Bool], Bool, () => new BoolState(true));
        r.Agg(2518, "bool_or", [Bool], Bool, () => new BoolState(false));
        foreach (var (t, and, or, xor) in (ReadOnlySpan<(PgType, uint, uint, uint)>)
                 [(Int2, 2236, 2237, 6164), (Int4, 2238, 2239, 6165), (Int8, 2240, 2241, 6166)])
        {
            var type = t;
            r.Agg(and, "bit_and", [type], type, () => new BitState(type, '&'));
            r.Agg(or, "bit_or", [type], type, () => new BitState(type, '|'));
            r.Agg(xor, "bit_xor", [type], type, () => new BitState(type, '#'));
        }

        r.Agg(3538, "string_agg", [Text, Text], Text, () => new StringAggState(), strict: false);
        r.Agg(3545, "string_agg", [Bytea, Bytea], Bytea, () => new ByteaAggState(), strict: false);
        r.AggTyped(2335, "array_agg", [AnyNonArray], AnyArray, (args, _) => () => new ArrayAggState(args[0]), strict: false);
        r.AggTyped(4053, "array_agg", [AnyArray], AnyArray, (args, _) => () => new ArrayOfArraysAggState(args[0]), strict: false);

        // Statistics: integers and numeric in numeric, floats in float8 (Youngs-Cramer as float8_accum).
        (string Name, uint[] Oids, NumericStat Stat)[] stats =
        [
            ("stddev", [2154, 2155, 2156, 2157, 2158, 2159], NumericStat.StddevSamp),
            ("stddev_samp", [2712, 2713, 2714, 2715, 2716, 2717], NumericStat.StddevSamp),
            ("stddev_pop", [2724, 2725, 2726, 2727, 2728, 2729], NumericStat.StddevPop),
            ("variance", [2148, 2149, 2150, 2151, 2152, 2153], NumericStat.VarSamp),
            ("var_samp", [2641, 2642, 2643, 2644, 2645, 2646], NumericStat.VarSamp),
            ("var_pop", [2718, 2719, 2720, 2721, 2722, 2723], NumericStat.VarPop),
        ];
        foreach (var (name, oids, stat) in stats)
        {
            var s = stat;
            var fs = (FloatStat)(int)stat;
            r.Agg(oids[0], name, [Int8], Numeric, () => new NumericStatsState(s));
            r.Agg(oids[1], name, [Int4], Numeric, () => new NumericStatsState(s));
            r.Agg(oids[2], name, [Int2], Numeric, () => new NumericStatsState(s));
            r.Agg(oids[3], name, [Float4], Float8, () => new FloatStatsState(fs));
            r.Agg(oids[4], name, [Float8], Float8, () => new FloatStatsState(fs));
            r.Agg(oids[5], name, [Numeric], Numeric, () => new NumericStatsState(s));
        }

        // Ordered-set aggregates: the direct argument first, then the WITHIN GROUP value.
        r.Agg(3974, "percentile_cont", [Float8, Float8], Float8, () => new PercentileState(Float8, true), orderedSet: true);
        r.Agg(3976, "percentile_cont", [Float8, Interval], Interval, () => new PercentileState(Interval, true), orderedSet: true);
        r.AggTyped(3972, "percentile_disc", [Float8, AnyElement], AnyElement,
            (args, _) => () => new PercentileState(args[1], false), orderedSet: true);

        // The multi forms take an array of fractions and answer an array of the same shape.
        r.Agg(3980, "percentile_cont", [Float8.ArrayType!, Float8], Float8.ArrayType!, () => new PercentileState(Float8, true), orderedSet: true);
        r.Agg(3982, "percentile_cont", [Float8.ArrayType!, Interval], Interval.ArrayType!, () => new PercentileState(Interval, true), orderedSet: true);
        r.AggTyped(3978, "percentile_disc", [Float8.ArrayType!, AnyElement], AnyArray,
            (args, _) => () => new PercentileState(args[1], false), orderedSet: true);
        r.AggTyped(3984, "mode", [AnyElement], AnyElement, (args, _) => () => new ModeState(args[0]), orderedSet: true);

        RegisterJson(r);
    }

    /// <summary>count(*) and count(x) (strictness filters nulls before Add).</summary>
    private sealed class CountState : IAggregateState
    {
        private long _n;

        public void Add(ReadOnlySpan<object?> args, EvalContext context) => _n++;

        public object? Result(EvalContext context) => _n;
    }

    private sealed class SumInt8State : IAggregateState
    {
        private long _sum;
        private bool _any;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            _any = true;
            var v = ArithmeticOperators.ToLong(args[0]!);
            var s = (Int128)_sum + v;
            _sum = s > long.MaxValue || s < long.MinValue ? FunctionErrors.BigintOutOfRange<long>() : (long)s;
        }

        public object? Result(EvalContext context) => _any ? _sum : null;
    }

    private sealed class SumNumericState : IAggregateState
    {
        private PgNumeric _sum;
        private bool _any;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            _any = true;
            _sum += ToNumeric(args[0]!);
        }

        public object? Result(EvalContext context) => _any ? _sum : null;
    }

    private sealed class SumFloat4State : IAggregateState
    {
        private float _sum;
        private bool _any;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            var v = (float)args[0]!;
            var s = _sum + v;
            if (float.IsInfinity(s) && !float.IsInfinity(_sum) && !float.IsInfinity(v))
            {
                FunctionErrors.FloatOverflow<int>();
            }

            _sum = s;
            _any = true;
        }

        public object? Result(EvalContext context) => _any ? _sum : null;
    }

    private sealed class SumFloat8State : IAggregateState
    {
        private double _sum;
        private bool _any;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            _sum = ArithmeticOperators.F8Add(_sum, (double)args[0]!);
            _any = true;
        }

        public object? Result(EvalContext context) => _any ? _sum : null;
    }

    private sealed class SumIntervalState(bool average) : IAggregateState
    {
        private PgInterval _sum;
        private long _n;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            _sum = IntervalMath.Add(_sum, (PgInterval)args[0]!);
            _n++;
        }

        public object? Result(EvalContext context) =>
            _n == 0 ? null : average ? IntervalMath.Divide(_sum, _n) : _sum;
    }

    private sealed class AvgNumericState : IAggregateState
    {
        private PgNumeric _sum;
        private long _n;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            _sum += ToNumeric(args[0]!);
            _n++;
        }

        public object? Result(EvalContext context) => _n == 0 ? null : _sum / _n;
    }

    /// <summary>An aggregate's numeric, int2, int4 or int8 argument as a numeric.</summary>
    internal static PgNumeric ToNumeric(object v) => v switch
    {
        PgNumeric d => d,
        short s => s,
        int i => i,
        long l => l,
        _ => throw new InvalidCastException("not a numeric aggregate argument: " + v.GetType().Name),
    };

    private sealed class MinMaxState(PgType type, int sign) : IAggregateState
    {
        private object? _best;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            var v = args[0]!;
            if (_best is null || ValueComparer.Compare(type, v, _best) * sign >= 0)
            {
                _best = v;
            }
        }

        public object? Result(EvalContext context) => _best;
    }

    private sealed class BoolState(bool and) : IAggregateState
    {
        private bool? _value;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            var v = (bool)args[0]!;
            _value = _value is null ? v : and ? _value.Value && v : _value.Value || v;
        }

        public object? Result(EvalContext context) => _value;
    }

    private sealed class BitState(PgType type, char op) : IAggregateState
    {
        private long? _value;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            var v = ArithmeticOperators.ToLong(args[0]!);
            _value = _value is null ? v : op switch
            {
                '&' => _value.Value & v,
                '|' => _value.Value | v,
                _ => _value.Value ^ v,
            };
        }

        public object? Result(EvalContext context) => _value is null ? null : ArithmeticOperators.Narrow(type, _value.Value);
    }

    private sealed class StringAggState : IAggregateState
    {
        private System.Text.StringBuilder? _sb;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            if (args[0] is not string s)
            {
                return;
            }

            if (_sb is null)
            {
                _sb = new System.Text.StringBuilder();
            }
            else if (args[1] is string d)
            {
                _sb.Append(d);
            }

            _sb.Append(s);
        }

        public object? Result(EvalContext context) => _sb?.ToString();
    }

    private sealed class ByteaAggState : IAggregateState
    {
        private List<byte>? _bytes;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            if (args[0] is not byte[] b)
            {
                return;
            }

            if (_bytes is null)
            {
                _bytes = [];
            }
            else if (args[1] is byte[] d)
            {
                _bytes.AddRange(d);
            }

            _bytes.AddRange(b);
        }

        public object? Result(EvalContext context) => _bytes?.ToArray();
    }

    private sealed class ArrayAggState(PgType elementType) : IAggregateState
    {
        private readonly List<object?> _items = [];

        public void Add(ReadOnlySpan<object?> args, EvalContext context) => _items.Add(args[0]);

        public object? Result(EvalContext context) => _items.Count == 0 ? null : new PgArray(elementType, [.. _items]);
    }

    private sealed class ArrayOfArraysAggState(PgType arrayType) : IAggregateState
    {
        private readonly List<object?> _items = [];
        private int[]? _dims;
        private int[]? _lbs;
        private int _count;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            if (args[0] is not PgArray a)
            {
                FunctionErrors.Error<int>(SqlState.NullValueNotAllowed, "cannot accumulate null arrays");
                return;
            }

            if (a.Dimensions.Length == 0)
            {
                FunctionErrors.Error<int>(SqlState.ArraySubscriptError, "cannot accumulate empty arrays");
            }

            if (_dims is null)
            {
                _dims = a.Dimensions;
                _lbs = a.LowerBounds;
            }
            else if (!_dims.AsSpan().SequenceEqual(a.Dimensions) || !_lbs.AsSpan().SequenceEqual(a.LowerBounds))
            {
                FunctionErrors.Error<int>(SqlState.ArraySubscriptError, "cannot accumulate arrays of different dimensionality");
            }

            _items.AddRange(a.Elements);
            _count++;
        }

        public object? Result(EvalContext context)
        {
            if (_dims is null)
            {
                return null;
            }

            var element = arrayType.ElementType ?? (_items.Count > 0 ? TypeGuess.Of(_items.Find(x => x is not null)) : Text);
            return new PgArray(element, [.. _items], [_count, .. _dims], [1, .. _lbs!]);
        }
    }

    internal enum NumericStat
    {
        StddevSamp,
        StddevPop,
        VarSamp,
        VarPop,
    }

    internal enum FloatStat
    {
        StddevSamp,
        StddevPop,
        VarSamp,
        VarPop,
        Avg,
    }

    /// <summary>numeric_stddev_internal: N·Σx² − (Σx)² over N·(N−1) or N², at select_div_scale's scale.</summary>
    private sealed class NumericStatsState(NumericStat stat) : IAggregateState
    {
        private PgNumeric _sumX;
        private PgNumeric _sumX2;
        private long _n;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            var v = ToNumeric(args[0]!);
            _sumX += v;
            _sumX2 += v * v;
            _n++;
        }

        public object? Result(EvalContext context)
        {
            var sample = stat is NumericStat.StddevSamp or NumericStat.VarSamp;
            if (_n == 0 || (sample && _n == 1))
            {
                return null;
            }

            // numeric_stddev_internal: N·Σx² − (Σx)² at twice Σx's scale; NaN or an infinity among the inputs gives NaN.
            var scale = _sumX.Scale * 2;
            var numerator = (_sumX2 * _n).Round(scale) - (_sumX * _sumX).Round(scale);
            if (numerator.IsFinite && numerator.Sign <= 0)
            {
                return PgNumeric.Zero;
            }

            PgNumeric denominator = sample ? (Int128)_n * (_n - 1) : (Int128)_n * _n;
            var rscale = PgNumeric.DivisionScale(numerator, denominator);
            var variance = numerator.IsFinite ? PgNumeric.Divide(numerator, denominator, rscale, round: true) : PgNumeric.NaN;
            return stat is NumericStat.VarSamp or NumericStat.VarPop ? variance : variance.Sqrt(rscale);
        }
    }

    /// <summary>float8_accum (Youngs-Cramer) and the float8 statistics finals.</summary>
    private sealed class FloatStatsState(FloatStat stat) : IAggregateState
    {
        private double _n;
        private double _sx;
        private double _sxx;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            var v = ArithmeticOperators.ToDouble(args[0]!);
            var oldN = _n;
            _n += 1.0;
            _sx += v;
            if (oldN > 0.0)
            {
                var tmp = v * _n - _sx;
                _sxx += tmp * tmp / (_n * oldN);
                if (double.IsInfinity(_sx) || double.IsInfinity(_sxx))
                {
                    if (!double.IsInfinity(v))
                    {
                        FunctionErrors.FloatOverflow<int>();
                    }

                    _sxx = double.NaN;
                }
            }
            else if (double.IsNaN(v) || double.IsInfinity(v))
            {
                _sxx = double.NaN;
            }
        }

        public object? Result(EvalContext context)
        {
            switch (stat)
            {
                case FloatStat.Avg:
                    return _n == 0 ? null : _sx / _n;
                case FloatStat.VarPop:
                    return _n == 0 ? null : _sxx / _n;
                case FloatStat.StddevPop:
                    return _n == 0 ? null : Math.Sqrt(_sxx / _n);
                case FloatStat.VarSamp:
                    return _n <= 1 ? null : _sxx / (_n - 1.0);
                default:
                    return _n <= 1 ? null : Math.Sqrt(_sxx / (_n - 1.0));
            }
        }
    }

    /// <summary>percentile_cont / percentile_disc over one fraction (a float8) or several (a float8[]).</summary>
    private sealed class PercentileState(PgType type, bool continuous) : IAggregateState
    {
        private readonly List<object> _values = [];
        private object? _fraction;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            _fraction ??= args[0];
            if (args[1] is { } v)
            {
                _values.Add(v);
            }
        }

        public object? Result(EvalContext context)
        {
            if (_fraction is null || _values.Count == 0)
            {
                return null;
            }

            if (_fraction is not PgArray fractions)
            {
                return At((double)_fraction);
            }

            foreach (var f in fractions.Elements)
            {
                if (f is double p && (p < 0 || p > 1 || double.IsNaN(p)))
                {
                    return OutOfRange(p);
                }
            }

            var results = new object?[fractions.Elements.Length];
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = fractions.Elements[i] is double p ? At(p) : null;
            }

            return new PgArray(type, results, fractions.Dimensions, fractions.LowerBounds);
        }

        private static object OutOfRange(double p) => FunctionErrors.Error<object>(SqlState.NumericValueOutOfRange,
            $"percentile value {ValueText.Format(Float8, p)} is not between 0 and 1");

        /// <summary>The value at fraction <paramref name="p"/> of the rows, which arrive in WITHIN GROUP order (ASC or DESC).</summary>
        private object? At(double p)
        {
            if (p < 0 || p > 1 || double.IsNaN(p))
            {
                return OutOfRange(p);
            }

            var n = _values.Count;
            if (!continuous)
            {
                var rownum = (long)Math.Ceiling(p * n);
                return _values[(int)Math.Max(rownum, 1) - 1];
            }

            var row = p * (n - 1);
            var lo = (int)Math.Floor(row);
            var hi = (int)Math.Ceiling(row);
            if (lo == hi)
            {
                return _values[lo];
            }

            var frac = row - lo;
            if (type == Interval)
            {
                var a = (PgInterval)_values[lo];
                var b = (PgInterval)_values[hi];
                return IntervalMath.Add(a, IntervalMath.Multiply(IntervalMath.Subtract(b, a), frac));
            }

            var x = (double)_values[lo];
            var y = (double)_values[hi];
            return x + frac * (y - x);
        }
    }

    private sealed class ModeState(PgType type) : IAggregateState
    {
        private readonly List<object> _values = [];

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            if (args[0] is { } v)
            {
                _values.Add(v);
            }
        }

        public object? Result(EvalContext context)
        {
            if (_values.Count == 0)
            {
                return null;
            }

            _values.Sort((a, b) => ValueComparer.Compare(type, a, b));
            object best = _values[0];
            var bestCount = 0;
            var i = 0;
            while (i < _values.Count)
            {
                var j = i + 1;
                while (j < _values.Count && ValueComparer.Compare(type, _values[i], _values[j]) == 0)
                {
                    j++;
                }

                if (j - i > bestCount)
                {
                    bestCount = j - i;
                    best = _values[i];
                }

                i = j;
            }

            return best;
        }
    }
}
