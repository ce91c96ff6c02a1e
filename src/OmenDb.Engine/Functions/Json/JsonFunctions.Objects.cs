using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Types;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Functions.Json;

// json_object / jsonb_object from a text array of alternating keys and values, a two-column array, or separate key
// and value arrays (PostgreSQL docs 9.16.1); values become JSON strings, SQL NULL values JSON null.
internal static partial class JsonFunctions
{
    private static void RegisterObjects(RegistryBuilder r)
    {
        r.Fn(3202, "json_object", [s_textArray], PgTypes.Json, (a, _) => ObjectText(Pairs((PgArray)a[0]!), false));
        r.Fn(3203, "json_object", [s_textArray, s_textArray], PgTypes.Json,
            (a, _) => ObjectText(Pairs((PgArray)a[0]!, (PgArray)a[1]!), false));
        r.Fn(3263, "jsonb_object", [s_textArray], Jsonb, (a, _) => ObjectText(Pairs((PgArray)a[0]!), true));
        r.Fn(3264, "jsonb_object", [s_textArray, s_textArray], Jsonb,
            (a, _) => ObjectText(Pairs((PgArray)a[0]!, (PgArray)a[1]!), true));
    }

    private static List<(object? Key, object? Value)> Pairs(PgArray array)
    {
        var e = array.Elements;
        switch (array.Dimensions.Length)
        {
            case 0:
                return [];
            case 1 when e.Length % 2 != 0:
                return ThrowHelper.Throw<List<(object?, object?)>>(SqlState.ArraySubscriptError, "array must have even number of elements");
            case 1:
                break;
            case 2 when array.Dimensions[1] != 2:
                return ThrowHelper.Throw<List<(object?, object?)>>(SqlState.ArraySubscriptError, "array must have two columns");
            case 2:
                break;
            default:
                return ThrowHelper.Throw<List<(object?, object?)>>(SqlState.ArraySubscriptError, "wrong number of array subscripts");
        }

        var pairs = new List<(object?, object?)>(e.Length / 2);
        for (var i = 0; i < e.Length; i += 2)
        {
            pairs.Add((e[i], e[i + 1]));
        }

        return pairs;
    }

    private static List<(object? Key, object? Value)> Pairs(PgArray keys, PgArray values)
    {
        if (keys.Dimensions.Length > 1 || values.Dimensions.Length > 1)
        {
            return ThrowHelper.Throw<List<(object?, object?)>>(SqlState.ArraySubscriptError, "wrong number of array subscripts");
        }

        if (keys.Elements.Length != values.Elements.Length)
        {
            return ThrowHelper.Throw<List<(object?, object?)>>(SqlState.ArraySubscriptError, "mismatched array dimensions");
        }

        return [.. keys.Elements.Zip(values.Elements)];
    }

    /// <summary>json_object's text (<c>{"a" : "1", "b" : null}</c>), or jsonb's canonical form of it.</summary>
    private static string ObjectText(List<(object? Key, object? Value)> pairs, bool jsonb)
    {
        var sb = new StringBuilder("{");
        for (var i = 0; i < pairs.Count; i++)
        {
            var (key, value) = pairs[i];
            if (key is not string k)
            {
                return ThrowHelper.Throw<string>(SqlState.NullValueNotAllowed, "null value not allowed for object key");
            }

            sb.Append(i > 0 ? ", " : "");
            JsonText.WriteString(sb, k);
            sb.Append(" : ");
            if (value is string v)
            {
                JsonText.WriteString(sb, v);
            }
            else
            {
                sb.Append("null");
            }
        }

        var text = sb.Append('}').ToString();
        return jsonb ? JsonText.ToCanonical(JsonText.Parse(text, true)) : text;
    }
}
