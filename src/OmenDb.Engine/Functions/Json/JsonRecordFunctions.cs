using OmenDb.Common;
using OmenDb.Engine.Types;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Functions.Json;

/// <summary>
/// json_to_record, json_to_recordset, jsonb_to_record and jsonb_to_recordset: functions returning <c>record</c>, whose
/// columns a query names in a column definition list (<c>FROM json_to_record(j) AS x(a int, b text)</c>). Each column
/// takes the object's member of the same name (json's last one when a key repeats; missing or JSON null gives NULL),
/// converted as PostgreSQL's populate_record does: json and jsonb columns take the value's JSON text (a string is
/// decoded and written anew), arrays come from JSON arrays element by element (nested arrays as dimensions), every
/// other type goes through its input function from the string's contents or the value's text. json works on spans of
/// the source text (a json column gets an object's or array's text as written), jsonb on the parsed tree.
/// </summary>
internal static class JsonRecordFunctions
{
    public static void Register(RegistryBuilder r)
    {
        r.RecordSrf(3204, "json_to_record", [PgTypes.Json], (a, columns, c) => [Record<RawJson, string>((string)a[0]!, columns, c)],
            returnsSet: false);
        r.RecordSrf(3490, "jsonb_to_record", [Jsonb], (a, columns, c) => [Record<TreeJson, object>(JsonFunctions.Node(a[0]!), columns, c)],
            returnsSet: false);
        r.RecordSrf(3205, "json_to_recordset", [PgTypes.Json], (a, columns, c) => a[0] is string raw ? RawRecordSet(raw, columns, c) : [],
            strict: false);
        r.RecordSrf(3491, "jsonb_to_recordset", [Jsonb], (a, columns, c) => a[0] is string jsonb ? TreeRecordSet(JsonFunctions.Node(jsonb), columns, c) : [],
            strict: false);
    }

    private static IEnumerable<object?[]> RawRecordSet(string raw, RecordColumn[] columns, EvalContext context)
    {
        var elements = JsonRaw.Elements(raw) ?? FunctionErrors.InvalidParameter<List<string>>(
            $"cannot call json_to_recordset on {(JsonRaw.Kind(raw) == '{' ? "an object" : "a scalar")}");
        return Rows<RawJson, string>(elements, "json_to_recordset", columns, context);
    }

    private static IEnumerable<object?[]> TreeRecordSet(object node, RecordColumn[] columns, EvalContext context) =>
        node is List<object> elements
            ? Rows<TreeJson, object>(elements, "jsonb_to_recordset", columns, context)
            : FunctionErrors.InvalidParameter<IEnumerable<object?[]>>("cannot call jsonb_to_recordset on a non-array");

    private static IEnumerable<object?[]> Rows<TJson, T>(List<T> elements, string function, RecordColumn[] columns, EvalContext context)
        where TJson : IJsonValue<T>
    {
        foreach (var element in elements)
        {
            if (TJson.Kind(element) != '{')
            {
                FunctionErrors.InvalidParameter<bool>($"argument of {function} must be an array of objects");
            }

            yield return Record<TJson, T>(element, columns, context);
        }
    }

    /// <summary>One row from a JSON object: each column's member converted to the column's type.</summary>
    private static object?[] Record<TJson, T>(T value, RecordColumn[] columns, EvalContext context)
        where TJson : IJsonValue<T>
    {
        var kind = TJson.Kind(value);
        if (kind != '{')
        {
            FunctionErrors.InvalidParameter<bool>($"cannot call populate_composite on {(kind == '[' ? "an array" : "a scalar")}");
        }

        var row = new object?[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            var column = columns[i];
            if (TJson.Member(value, column.Name) is { } member)
            {
                row[i] = Field<TJson, T>(member, column.Name, column.Type, column.Typmod, context);
            }
        }

        return row;
    }

    private static object? Field<TJson, T>(T value, string key, PgType type, int typmod, EvalContext context)
        where TJson : IJsonValue<T>
    {
        var kind = TJson.Kind(value);
        if (kind == 'n')
        {
            return null;
        }

        if (type == PgTypes.Json)
        {
            // A string is decoded and written again (escapes normalised); other values keep their JSON text.
            return kind == '"' ? Types.JsonText.ToCanonical(TJson.Text(value)) : TJson.JsonText(value);
        }

        if (type == Jsonb)
        {
            return ValueText.Parse(Jsonb, TJson.JsonText(value), -1, context);
        }

        if (type.Kind == PgTypeKind.Array && kind != '"')
        {
            if (kind != '[')
            {
                throw new PgException(SqlState.InvalidTextRepresentation, "expected JSON array") { Hint = $"See the value of key \"{key}\"." };
            }

            return Array<TJson, T>(value, key, type.ElementType!, typmod, context);
        }

        return ValueText.ApplyTypmod(type, ValueText.Parse(type, TJson.Text(value), typmod, context), typmod, isExplicit: false);
    }

    /// <summary>A JSON array as an array of <paramref name="elementType"/>: the first elements' nesting gives the dimensions.</summary>
    private static PgArray Array<TJson, T>(T value, string key, PgType elementType, int typmod, EvalContext context)
        where TJson : IJsonValue<T>
    {
        var dimensions = new List<int>();
        for (var level = value; TJson.Kind(level) == '[';)
        {
            var elements = TJson.Elements(level);
            dimensions.Add(elements.Count);
            if (elements.Count == 0)
            {
                break;
            }

            level = elements[0];
        }

        if (dimensions[^1] == 0)
        {
            return dimensions.Count == 1
                ? new PgArray(elementType, [])
                : throw MalformedArray();
        }

        var values = new List<object?>();
        Collect(value, 0);
        return new PgArray(elementType, [.. values], [.. dimensions], [.. dimensions.Select(_ => 1)]);

        void Collect(T array, int depth)
        {
            var elements = TJson.Elements(array);
            if (elements.Count != dimensions[depth])
            {
                throw MalformedArray();
            }

            foreach (var element in elements)
            {
                if (depth + 1 < dimensions.Count)
                {
                    if (TJson.Kind(element) != '[')
                    {
                        throw MalformedArray();
                    }

                    Collect(element, depth + 1);
                }
                else
                {
                    values.Add(Field<TJson, T>(element, key, elementType, typmod, context));
                }
            }
        }

        static PgException MalformedArray() => new(SqlState.InvalidTextRepresentation, "malformed JSON array")
        {
            Detail = "Multidimensional arrays must have sub-arrays with matching dimensions.",
        };
    }

    /// <summary>What the conversion reads of a JSON value, for json's source text and jsonb's tree alike.</summary>
    private interface IJsonValue<T>
    {
        /// <summary>'{', '[', '"', 'n' (null), 'b' (boolean) or '0' (number).</summary>
        static abstract char Kind(T value);

        /// <summary>The value's JSON text.</summary>
        static abstract string JsonText(T value);

        /// <summary>A string's contents, any other value's JSON text: what a type's input function reads.</summary>
        static abstract string Text(T value);

        static abstract List<T> Elements(T array);

        /// <summary>The object's member named <paramref name="key"/> (the last one when it repeats), or null.</summary>
        static abstract T? Member(T obj, string key);
    }

    private readonly struct RawJson : IJsonValue<string>
    {
        public static char Kind(string value) => JsonRaw.Kind(value) switch
        {
            't' or 'f' => 'b',
            var c when c is '{' or '[' or '"' or 'n' => c,
            _ => '0',
        };

        public static string JsonText(string value) => value;

        public static string Text(string value) => JsonRaw.AsText(value)!;

        public static List<string> Elements(string array) => JsonRaw.Elements(array)!;

        public static string? Member(string obj, string key) => JsonRaw.Field(obj, key);
    }

    private readonly struct TreeJson : IJsonValue<object>
    {
        public static char Kind(object value) => value switch
        {
            List<KeyValuePair<string, object>> => '{',
            List<object> => '[',
            string => '"',
            Types.JsonText.JsonNull => 'n',
            bool => 'b',
            _ => '0',
        };

        public static string JsonText(object value) => Types.JsonText.ToCanonical(value);

        public static string Text(object value) => value as string ?? Types.JsonText.ToCanonical(value);

        public static List<object> Elements(object array) => (List<object>)array;

        public static object? Member(object obj, string key)
        {
            object? found = null;
            foreach (var (name, member) in (List<KeyValuePair<string, object>>)obj)
            {
                if (name == key)
                {
                    found = member;
                }
            }

            return found;
        }
    }
}
