using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Functions.Operators;

namespace OmenDb.Engine.Execution.Vectorized;

/// <summary>
/// A WHERE predicate compiled to selection kernels: a conjunction of comparisons <c>x op constant</c> (= &lt;&gt;
/// &lt; &lt;= &gt; &gt;=, either operand order, constants and $n parameters) over int2/int4/int8, date/time types and float8.
/// Applying it narrows the batch's selection vector in place of evaluating a boolean per row; a plain column compared
/// over a batch without selection runs as Vector256 compares whose lane masks become row indexes.
/// NULL never passes (three-valued logic: only TRUE keeps a row); float8 orders NaN above every number, as PostgreSQL.
/// </summary>
internal sealed class VectorPredicate
{
    private readonly Term[] _terms;

    private VectorPredicate(Term[] terms) => _terms = terms;

    /// <summary>Whether every term runs on typed data only (no $n, no generic evaluation), so worker threads may apply it.</summary>
    public bool IsPure { get; private init; }

    /// <summary>The highest input column index the predicate reads.</summary>
    public int MaxColumn
    {
        get
        {
            var max = -1;
            foreach (var t in _terms)
            {
                max = Math.Max(max, t.Left.MaxColumn);
            }

            return max;
        }
    }

    /// <summary>Compiles <paramref name="predicate"/>, or returns null when some part of it has no kernel.</summary>
    public static VectorPredicate? TryCompile(BoundExpr predicate)
    {
        var terms = new List<Term>();
        if (!Collect(predicate, terms))
        {
            return null;
        }

        var pure = true;
        foreach (var t in terms)
        {
            pure &= t.Left.IsPure && t.Constant is ConstExpr;
        }

        return new VectorPredicate([.. terms]) { IsPure = pure };
    }

    private static bool Collect(BoundExpr e, List<Term> terms)
    {
        if (e is BoolExpr { IsAnd: true } and)
        {
            foreach (var operand in and.Operands)
            {
                if (!Collect(operand, terms))
                {
                    return false;
                }
            }

            return true;
        }

        if (e is not CallExpr { IsOperator: true, Strict: true, Args.Length: 2 } call || ComparisonKinds.Parse(call.Name) is not { } op)
        {
            return false;
        }

        var (x, k) = (call.Args[0], call.Args[1]);
        if (IsConstantSource(x) && !IsConstantSource(k))
        {
            (x, k) = (k, x);
            op = ComparisonKinds.Mirror(op);
        }

        if (!IsConstantSource(k) || !Comparable(x.Type, k.Type) || VectorExpr.TryCompile(x, allowGeneric: false) is not { } left)
        {
            return false;
        }

        if (k is ConstExpr { Value: { } v } && !(left.Kind == VectorKind.Float64 ? v is double : VectorExpr.TryLong(v, out _)))
        {
            return false;
        }

        terms.Add(new Term(left, op, k));
        return true;
    }

    private static bool IsConstantSource(BoundExpr e) => e is ConstExpr or ParamExpr;

    private static bool Comparable(Types.PgType a, Types.PgType b)
    {
        if (VectorExpr.IsIntegerType(a))
        {
            return VectorExpr.IsIntegerType(b);
        }

        return VectorExpr.IsSupportedType(a) && a.Oid == b.Oid;
    }

    /// <summary>
    /// Narrows <paramref name="batch"/>'s selection to the live rows where every term is true. Returns false (batch
    /// untouched) when a $n value has an unexpected representation, so the caller evaluates the predicate row by row.
    /// </summary>
    public bool Apply(Batch batch, ExecContext ctx)
    {
        foreach (var t in _terms)
        {
            object? value = t.Constant is ConstExpr c ? c.Value : ctx.Parameters[((ParamExpr)t.Constant).Number - 1];
            if (value is not null && !(t.Left.Kind == VectorKind.Float64 ? value is double : VectorExpr.TryLong(value, out _)))
            {
                return false;
            }
        }

        foreach (var t in _terms)
        {
            if (batch.LiveCount == 0)
            {
                return true;
            }

            object? value = t.Constant is ConstExpr c ? c.Value : ctx.Parameters[((ParamExpr)t.Constant).Number - 1];
            if (value is null)
            {
                batch.Selection = [];
                batch.SelectionCount = 0;
                continue;
            }

            ApplyTerm(batch, ctx, t, value);
        }

        return true;
    }

    private static void ApplyTerm(Batch batch, ExecContext ctx, Term t, object value)
    {
        var n = batch.LiveCount;
        var sel = batch.Selection;
        var output = new int[n];
        int kept;
        if (t.Left is VectorExpr.ColumnRef col)
        {
            var vector = batch.Columns[col.Index];
            kept = value is double d
                ? SelectColumn(((PrimitiveVector<double>)vector).Values, sel, n, d, t.Op, output)
                : SelectIntColumn(vector, sel, n, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), t.Op, output);
            if (vector.MayHaveNulls)
            {
                kept = DropNulls(vector, output, kept);
            }
        }
        else
        {
            var nulls = new bool[n];
            bool anyNull;
            if (value is double d)
            {
                var values = new double[n];
                anyNull = t.Left.EvalFloat64(batch, ctx, values, nulls);
                kept = SelectColumn(values, null, n, d, t.Op, output);
            }
            else
            {
                var values = new long[n];
                anyNull = t.Left.EvalInt64(batch, ctx, values, nulls);
                kept = SelectColumn(values, null, n, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), t.Op, output);
            }

            // output holds live-row positions here: drop nulls, then map them to physical rows.
            var k = 0;
            for (var i = 0; i < kept; i++)
            {
                var live = output[i];
                if (!anyNull || !nulls[live])
                {
                    output[k++] = sel is null ? live : sel[live];
                }
            }

            kept = k;
        }

        batch.Selection = output;
        batch.SelectionCount = kept;
    }

    private static int SelectIntColumn(ColumnVector vector, int[]? sel, int n, long constant, ComparisonKind op, int[] output) => vector switch
    {
        PrimitiveVector<int> p when constant is >= int.MinValue and <= int.MaxValue => SelectColumn(p.Values, sel, n, (int)constant, op, output),
        PrimitiveVector<long> p => SelectColumn(p.Values, sel, n, constant, op, output),
        _ => SelectWidened(vector, sel, n, constant, op, output),
    };

    /// <summary>int2 columns, and int4 columns against a constant outside the int4 range: compared as long, row by row.</summary>
    private static int SelectWidened(ColumnVector vector, int[]? sel, int n, long constant, ComparisonKind op, int[] output)
    {
        var values = new long[n];
        VectorExpr.GatherInt64(vector, sel, n, values, new bool[n]);
        var kept = SelectColumn(values, null, n, constant, op, output);
        if (sel is not null)
        {
            for (var i = 0; i < kept; i++)
            {
                output[i] = sel[output[i]];
            }
        }

        return kept;
    }

    private static int DropNulls(ColumnVector vector, int[] rows, int count)
    {
        var k = 0;
        for (var i = 0; i < count; i++)
        {
            if (!vector.IsNull(rows[i]))
            {
                rows[k++] = rows[i];
            }
        }

        return k;
    }

    /// <summary>Writes the physical rows (of <paramref name="sel"/>, or 0..n-1) whose value passes into <paramref name="output"/>.</summary>
    private static int SelectColumn<T>(T[] values, int[]? sel, int n, T constant, ComparisonKind op, int[] output)
        where T : unmanaged, INumber<T> => op switch
    {
        ComparisonKind.Eq => Select<T, EqOp>(values, sel, n, constant, output),
        ComparisonKind.Ne => Select<T, NeOp>(values, sel, n, constant, output),
        ComparisonKind.Lt => Select<T, LtOp>(values, sel, n, constant, output),
        ComparisonKind.Le => Select<T, LeOp>(values, sel, n, constant, output),
        ComparisonKind.Gt => Select<T, GtOp>(values, sel, n, constant, output),
        _ => Select<T, GeOp>(values, sel, n, constant, output),
    };

    [SkipLocalsInit]
    private static int Select<T, TOp>(T[] values, int[]? sel, int n, T constant, int[] output)
        where T : unmanaged, INumber<T>
        where TOp : struct, ICompareOp
    {
        var k = 0;
        if (typeof(T) == typeof(double) && T.IsNaN(constant))
        {
            // Comparing with NaN: PostgreSQL's total order (NaN equals NaN and sorts above every number).
            for (var i = 0; i < n; i++)
            {
                var r = sel is null ? i : sel[i];
                var v = values[r];
                var cmp = T.IsNaN(v) ? 0 : -1;
                if (TOp.FromCompare(cmp))
                {
                    output[k++] = r;
                }
            }

            return k;
        }

        if (sel is not null)
        {
            for (var i = 0; i < n; i++)
            {
                var r = sel[i];
                if (Test<T, TOp>(values[r], constant))
                {
                    output[k++] = r;
                }
            }

            return k;
        }

        var j = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            var c = Vector256.Create(constant);
            ref var start = ref MemoryMarshal.GetArrayDataReference(values);
            for (; j <= n - Vector256<T>.Count; j += Vector256<T>.Count)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)j);
                var mask = TOp.Compare(v, c);
                if (typeof(T) == typeof(double) && TOp.NaNPasses)
                {
                    mask |= ~Vector256.Equals(v, v);
                }

                var bits = mask.ExtractMostSignificantBits();
                while (bits != 0)
                {
                    output[k++] = j + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                }
            }
        }

        for (; j < n; j++)
        {
            if (Test<T, TOp>(values[j], constant))
            {
                output[k++] = j;
            }
        }

        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Test<T, TOp>(T v, T c)
        where T : unmanaged, INumber<T>
        where TOp : struct, ICompareOp
        => TOp.Test(v, c) || (typeof(T) == typeof(double) && TOp.NaNPasses && T.IsNaN(v));

    private sealed record Term(VectorExpr Left, ComparisonKind Op, BoundExpr Constant);


    /// <summary>One comparison, specialised per operator (IEEE semantics; <see cref="NaNPasses"/> adds PostgreSQL's NaN order).</summary>
    private interface ICompareOp
    {
        /// <summary>Whether a NaN value passes against a non-NaN constant (NaN sorts above every number).</summary>
        static abstract bool NaNPasses { get; }

        static abstract bool Test<T>(T a, T b)
            where T : INumber<T>;

        static abstract Vector256<T> Compare<T>(Vector256<T> a, Vector256<T> b);

        /// <summary>The result for a three-way comparison of value against constant.</summary>
        static abstract bool FromCompare(int cmp);
    }

    private readonly struct EqOp : ICompareOp
    {
        public static bool NaNPasses => false;

        public static bool Test<T>(T a, T b) where T : INumber<T> => a == b;

        public static Vector256<T> Compare<T>(Vector256<T> a, Vector256<T> b) => Vector256.Equals(a, b);

        public static bool FromCompare(int cmp) => cmp == 0;
    }

    private readonly struct NeOp : ICompareOp
    {
        public static bool NaNPasses => true;

        public static bool Test<T>(T a, T b) where T : INumber<T> => a != b;

        public static Vector256<T> Compare<T>(Vector256<T> a, Vector256<T> b) => ~Vector256.Equals(a, b);

        public static bool FromCompare(int cmp) => cmp != 0;
    }

    private readonly struct LtOp : ICompareOp
    {
        public static bool NaNPasses => false;

        public static bool Test<T>(T a, T b) where T : INumber<T> => a < b;

        public static Vector256<T> Compare<T>(Vector256<T> a, Vector256<T> b) => Vector256.LessThan(a, b);

        public static bool FromCompare(int cmp) => cmp < 0;
    }

    private readonly struct LeOp : ICompareOp
    {
        public static bool NaNPasses => false;

        public static bool Test<T>(T a, T b) where T : INumber<T> => a <= b;

        public static Vector256<T> Compare<T>(Vector256<T> a, Vector256<T> b) => Vector256.LessThanOrEqual(a, b);

        public static bool FromCompare(int cmp) => cmp <= 0;
    }

    private readonly struct GtOp : ICompareOp
    {
        public static bool NaNPasses => true;

        public static bool Test<T>(T a, T b) where T : INumber<T> => a > b;

        public static Vector256<T> Compare<T>(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThan(a, b);

        public static bool FromCompare(int cmp) => cmp > 0;
    }

    private readonly struct GeOp : ICompareOp
    {
        public static bool NaNPasses => true;

        public static bool Test<T>(T a, T b) where T : INumber<T> => a >= b;

        public static Vector256<T> Compare<T>(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThanOrEqual(a, b);

        public static bool FromCompare(int cmp) => cmp >= 0;
    }
}
