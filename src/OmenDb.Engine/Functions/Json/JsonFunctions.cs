using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Types;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Functions.Json;

/// <summary>JSON functions and operators (PostgreSQL docs 9.16). jsonb works on the parsed tree and prints canonically;
/// json works on spans of the source text.</summary>
internal static partial class JsonFunctions
{
    private static readonly PgType s_textArray = Text.ArrayType!;

    public static void Register(RegistryBuilder r)
    {
        JsonPathFunctions.Register(r);
        RegisterObjects(r);

        // Operators.
        r.Op(3211, "->", Jsonb, Text, Jsonb, (a, _) => Out(Field(Node(a[0]!), (string)a[1]!)));
        r.Op(3212, "->", Jsonb, Int4, Jsonb, (a, _) => Out(Element(Node(a[0]!), (int)a[1]!)));
        r.Op(3477, "->>", Jsonb, Text, Text, (a, _) => AsText(Field(Node(a[0]!), (string)a[1]!)));
        r.Op(3481, "->>", Jsonb, Int4, Text, (a, _) => AsText(Element(Node(a[0]!), (int)a[1]!)));
        r.Op(3213, "#>", Jsonb, s_textArray, Jsonb, (a, _) => Out(Path(Node(a[0]!), (PgArray)a[1]!)));
        r.Op(3206, "#>>", Jsonb, s_textArray, Text, (a, _) => AsText(Path(Node(a[0]!), (PgArray)a[1]!)));
        r.Op(3962, "->", PgTypes.Json, Text, PgTypes.Json, (a, _) => JsonRaw.Field((string)a[0]!, (string)a[1]!));
        r.Op(3964, "->", PgTypes.Json, Int4, PgTypes.Json, (a, _) => JsonRaw.Element((string)a[0]!, (int)a[1]!));
        r.Op(3963, "->>", PgTypes.Json, Text, Text, (a, _) => RawText(JsonRaw.Field((string)a[0]!, (string)a[1]!)));
        r.Op(3965, "->>", PgTypes.Json, Int4, Text, (a, _) => RawText(JsonRaw.Element((string)a[0]!, (int)a[1]!)));
        r.Op(3966, "#>", PgTypes.Json, s_textArray, PgTypes.Json, (a, _) => JsonRaw.Path((string)a[0]!, (PgArray)a[1]!));
        r.Op(3967, "#>>", PgTypes.Json, s_textArray, Text, (a, _) => RawText(JsonRaw.Path((string)a[0]!, (PgArray)a[1]!)));
        r.Op(3246, "@>", Jsonb, Jsonb, Bool, (a, _) => Contains(Node(a[0]!), Node(a[1]!), true));
        r.Op(3250, "<@", Jsonb, Jsonb, Bool, (a, _) => Contains(Node(a[1]!), Node(a[0]!), true));
        r.Op(3247, "?", Jsonb, Text, Bool, (a, _) => Exists(Node(a[0]!), (string)a[1]!));
        r.Op(3248, "?|", Jsonb, s_textArray, Bool, (a, _) => ExistsAny(Node(a[0]!), (PgArray)a[1]!, any: true));
        r.Op(3249, "?&", Jsonb, s_textArray, Bool, (a, _) => ExistsAny(Node(a[0]!), (PgArray)a[1]!, any: false));
        r.Op(3284, "||", Jsonb, Jsonb, Jsonb, (a, _) => Out(Concat(Node(a[0]!), Node(a[1]!))));
        r.Op(3285, "-", Jsonb, Text, Jsonb, (a, _) => Out(DeleteKey(Node(a[0]!), (string)a[1]!)));
        r.Op(3398, "-", Jsonb, s_textArray, Jsonb, (a, _) => Out(DeleteKeys(Node(a[0]!), (PgArray)a[1]!)));
        r.Op(3286, "-", Jsonb, Int4, Jsonb, (a, _) => Out(DeleteIndex(Node(a[0]!), (int)a[1]!)));
        r.Op(3287, "#-", Jsonb, s_textArray, Jsonb, (a, _) => Out(DeletePath(Node(a[0]!), (PgArray)a[1]!, 0)));

        // Construction.
        r.FnTyped(3200, "json_build_object", [Any], PgTypes.Json, (types, _) => (a, c) => BuildObject(types, a, c, false),
            Volatility.Stable, strict: false, variadic: true);
        r.Fn(3201, "json_build_object", [], PgTypes.Json, (_, _) => "{}", Volatility.Stable, strict: false);
        r.FnTyped(3273, "jsonb_build_object", [Any], Jsonb, (types, _) => (a, c) => BuildObject(types, a, c, true),
            Volatility.Stable, strict: false, variadic: true);
        r.Fn(3274, "jsonb_build_object", [], Jsonb, (_, _) => "{}", Volatility.Stable, strict: false);
        r.FnTyped(3198, "json_build_array", [Any], PgTypes.Json, (types, _) => (a, c) => BuildArray(types, a, c, false),
            Volatility.Stable, strict: false, variadic: true);
        r.Fn(3199, "json_build_array", [], PgTypes.Json, (_, _) => "[]", Volatility.Stable, strict: false);
        r.FnTyped(3271, "jsonb_build_array", [Any], Jsonb, (types, _) => (a, c) => BuildArray(types, a, c, true),
            Volatility.Stable, strict: false, variadic: true);
        r.Fn(3272, "jsonb_build_array", [], Jsonb, (_, _) => "[]", Volatility.Stable, strict: false);
        r.FnTyped(3176, "to_json", [AnyElement], PgTypes.Json, (types, _) => (a, c) => JsonValues.ToJson(types[0], a[0], c, false),
            Volatility.Stable);
        r.FnTyped(3787, "to_jsonb", [AnyElement], Jsonb, (types, _) => (a, c) => JsonValues.ToJson(types[0], a[0], c, true),
            Volatility.Stable);
        r.FnTyped(3153, "array_to_json", [AnyArray], PgTypes.Json,
            (types, _) => (a, c) => JsonValues.ToJson(types[0], a[0], c, false), Volatility.Stable);
        r.FnTyped(3155, "row_to_json", [PgTypes.Record], PgTypes.Json,
            (types, _) => (a, c) => JsonValues.ToJson(PgTypes.Record, a[0], c, false), Volatility.Stable);

        // Inspection and processing.
        r.Fn(3968, "json_typeof", [PgTypes.Json], Text, (a, _) => JsonRaw.TypeName((string)a[0]!));
        r.Fn(3210, "jsonb_typeof", [Jsonb], Text, (a, _) => TypeName(Node(a[0]!)));
        r.Fn(3956, "json_array_length", [PgTypes.Json], Int4, (a, _) => JsonRaw.Elements((string)a[0]!)?.Count
            ?? FunctionErrors.InvalidParameter<int>("cannot get array length of a non-array"));
        r.Fn(3207, "jsonb_array_length", [Jsonb], Int4, (a, _) => ArrayLength(Node(a[0]!)));
        r.Fn(3217, "jsonb_extract_path", [Jsonb, s_textArray], Jsonb, (a, _) => Out(Path(Node(a[0]!), (PgArray)a[1]!)), variadic: true);
        r.Fn(3940, "jsonb_extract_path_text", [Jsonb, s_textArray], Text, (a, _) => AsText(Path(Node(a[0]!), (PgArray)a[1]!)),
            variadic: true);
        r.Fn(3951, "json_extract_path", [PgTypes.Json, s_textArray], PgTypes.Json,
            (a, _) => JsonRaw.Path((string)a[0]!, (PgArray)a[1]!), variadic: true);
        r.Fn(3953, "json_extract_path_text", [PgTypes.Json, s_textArray], Text,
            (a, _) => RawText(JsonRaw.Path((string)a[0]!, (PgArray)a[1]!)), variadic: true);
        r.Fn(3305, "jsonb_set", [Jsonb, s_textArray, Jsonb, Bool], Jsonb,
            (a, _) => Out(Set(Node(a[0]!), (PgArray)a[1]!, Node(a[2]!), a.Length < 4 || (bool)a[3]!, SetMode.Set)), minArgs: 3);
        r.Fn(3579, "jsonb_insert", [Jsonb, s_textArray, Jsonb, Bool], Jsonb,
            (a, _) => Out(Set(Node(a[0]!), (PgArray)a[1]!, Node(a[2]!), true,
                a.Length >= 4 && (bool)a[3]! ? SetMode.InsertAfter : SetMode.InsertBefore)), minArgs: 3);
        r.Fn(3306, "jsonb_pretty", [Jsonb], Text, (a, _) => Pretty(Node(a[0]!)));
        r.Fn(3262, "jsonb_strip_nulls", [Jsonb], Jsonb, (a, _) => Out(StripNulls(Node(a[0]!))));
        r.Fn(3261, "json_strip_nulls", [PgTypes.Json], PgTypes.Json, (a, _) => StripNullsRaw((string)a[0]!));

        // Set-returning.
        r.Srf(3219, "jsonb_array_elements", [Jsonb], [("value", Jsonb)],
            (a, _) => Rows(Elements(Node(a[0]!), "jsonb_array_elements"), Out));
        r.Srf(3465, "jsonb_array_elements_text", [Jsonb], [("value", Text)],
            (a, _) => Rows(Elements(Node(a[0]!), "jsonb_array_elements_text"), AsText));
        r.Srf(3955, "json_array_elements", [PgTypes.Json], [("value", PgTypes.Json)],
            (a, _) => Rows(RawElements((string)a[0]!, "json_array_elements"), v => v));
        r.Srf(3969, "json_array_elements_text", [PgTypes.Json], [("value", Text)],
            (a, _) => Rows(RawElements((string)a[0]!, "json_array_elements_text"), RawText));
        r.Srf(3208, "jsonb_each", [Jsonb], [("key", Text), ("value", Jsonb)],
            (a, _) => Pairs(Members(Node(a[0]!), "jsonb_each"), Out));
        r.Srf(3932, "jsonb_each_text", [Jsonb], [("key", Text), ("value", Text)],
            (a, _) => Pairs(Members(Node(a[0]!), "jsonb_each_text"), AsText));
        r.Srf(3958, "json_each", [PgTypes.Json], [("key", Text), ("value", PgTypes.Json)],
            (a, _) => RawPairs((string)a[0]!, "json_each", v => v));
        r.Srf(3959, "json_each_text", [PgTypes.Json], [("key", Text), ("value", Text)],
            (a, _) => RawPairs((string)a[0]!, "json_each_text", RawText));
        r.Srf(3931, "jsonb_object_keys", [Jsonb], [("jsonb_object_keys", Text)],
            (a, _) => Keys(Members(Node(a[0]!), "jsonb_object_keys")));
        r.Srf(3957, "json_object_keys", [PgTypes.Json], [("json_object_keys", Text)],
            (a, _) => Keys(RawMembers((string)a[0]!, "json_object_keys")));
    }

    internal static object Node(object jsonb) => JsonText.Parse((string)jsonb, true);

    internal static string? Out(object? node) => node is null ? null : JsonText.ToCanonical(node);

    private static object? Field(object node, string key)
    {
        if (node is not List<KeyValuePair<string, object>> obj)
        {
            return null;
        }

        foreach (var kv in obj)
        {
            if (kv.Key == key)
            {
                return kv.Value;
            }
        }

        return null;
    }

    private static object? Element(object node, int index)
    {
        if (node is List<KeyValuePair<string, object>>)
        {
            return null;
        }

        if (node is not List<object> list)
        {
            // PostgreSQL stores a jsonb scalar as a one-element "raw scalar" array, so '"s"'::jsonb -> 0 is "s".
            return index is 0 or -1 ? node : null;
        }

        if (index < 0)
        {
            index += list.Count;
        }

        return index >= 0 && index < list.Count ? list[index] : null;
    }

    private static object? Path(object node, PgArray path)
    {
        object? current = node;
        foreach (var p in path.Elements)
        {
            if (p is not string step || current is null)
            {
                return null;
            }

            current = current switch
            {
                List<KeyValuePair<string, object>> => Field(current, step),
                List<object> => int.TryParse(step, out var i) ? Element(current, i) : null,
                _ => null,
            };
        }

        return current;
    }

    /// <summary>-&gt;&gt;: strings unquoted, JSON null as SQL NULL, containers and scalars as canonical text.</summary>
    private static string? AsText(object? node) => node switch
    {
        null or JsonText.JsonNull => null,
        string s => s,
        _ => JsonText.ToCanonical(node),
    };

    private static string? RawText(string? raw) => raw is null ? null : JsonRaw.AsText(raw);

    /// <summary>jsonb_typeof's names, also jsonpath's .type().</summary>
    internal static string TypeName(object node) => node switch
    {
        JsonText.JsonNull => "null",
        bool => "boolean",
        JsonText.JsonNumber => "number",
        string => "string",
        List<object> => "array",
        _ => "object",
    };

    private static int ArrayLength(object node) => node switch
    {
        List<object> list => list.Count,
        List<KeyValuePair<string, object>> => FunctionErrors.InvalidParameter<int>("cannot get array length of a non-array"),
        _ => FunctionErrors.InvalidParameter<int>("cannot get array length of a scalar"),
    };

    /// <summary>Deep equality of jsonb values (numbers by numeric value).</summary>
    internal static bool NodeEquals(object a, object b) => (a, b) switch
    {
        (JsonText.JsonNull, JsonText.JsonNull) => true,
        (bool x, bool y) => x == y,
        (string x, string y) => x == y,
        (JsonText.JsonNumber x, JsonText.JsonNumber y) => JsonNumbers.Compare(x.Text, y.Text) == 0,
        (List<object> x, List<object> y) => x.Count == y.Count && x.Zip(y).All(p => NodeEquals(p.First, p.Second)),
        (List<KeyValuePair<string, object>> x, List<KeyValuePair<string, object>> y) =>
            x.Count == y.Count && x.Zip(y).All(p => p.First.Key == p.Second.Key && NodeEquals(p.First.Value, p.Second.Value)),
        _ => false,
    };

    private static bool NumberEquals(string x, string y) =>
        x == y || (decimal.TryParse(x, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var a)
                   && decimal.TryParse(y, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var b)
                   && a == b);

    /// <summary>jsonb @&gt; (JsonbDeepContains).</summary>
    private static bool Contains(object val, object sub, bool top)
    {
        switch (val, sub)
        {
            case (List<KeyValuePair<string, object>> vo, List<KeyValuePair<string, object>> so):
                foreach (var kv in so)
                {
                    var v = Field(vo, kv.Key);
                    if (v is null)
                    {
                        return false;
                    }

                    if (kv.Value is List<object> or List<KeyValuePair<string, object>>)
                    {
                        if (!Contains(v, kv.Value, false))
                        {
                            return false;
                        }
                    }
                    else if (!NodeEquals(v, kv.Value))
                    {
                        return false;
                    }
                }

                return true;
            case (List<object> va, List<object> sa):
                foreach (var s in sa)
                {
                    var found = false;
                    foreach (var v in va)
                    {
                        if (s is List<object> or List<KeyValuePair<string, object>>
                                ? (v.GetType() == s.GetType() && Contains(v, s, false))
                                : NodeEquals(v, s))
                        {
                            found = true;
                            break;
                        }
                    }

                    if (!found)
                    {
                        return false;
                    }
                }

                return true;
            case (List<object> va2, _) when top && sub is not List<KeyValuePair<string, object>>:
                // A top-level array contains a bare scalar that is one of its elements.
                return va2.Any(v => NodeEquals(v, sub));
            default:
                return val.GetType() == sub.GetType() && sub is not (List<object> or List<KeyValuePair<string, object>>) && NodeEquals(val, sub);
        }
    }

    private static bool Exists(object node, string key) => node switch
    {
        List<KeyValuePair<string, object>> obj => obj.Any(kv => kv.Key == key),
        List<object> list => list.Any(e => e is string s && s == key),
        string s => s == key,
        _ => false,
    };

    private static bool ExistsAny(object node, PgArray keys, bool any)
    {
        foreach (var k in keys.Elements)
        {
            if (k is not string key)
            {
                continue;
            }

            var e = Exists(node, key);
            if (any && e)
            {
                return true;
            }

            if (!any && !e)
            {
                return false;
            }
        }

        return !any;
    }

    private static object Concat(object a, object b)
    {
        if (a is List<KeyValuePair<string, object>> oa && b is List<KeyValuePair<string, object>> ob)
        {
            var merged = new List<KeyValuePair<string, object>>(oa);
            foreach (var kv in ob)
            {
                var i = merged.FindIndex(m => m.Key == kv.Key);
                if (i >= 0)
                {
                    merged[i] = kv;
                }
                else
                {
                    merged.Add(kv);
                }
            }

            return Canonical(merged);
        }

        var left = a is List<object> la ? la : [a];
        var right = b is List<object> lb ? lb : [b];
        return new List<object>([.. left, .. right]);
    }

    /// <summary>Re-sorts object keys after edits (jsonb's key order).</summary>
    private static object Canonical(object node) => JsonText.Parse(JsonText.ToCanonical(node), true);

    private static object DeleteKey(object node, string key) => node switch
    {
        List<KeyValuePair<string, object>> obj => obj.Where(kv => kv.Key != key).ToList(),
        List<object> list => list.Where(e => !(e is string s && s == key)).ToList(),
        _ => FunctionErrors.InvalidParameter<object>("cannot delete from scalar"),
    };

    private static object DeleteKeys(object node, PgArray keys)
    {
        foreach (var k in keys.Elements)
        {
            if (k is string key)
            {
                node = DeleteKey(node, key);
            }
        }

        return node;
    }

    private static object DeleteIndex(object node, int index)
    {
        if (node is List<KeyValuePair<string, object>>)
        {
            return FunctionErrors.InvalidParameter<object>("cannot delete from object using integer index");
        }

        if (node is not List<object> list)
        {
            return FunctionErrors.InvalidParameter<object>("cannot delete from scalar");
        }

        if (index < 0)
        {
            index += list.Count;
        }

        if (index < 0 || index >= list.Count)
        {
            return list;
        }

        var copy = new List<object>(list);
        copy.RemoveAt(index);
        return copy;
    }

    private static object DeletePath(object node, PgArray path, int depth)
    {
        if (node is not (List<object> or List<KeyValuePair<string, object>>))
        {
            return FunctionErrors.InvalidParameter<object>("cannot delete path in scalar");
        }

        if (depth >= path.Elements.Length || path.Elements[depth] is not string step)
        {
            return node;
        }

        var last = depth == path.Elements.Length - 1;
        if (node is List<KeyValuePair<string, object>> obj)
        {
            var i = obj.FindIndex(kv => kv.Key == step);
            if (i < 0)
            {
                return obj;
            }

            var copy = new List<KeyValuePair<string, object>>(obj);
            if (last)
            {
                copy.RemoveAt(i);
            }
            else if (copy[i].Value is List<object> or List<KeyValuePair<string, object>>)
            {
                copy[i] = new(step, DeletePath(copy[i].Value, path, depth + 1));
            }

            return copy;
        }

        var list = (List<object>)node;
        if (!int.TryParse(step, out var idx))
        {
            return FunctionErrors.Error<object>(SqlState.InvalidTextRepresentation,
                $"path element at position {depth + 1} is not an integer: \"{step}\"");
        }

        if (idx < 0)
        {
            idx += list.Count;
        }

        if (idx < 0 || idx >= list.Count)
        {
            return list;
        }

        var lc = new List<object>(list);
        if (last)
        {
            lc.RemoveAt(idx);
        }
        else if (lc[idx] is List<object> or List<KeyValuePair<string, object>>)
        {
            lc[idx] = DeletePath(lc[idx], path, depth + 1);
        }

        return lc;
    }

    private enum SetMode
    {
        Set,
        InsertBefore,
        InsertAfter,
    }

    private static object Set(object node, PgArray path, object value, bool create, SetMode mode)
    {
        if (node is not (List<object> or List<KeyValuePair<string, object>>))
        {
            return FunctionErrors.InvalidParameter<object>(mode == SetMode.Set ? "cannot set path in scalar" : "cannot replace existing key");
        }

        if (path.Elements.Any(e => e is null))
        {
            return FunctionErrors.Error<object>(SqlState.NullValueNotAllowed,
                $"path element at position {Array.IndexOf(path.Elements, null) + 1} is null");
        }

        return path.Elements.Length == 0 ? node : Canonical(SetAt(node, path, 0, value, create, mode));
    }

    private static object SetAt(object node, PgArray path, int depth, object value, bool create, SetMode mode)
    {
        var step = (string)path.Elements[depth]!;
        var last = depth == path.Elements.Length - 1;
        if (node is List<KeyValuePair<string, object>> obj)
        {
            var copy = new List<KeyValuePair<string, object>>(obj);
            var i = copy.FindIndex(kv => kv.Key == step);
            if (last)
            {
                if (i >= 0)
                {
                    if (mode != SetMode.Set)
                    {
                        return FunctionErrors.InvalidParameter<object>("cannot replace existing key");
                    }

                    copy[i] = new(step, value);
                }
                else if (create)
                {
                    copy.Add(new(step, value));
                }
            }
            else if (i >= 0 && copy[i].Value is List<object> or List<KeyValuePair<string, object>>)
            {
                copy[i] = new(step, SetAt(copy[i].Value, path, depth + 1, value, create, mode));
            }

            return copy;
        }

        if (node is List<object> list)
        {
            if (!int.TryParse(step, out var idx))
            {
                return FunctionErrors.Error<object>(SqlState.InvalidTextRepresentation,
                    $"path element at position {depth + 1} is not an integer: \"{step}\"");
            }

            var lc = new List<object>(list);
            if (idx < 0)
            {
                idx += lc.Count;
                if (idx < 0)
                {
                    if (last && (create || mode != SetMode.Set))
                    {
                        lc.Insert(0, value);
                    }

                    return lc;
                }
            }

            if (idx >= lc.Count)
            {
                if (last && (create || mode != SetMode.Set))
                {
                    lc.Add(value);
                }

                return lc;
            }

            if (last)
            {
                switch (mode)
                {
                    case SetMode.Set:
                        lc[idx] = value;
                        break;
                    case SetMode.InsertBefore:
                        lc.Insert(idx, value);
                        break;
                    default:
                        lc.Insert(idx + 1, value);
                        break;
                }
            }
            else if (lc[idx] is List<object> or List<KeyValuePair<string, object>>)
            {
                lc[idx] = SetAt(lc[idx], path, depth + 1, value, create, mode);
            }

            return lc;
        }

        return node;
    }

    private static string Pretty(object node)
    {
        var sb = new StringBuilder();
        WritePretty(sb, node, 0);
        return sb.ToString();
    }

    private static void WritePretty(StringBuilder sb, object node, int indent)
    {
        switch (node)
        {
            case List<object> list:
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    sb.Append(i > 0 ? ",\n" : "\n").Append(' ', (indent + 1) * 4);
                    WritePretty(sb, list[i], indent + 1);
                }

                sb.Append('\n').Append(' ', indent * 4).Append(']');
                break;
            case List<KeyValuePair<string, object>> obj:
                sb.Append('{');
                for (var i = 0; i < obj.Count; i++)
                {
                    sb.Append(i > 0 ? ",\n" : "\n").Append(' ', (indent + 1) * 4);
                    JsonText.WriteString(sb, obj[i].Key);
                    sb.Append(": ");
                    WritePretty(sb, obj[i].Value, indent + 1);
                }

                sb.Append('\n').Append(' ', indent * 4).Append('}');
                break;
            default:
                sb.Append(JsonText.ToCanonical(node));
                break;
        }
    }

    private static object StripNulls(object node) => node switch
    {
        List<KeyValuePair<string, object>> obj => obj.Where(kv => kv.Value is not JsonText.JsonNull)
            .Select(kv => new KeyValuePair<string, object>(kv.Key, StripNulls(kv.Value))).ToList(),
        List<object> list => list.Select(StripNulls).ToList(),
        _ => node,
    };

    private static string StripNullsRaw(string raw)
    {
        var kind = JsonRaw.Kind(raw);
        if (kind == '{')
        {
            var sb = new StringBuilder("{");
            var first = true;
            foreach (var (k, v) in JsonRaw.Members(raw)!)
            {
                if (JsonRaw.Kind(v) == 'n')
                {
                    continue;
                }

                if (!first)
                {
                    sb.Append(',');
                }

                first = false;
                JsonText.WriteString(sb, k);
                sb.Append(':').Append(StripNullsRaw(v));
            }

            return sb.Append('}').ToString();
        }

        if (kind == '[')
        {
            return "[" + string.Join(",", JsonRaw.Elements(raw)!.Select(StripNullsRaw)) + "]";
        }

        return JsonRaw.Trim(raw);
    }

    private static List<object> Elements(object node, string function) => node switch
    {
        List<object> list => list,
        List<KeyValuePair<string, object>> => FunctionErrors.InvalidParameter<List<object>>($"cannot extract elements from an object"),
        _ => FunctionErrors.InvalidParameter<List<object>>("cannot extract elements from a scalar"),
    };

    private static List<string> RawElements(string raw, string function) => JsonRaw.Elements(raw)
        ?? (JsonRaw.Kind(raw) == '{'
            ? FunctionErrors.InvalidParameter<List<string>>($"cannot call {function} on a non-array")
            : FunctionErrors.InvalidParameter<List<string>>("cannot extract elements from a scalar"));

    private static List<KeyValuePair<string, object>> Members(object node, string function) => node switch
    {
        List<KeyValuePair<string, object>> obj => obj,
        _ when function != "jsonb_object_keys" =>
            FunctionErrors.InvalidParameter<List<KeyValuePair<string, object>>>($"cannot call {function} on a non-object"),
        List<object> => FunctionErrors.InvalidParameter<List<KeyValuePair<string, object>>>($"cannot call {function} on an array"),
        _ => FunctionErrors.InvalidParameter<List<KeyValuePair<string, object>>>($"cannot call {function} on a scalar"),
    };

    private static List<(string Key, string Value)> RawMembers(string raw, string function) => JsonRaw.Members(raw)
        ?? (function == "json_object_keys"
            ? FunctionErrors.InvalidParameter<List<(string, string)>>(
                $"cannot call {function} on {(JsonRaw.Kind(raw) == '[' ? "an array" : "a scalar")}")
            : FunctionErrors.InvalidParameter<List<(string, string)>>(
                JsonRaw.Kind(raw) == '[' ? "cannot deconstruct an array as an object" : "cannot deconstruct a scalar"));

    private static IEnumerable<object?[]> Rows<T>(List<T> items, Func<T, string?> convert)
    {
        foreach (var item in items)
        {
            yield return [convert(item)];
        }
    }

    private static IEnumerable<object?[]> Pairs(List<KeyValuePair<string, object>> members, Func<object?, string?> convert)
    {
        foreach (var kv in members)
        {
            yield return [kv.Key, convert(kv.Value)];
        }
    }

    private static IEnumerable<object?[]> RawPairs(string raw, string function, Func<string?, string?> convert)
    {
        foreach (var (k, v) in RawMembers(raw, function))
        {
            yield return [k, convert(v)];
        }
    }

    private static IEnumerable<object?[]> Keys(List<KeyValuePair<string, object>> members)
    {
        foreach (var kv in members)
        {
            yield return [kv.Key];
        }
    }

    private static IEnumerable<object?[]> Keys(List<(string Key, string Value)> members)
    {
        foreach (var (k, _) in members)
        {
            yield return [k];
        }
    }

    private static string? BuildObject(PgType[] types, ReadOnlySpan<object?> args, EvalContext c, bool jsonb)
    {
        if (args.Length % 2 != 0)
        {
            throw new PgException(SqlState.InvalidParameterValue, "argument list must have even number of elements")
            {
                Hint = jsonb
                    ? "The arguments of jsonb_build_object() must consist of alternating keys and values."
                    : "The arguments of json_build_object() must consist of alternating keys and values.",
            };
        }

        var sb = new StringBuilder("{");
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is not { } key)
            {
                throw new PgException(SqlState.InvalidParameterValue, $"argument {i + 1} cannot be null")
                {
                    Hint = "Object keys should be text.",
                };
            }

            if (i > 0)
            {
                sb.Append(", ");
            }

            var keyType = i < types.Length ? types[i] : TypeGuess.Of(key);
            JsonText.WriteString(sb, key is string ks ? ks : ValueText.Format(keyType, key, c.TimeZone));
            sb.Append(" : ");
            JsonValues.Append(sb, i + 1 < types.Length ? types[i + 1] : TypeGuess.Of(args[i + 1]), args[i + 1], c, jsonb);
        }

        var text = sb.Append('}').ToString();
        return jsonb ? JsonText.ToCanonical(JsonText.Parse(text, true)) : text;
    }

    private static string BuildArray(PgType[] types, ReadOnlySpan<object?> args, EvalContext c, bool jsonb)
    {
        var sb = new StringBuilder("[");
        for (var i = 0; i < args.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            JsonValues.Append(sb, i < types.Length ? types[i] : TypeGuess.Of(args[i]), args[i], c, jsonb);
        }

        var text = sb.Append(']').ToString();
        return jsonb ? JsonText.ToCanonical(JsonText.Parse(text, true)) : text;
    }
}
