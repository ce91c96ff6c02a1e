using System.Globalization;
using OmenDb.Common;

namespace OmenDb.Engine.Sessions;

/// <summary>The value types of run-time parameters (pg_settings.vartype).</summary>
internal enum SettingKind
{
    /// <summary>on/off.</summary>
    Bool,

    /// <summary>A 32-bit integer, optionally with a unit (ms, kB).</summary>
    Integer,

    /// <summary>A double.</summary>
    Real,

    /// <summary>Free text, optionally checked and canonicalised by a hook.</summary>
    String,

    /// <summary>One of a fixed list of words.</summary>
    Enum,
}

/// <summary>Who may change a parameter and when (pg_settings.context, in the subset we need).</summary>
internal enum SettingContext
{
    /// <summary>Any session, any time (SET).</summary>
    User,

    /// <summary>Fixed at build or initdb time: "cannot be changed".</summary>
    Internal,

    /// <summary>Server start only: "cannot be changed without restarting the server".</summary>
    Postmaster,
}

/// <summary>
/// One run-time parameter as PostgreSQL 15 defines it (guc_tables.c): canonical name, type, boot value, unit, range or
/// allowed words, and for strings a check hook that validates and canonicalises the value. <see cref="Normalize"/>
/// turns a SET value into the text SHOW prints, or throws PostgreSQL's error for it.
/// </summary>
internal sealed class SettingDefinition
{
    public SettingDefinition(string name, SettingKind kind, string bootValue)
    {
        Name = name;
        Kind = kind;
        BootValue = bootValue;
    }

    /// <summary>pg_settings.name, with PostgreSQL's capitals (DateStyle, TimeZone, IntervalStyle).</summary>
    public string Name { get; }

    public SettingKind Kind { get; }

    /// <summary>The value before any startup parameter or SET (what SHOW prints by default).</summary>
    public string BootValue { get; }

    public SettingContext Context { get; init; } = SettingContext.User;

    /// <summary>For integers with a unit: the base unit ("ms" or "kB"); values without a unit are in it.</summary>
    public string? Unit { get; init; }

    public long Min { get; init; } = int.MinValue;

    public long Max { get; init; } = int.MaxValue;

    public double RealMin { get; init; } = double.MinValue;

    public double RealMax { get; init; } = double.MaxValue;

    /// <summary>For enums: the accepted words, in PostgreSQL's order (the HINT lists them).</summary>
    public string[] EnumValues { get; init; } = [];

    /// <summary>For strings: validates and canonicalises the value (given the current one), throwing 22023 with
    /// PostgreSQL's DETAIL when it is invalid.</summary>
    public Func<string, string, string>? Check { get; init; }

    /// <summary>Whether a change is reported to the client in a ParameterStatus message (GUC_REPORT).</summary>
    public bool Reported { get; init; }

    /// <summary>
    /// The canonical text of <paramref name="value"/> (as given to SET, under the name <paramref name="spelledAs"/>),
    /// or PostgreSQL's 22023 error. <paramref name="current"/> is the present value (DateStyle keeps the part not given).
    /// </summary>
    public string Normalize(string spelledAs, string value, string current)
    {
        switch (Kind)
        {
            case SettingKind.Bool:
                return ParseBool(value) is { } b ? (b ? "on" : "off")
                    : throw Invalid22023($"parameter \"{spelledAs}\" requires a Boolean value");
            case SettingKind.Integer:
                return FormatInteger(ParseInteger(spelledAs, value));
            case SettingKind.Real:
                {
                    if (!double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                    {
                        throw InvalidValue(spelledAs, value);
                    }

                    if (d < RealMin || d > RealMax)
                    {
                        throw Invalid22023($"{G(d)} is outside the valid range for parameter \"{spelledAs}\" ({G(RealMin)} .. {G(RealMax)})");
                    }

                    return G(d);
                }

            case SettingKind.Enum:
                foreach (var word in EnumValues)
                {
                    if (string.Equals(word, value.Trim(), StringComparison.OrdinalIgnoreCase))
                    {
                        return word;
                    }
                }

                throw new PgException(SqlState.InvalidParameterValue, $"invalid value for parameter \"{spelledAs}\": \"{value}\"")
                {
                    Hint = $"Available values: {string.Join(", ", EnumValues)}.",
                };
            default:
                return Check is null ? value : Check(value, current);
        }
    }

    /// <summary>An integer setting's value in its base unit (statement_timeout in ms).</summary>
    public static long ParseStoredInteger(string text, string? unit)
    {
        var (number, suffix) = SplitUnit(text);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            return 0;
        }

        return (long)Math.Round(suffix.Length == 0 || unit is null ? v : v * UnitFactor(unit, suffix)!.Value, MidpointRounding.AwayFromZero);
    }

    private long ParseInteger(string spelledAs, string value)
    {
        var (number, suffix) = SplitUnit(value);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || number.Length == 0)
        {
            throw InvalidValue(spelledAs, value);
        }

        if (suffix.Length > 0)
        {
            if (Unit is null || UnitFactor(Unit, suffix) is not { } factor)
            {
                throw new PgException(SqlState.InvalidParameterValue, $"invalid value for parameter \"{spelledAs}\": \"{value}\"")
                {
                    Hint = Unit == "ms" ? "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\"."
                        : Unit == "kB" ? "Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\"." : null,
                };
            }

            v *= factor;
        }

        v = Math.Round(v, MidpointRounding.AwayFromZero);
        if (v is > int.MaxValue or < int.MinValue)
        {
            throw new PgException(SqlState.InvalidParameterValue, $"invalid value for parameter \"{spelledAs}\": \"{value}\"")
            {
                Hint = "Value exceeds integer range.",
            };
        }

        var n = (long)v;
        if (n < Min || n > Max)
        {
            var unit = Unit is null ? "" : " " + Unit;
            throw Invalid22023($"{n}{unit} is outside the valid range for parameter \"{spelledAs}\" ({Min} .. {Max})");
        }

        return n;
    }

    /// <summary>SHOW's form: the largest unit that divides the value exactly (90000 ms → "90s", 65536 kB → "64MB").</summary>
    private string FormatInteger(long n)
    {
        if (Unit is null || n == 0)
        {
            return n.ToString(CultureInfo.InvariantCulture);
        }

        (string Name, long Factor)[] units = Unit == "ms"
            ? [("d", 86_400_000), ("h", 3_600_000), ("min", 60_000), ("s", 1000), ("ms", 1)]
            : [("TB", 1L << 30), ("GB", 1L << 20), ("MB", 1L << 10), ("kB", 1)];
        foreach (var (name, factor) in units)
        {
            if (n % factor == 0)
            {
                return (n / factor).ToString(CultureInfo.InvariantCulture) + name;
            }
        }

        return n.ToString(CultureInfo.InvariantCulture) + Unit;
    }

    private static (string Number, string Unit) SplitUnit(string value)
    {
        var s = value.Trim();
        var end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] is '.' or '-' or '+' || (end > 0 && s[end] is 'e' or 'E'
            && end + 1 < s.Length && (char.IsAsciiDigit(s[end + 1]) || s[end + 1] is '-' or '+'))))
        {
            end++;
        }

        return (s[..end], s[end..].Trim());
    }

    private static double? UnitFactor(string baseUnit, string unit) => (baseUnit, unit) switch
    {
        ("ms", "us") => 0.001,
        ("ms", "ms") => 1,
        ("ms", "s") => 1000,
        ("ms", "min") => 60_000,
        ("ms", "h") => 3_600_000,
        ("ms", "d") => 86_400_000,
        ("kB", "B") => 1.0 / 1024,
        ("kB", "kB") => 1,
        ("kB", "MB") => 1024,
        ("kB", "GB") => 1024 * 1024,
        ("kB", "TB") => 1024.0 * 1024 * 1024,
        _ => null,
    };

    /// <summary>parse_bool: on, off, true, false, yes, no, 1, 0 and unique prefixes, case-insensitively.</summary>
    private static bool? ParseBool(string value)
    {
        var v = value.Trim().ToLowerInvariant();
        if (v.Length == 0)
        {
            return null;
        }

        if (v is "on" or "1" || (v.Length >= 1 && ("true".StartsWith(v, StringComparison.Ordinal) || "yes".StartsWith(v, StringComparison.Ordinal))))
        {
            return true;
        }

        if (v is "off" or "of" or "0" || "false".StartsWith(v, StringComparison.Ordinal) || "no".StartsWith(v, StringComparison.Ordinal))
        {
            return false;
        }

        return null;
    }

    private static string G(double d) => d.ToString("G6", CultureInfo.InvariantCulture);

    internal static PgException InvalidValue(string name, string value)
        => Invalid22023($"invalid value for parameter \"{name}\": \"{value}\"");

    private static PgException Invalid22023(string message) => new(SqlState.InvalidParameterValue, message);
}
