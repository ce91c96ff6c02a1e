using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Tests.Functions;

/// <summary>
/// Runs one registry case the way the binder and executor would: picks the overload by exact argument types (falling
/// back to polymorphic pseudo types), parses the arguments with the type input functions, applies strictness and
/// bind-time specialisation, and formats the result with the type output function. Arguments are "type:text" (a bare
/// type name is NULL); results are the text PostgreSQL prints, "&lt;NULL&gt;" for SQL NULL, or "ERROR code: message".
/// </summary>
internal static class FunctionCaseRunner
{
    public const string Null = "<NULL>";

    public static EvalContext NewContext() => new()
    {
        TimeZone = TimeZoneInfo.Utc,
        TimeZoneName = "UTC",
        TransactionTimestamp = 0,
        StatementTimestamp = 0,
        GetSetting = name => name switch
        {
            "datestyle" => "ISO, MDY",
            "search_path" => "\"$user\", public",
            _ => null,
        },
    };

    private static PgType TypeOf(string name) => name == "char" ? PgTypes.Char : PgTypes.FromName(name)
        ?? throw new ArgumentException("unknown type " + name);

    private static (PgType Type, object? Value) ParseArg(string spec)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (TypeOf(spec), null);
        }

        var type = TypeOf(spec[..colon]);
        return (type, ValueText.Parse(type, spec[(colon + 1)..]));
    }

    private static bool Accepts(PgType declared, PgType actual, bool strictElements) =>
        declared == actual || declared == PgTypes.Any
        || ((declared == PgTypes.AnyElement || declared == PgTypes.AnyCompatible) && !(strictElements && actual.IsArray))
        || (declared == PgTypes.AnyNonArray && !actual.IsArray)
        || ((declared == PgTypes.AnyArray || declared == PgTypes.AnyCompatibleArray) && actual.IsArray);

    private static bool Matches(PgType[] declared, PgType[] actual, bool variadic, int minArgs, int pass)
    {
        if (actual.Length < declared.Length)
        {
            if (minArgs < 0 || actual.Length < minArgs)
            {
                return false;
            }
        }
        else if (actual.Length > declared.Length && !variadic)
        {
            return false;
        }

        for (var i = 0; i < actual.Length; i++)
        {
            var d = declared[Math.Min(i, declared.Length - 1)];
            if (variadic && i >= declared.Length - 1 && d.IsArray && d.ElementType == actual[i])
            {
                continue;
            }

            if (pass == 0 ? d != actual[i] : !Accepts(d, actual[i], pass == 1))
            {
                return false;
            }
        }

        return true;
    }

    private static T Pick<T>(IReadOnlyList<T> candidates, PgType[] actual, Func<T, PgType[]> args, Func<T, bool> variadic,
        Func<T, int> minArgs, string name)
    {
        foreach (var pass in (int[])[0, 1, 2])
        {
            foreach (var c in candidates)
            {
                if (Matches(args(c), actual, variadic(c), minArgs(c), pass))
                {
                    return c;
                }
            }
        }

        throw new InvalidOperationException($"no overload {name}({string.Join(", ", actual.Select(t => t.Name))})");
    }

    /// <summary>The concrete type a polymorphic result takes from the actual arguments.</summary>
    private static PgType ResolveResult(PgType declaredResult, PgType[] declared, PgType[] actual)
    {
        if (!PgTypes.IsPseudo(declaredResult) || declaredResult == PgTypes.Void || declaredResult == PgTypes.Record)
        {
            return declaredResult;
        }

        PgType? element = null;
        for (var i = 0; i < actual.Length && element is null; i++)
        {
            var d = declared[Math.Min(i, declared.Length - 1)];
            if (d == PgTypes.AnyArray || d == PgTypes.AnyCompatibleArray)
            {
                element = actual[i].ElementType;
            }
            else if (d == PgTypes.AnyElement || d == PgTypes.AnyNonArray || d == PgTypes.AnyCompatible)
            {
                element = actual[i];
            }
        }

        element ??= PgTypes.Text;
        return declaredResult == PgTypes.AnyArray || declaredResult == PgTypes.AnyCompatibleArray ? element.ArrayType! : element;
    }

    private static string FormatResult(PgType type, object? value)
    {
        if (value is null)
        {
            return Null;
        }

        if (type.Kind == PgTypeKind.Pseudo)
        {
            type = value is PgArray a ? a.ElementType.ArrayType! : PgTypes.Text;
        }

        return ValueText.Format(type, value, TimeZoneInfo.Utc);
    }

    public static string Run(string kind, string name, string[] args)
    {
        try
        {
            return kind switch
            {
                "fn" => RunFunction(name, args),
                "op" => RunOperator(name, args),
                "agg" or "aggo" => RunAggregate(name, args),
                "srf" => RunSetReturning(name, args),
                _ => throw new ArgumentException(kind),
            };
        }
        catch (PgException e)
        {
            return $"ERROR {e.SqlState}: {e.Message}";
        }
    }

    private static string RunFunction(string name, string[] specs)
    {
        var parsed = specs.Select(ParseArg).ToArray();
        var types = parsed.Select(p => p.Type).ToArray();
        var values = parsed.Select(p => p.Value).ToArray();
        var f = Pick(BuiltinFunctions.Lookup(name), types, o => o.ArgTypes, o => o.Variadic, o => o.MinArgs, name);
        var last = f.ArgTypes.Length - 1;
        if (f.Variadic && f.ArgTypes[last].IsArray && (types.Length != f.ArgTypes.Length || types[last] != f.ArgTypes[last]))
        {
            // VARIADIC with a concrete array type: the binder packs the trailing arguments into one array.
            var packed = new PgArray(f.ArgTypes[last].ElementType!, values[last..]);
            values = [.. values[..last], packed];
            types = [.. types[..last], f.ArgTypes[last]];
        }

        var result = ResolveResult(f.ReturnType, f.ArgTypes, types);
        if (f.Strict && values.Any(v => v is null))
        {
            return Null;
        }

        var invoke = f.Specialize is { } s ? s(types, result) : f.Invoke;
        return FormatResult(result, invoke(values, NewContext()));
    }

    private static string RunOperator(string name, string[] specs)
    {
        var parsed = specs.Select(ParseArg).ToArray();
        var types = parsed.Select(p => p.Type).ToArray();
        var values = parsed.Select(p => p.Value).ToArray();
        var candidates = BuiltinFunctions.LookupOperator(name).Where(o => (o.Left is null) == (specs.Length == 1)).ToList();
        var op = Pick(candidates, types, o => o.Left is null ? [o.Right] : [o.Left, o.Right], _ => false, _ => -1, name);
        var declared = op.Left is null ? new[] { op.Right } : [op.Left, op.Right];
        var result = ResolveResult(op.Result, declared, types);
        if (values.Any(v => v is null))
        {
            return Null;
        }

        var invoke = op.Specialize is { } s ? s(types, result) : op.Invoke;
        return FormatResult(result, invoke(values, NewContext()));
    }

    private static string RunAggregate(string name, string[] rows)
    {
        var parsedRows = rows.Select(r => r.Split('|').Select(ParseArg).ToArray()).ToArray();
        var types = parsedRows[0].Select(p => p.Type).ToArray();
        var agg = Pick(BuiltinFunctions.LookupAggregate(name), types, o => o.ArgTypes, _ => false, _ => -1, name);
        var result = ResolveResult(agg.ReturnType, agg.ArgTypes, types);
        var state = (agg.Specialize is { } s ? s(types, result) : agg.CreateState)();
        var context = NewContext();
        foreach (var row in parsedRows)
        {
            var values = row.Select(p => p.Value).ToArray();
            if (agg.Strict && values.Skip(agg.OrderedSet ? 1 : 0).Any(v => v is null))
            {
                continue;
            }

            state.Add(values, context);
        }

        return FormatResult(result, state.Result(context));
    }

    private static string RunSetReturning(string name, string[] specs)
    {
        var parsed = specs.Select(ParseArg).ToArray();
        var types = parsed.Select(p => p.Type).ToArray();
        var values = parsed.Select(p => p.Value).ToArray();
        var srf = Pick(BuiltinFunctions.LookupSetReturning(name), types, o => o.ArgTypes, _ => false, _ => -1, name);
        if (srf.Strict && values.Any(v => v is null))
        {
            return "<EMPTY>";
        }

        var lines = new List<string>();
        foreach (var row in srf.Invoke(values, NewContext()))
        {
            if (row.Length == 1)
            {
                var t = ResolveResult(srf.Columns[0].Type, srf.ArgTypes, types);
                lines.Add(row[0] is null ? "" : FormatResult(t, row[0]));
                continue;
            }

            var sb = new StringBuilder("(");
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                if (row[i] is { } v)
                {
                    sb.Append(QuoteRecordField(FormatResult(srf.Columns[i].Type, v)));
                }
            }

            lines.Add(sb.Append(')').ToString());
        }

        return lines.Count == 0 ? "<EMPTY>" : string.Join("\n", lines);
    }

    private static string QuoteRecordField(string s)
    {
        var needs = s.Length == 0 || s.Any(c => c is '"' or '\\' or '(' or ')' or ',' || char.IsWhiteSpace(c));
        if (!needs)
        {
            return s;
        }

        return "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
