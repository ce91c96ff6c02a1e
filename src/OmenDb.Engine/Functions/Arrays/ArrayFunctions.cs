using System.Globalization;
using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Functions.Strings;
using OmenDb.Engine.Types;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Functions.Arrays;

/// <summary>Array functions and operators (PostgreSQL docs 9.19). Element comparisons use the element type's btree
/// equality, with NULL matching NULL where PostgreSQL uses IS NOT DISTINCT FROM (array_position, array_remove).</summary>
internal static class ArrayFunctions
{
    private static readonly PgType s_intArray = Int4.ArrayType!;

    public static void Register(RegistryBuilder r)
    {
        r.Fn(2176, "array_length", [AnyArray, Int4], Int4, (a, _) => DimInfo((PgArray)a[0]!, (int)a[1]!, 0));
        r.Fn(2091, "array_lower", [AnyArray, Int4], Int4, (a, _) => DimInfo((PgArray)a[0]!, (int)a[1]!, 1));
        r.Fn(2092, "array_upper", [AnyArray, Int4], Int4, (a, _) => DimInfo((PgArray)a[0]!, (int)a[1]!, 2));
        r.Fn(748, "array_ndims", [AnyArray], Int4, (a, _) => ((PgArray)a[0]!).Dimensions.Length is var n && n > 0 ? n : null);
        r.Fn(747, "array_dims", [AnyArray], Text, (a, _) => Dims((PgArray)a[0]!));
        r.Fn(3179, "cardinality", [AnyArray], Int4, (a, _) => ((PgArray)a[0]!).Elements.Length);
        r.FnTyped(378, "array_append", [AnyCompatibleArray, AnyCompatible], AnyCompatibleArray,
            (_, result) => (a, _) => Append(a[0] as PgArray, a[1], result), strict: false);
        r.FnTyped(379, "array_prepend", [AnyCompatible, AnyCompatibleArray], AnyCompatibleArray,
            (_, result) => (a, _) => Prepend(a[0], a[1] as PgArray, result), strict: false);
        r.FnTyped(383, "array_cat", [AnyCompatibleArray, AnyCompatibleArray], AnyCompatibleArray,
            (_, _) => (a, _) => Cat(a[0] as PgArray, a[1] as PgArray), strict: false);
        r.OpTyped(349, "||", AnyCompatibleArray, AnyCompatible, AnyCompatibleArray,
            (_, result) => (a, _) => Append(a[0] as PgArray, a[1], result));
        r.OpTyped(374, "||", AnyCompatible, AnyCompatibleArray, AnyCompatibleArray,
            (_, result) => (a, _) => Prepend(a[0], a[1] as PgArray, result));
        r.Op(375, "||", AnyCompatibleArray, AnyCompatibleArray, AnyCompatibleArray, (a, _) => Cat(a[0] as PgArray, a[1] as PgArray));
        r.Fn(3277, "array_position", [AnyCompatibleArray, AnyCompatible], Int4,
            (a, _) => a[0] is PgArray arr ? Position(arr, a[1], 1) : null, strict: false);
        r.Fn(3278, "array_position", [AnyCompatibleArray, AnyCompatible, Int4], Int4,
            (a, _) => a[0] is PgArray arr && a[2] is int start ? Position(arr, a[1], start) : null, strict: false);
        r.Fn(3279, "array_positions", [AnyCompatibleArray, AnyCompatible], s_intArray,
            (a, _) => a[0] is PgArray arr ? Positions(arr, a[1]) : null, strict: false);
        r.Fn(3167, "array_remove", [AnyCompatibleArray, AnyCompatible], AnyCompatibleArray,
            (a, _) => a[0] is PgArray arr ? Remove(arr, a[1]) : null, strict: false);
        r.Fn(3168, "array_replace", [AnyCompatibleArray, AnyCompatible, AnyCompatible], AnyCompatibleArray,
            (a, _) => a[0] is PgArray arr ? ReplaceElements(arr, a[1], a[2]) : null, strict: false);
        r.FnTyped(1193, "array_fill", [AnyElement, s_intArray], AnyArray,
            (types, _) => (a, _) => Fill(types[0], a[0], a[1] as PgArray, null), strict: false);
        r.FnTyped(1286, "array_fill", [AnyElement, s_intArray, s_intArray], AnyArray,
            (types, _) => (a, _) => Fill(types[0], a[0], a[1] as PgArray, a[2] as PgArray), strict: false);
        r.Fn(6172, "trim_array", [AnyArray, Int4], AnyArray, (a, _) => TrimArray((PgArray)a[0]!, (int)a[1]!));
        r.Op(2750, "&&", AnyArray, AnyArray, Bool, (a, _) => Overlap((PgArray)a[0]!, (PgArray)a[1]!));
        r.Op(2751, "@>", AnyArray, AnyArray, Bool, (a, _) => ContainsAll((PgArray)a[0]!, (PgArray)a[1]!));
        r.Op(2752, "<@", AnyArray, AnyArray, Bool, (a, _) => ContainsAll((PgArray)a[1]!, (PgArray)a[0]!));

        r.Fn(394, "string_to_array", [Text, Text], Text.ArrayType!,
            (a, _) => a[0] is string s ? StringToArray(s, a[1] as string, null) : null, strict: false);
        r.Fn(376, "string_to_array", [Text, Text, Text], Text.ArrayType!,
            (a, _) => a[0] is string s ? StringToArray(s, a[1] as string, a[2] as string) : null, strict: false);
        r.Srf(6160, "string_to_table", [Text, Text], [("string_to_table", Text)],
            (a, _) => Rows(a[0] is string s ? StringToArray(s, a[1] as string, null) : null), strict: false);
        r.Srf(6161, "string_to_table", [Text, Text, Text], [("string_to_table", Text)],
            (a, _) => Rows(a[0] is string s ? StringToArray(s, a[1] as string, a[2] as string) : null), strict: false);
        r.Fn(395, "array_to_string", [AnyArray, Text], Text,
            (a, c) => ArrayToString((PgArray)a[0]!, (string)a[1]!, null, c), Volatility.Stable);
        r.Fn(384, "array_to_string", [AnyArray, Text, Text], Text,
            (a, c) => a[0] is PgArray arr && a[1] is string d ? ArrayToString(arr, d, a[2] as string, c) : null,
            Volatility.Stable, strict: false);
    }

    private static IEnumerable<object?[]> Rows(PgArray? array)
    {
        if (array is null)
        {
            yield break;
        }

        foreach (var e in array.Elements)
        {
            yield return [e];
        }
    }

    private static object? DimInfo(PgArray a, int dim, int what)
    {
        if (dim < 1 || dim > a.Dimensions.Length)
        {
            return null;
        }

        return what switch
        {
            0 => a.Dimensions[dim - 1],
            1 => a.LowerBounds[dim - 1],
            _ => a.LowerBounds[dim - 1] + a.Dimensions[dim - 1] - 1,
        };
    }

    private static string? Dims(PgArray a)
    {
        if (a.Dimensions.Length == 0)
        {
            return null;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < a.Dimensions.Length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"[{a.LowerBounds[i]}:{a.LowerBounds[i] + a.Dimensions[i] - 1}]");
        }

        return sb.ToString();
    }

    private static PgType ElementOf(PgType arrayType, object? sample) =>
        arrayType.ElementType ?? (sample is null ? Text : TypeGuess.Of(sample));

    private static PgArray Append(PgArray? array, object? element, PgType resultType)
    {
        if (array is null || array.Dimensions.Length == 0)
        {
            return new PgArray(array?.ElementType ?? ElementOf(resultType, element), [element]);
        }

        if (array.Dimensions.Length > 1)
        {
            return FunctionErrors.Error<PgArray>(SqlState.DataException, "argument must be empty or one-dimensional array");
        }

        return new PgArray(array.ElementType, [.. array.Elements, element], [array.Dimensions[0] + 1], array.LowerBounds);
    }

    private static PgArray Prepend(object? element, PgArray? array, PgType resultType)
    {
        if (array is null || array.Dimensions.Length == 0)
        {
            return new PgArray(array?.ElementType ?? ElementOf(resultType, element), [element]);
        }

        if (array.Dimensions.Length > 1)
        {
            return FunctionErrors.Error<PgArray>(SqlState.DataException, "argument must be empty or one-dimensional array");
        }

        return new PgArray(array.ElementType, [element, .. array.Elements], [array.Dimensions[0] + 1], array.LowerBounds);
    }

    private static PgArray? Cat(PgArray? x, PgArray? y)
    {
        if (x is null)
        {
            return y;
        }

        if (y is null || y.Dimensions.Length == 0)
        {
            return x;
        }

        if (x.Dimensions.Length == 0)
        {
            return y;
        }

        var nx = x.Dimensions.Length;
        var ny = y.Dimensions.Length;
        if (nx == ny)
        {
            if (!x.Dimensions.AsSpan(1).SequenceEqual(y.Dimensions.AsSpan(1)))
            {
                return Incompatible(x, y);
            }

            return new PgArray(x.ElementType, [.. x.Elements, .. y.Elements], [x.Dimensions[0] + y.Dimensions[0], .. x.Dimensions[1..]],
                x.LowerBounds);
        }

        if (nx == ny - 1)
        {
            if (!x.Dimensions.AsSpan().SequenceEqual(y.Dimensions.AsSpan(1)))
            {
                return Incompatible(x, y);
            }

            return new PgArray(x.ElementType, [.. x.Elements, .. y.Elements], [y.Dimensions[0] + 1, .. y.Dimensions[1..]],
                y.LowerBounds);
        }

        if (nx == ny + 1)
        {
            if (!x.Dimensions.AsSpan(1).SequenceEqual(y.Dimensions))
            {
                return Incompatible(x, y);
            }

            return new PgArray(x.ElementType, [.. x.Elements, .. y.Elements], [x.Dimensions[0] + 1, .. x.Dimensions[1..]], x.LowerBounds);
        }

        return Incompatible(x, y);
    }

    private static PgArray Incompatible(PgArray x, PgArray y) =>
        throw new PgException(SqlState.ArraySubscriptError, "cannot concatenate incompatible arrays")
        {
            Detail = x.Dimensions.Length == y.Dimensions.Length
                ? "Arrays with differing element dimensions are not compatible for concatenation."
                : $"Arrays of {x.Dimensions.Length} and {y.Dimensions.Length} dimensions are not compatible for concatenation.",
        };

    private static bool NotDistinct(PgType type, object? a, object? b) =>
        a is null || b is null ? a is null && b is null : ValueComparer.Equals(type, a, b);

    private static void CheckOneDim(PgArray a)
    {
        if (a.Dimensions.Length > 1)
        {
            throw new PgException(SqlState.FeatureNotSupported, "searching for elements in multidimensional arrays is not supported");
        }
    }

    private static object? Position(PgArray a, object? value, int start)
    {
        CheckOneDim(a);
        if (a.Dimensions.Length == 0)
        {
            return null;
        }

        var lb = a.LowerBounds[0];
        for (var i = Math.Max(start - lb, 0); i < a.Elements.Length; i++)
        {
            if (NotDistinct(a.ElementType, a.Elements[i], value))
            {
                return i + lb;
            }
        }

        return null;
    }

    private static PgArray Positions(PgArray a, object? value)
    {
        CheckOneDim(a);
        var list = new List<object?>();
        for (var i = 0; i < a.Elements.Length; i++)
        {
            if (NotDistinct(a.ElementType, a.Elements[i], value))
            {
                list.Add(i + a.LowerBounds[0]);
            }
        }

        return new PgArray(Int4, [.. list]);
    }

    private static PgArray Remove(PgArray a, object? value)
    {
        if (a.Dimensions.Length > 1)
        {
            throw new PgException(SqlState.FeatureNotSupported, "removing elements from multidimensional arrays is not supported");
        }

        var kept = a.Elements.Where(e => !NotDistinct(a.ElementType, e, value)).ToArray();
        return kept.Length == a.Elements.Length ? a : new PgArray(a.ElementType, kept);
    }

    private static PgArray ReplaceElements(PgArray a, object? from, object? to) =>
        new(a.ElementType, a.Elements.Select(e => NotDistinct(a.ElementType, e, from) ? to : e).ToArray(), a.Dimensions, a.LowerBounds);

    private static PgArray? Fill(PgType type, object? value, PgArray? dims, PgArray? lbs)
    {
        if (dims is null)
        {
            return FunctionErrors.Error<PgArray>(SqlState.NullValueNotAllowed, "dimension array or low bound array cannot be null");
        }

        if (dims.Elements.Any(e => e is null) || (lbs?.Elements.Any(e => e is null) ?? false))
        {
            return FunctionErrors.Error<PgArray>(SqlState.NullValueNotAllowed, "dimension values cannot be null");
        }

        var d = dims.Elements.Select(e => (int)e!).ToArray();
        var l = lbs?.Elements.Select(e => (int)e!).ToArray() ?? Enumerable.Repeat(1, d.Length).ToArray();
        if (lbs is not null && l.Length != d.Length)
        {
            return FunctionErrors.Error<PgArray>(SqlState.ArraySubscriptError, "wrong number of array subscripts");
        }

        if (d.Length == 0 || d.Any(x => x <= 0))
        {
            return new PgArray(type, []);
        }

        var total = d.Aggregate(1L, (p, x) => p * x);
        return new PgArray(type, Enumerable.Repeat(value, (int)total).ToArray(), d, l);
    }

    private static PgArray TrimArray(PgArray a, int n)
    {
        var len = a.Dimensions.Length == 0 ? 0 : a.Dimensions[0];
        if (n < 0 || n > len)
        {
            throw new PgException(SqlState.ArraySubscriptError, "number of elements to trim must be between 0 and " + len);
        }

        if (a.Dimensions.Length > 1)
        {
            var inner = a.Elements.Length / len;
            return new PgArray(a.ElementType, a.Elements[..((len - n) * inner)], [len - n, .. a.Dimensions[1..]], a.LowerBounds);
        }

        return len - n == 0 ? new PgArray(a.ElementType, []) : new PgArray(a.ElementType, a.Elements[..(len - n)], [len - n], a.LowerBounds);
    }

    private static bool ContainsElement(PgArray a, object element)
    {
        foreach (var e in a.Elements)
        {
            if (e is not null && ValueComparer.Equals(a.ElementType, e, element))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Overlap(PgArray a, PgArray b) => b.Elements.Any(e => e is not null && ContainsElement(a, e));

    private static bool ContainsAll(PgArray a, PgArray b) => b.Elements.All(e => e is not null && ContainsElement(a, e));

    private static PgArray StringToArray(string s, string? delimiter, string? nullString)
    {
        if (s.Length == 0)
        {
            return new PgArray(Text, []);
        }

        List<string> parts;
        if (delimiter is null)
        {
            parts = TextUtil.HasSurrogates(s) ? [.. TextUtil.Chars(s)] : s.Select(ch => ch.ToString()).ToList();
        }
        else if (delimiter.Length == 0)
        {
            parts = [s];
        }
        else
        {
            parts = [.. s.Split(delimiter)];
        }

        return new PgArray(Text, parts.Select(p => nullString is not null && p == nullString ? null : (object?)p).ToArray());
    }

    private static string ArrayToString(PgArray a, string delimiter, string? nullString, EvalContext c)
    {
        var sb = new StringBuilder();
        var first = true;
        foreach (var e in a.Elements)
        {
            if (e is null && nullString is null)
            {
                continue;
            }

            if (!first)
            {
                sb.Append(delimiter);
            }

            first = false;
            sb.Append(e is null ? nullString : StringFunctions.ToText(a.ElementType, e, c));
        }

        return sb.ToString();
    }
}
