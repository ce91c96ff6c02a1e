using OmenDb.Common;
using OmenDb.Engine.Types;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Functions.Json;

/// <summary>The SQL/JSON path functions and operators (PostgreSQL docs 9.16.2): jsonb_path_exists, _match, _query,
/// _query_array, _query_first (target, path, vars default '{}', silent default false), @? and @@.</summary>
internal static class JsonPathFunctions
{
    private static readonly string[] s_argNames = ["target", "path", "vars", "silent"];
    private static readonly object?[] s_defaults = [null, null, "{}", false];

    public static void Register(RegistryBuilder r)
    {
        PgType[] args = [Jsonb, JsonPath, Jsonb, Bool];
        r.Fn(4005, "jsonb_path_exists", args, Bool, (a, _) => Exists(a[0]!, a[1]!, Vars(a), Silent(a)),
            minArgs: 2, argNames: s_argNames, defaults: s_defaults);
        r.Fn(4009, "jsonb_path_match", args, Bool, (a, _) => Match(a[0]!, a[1]!, Vars(a), Silent(a)),
            minArgs: 2, argNames: s_argNames, defaults: s_defaults);
        r.Fn(4007, "jsonb_path_query_array", args, Jsonb, (a, _) => JsonFunctions.Out(Query(a[0]!, a[1]!, Vars(a), Silent(a))),
            minArgs: 2, argNames: s_argNames, defaults: s_defaults);
        r.Fn(4008, "jsonb_path_query_first", args, Jsonb,
            (a, _) => Query(a[0]!, a[1]!, Vars(a), Silent(a)) is [var first, ..] ? JsonFunctions.Out(first) : null,
            minArgs: 2, argNames: s_argNames, defaults: s_defaults);

        // Set-returning functions take no defaults here: one overload per arity.
        for (var n = 2; n <= 4; n++)
        {
            r.Srf(4006, "jsonb_path_query", args[..n], [("jsonb_path_query", Jsonb)],
                (a, _) => Query(a[0]!, a[1]!, Vars(a), Silent(a)).Select(v => new object?[] { JsonFunctions.Out(v) }));
        }

        r.Op(4012, "@?", Jsonb, JsonPath, Bool, (a, _) => Exists(a[0]!, a[1]!, null, true));
        r.Op(4013, "@@", Jsonb, JsonPath, Bool, (a, _) => Match(a[0]!, a[1]!, null, true));
    }

    /// <summary>The vars argument; omitted means its default, an empty object (which, unlike the operators' absent
    /// vars, counts as a base object for .keyvalue() ids).</summary>
    private static object? Vars(ReadOnlySpan<object?> a) => a.Length > 2 ? a[2] : "{}";

    private static bool Silent(ReadOnlySpan<object?> a) => a.Length > 3 && a[3] is true;

    private static JsonPathResult Run(object target, object path, object? vars, bool silent, List<object>? found)
        => JsonPathExecutor.Execute(ParsedJsonPath.Parse((string)path), JsonFunctions.Node(target),
            vars is null ? null : JsonFunctions.Node(vars), !silent, found);

    private static object? Exists(object target, object path, object? vars, bool silent)
        => Run(target, path, vars, silent, null) switch
        {
            JsonPathResult.Error => null,
            var r => r == JsonPathResult.Ok,
        };

    private static object? Match(object target, object path, object? vars, bool silent)
    {
        var found = new List<object>();
        Run(target, path, vars, silent, found);
        if (found is [var single])
        {
            if (single is bool b)
            {
                return b;
            }

            if (single is JsonText.JsonNull)
            {
                return null;
            }
        }

        return silent ? null : throw new PgException(SqlState.SingletonSqlJsonItemRequired, "single boolean result is expected");
    }

    private static List<object> Query(object target, object path, object? vars, bool silent)
    {
        var found = new List<object>();
        Run(target, path, vars, silent, found);
        return found;
    }
}
