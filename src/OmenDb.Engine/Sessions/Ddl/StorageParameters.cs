using System.Globalization;
using OmenDb.Common;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

/// <summary>
/// CREATE TABLE ... WITH (storage parameters), kept as pg_class.reloptions lists them ("fillfactor=100",
/// "autovacuum_enabled=true"). They change nothing in how OmenDb stores rows; they are checked as PostgreSQL checks
/// them (src/backend/access/common/reloptions.c) so that pgbench's WITH (fillfactor=100) round-trips and mistakes
/// are reported.
/// </summary>
internal static class StorageParameters
{
    /// <summary>Integer parameters with their bounds.</summary>
    private static readonly Dictionary<string, (int Min, int Max)> s_integers = new(StringComparer.Ordinal)
    {
        ["fillfactor"] = (10, 100),
        ["toast_tuple_target"] = (128, 8160),
        ["parallel_workers"] = (0, 1024),
        ["autovacuum_vacuum_threshold"] = (0, int.MaxValue),
        ["autovacuum_vacuum_insert_threshold"] = (-1, int.MaxValue),
        ["autovacuum_analyze_threshold"] = (0, int.MaxValue),
        ["autovacuum_vacuum_cost_limit"] = (1, 10000),
        ["autovacuum_freeze_min_age"] = (0, 1000000000),
        ["autovacuum_freeze_max_age"] = (100000, 2000000000),
        ["autovacuum_freeze_table_age"] = (0, 2000000000),
        ["log_autovacuum_min_duration"] = (-1, int.MaxValue),
    };

    private static readonly HashSet<string> s_booleans = new(StringComparer.Ordinal)
    {
        "autovacuum_enabled", "user_catalog_table", "vacuum_truncate",
    };

    private static readonly HashSet<string> s_others = new(StringComparer.Ordinal)
    {
        "autovacuum_vacuum_scale_factor", "autovacuum_vacuum_insert_scale_factor", "autovacuum_analyze_scale_factor",
        "autovacuum_vacuum_cost_delay", "vacuum_index_cleanup",
    };

    /// <summary>The reloptions entries for <paramref name="options"/>; throws 22023 for an unknown or invalid one.</summary>
    public static List<string> Validate(IReadOnlyList<DefElem> options)
    {
        var result = new List<string>(options.Count);
        foreach (var option in options)
        {
            var name = option.Name.ToLowerInvariant();
            var value = option.Value?.Text;
            if (s_integers.TryGetValue(name, out var bounds))
            {
                ParseInteger(name, value ?? "true", bounds.Min, bounds.Max);
            }
            else if (s_booleans.Contains(name))
            {
                value ??= "true";
                if (value.ToLowerInvariant() is not ("true" or "false" or "on" or "off" or "yes" or "no" or "1" or "0" or "t" or "f"))
                {
                    throw new PgException(SqlState.InvalidParameterValue, $"invalid value for boolean option \"{name}\": {value}");
                }
            }
            else if (!s_others.Contains(name) && !name.StartsWith("toast.", StringComparison.Ordinal))
            {
                throw new PgException(SqlState.InvalidParameterValue, $"unrecognized parameter \"{name}\"");
            }

            result.Add($"{name}={value ?? "true"}");
        }

        return result;
    }

    /// <summary>
    /// An integer reloption's value, as PostgreSQL's parse_int reads it: surrounding blanks are ignored and a number
    /// with a fraction or an exponent ("6.0", "1e1") is rounded half to even; errors are 22023 with reloptions.c's
    /// messages.
    /// </summary>
    public static int ParseInteger(string name, string text, int min, int max)
    {
        var trimmed = text.Trim();
        if (!int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || double.IsNaN(d)
                || Math.Round(d, MidpointRounding.ToEven) is var r && (r < int.MinValue || r > int.MaxValue))
            {
                throw new PgException(SqlState.InvalidParameterValue, $"invalid value for integer option \"{name}\": {text}");
            }

            value = (int)Math.Round(d, MidpointRounding.ToEven);
        }

        return value >= min && value <= max
            ? value
            : throw new PgException(SqlState.InvalidParameterValue, $"value {text} out of bounds for option \"{name}\"")
            {
                Detail = $"Valid values are between \"{min}\" and \"{max}\".",
            };
    }
}
