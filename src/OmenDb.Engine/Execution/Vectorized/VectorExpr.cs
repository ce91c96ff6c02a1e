using OmenDb.Engine.Binding;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Execution.Vectorized;

/// <summary>The unboxed domain a <see cref="VectorExpr"/> evaluates into.</summary>
internal enum VectorKind : byte
{
    /// <summary>int2, int4, int8 and the integer-backed date/time types, widened to long.</summary>
    Int64,

    /// <summary>float8.</summary>
    Float64,
}

/// <summary>
/// A scalar expression compiled to a typed batch kernel: it evaluates the live rows of a batch into a dense
/// <c>long[]</c> or <c>double[]</c> plus a null flag per row, without boxing. Only what the kernels support compiles
/// (column references, constants, integer <c>+ - * %</c> with a constant); anything else stays on the row path,
/// or, when <c>allowGeneric</c>, is evaluated by <see cref="BoundExpr.EvalBatch"/> and then unboxed per batch.
/// </summary>
internal abstract class VectorExpr
{
    protected VectorExpr(PgType type) => Type = type;

    /// <summary>The SQL type of the value (decides how results are boxed again).</summary>
    public PgType Type { get; }

    /// <summary>The unboxed domain.</summary>
    public VectorKind Kind => Type.Oid == PgTypes.Float8.Oid ? VectorKind.Float64 : VectorKind.Int64;

    /// <summary>Whether the kernel touches only typed column data (so worker threads may run it).</summary>
    public virtual bool IsPure => true;

    /// <summary>The highest input column index read (-1 for none; <see cref="int.MaxValue"/> when unknown).</summary>
    public virtual int MaxColumn => -1;

    /// <summary>Evaluates the live rows of <paramref name="batch"/> into <paramref name="dst"/> (Int64 kind); marks nulls in
    /// <paramref name="nulls"/> and returns whether any row is null (when false, <paramref name="nulls"/> is not written).</summary>
    public abstract bool EvalInt64(Batch batch, ExecContext ctx, long[] dst, bool[] nulls);

    /// <summary>The same for the Float64 kind.</summary>
    public abstract bool EvalFloat64(Batch batch, ExecContext ctx, double[] dst, bool[] nulls);

    /// <summary>Whether <paramref name="type"/> is one whose values this layer reads unboxed.</summary>
    public static bool IsSupportedType(PgType type) => IsIntegerType(type) || IsTemporalType(type) || type.Oid == PgTypes.Float8.Oid;

    /// <summary>int2, int4, int8: the types that compare and combine with each other as long.</summary>
    public static bool IsIntegerType(PgType type) => type.Oid is 20 or 21 or 23;

    /// <summary>oid and the reg* types (uint): read as long only as hash-join keys, where equality is all that matters.</summary>
    public static bool IsOidType(PgType type) => type.Kind == PgTypeKind.Oid;

    /// <summary>
    /// Compiles a hash-join key: an integer expression as <see cref="TryCompile"/> does, or an oid-like column (or any other
    /// oid-like expression, through the row evaluator), read as long. Returns null for other types.
    /// </summary>
    public static VectorExpr? TryCompileJoinKey(BoundExpr expr)
    {
        if (IsIntegerType(expr.Type))
        {
            return TryCompile(expr, allowGeneric: true);
        }

        if (!IsOidType(expr.Type))
        {
            return null;
        }

        return expr is ColumnExpr c ? new ColumnRef(c.Index, c.Type) : new Generic(expr);
    }

    /// <summary>date, time, timestamp, timestamptz: integer-backed, comparable only with their own type.</summary>
    public static bool IsTemporalType(PgType type) => type.Oid is 1082 or 1083 or 1114 or 1184;

    /// <summary>Compiles <paramref name="expr"/>, or returns null when no kernel covers it.</summary>
    public static VectorExpr? TryCompile(BoundExpr expr, bool allowGeneric)
    {
        if (!IsSupportedType(expr.Type))
        {
            return null;
        }

        switch (expr)
        {
            case ColumnExpr c:
                return new ColumnRef(c.Index, c.Type);
            case ConstExpr k when k.Value is null || TryLong(k.Value, out _) || k.Value is double:
                return new Constant(k.Value, k.Type);
            case CallExpr { IsOperator: true, Args.Length: 2 } call when IsIntegerType(call.Type)
                && call.Args[1] is ConstExpr { Value: { } cv } && TryLong(cv, out var c)
                && call.Name is "+" or "-" or "*" or "%" && IsIntegerType(call.Args[0].Type) && IsIntegerType(call.Args[1].Type)
                && (call.Name != "%" || c != 0):
                return TryCompile(call.Args[0], allowGeneric) is { } left ? new IntArithmetic(left, call.Name[0], c, call.Type) : null;
            default:
                return allowGeneric ? new Generic(expr) : null;
        }
    }

    /// <summary>Unboxes an integer-backed value.</summary>
    public static bool TryLong(object value, out long result)
    {
        switch (value)
        {
            case int i:
                result = i;
                return true;
            case long l:
                result = l;
                return true;
            case short s:
                result = s;
                return true;
            default:
                result = 0;
                return false;
        }
    }

    /// <summary>Boxes a long in the CLR representation of <paramref name="type"/> (short for int2, int for int4 and date).</summary>
    public static object BoxInt64(PgType type, long value) => type.Kind switch
    {
        PgTypeKind.Int16 => (object)(short)value,
        PgTypeKind.Int32 or PgTypeKind.Date => (object)(int)value,
        _ => (object)value,
    };

    /// <summary>Copies the live rows of an integer-backed column into <paramref name="dst"/>.</summary>
    public static bool GatherInt64(ColumnVector v, int[]? sel, int n, long[] dst, bool[] nulls)
    {
        switch (v)
        {
            case PrimitiveVector<int> p:
                Gather(p.Values, sel, n, dst);
                break;
            case PrimitiveVector<long> p:
                Gather(p.Values, sel, n, dst);
                break;
            case PrimitiveVector<short> p:
                Gather(p.Values, sel, n, dst);
                break;
            case PrimitiveVector<uint> p:
                Gather(p.Values, sel, n, dst);
                break;
            default:
                throw new InvalidOperationException($"vectorised read of a {v.Type.Name} column as int64");
        }

        return GatherNulls(v, sel, n, nulls);
    }

    /// <summary>Copies the live rows of a float8 column into <paramref name="dst"/>.</summary>
    public static bool GatherFloat64(ColumnVector v, int[]? sel, int n, double[] dst, bool[] nulls)
    {
        var values = ((PrimitiveVector<double>)v).Values;
        if (sel is null)
        {
            values.AsSpan(0, n).CopyTo(dst);
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                dst[i] = values[sel[i]];
            }
        }

        return GatherNulls(v, sel, n, nulls);
    }

    private static void Gather<T>(T[] values, int[]? sel, int n, long[] dst)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        if (sel is null)
        {
            for (var i = 0; i < n; i++)
            {
                dst[i] = long.CreateTruncating(values[i]);
            }
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                dst[i] = long.CreateTruncating(values[sel[i]]);
            }
        }
    }

    private static bool GatherNulls(ColumnVector v, int[]? sel, int n, bool[] nulls)
    {
        if (!v.MayHaveNulls)
        {
            return false;
        }

        var any = false;
        for (var i = 0; i < n; i++)
        {
            var isNull = v.IsNull(sel is null ? i : sel[i]);
            nulls[i] = isNull;
            any |= isNull;
        }

        return any;
    }

    /// <summary>A column of the input batch, read through the batch's selection.</summary>
    internal sealed class ColumnRef(int index, PgType type) : VectorExpr(type)
    {
        public int Index { get; } = index;

        public override int MaxColumn => Index;

        public override bool EvalInt64(Batch batch, ExecContext ctx, long[] dst, bool[] nulls)
            => GatherInt64(batch.Columns[Index], batch.Selection, batch.LiveCount, dst, nulls);

        public override bool EvalFloat64(Batch batch, ExecContext ctx, double[] dst, bool[] nulls)
            => GatherFloat64(batch.Columns[Index], batch.Selection, batch.LiveCount, dst, nulls);
    }

    private sealed class Constant(object? value, PgType type) : VectorExpr(type)
    {
        public override bool EvalInt64(Batch batch, ExecContext ctx, long[] dst, bool[] nulls)
        {
            var n = batch.LiveCount;
            if (value is null)
            {
                nulls.AsSpan(0, n).Fill(true);
                return n > 0;
            }

            TryLong(value, out var v);
            dst.AsSpan(0, n).Fill(v);
            return false;
        }

        public override bool EvalFloat64(Batch batch, ExecContext ctx, double[] dst, bool[] nulls)
        {
            var n = batch.LiveCount;
            if (value is null)
            {
                nulls.AsSpan(0, n).Fill(true);
                return n > 0;
            }

            dst.AsSpan(0, n).Fill((double)value);
            return false;
        }
    }

    /// <summary>int2/int4/int8 <c>x op c</c> with PostgreSQL's overflow errors (22003) for the result type.</summary>
    private sealed class IntArithmetic(VectorExpr left, char op, long constant, PgType type) : VectorExpr(type)
    {
        public override bool IsPure => left.IsPure;

        public override int MaxColumn => left.MaxColumn;

        public override bool EvalInt64(Batch batch, ExecContext ctx, long[] dst, bool[] nulls)
        {
            var anyNull = left.EvalInt64(batch, ctx, dst, nulls);
            var n = batch.LiveCount;
            var (min, max) = Type.Kind switch
            {
                PgTypeKind.Int16 => (short.MinValue, short.MaxValue),
                PgTypeKind.Int32 => (int.MinValue, int.MaxValue),
                _ => (long.MinValue, long.MaxValue),
            };
            switch (op)
            {
                case '%':
                    // x % -1 is 0 in PostgreSQL (no overflow for the minimum value); % 0 never compiles.
                    for (var i = 0; i < n; i++)
                    {
                        dst[i] = constant == -1 ? 0 : dst[i] % constant;
                    }

                    return anyNull;
                case '+':
                    for (var i = 0; i < n; i++)
                    {
                        var r = (Int128)dst[i] + constant;
                        dst[i] = r < min || r > max ? (anyNull && nulls[i] ? 0 : OutOfRange()) : (long)r;
                    }

                    return anyNull;
                case '-':
                    for (var i = 0; i < n; i++)
                    {
                        var r = (Int128)dst[i] - constant;
                        dst[i] = r < min || r > max ? (anyNull && nulls[i] ? 0 : OutOfRange()) : (long)r;
                    }

                    return anyNull;
                default:
                    for (var i = 0; i < n; i++)
                    {
                        var r = (Int128)dst[i] * constant;
                        dst[i] = r < min || r > max ? (anyNull && nulls[i] ? 0 : OutOfRange()) : (long)r;
                    }

                    return anyNull;
            }
        }

        public override bool EvalFloat64(Batch batch, ExecContext ctx, double[] dst, bool[] nulls)
            => throw new InvalidOperationException("integer kernel read as float8");

        private long OutOfRange() => Type.Kind switch
        {
            PgTypeKind.Int16 => FunctionErrors.SmallintOutOfRange<long>(),
            PgTypeKind.Int32 => FunctionErrors.IntegerOutOfRange<long>(),
            _ => FunctionErrors.BigintOutOfRange<long>(),
        };
    }

    /// <summary>Any other expression: evaluated by the row-at-a-time evaluator, then unboxed from its dense vector.</summary>
    private sealed class Generic(BoundExpr expr) : VectorExpr(expr.Type)
    {
        public override bool IsPure => false;

        public override int MaxColumn => int.MaxValue;

        public override bool EvalInt64(Batch batch, ExecContext ctx, long[] dst, bool[] nulls)
            => GatherInt64(expr.EvalBatch(batch, ctx), null, batch.LiveCount, dst, nulls);

        public override bool EvalFloat64(Batch batch, ExecContext ctx, double[] dst, bool[] nulls)
            => GatherFloat64(expr.EvalBatch(batch, ctx), null, batch.LiveCount, dst, nulls);
    }
}
