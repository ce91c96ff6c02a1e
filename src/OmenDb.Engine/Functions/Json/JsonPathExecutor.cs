using System.Globalization;
using System.Text.RegularExpressions;
using OmenDb.Common;
using OmenDb.Engine.Functions.Strings;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions.Json;

/// <summary>How evaluating a jsonpath item ended (JsonPathExecResult).</summary>
internal enum JsonPathResult
{
    /// <summary>At least one item was found.</summary>
    Ok,
    /// <summary>Nothing was found.</summary>
    NotFound,
    /// <summary>An error that the caller suppresses (silent, or inside a filter).</summary>
    Error,
}

/// <summary>SQL/JSON's three-valued predicate result.</summary>
internal enum JsonPathBool
{
    /// <summary>false.</summary>
    False,
    /// <summary>true.</summary>
    True,
    /// <summary>unknown (an error inside a predicate, or incomparable items).</summary>
    Unknown,
}

/// <summary>
/// Evaluates a <see cref="ParsedJsonPath"/> against a jsonb tree as PostgreSQL 15 does (docs 9.16.2): lax mode unwraps arrays
/// for accessors and wraps scalars for [*] and [n], and ignores structural errors (missing keys, wrong container);
/// strict mode raises them. Predicates are three-valued; an error inside one makes it unknown. With
/// <c>silent</c>, suppressible errors end the evaluation without raising.
/// </summary>
internal sealed class JsonPathExecutor
{
    private readonly ParsedJsonPath _path;
    private readonly object _root;
    private readonly List<KeyValuePair<string, object>> _vars;
    private bool _throwErrors;
    private bool _ignoreStructuralErrors;
    private object _current;
    private int _innermostArraySize = -1;

    // .keyvalue() ids: the offset of an object inside its base object's jsonb layout plus the base's id × 10^10. The
    // root is base 0, the vars object base 1, and each generated key-value object a new base (lastGeneratedObjectId).
    private object _baseObject;
    private long _baseId;
    private long _lastGeneratedObjectId;

    private JsonPathExecutor(ParsedJsonPath path, object root, List<KeyValuePair<string, object>> vars, bool throwErrors)
    {
        _path = path;
        _root = root;
        _current = root;
        _vars = vars;
        _throwErrors = throwErrors;
        _ignoreStructuralErrors = !path.Strict;
        _baseObject = root;
    }

    private bool Lax => !_path.Strict;

    /// <summary>
    /// Runs <paramref name="path"/> over <paramref name="target"/> with the variables in <paramref name="vars"/> (a
    /// jsonb object), appending the items found to <paramref name="found"/> (null when only existence matters).
    /// </summary>
    public static JsonPathResult Execute(ParsedJsonPath path, object target, object? vars, bool throwErrors, List<object>? found)
    {
        var variables = vars switch
        {
            null => [],
            List<KeyValuePair<string, object>> obj => obj,
            _ => throw new PgException(SqlState.InvalidParameterValue, "\"vars\" argument is not an object")
            {
                Detail = "Jsonpath parameters should be encoded as key-value pairs of \"vars\" object.",
            },
        };
        var cx = new JsonPathExecutor(path, target, variables, throwErrors) { _lastGeneratedObjectId = vars is null ? 1 : 2 };
        if (path.Strict && found is null)
        {
            // Strict mode must see every item to know that no error occurs.
            var all = new List<object>();
            var r = cx.ExecuteItem(path.Root, target, all);
            return r == JsonPathResult.Error ? r : all.Count == 0 ? JsonPathResult.NotFound : JsonPathResult.Ok;
        }

        return cx.ExecuteItem(path.Root, target, found);
    }

    private JsonPathResult Fail(string sqlState, string message)
        => _throwErrors ? throw new PgException(sqlState, message) : JsonPathResult.Error;

    private JsonPathResult ExecuteItem(JsonPathItem item, object jb, List<object>? found)
        => ExecuteOptUnwrapTarget(item, jb, found, Lax);

    private JsonPathResult ExecuteNext(JsonPathItem? next, object v, List<object>? found)
    {
        if (next is not null)
        {
            return ExecuteItem(next, v, found);
        }

        found?.Add(v);
        return JsonPathResult.Ok;
    }

    private JsonPathResult ExecuteOptUnwrapTarget(JsonPathItem item, object jb, List<object>? found, bool unwrap)
    {
        switch (item.Kind)
        {
            case var _ when item.IsPredicate:
                return AppendBool(item, found, ExecuteBool(item, jb));
            case JsonPathKind.Add or JsonPathKind.Sub or JsonPathKind.Mul or JsonPathKind.Div or JsonPathKind.Mod:
                return ExecuteBinaryArithmetic(item, jb, found);
            case JsonPathKind.Plus or JsonPathKind.Minus:
                return ExecuteUnaryArithmetic(item, jb, found);
            case JsonPathKind.Filter:
            {
                if (unwrap && jb is List<object> filtered)
                {
                    return UnwrapTargetArray(item, filtered, found);
                }

                return ExecuteNestedBool(item.Left!, jb) != JsonPathBool.True ? JsonPathResult.NotFound : ExecuteNext(item.Next, jb, found);
            }

            case JsonPathKind.Key:
                if (jb is List<KeyValuePair<string, object>> obj)
                {
                    foreach (var kv in obj)
                    {
                        if (kv.Key == item.Text)
                        {
                            return ExecuteNext(item.Next, kv.Value, found);
                        }
                    }

                    return _ignoreStructuralErrors ? JsonPathResult.NotFound
                        : Fail(SqlState.SqlJsonMemberNotFound, $"JSON object does not contain key \"{item.Text}\"");
                }

                if (unwrap && jb is List<object> keyed)
                {
                    return UnwrapTargetArray(item, keyed, found);
                }

                return _ignoreStructuralErrors ? JsonPathResult.NotFound
                    : Fail(SqlState.SqlJsonMemberNotFound, "jsonpath member accessor can only be applied to an object");
            case JsonPathKind.Root:
                return WithBase(_root, 0, () => ExecuteNext(item.Next, _root, found));
            case JsonPathKind.Current:
                return ExecuteNext(item.Next, _current, found);
            case JsonPathKind.AnyArray:
                if (jb is List<object> all)
                {
                    return ExecuteEach(item.Next, all, found);
                }

                if (Lax)
                {
                    return ExecuteNext(item.Next, jb, found);
                }

                return _ignoreStructuralErrors ? JsonPathResult.NotFound
                    : Fail(SqlState.SqlJsonArrayNotFound, "jsonpath wildcard array accessor can only be applied to an array");
            case JsonPathKind.IndexArray:
                return ExecuteIndexArray(item, jb, found);
            case JsonPathKind.Last:
            {
                if (_innermostArraySize < 0)
                {
                    throw new PgException(SqlState.InternalError, "evaluating jsonpath LAST outside of array subscript");
                }

                return ExecuteNext(item.Next, new JsonText.JsonNumber(JsonNumbers.FromInt64(_innermostArraySize - 1)), found);
            }

            case JsonPathKind.AnyKey:
                if (jb is List<KeyValuePair<string, object>>)
                {
                    return ExecuteAny(item.Next, jb, found, 1, 1, 1, false, Lax);
                }

                if (unwrap && jb is List<object> wrapped)
                {
                    return UnwrapTargetArray(item, wrapped, found);
                }

                return _ignoreStructuralErrors ? JsonPathResult.NotFound
                    : Fail(SqlState.SqlJsonObjectNotFound, "jsonpath wildcard member accessor can only be applied to an object");
            case JsonPathKind.Any:
            {
                if (item.First == 0)
                {
                    var saved = _ignoreStructuralErrors;
                    _ignoreStructuralErrors = true;
                    var res = ExecuteNext(item.Next, jb, found);
                    _ignoreStructuralErrors = saved;
                    if (res == JsonPathResult.Ok && found is null)
                    {
                        return res;
                    }
                }

                return jb is List<object> or List<KeyValuePair<string, object>>
                    ? ExecuteAny(item.Next, jb, found, 1, item.First, item.Last, true, Lax)
                    : JsonPathResult.NotFound;
            }

            case JsonPathKind.Null:
                return ExecuteNext(item.Next, JsonText.JsonNull.Instance, found);
            case JsonPathKind.Bool:
                return ExecuteNext(item.Next, item.Bool, found);
            case JsonPathKind.String:
                return ExecuteNext(item.Next, item.Text!, found);
            case JsonPathKind.Numeric:
                return ExecuteNext(item.Next, new JsonText.JsonNumber(item.Text!), found);
            case JsonPathKind.Variable:
            {
                var value = Variable(item.Text!);
                return WithBase(value, 1, () => ExecuteNext(item.Next, value, found));
            }

            case JsonPathKind.Type:
                return ExecuteNext(item.Next, JsonFunctions.TypeName(jb), found);
            case JsonPathKind.Size:
            {
                int size;
                if (jb is List<object> sized)
                {
                    size = sized.Count;
                }
                else if (Lax)
                {
                    size = 1;
                }
                else
                {
                    return _ignoreStructuralErrors ? JsonPathResult.NotFound
                        : Fail(SqlState.SqlJsonArrayNotFound, "jsonpath item method .size() can only be applied to an array");
                }

                return ExecuteNext(item.Next, new JsonText.JsonNumber(JsonNumbers.FromInt64(size)), found);
            }

            case JsonPathKind.Abs or JsonPathKind.Floor or JsonPathKind.Ceiling:
                if (unwrap && jb is List<object> numbers)
                {
                    return UnwrapTargetArray(item, numbers, found);
                }

                if (jb is not JsonText.JsonNumber n)
                {
                    return Fail(SqlState.NonNumericSqlJsonItem,
                        $"jsonpath item method .{ParsedJsonPath.OperationName(item.Kind)}() can only be applied to a numeric value");
                }

                var fn = item.Kind switch
                {
                    JsonPathKind.Abs => "abs",
                    JsonPathKind.Floor => "floor",
                    _ => "ceil",
                };
                return ExecuteNext(item.Next, new JsonText.JsonNumber(JsonNumbers.Function(fn, n.Text)), found);
            case JsonPathKind.Double:
                return ExecuteDouble(item, jb, found, unwrap);
            case JsonPathKind.KeyValue:
                return ExecuteKeyValue(item, jb, found, unwrap);
            case JsonPathKind.Datetime:
                throw new PgException(SqlState.FeatureNotSupported, "jsonpath item method .datetime() is not supported");
            default:
                throw new PgException(SqlState.InternalError, $"unrecognized jsonpath item type: {item.Kind}");
        }
    }

    /// <summary>Applies <paramref name="item"/> to each element of an array (lax mode's automatic unwrapping).</summary>
    private JsonPathResult UnwrapTargetArray(JsonPathItem item, List<object> array, List<object>? found)
    {
        var result = JsonPathResult.NotFound;
        foreach (var element in array)
        {
            if (Stop(ExecuteOptUnwrapTarget(item, element, found, false), found, ref result))
            {
                return result;
            }
        }

        return result;
    }

    /// <summary>Folds one step's outcome into <paramref name="result"/>; true when evaluation stops there: at an error,
    /// or at the first item found when only existence matters (<paramref name="found"/> is null).</summary>
    private static bool Stop(JsonPathResult step, List<object>? found, ref JsonPathResult result)
    {
        if (step != JsonPathResult.NotFound)
        {
            result = step;
        }

        return step == JsonPathResult.Error || (step == JsonPathResult.Ok && found is null);
    }

    private JsonPathResult ExecuteEach(JsonPathItem? next, List<object> items, List<object>? found)
    {
        var result = JsonPathResult.NotFound;
        foreach (var v in items)
        {
            if (Stop(ExecuteNext(next, v, found), found, ref result))
            {
                return result;
            }
        }

        return result;
    }

    /// <summary>.* and .**: the values of a container's elements or members from level <paramref name="first"/> to
    /// <paramref name="last"/> (1 = direct children), depth first (executeAnyItem).</summary>
    private JsonPathResult ExecuteAny(JsonPathItem? next, object container, List<object>? found, uint level, uint first, uint last,
        bool ignoreStructuralErrors, bool unwrapNext)
    {
        var result = JsonPathResult.NotFound;
        foreach (var v in Children(container))
        {
            var isContainer = v is List<object> or List<KeyValuePair<string, object>>;
            if (level >= first || (first == JsonPathItem.LastLevel && last == JsonPathItem.LastLevel && !isContainer))
            {
                if (next is not null)
                {
                    var saved = _ignoreStructuralErrors;
                    _ignoreStructuralErrors |= ignoreStructuralErrors;
                    var r = ExecuteOptUnwrapTarget(next, v, found, unwrapNext);
                    _ignoreStructuralErrors = saved;
                    if (Stop(r, found, ref result))
                    {
                        return result;
                    }
                }
                else if (found is not null)
                {
                    found.Add(v);
                    result = JsonPathResult.Ok;
                }
                else
                {
                    return JsonPathResult.Ok;
                }
            }

            if (level < last && isContainer)
            {
                if (Stop(ExecuteAny(next, v, found, level + 1, first, last, ignoreStructuralErrors, unwrapNext), found, ref result))
                {
                    return result;
                }
            }
        }

        return result;
    }

    private static IEnumerable<object> Children(object container)
    {
        if (container is List<object> list)
        {
            return list;
        }

        return ((List<KeyValuePair<string, object>>)container).Select(kv => kv.Value);
    }

    private JsonPathResult ExecuteIndexArray(JsonPathItem item, object jb, List<object>? found)
    {
        var array = jb as List<object>;
        if (array is null && !Lax)
        {
            return _ignoreStructuralErrors ? JsonPathResult.NotFound
                : Fail(SqlState.SqlJsonArrayNotFound, "jsonpath array accessor can only be applied to an array");
        }

        var size = array?.Count ?? 1;
        var savedSize = _innermostArraySize;
        _innermostArraySize = size;
        try
        {
            var result = JsonPathResult.NotFound;
            foreach (var (fromItem, toItem) in item.Subscripts!)
            {
                var r = ArrayIndex(fromItem, jb, out var from);
                if (r == JsonPathResult.Error)
                {
                    return r;
                }

                var to = from;
                if (toItem is not null)
                {
                    r = ArrayIndex(toItem, jb, out to);
                    if (r == JsonPathResult.Error)
                    {
                        return r;
                    }
                }

                if (!_ignoreStructuralErrors && (from < 0 || from > to || to >= size))
                {
                    return Fail(SqlState.InvalidSqlJsonSubscript, "jsonpath array subscript is out of bounds");
                }

                from = Math.Max(from, 0);
                to = Math.Min(to, size - 1);
                for (var index = from; index <= to; index++)
                {
                    var v = array is null ? jb : array[index];
                    if (item.Next is null && found is null)
                    {
                        return JsonPathResult.Ok;
                    }

                    if (Stop(ExecuteNext(item.Next, v, found), found, ref result))
                    {
                        return result;
                    }
                }
            }

            return result;
        }
        finally
        {
            _innermostArraySize = savedSize;
        }
    }

    /// <summary>A subscript's value: a single number, truncated to an int.</summary>
    private JsonPathResult ArrayIndex(JsonPathItem subscript, object jb, out int index)
    {
        index = 0;
        var values = new List<object>();
        var r = ExecuteItem(subscript, jb, values);
        if (r == JsonPathResult.Error)
        {
            return r;
        }

        if (values is not [JsonText.JsonNumber n])
        {
            return Fail(SqlState.InvalidSqlJsonSubscript, "jsonpath array subscript is not a single numeric value");
        }

        if (JsonNumbers.ToInt32(n.Text) is not { } i)
        {
            return Fail(SqlState.InvalidSqlJsonSubscript, "jsonpath array subscript is out of integer range");
        }

        index = i;
        return JsonPathResult.Ok;
    }

    /// <summary>Evaluates <paramref name="item"/>; in lax mode, arrays among the results are replaced by their elements.</summary>
    private JsonPathResult ExecuteUnwrapResult(JsonPathItem item, object jb, List<object> found)
    {
        if (!Lax)
        {
            return ExecuteItem(item, jb, found);
        }

        var seq = new List<object>();
        var r = ExecuteItem(item, jb, seq);
        if (r == JsonPathResult.Error)
        {
            return r;
        }

        foreach (var v in seq)
        {
            if (v is List<object> elements)
            {
                found.AddRange(elements);
            }
            else
            {
                found.Add(v);
            }
        }

        return r;
    }

    /// <summary><see cref="ExecuteUnwrapResult"/> with errors suppressed (operands of predicates).</summary>
    private JsonPathResult ExecuteUnwrapResultNoThrow(JsonPathItem item, object jb, bool unwrap, List<object>? found)
    {
        var saved = _throwErrors;
        _throwErrors = false;
        try
        {
            if (found is null)
            {
                return ExecuteItem(item, jb, null);
            }

            return unwrap ? ExecuteUnwrapResult(item, jb, found) : ExecuteItem(item, jb, found);
        }
        finally
        {
            _throwErrors = saved;
        }
    }

    private JsonPathResult ExecuteBinaryArithmetic(JsonPathItem item, object jb, List<object>? found)
    {
        var left = new List<object>();
        var r = ExecuteUnwrapResult(item.Left!, jb, left);
        if (r == JsonPathResult.Error)
        {
            return r;
        }

        var right = new List<object>();
        r = ExecuteUnwrapResult(item.Right!, jb, right);
        if (r == JsonPathResult.Error)
        {
            return r;
        }

        var op = ParsedJsonPath.OperationName(item.Kind);
        if (left is not [JsonText.JsonNumber l])
        {
            return Fail(SqlState.SingletonSqlJsonItemRequired, $"left operand of jsonpath operator {op} is not a single numeric value");
        }

        if (right is not [JsonText.JsonNumber rv])
        {
            return Fail(SqlState.SingletonSqlJsonItemRequired, $"right operand of jsonpath operator {op} is not a single numeric value");
        }

        string value;
        try
        {
            value = JsonNumbers.Binary(op, l.Text, rv.Text);
        }
        catch (PgException) when (!_throwErrors)
        {
            return JsonPathResult.Error;
        }

        if (item.Next is null && found is null)
        {
            return JsonPathResult.Ok;
        }

        return ExecuteNext(item.Next, new JsonText.JsonNumber(value), found);
    }

    private JsonPathResult ExecuteUnaryArithmetic(JsonPathItem item, object jb, List<object>? found)
    {
        var operands = new List<object>();
        var r = ExecuteUnwrapResult(item.Left!, jb, operands);
        if (r == JsonPathResult.Error)
        {
            return r;
        }

        var result = JsonPathResult.NotFound;
        foreach (var v in operands)
        {
            if (v is not JsonText.JsonNumber n)
            {
                if (found is null && item.Next is null)
                {
                    continue;
                }

                return Fail(SqlState.SqlJsonNumberNotFound,
                    $"operand of unary jsonpath operator {ParsedJsonPath.OperationName(item.Kind)} is not a numeric value");
            }

            if (found is null && item.Next is null)
            {
                return JsonPathResult.Ok;
            }

            var value = item.Kind == JsonPathKind.Minus ? new JsonText.JsonNumber(JsonNumbers.Negate(n.Text)) : n;
            if (Stop(ExecuteNext(item.Next, value, found), found, ref result))
            {
                return result;
            }
        }

        return result;
    }

    private JsonPathResult ExecuteDouble(JsonPathItem item, object jb, List<object>? found, bool unwrap)
    {
        if (unwrap && jb is List<object> array)
        {
            return UnwrapTargetArray(item, array, found);
        }

        double d;
        if (jb is JsonText.JsonNumber n)
        {
            d = JsonNumbers.ToDouble(n.Text);
            if (double.IsInfinity(d) || double.IsNaN(d))
            {
                return Fail(SqlState.NonNumericSqlJsonItem,
                    "numeric argument of jsonpath item method .double() is out of range for type double precision");
            }
        }
        else if (jb is string s)
        {
            if (!double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out d)
                || double.IsInfinity(d) || double.IsNaN(d))
            {
                return Fail(SqlState.NonNumericSqlJsonItem,
                    "string argument of jsonpath item method .double() is not a valid representation of a double precision number");
            }
        }
        else
        {
            return Fail(SqlState.NonNumericSqlJsonItem, "jsonpath item method .double() can only be applied to a string or numeric value");
        }

        return ExecuteNext(item.Next, new JsonText.JsonNumber(JsonNumbers.FromDouble(d)), found);
    }

    private JsonPathResult ExecuteKeyValue(JsonPathItem item, object jb, List<object>? found, bool unwrap)
    {
        if (unwrap && jb is List<object> array)
        {
            return UnwrapTargetArray(item, array, found);
        }

        if (jb is not List<KeyValuePair<string, object>> obj)
        {
            return Fail(SqlState.SqlJsonObjectNotFound, "jsonpath item method .keyvalue() can only be applied to an object");
        }

        var id = (JsonbLayout.ContainerOffset(_baseObject, jb) ?? 0) + (_baseId * 10_000_000_000L);
        var result = JsonPathResult.NotFound;
        foreach (var kv in obj)
        {
            // Keys in jsonb order: "id", "key", "value".
            List<KeyValuePair<string, object>> pair =
            [
                new("id", new JsonText.JsonNumber(JsonNumbers.FromInt64(id))),
                new("key", kv.Key),
                new("value", kv.Value),
            ];
            if (Stop(WithBase(pair, _lastGeneratedObjectId++, () => ExecuteNext(item.Next, pair, found)), found, ref result))
            {
                return result;
            }
        }

        return result;
    }

    private JsonPathResult WithBase(object baseObject, long id, Func<JsonPathResult> run)
    {
        var (savedObject, savedId) = (_baseObject, _baseId);
        (_baseObject, _baseId) = (baseObject, id);
        try
        {
            return run();
        }
        finally
        {
            (_baseObject, _baseId) = (savedObject, savedId);
        }
    }

    private object Variable(string name)
    {
        foreach (var kv in _vars)
        {
            if (kv.Key == name)
            {
                return kv.Value;
            }
        }

        throw new PgException(SqlState.UndefinedObject, $"could not find jsonpath variable \"{name}\"");
    }

    private JsonPathResult AppendBool(JsonPathItem item, List<object>? found, JsonPathBool value)
    {
        if (item.Next is null && found is null)
        {
            return JsonPathResult.Ok;
        }

        object v = value == JsonPathBool.Unknown ? JsonText.JsonNull.Instance : value == JsonPathBool.True;
        return ExecuteNext(item.Next, v, found);
    }

    private JsonPathBool ExecuteNestedBool(JsonPathItem predicate, object jb)
    {
        var saved = _current;
        _current = jb;
        try
        {
            return ExecuteBool(predicate, jb);
        }
        finally
        {
            _current = saved;
        }
    }

    private JsonPathBool ExecuteBool(JsonPathItem item, object jb)
    {
        switch (item.Kind)
        {
            case JsonPathKind.And:
            {
                var l = ExecuteBool(item.Left!, jb);
                if (l == JsonPathBool.False)
                {
                    return l;
                }

                var r = ExecuteBool(item.Right!, jb);
                return r == JsonPathBool.True ? l : r;
            }

            case JsonPathKind.Or:
            {
                var l = ExecuteBool(item.Left!, jb);
                if (l == JsonPathBool.True)
                {
                    return l;
                }

                var r = ExecuteBool(item.Right!, jb);
                return r == JsonPathBool.False ? l : r;
            }

            case JsonPathKind.Not:
                return ExecuteBool(item.Left!, jb) switch
                {
                    JsonPathBool.True => JsonPathBool.False,
                    JsonPathBool.False => JsonPathBool.True,
                    _ => JsonPathBool.Unknown,
                };
            case JsonPathKind.IsUnknown:
                return ExecuteBool(item.Left!, jb) == JsonPathBool.Unknown ? JsonPathBool.True : JsonPathBool.False;
            case JsonPathKind.StartsWith:
                return ExecutePredicate(item, jb, false, static (_, l, r) => l is string s && r is string prefix
                    ? (s.StartsWith(prefix, StringComparison.Ordinal) ? JsonPathBool.True : JsonPathBool.False)
                    : JsonPathBool.Unknown);
            case JsonPathKind.LikeRegex:
            {
                var regex = JsonPathRegex.Get(item.Text!, item.Flags ?? "");
                return ExecutePredicate(item, jb, false, (_, l, _) => l is string s
                    ? (regex.IsMatch(s) ? JsonPathBool.True : JsonPathBool.False)
                    : JsonPathBool.Unknown);
            }

            case JsonPathKind.Exists:
            {
                if (_path.Strict)
                {
                    var values = new List<object>();
                    var r = ExecuteUnwrapResultNoThrow(item.Left!, jb, false, values);
                    return r == JsonPathResult.Error ? JsonPathBool.Unknown
                        : values.Count == 0 ? JsonPathBool.False : JsonPathBool.True;
                }

                return ExecuteUnwrapResultNoThrow(item.Left!, jb, false, null) switch
                {
                    JsonPathResult.Error => JsonPathBool.Unknown,
                    JsonPathResult.Ok => JsonPathBool.True,
                    _ => JsonPathBool.False,
                };
            }

            default:
                return ExecutePredicate(item, jb, true, Compare);
        }
    }

    /// <summary>
    /// Evaluates a predicate's operands (errors make it unknown) and applies <paramref name="test"/> to every pair: lax
    /// mode answers true at the first true pair, strict mode unknown at the first unknown one (executePredicate).
    /// </summary>
    private JsonPathBool ExecutePredicate(JsonPathItem item, object jb, bool unwrapRight,
        Func<JsonPathKind, object, object?, JsonPathBool> test)
    {
        var left = new List<object>();
        if (ExecuteUnwrapResultNoThrow(item.Left!, jb, true, left) == JsonPathResult.Error)
        {
            return JsonPathBool.Unknown;
        }

        List<object>? right = null;
        if (item.Right is not null && item.Kind != JsonPathKind.LikeRegex)
        {
            right = [];
            if (ExecuteUnwrapResultNoThrow(item.Right, jb, unwrapRight, right) == JsonPathResult.Error)
            {
                return JsonPathBool.Unknown;
            }
        }

        var error = false;
        var foundTrue = false;
        foreach (var l in left)
        {
            foreach (var r in right ?? [null!])
            {
                var res = test(item.Kind, l, r);
                if (res == JsonPathBool.Unknown)
                {
                    if (_path.Strict)
                    {
                        return JsonPathBool.Unknown;
                    }

                    error = true;
                }
                else if (res == JsonPathBool.True)
                {
                    if (!_path.Strict)
                    {
                        return JsonPathBool.True;
                    }

                    foundTrue = true;
                }
            }
        }

        return foundTrue ? JsonPathBool.True : error ? JsonPathBool.Unknown : JsonPathBool.False;
    }

    /// <summary>compareItems: same-type scalars compare; null against a non-null is unequal; anything else is unknown.</summary>
    private static JsonPathBool Compare(JsonPathKind op, object a, object? b)
    {
        int cmp;
        switch (a, b)
        {
            case (JsonText.JsonNull, JsonText.JsonNull):
                cmp = 0;
                break;
            case (JsonText.JsonNull, _) or (_, JsonText.JsonNull):
                return op == JsonPathKind.NotEqual ? JsonPathBool.True : JsonPathBool.False;
            case (bool x, bool y):
                cmp = x.CompareTo(y);
                break;
            case (JsonText.JsonNumber x, JsonText.JsonNumber y):
                cmp = JsonNumbers.Compare(x.Text, y.Text);
                break;
            case (string x, string y):
                cmp = string.CompareOrdinal(x, y);
                break;
            default:
                return JsonPathBool.Unknown;
        }

        var result = op switch
        {
            JsonPathKind.Equal => cmp == 0,
            JsonPathKind.NotEqual => cmp != 0,
            JsonPathKind.Less => cmp < 0,
            JsonPathKind.Greater => cmp > 0,
            JsonPathKind.LessOrEqual => cmp <= 0,
            _ => cmp >= 0,
        };
        return result ? JsonPathBool.True : JsonPathBool.False;
    }
}

/// <summary>like_regex: XQuery flags mapped onto PostgreSQL's regular expressions (jspConvertRegexFlags).</summary>
internal static class JsonPathRegex
{
    /// <summary>Checks the pattern and flags when the jsonpath is parsed (2201B, 0A000 for "x").</summary>
    public static void Validate(string pattern, string flags) => Get(pattern, flags);

    /// <summary>The compiled regex for a pattern and its flags (a subset of "ismxq").</summary>
    public static Regex Get(string pattern, string flags)
    {
        var quote = flags.Contains('q', StringComparison.Ordinal);
        if (!quote && flags.Contains('x', StringComparison.Ordinal))
        {
            throw new PgException(SqlState.FeatureNotSupported, "XQuery \"x\" flag (expanded regular expressions) is not implemented");
        }

        // Without "s", "." does not match a newline; "m" lets ^ and $ match at newlines.
        var newline = !flags.Contains('s', StringComparison.Ordinal) || flags.Contains('m', StringComparison.Ordinal);
        return PgRegex.Get(pattern, new PgRegex.Flags(false, flags.Contains('i', StringComparison.Ordinal), newline, false, quote));
    }
}
