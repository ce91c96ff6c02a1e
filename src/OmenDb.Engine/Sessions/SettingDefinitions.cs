using System.Collections.Frozen;
using System.Globalization;
using OmenDb.Common;

namespace OmenDb.Engine.Sessions;

/// <summary>
/// The run-time parameters OmenDb knows, with PostgreSQL 15's names, types, boot values, units, ranges and allowed
/// words. Names are looked up case-insensitively; SHOW and pg_settings print <see cref="SettingDefinition.Name"/>.
/// Parameters that only tune PostgreSQL's own planner or background processes are accepted and shown (clients and
/// ORMs set them) but do not change OmenDb's behaviour.
/// </summary>
internal static class SettingDefinitions
{
    private static readonly string[] s_messageLevels = ["debug5", "debug4", "debug3", "debug2", "debug1", "log", "notice", "warning", "error"];
    private static readonly string[] s_isolationLevels = ["serializable", "repeatable read", "read committed", "read uncommitted"];
    private static readonly FrozenDictionary<string, SettingDefinition> s_byName;

    static SettingDefinitions()
    {
        SettingDefinition[] all =
        [
            Str("application_name", "", reported: true),
            Boolean("array_nulls", true),
            Enumeration("backslash_quote", "safe_encoding", ["safe_encoding", "on", "off"]),
            Internal("block_size", SettingKind.Integer, "8192"),
            Enumeration("bytea_output", "hex", ["escape", "hex"]),
            Boolean("check_function_bodies", true),
            new("client_encoding", SettingKind.String, "UTF8") { Check = CheckEncoding, Reported = true },
            Enumeration("client_min_messages", "notice", s_messageLevels),
            new("DateStyle", SettingKind.String, "ISO, MDY") { Check = CheckDateStyle, Reported = true },
            new("deadlock_timeout", SettingKind.Integer, "1s") { Unit = "ms", Min = 1 },
            new("default_statistics_target", SettingKind.Integer, "100") { Min = 1, Max = 10000 },
            Str("default_tablespace", ""),
            Str("default_text_search_config", "pg_catalog.english"),
            Boolean("default_transaction_deferrable", false),
            Enumeration("default_transaction_isolation", "read committed", s_isolationLevels),
            new("default_transaction_read_only", SettingKind.Bool, "off") { Reported = true },
            new("effective_cache_size", SettingKind.Integer, "524288") { Min = 1 },
            Boolean("enable_bitmapscan", true),
            Boolean("enable_hashagg", true),
            Boolean("enable_hashjoin", true),
            Boolean("enable_indexscan", true),
            Boolean("enable_indexonlyscan", true),
            Boolean("enable_material", true),
            Boolean("enable_mergejoin", true),
            Boolean("enable_nestloop", true),
            Boolean("enable_seqscan", true),
            Boolean("enable_sort", true),
            Boolean("escape_string_warning", true),
            new("extra_float_digits", SettingKind.Integer, "1") { Min = -15, Max = 3 },
            new("hnsw.ef_search", SettingKind.Integer, "40") { Min = 1, Max = 1000 },
            new("idle_in_transaction_session_timeout", SettingKind.Integer, "0") { Unit = "ms", Min = 0 },
            new("idle_session_timeout", SettingKind.Integer, "0") { Unit = "ms", Min = 0 },
            new("in_hot_standby", SettingKind.Bool, "off") { Context = SettingContext.Internal, Reported = true },
            new("integer_datetimes", SettingKind.Bool, "on") { Context = SettingContext.Internal, Reported = true },
            new("IntervalStyle", SettingKind.Enum, "postgres")
            {
                EnumValues = ["postgres", "postgres_verbose", "sql_standard", "iso_8601"],
                Reported = true,
            },
            new("is_superuser", SettingKind.Bool, "on") { Context = SettingContext.Internal, Reported = true },
            Boolean("jit", true),
            Internal("lc_collate", SettingKind.String, "C"),
            Internal("lc_ctype", SettingKind.String, "C"),
            Str("lc_messages", "C"),
            Str("lc_monetary", "C"),
            Str("lc_numeric", "C"),
            Str("lc_time", "C"),
            new("lock_timeout", SettingKind.Integer, "0") { Unit = "ms", Min = 0 },
            new("maintenance_work_mem", SettingKind.Integer, "65536") { Unit = "kB", Min = 1024 },
            new("max_connections", SettingKind.Integer, DatabaseEngine.DefaultMaxConnections.ToString(CultureInfo.InvariantCulture)) { Context = SettingContext.Postmaster, Min = 1, Max = 262143 },
            Internal("max_identifier_length", SettingKind.Integer, "63"),
            new("max_parallel_workers_per_gather", SettingKind.Integer, "2") { Min = 0, Max = 1024 },
            Enumeration("plan_cache_mode", "auto", ["auto", "force_generic_plan", "force_custom_plan"]),
            Boolean("quote_all_identifiers", false),
            new("random_page_cost", SettingKind.Real, "4") { RealMin = 0 },
            Boolean("row_security", true),
            Str("search_path", "\"$user\", public"),
            new("server_encoding", SettingKind.String, "UTF8") { Context = SettingContext.Internal, Reported = true },
            new("server_version", SettingKind.String, DatabaseEngine.ServerVersion) { Context = SettingContext.Internal, Reported = true },
            Internal("server_version_num", SettingKind.Integer, DatabaseEngine.ServerVersionNum.ToString(CultureInfo.InvariantCulture)),
            Enumeration("session_replication_role", "origin", ["origin", "replica", "local"]),
            new("standard_conforming_strings", SettingKind.Bool, "on") { Reported = true },
            new("statement_timeout", SettingKind.Integer, "0") { Unit = "ms", Min = 0 },
            new("superuser_reserved_connections", SettingKind.Integer, DatabaseEngine.ReservedSuperuserConnections.ToString(CultureInfo.InvariantCulture)) { Context = SettingContext.Postmaster, Min = 0, Max = 262143 },
            Enumeration("synchronous_commit", "on", ["local", "remote_write", "remote_apply", "on", "off"]),
            new("TimeZone", SettingKind.String, "UTC") { Check = CheckTimeZone, Reported = true },
            Str("timezone_abbreviations", "Default"),
            Boolean("transaction_deferrable", false),
            Enumeration("transaction_isolation", "read committed", s_isolationLevels),
            Boolean("transaction_read_only", false),
            new("work_mem", SettingKind.Integer, "4096") { Unit = "kB", Min = 64 },
            Enumeration("xmloption", "content", ["content", "document"]),
        ];
        s_byName = all.ToFrozenDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every parameter, in name order as SHOW ALL lists them.</summary>
    public static IEnumerable<SettingDefinition> All => s_byName.Values.OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The parameter called <paramref name="name"/> (any case), or null.</summary>
    public static SettingDefinition? Find(string name) => s_byName.GetValueOrDefault(name);

    /// <summary>
    /// The time zone a TimeZone value names: an IANA zone (case as written), UTC/GMT, or a POSIX-style offset
    /// ("+05:30" is 5½ hours <em>west</em> of Greenwich, as in PostgreSQL). Null when it names none.
    /// </summary>
    public static TimeZoneInfo? ResolveTimeZone(string name)
    {
        if (name.Equals("UTC", StringComparison.OrdinalIgnoreCase) || name.Equals("GMT", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Etc/UTC", StringComparison.OrdinalIgnoreCase) || name.Equals("Z", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Utc;
        }

        if (TryParsePosixOffset(name, out var westSeconds))
        {
            return TimeZoneInfo.CreateCustomTimeZone(name, TimeSpan.FromSeconds(-westSeconds), name, name);
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return null;
        }
    }

    private static SettingDefinition Str(string name, string boot, bool reported = false)
        => new(name, SettingKind.String, boot) { Reported = reported };

    private static SettingDefinition Boolean(string name, bool boot) => new(name, SettingKind.Bool, boot ? "on" : "off");

    private static SettingDefinition Enumeration(string name, string boot, string[] values)
        => new(name, SettingKind.Enum, boot) { EnumValues = values };

    private static SettingDefinition Internal(string name, SettingKind kind, string value)
        => new(name, kind, value) { Context = SettingContext.Internal };

    /// <summary>"+05:30", "-8", "5": hours[:minutes[:seconds]] with an optional sign, in seconds west of Greenwich.</summary>
    private static bool TryParsePosixOffset(string text, out int westSeconds)
    {
        westSeconds = 0;
        var s = text.Trim();
        var sign = 1;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            sign = s[0] == '-' ? -1 : 1;
            s = s[1..];
        }

        var parts = s.Split(':');
        if (parts.Length is 0 or > 3 || parts.Any(p => p.Length is 0 or > 2 || !p.All(char.IsAsciiDigit)))
        {
            return false;
        }

        var seconds = int.Parse(parts[0], CultureInfo.InvariantCulture) * 3600;
        seconds += parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) * 60 : 0;
        seconds += parts.Length > 2 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 0;
        if (seconds > 15 * 3600)
        {
            return false;
        }

        westSeconds = sign * seconds;
        return true;
    }

    private static string CheckTimeZone(string value, string current)
    {
        _ = current;
        var zone = ResolveTimeZone(value) ?? throw SettingDefinition.InvalidValue("TimeZone", value);
        return zone == TimeZoneInfo.Utc && !value.Contains('/', StringComparison.Ordinal) ? "UTC" : value;
    }

    private static string CheckEncoding(string value, string current)
    {
        _ = current;
        var v = value.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return v.Equals("UTF8", StringComparison.OrdinalIgnoreCase) || v.Equals("UNICODE", StringComparison.OrdinalIgnoreCase)
            ? "UTF8"
            : throw SettingDefinition.InvalidValue("client_encoding", value);
    }

    /// <summary>check_datestyle: an output style (ISO, SQL, Postgres, German) and/or a field order (YMD, DMY, MDY, with
    /// PostgreSQL's synonyms); the part not given keeps its current value (German alone implies DMY).</summary>
    private static string CheckDateStyle(string value, string current)
    {
        string? style = null, order = null;
        var currentParts = current.Split(',', StringSplitOptions.TrimEntries);
        foreach (var raw in value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var word = raw.ToUpperInvariant();
            string? newStyle = null, newOrder = null;
            switch (word)
            {
                case "ISO": newStyle = "ISO"; break;
                case "SQL": newStyle = "SQL"; break;
                case "POSTGRES": newStyle = "Postgres"; break;
                case "GERMAN": newStyle = "German"; break;
                case "YMD": newOrder = "YMD"; break;
                case "DMY" or "EURO" or "EUROPEAN": newOrder = "DMY"; break;
                case "MDY" or "US" or "NONEURO" or "NONEUROPEAN": newOrder = "MDY"; break;
                case "DEFAULT": newStyle = "ISO"; newOrder = "MDY"; break;
                default:
                    throw new PgException(SqlState.InvalidParameterValue, $"invalid value for parameter \"DateStyle\": \"{value}\"")
                    {
                        Detail = $"Unrecognized key word: \"{raw}\".",
                    };
            }

            if ((newStyle is not null && style is not null && newStyle != style) || (newOrder is not null && order is not null && newOrder != order))
            {
                throw new PgException(SqlState.InvalidParameterValue, $"invalid value for parameter \"DateStyle\": \"{value}\"")
                {
                    Detail = "Conflicting \"datestyle\" specifications.",
                };
            }

            style = newStyle ?? style;
            order = newOrder ?? order;
        }

        if (style == "German" && order is null)
        {
            order = "DMY";
        }

        return $"{style ?? currentParts[0]}, {order ?? (currentParts.Length > 1 ? currentParts[1] : "MDY")}";
    }
}
