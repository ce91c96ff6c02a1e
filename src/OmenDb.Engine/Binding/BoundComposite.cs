using OmenDb.Common;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Binding;

/// <summary>x op ANY/ALL (array), and x [NOT] IN (list) bound as = ANY over the list.</summary>
internal sealed class QuantifiedExpr : BoundExpr
{
    private readonly ScalarInvoker _op;

    public QuantifiedExpr(BoundExpr left, string opName, ScalarInvoker op, bool all, BoundExpr? array, BoundExpr[]? list)
        : base(PgTypes.Bool)
    {
        Left = left;
        OpName = opName;
        _op = op;
        All = all;
        Array = array;
        List = list;
    }

    public BoundExpr Left { get; }

    public string OpName { get; }

    public bool All { get; }

    public BoundExpr? Array { get; }

    public BoundExpr[]? List { get; }

    public override IEnumerable<BoundExpr> Children => List is null ? [Left, Array!] : [Left, .. List];

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        var l = Left.Eval(batch, row, ctx);
        if (List is not null)
        {
            return Quantify(l, EvalItems(batch, row, ctx), _op, All, ctx.Eval);
        }

        return Array!.Eval(batch, row, ctx) is PgArray arr ? Quantify(l, arr.Elements, _op, All, ctx.Eval) : null;
    }

    private IEnumerable<object?> EvalItems(Batch batch, int row, ExecContext ctx)
    {
        foreach (var item in List!)
        {
            yield return item.Eval(batch, row, ctx);
        }
    }

    /// <summary>
    /// SQL's ANY/ALL over <paramref name="values"/>: ANY is true at the first true comparison, ALL false at the
    /// first false; otherwise a null comparison (or null operand) makes the result null, else ALL / not ANY.
    /// </summary>
    internal static object? Quantify(object? left, IEnumerable<object?> values, ScalarInvoker op, bool all, EvalContext ctx)
    {
        var args = new object?[2];
        var sawNull = false;
        foreach (var r in values)
        {
            if (left is null || r is null)
            {
                sawNull = true;
                continue;
            }

            args[0] = left;
            args[1] = r;
            if (op(args, ctx) is bool b)
            {
                if (b != all)
                {
                    return b;
                }
            }
            else
            {
                sawNull = true;
            }
        }

        return sawNull ? null : all;
    }

    public override string ToString() => List is null
        ? $"({Left} {OpName} {(All ? "ALL" : "ANY")} ({Array}))"
        : $"({Left} {OpName} {(All ? "ALL" : "ANY")} ({string.Join(", ", List.Select(i => i.ToString()))}))";
}

/// <summary>ARRAY[...] (nested ARRAY[...] of arrays makes a multi-dimensional array).</summary>
internal sealed class ArrayExpr : BoundExpr
{
    public ArrayExpr(BoundExpr[] elements, PgType arrayType)
        : base(arrayType) => Elements = elements;

    public BoundExpr[] Elements { get; }

    public override IEnumerable<BoundExpr> Children => Elements;

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        var elementType = Type.ElementType!;
        var values = new object?[Elements.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Elements[i].Eval(batch, row, ctx);
        }

        if (Elements.Length > 0 && Elements[0].Type.IsArray)
        {
            // Multi-dimensional: every sub-array must have the same dimensions.
            var subs = values.Cast<PgArray?>().ToArray();
            if (subs.All(s => s is null || s.Elements.Length == 0))
            {
                return new PgArray(elementType, []);
            }

            var first = subs.FirstOrDefault(s => s is not null)!;
            foreach (var s in subs)
            {
                if (s is null || !s.Dimensions.AsSpan().SequenceEqual(first.Dimensions))
                {
                    ThrowHelper.Throw(SqlState.ArraySubscriptError, "multidimensional arrays must have array expressions with matching dimensions");
                }
            }

            var flat = subs.SelectMany(s => s!.Elements).ToArray();
            int[] dims = [subs.Length, .. first.Dimensions];
            return new PgArray(elementType, flat, dims, [.. Enumerable.Repeat(1, dims.Length)]);
        }

        return new PgArray(elementType, values);
    }

    public override string ToString() => $"ARRAY[{string.Join(", ", Elements.Select(e => e.ToString()))}]";
}

/// <summary>ROW(...) / (a, b), and a whole-row reference to a FROM item (with its column names).</summary>
internal sealed class RowExpr : BoundExpr
{
    public RowExpr(BoundExpr[] fields, string[]? fieldNames = null)
        : base(PgTypes.Record)
    {
        Fields = fields;
        FieldNames = fieldNames;
    }

    public BoundExpr[] Fields { get; }

    /// <summary>The column names of a whole-row reference; null for ROW(...), whose fields are f1, f2, ...</summary>
    public string[]? FieldNames { get; }

    public override IEnumerable<BoundExpr> Children => Fields;

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        var values = new object?[Fields.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Fields[i].Eval(batch, row, ctx);
        }

        return new PgRecord([.. Fields.Select(f => f.Type)], values, FieldNames);
    }

    public override string ToString() => $"ROW({string.Join(", ", Fields.Select(e => e.ToString()))})";
}

/// <summary>Array subscript a[i] / a[i][j] and slices a[l:u].</summary>
internal sealed class SubscriptExpr : BoundExpr
{
    public SubscriptExpr(BoundExpr operand, (BoundExpr? Lower, BoundExpr? Upper, bool IsSlice)[] subscripts, PgType type)
        : base(type)
    {
        Operand = operand;
        Subscripts = subscripts;
    }

    public BoundExpr Operand { get; }

    public (BoundExpr? Lower, BoundExpr? Upper, bool IsSlice)[] Subscripts { get; }

    public override IEnumerable<BoundExpr> Children
        => new[] { Operand }.Concat(Subscripts.SelectMany(s => new[] { s.Lower, s.Upper }).OfType<BoundExpr>());

    public override object? Eval(Batch batch, int row, ExecContext ctx)
    {
        if (Operand.Eval(batch, row, ctx) is not PgArray arr)
        {
            return null;
        }

        var isSlice = Subscripts.Any(s => s.IsSlice);
        var nd = arr.Dimensions.Length;
        if (nd == 0)
        {
            return isSlice ? arr : null;
        }

        var lows = new int[Subscripts.Length];
        var highs = new int[Subscripts.Length];
        for (var d = 0; d < Subscripts.Length; d++)
        {
            var (lo, hi, slice) = Subscripts[d];
            var lb = d < nd ? arr.LowerBounds[d] : 1;
            var ub = d < nd ? lb + arr.Dimensions[d] - 1 : 0;
            object? lv = lo?.Eval(batch, row, ctx);
            object? hv = hi?.Eval(batch, row, ctx);
            if ((lo is not null && lv is null) || (hi is not null && hv is null))
            {
                return null;
            }

            if (isSlice && !slice)
            {
                // a[2] inside a slice means a[1:2].
                lows[d] = 1;
                highs[d] = Convert.ToInt32(hv ?? lv);
            }
            else
            {
                lows[d] = lo is null ? lb : Convert.ToInt32(lv);
                highs[d] = hi is null ? (slice ? ub : lows[d]) : Convert.ToInt32(hv);
            }
        }

        if (!isSlice)
        {
            if (Subscripts.Length != nd)
            {
                return null;
            }

            var offset = 0;
            for (var d = 0; d < nd; d++)
            {
                var idx = lows[d] - arr.LowerBounds[d];
                if (idx < 0 || idx >= arr.Dimensions[d])
                {
                    return null;
                }

                offset = (offset * arr.Dimensions[d]) + idx;
            }

            return arr.Elements[offset];
        }

        // Slice: clamp each dimension; result has lower bounds 1.
        if (nd != 1 || Subscripts.Length != 1)
        {
            ThrowHelper.NotSupported("multidimensional array slices");
        }

        var from = Math.Max(lows[0], arr.LowerBounds[0]);
        var to = Math.Min(highs[0], arr.LowerBounds[0] + arr.Dimensions[0] - 1);
        if (from > to)
        {
            return new PgArray(arr.ElementType, []);
        }

        return new PgArray(arr.ElementType, arr.Elements[(from - arr.LowerBounds[0])..(to - arr.LowerBounds[0] + 1)]);
    }

    public override string ToString() => $"{Operand}[...]";
}

/// <summary>(record).field.</summary>
internal sealed class FieldSelectExpr : BoundExpr
{
    public FieldSelectExpr(BoundExpr operand, int index, PgType type)
        : base(type)
    {
        Operand = operand;
        Index = index;
    }

    public BoundExpr Operand { get; }

    public int Index { get; }

    public override IEnumerable<BoundExpr> Children => [Operand];

    public override object? Eval(Batch batch, int row, ExecContext ctx)
        => Operand.Eval(batch, row, ctx) is PgRecord r ? r.Values[Index] : null;

    public override string ToString() => $"({Operand}).f{Index + 1}";
}

/// <summary>A value computed once per statement from the session (current_user, now(), current_schema...).</summary>
internal sealed class ContextValueExpr : BoundExpr
{
    private readonly Func<ExecContext, object?> _get;
    private readonly string _text;

    public ContextValueExpr(string text, PgType type, Func<ExecContext, object?> get)
        : base(type)
    {
        _text = text;
        _get = get;
    }

    public override bool IsConstant => false;

    public override object? Eval(Batch batch, int row, ExecContext ctx) => _get(ctx);

    public override string ToString() => _text;
}
