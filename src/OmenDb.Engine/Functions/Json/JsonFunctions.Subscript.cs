using System.Globalization;
using OmenDb.Common;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions.Json;

// jsonb subscripting (PostgreSQL docs 8.14.5): fetching doc['a'][0] is #>'s path lookup; assigning through it creates
// what is missing on the way (objects for text steps, arrays padded with nulls for integer steps) and refuses to
// descend into a scalar (jsonb_set_element's JB_PATH_CREATE | JB_PATH_FILL_GAPS | JB_PATH_CONSISTENT_POSITION).
internal static partial class JsonFunctions
{
    /// <summary>The value at <paramref name="path"/> (keys, or indexes for arrays), as #&gt; finds it, or null.</summary>
    internal static string? FetchPath(string jsonb, string[] path) => Out(Path(Node(jsonb), new PgArray(PgTypes.Text, [.. path])));

    /// <summary>
    /// <paramref name="jsonb"/> with the value at <paramref name="path"/> replaced by <paramref name="value"/> (jsonb text,
    /// or null for JSON null). A null source starts as [] when the first step is an integer, else {}.
    /// </summary>
    internal static string AssignPath(string? jsonb, string[] path, bool firstIsInteger, string? value)
    {
        var root = jsonb is null ? (firstIsInteger ? new List<object>() : new List<KeyValuePair<string, object>>()) : Node(jsonb);
        var newValue = value is null ? JsonText.JsonNull.Instance : Node(value);
        return Out(Canonical(AssignAt(root, path, 0, newValue)))!;
    }

    private static object AssignAt(object node, string[] path, int depth, object value)
    {
        var step = path[depth];
        var last = depth == path.Length - 1;
        switch (node)
        {
            case List<KeyValuePair<string, object>> obj:
            {
                var copy = new List<KeyValuePair<string, object>>(obj);
                var i = copy.FindIndex(kv => kv.Key == step);
                var child = last ? value : i >= 0 ? AssignAt(copy[i].Value, path, depth + 1, value) : Missing(path, depth + 1, value);
                if (i >= 0)
                {
                    copy[i] = new(step, child);
                }
                else
                {
                    copy.Add(new(step, child));
                }

                return copy;
            }

            case List<object> list:
            {
                if (!int.TryParse(step, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var idx))
                {
                    return FunctionErrors.Error<object>(SqlState.InvalidTextRepresentation,
                        $"path element at position {depth + 1} is not an integer: \"{step}\"");
                }

                var copy = new List<object>(list);
                if (idx < 0)
                {
                    if (-idx > copy.Count)
                    {
                        return FunctionErrors.InvalidParameter<object>($"path element at position {depth + 1} is out of range: {idx}");
                    }

                    idx += copy.Count;
                }

                if (idx < copy.Count)
                {
                    copy[idx] = last ? value : AssignAt(copy[idx], path, depth + 1, value);
                    return copy;
                }

                while (copy.Count < idx)
                {
                    copy.Add(JsonText.JsonNull.Instance);
                }

                copy.Add(last ? value : Missing(path, depth + 1, value));
                return copy;
            }

            default:
                throw new PgException(SqlState.InvalidParameterValue, "cannot replace existing key")
                {
                    Detail = "The path assumes key is a composite object, but it is a scalar value.",
                };
        }
    }

    /// <summary>The containers a missing path creates: an array padded with nulls for an integer step, else an object.</summary>
    private static object Missing(string[] path, int depth, object value)
    {
        if (depth == path.Length)
        {
            return value;
        }

        var inner = Missing(path, depth + 1, value);
        if (int.TryParse(path[depth], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var idx))
        {
            var list = new List<object>();
            for (var k = 0; k < idx; k++)
            {
                list.Add(JsonText.JsonNull.Instance);
            }

            list.Add(inner);
            return list;
        }

        return new List<KeyValuePair<string, object>> { new(path[depth], inner) };
    }
}
