using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Types;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Functions.Strings;

/// <summary>concat, concat_ws, format, ||, quote_*, encode/decode: functions that turn values of any type into text.</summary>
internal static partial class StringFunctions
{
    private static readonly HashSet<string> s_reservedKeywords = new(StringComparer.Ordinal)
    {
        // pg_get_keywords() where catcode <> 'U': identifiers quote_ident must quote.
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "between", "bigint",
        "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check", "coalesce", "collate", "collation",
        "column", "concurrently", "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
        "current_schema", "current_time", "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable",
        "desc", "distinct", "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float", "for", "foreign",
        "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in", "initially", "inner",
        "inout", "int", "integer", "intersect", "interval", "into", "is", "isnull", "join", "lateral", "leading", "least",
        "left", "like", "limit", "localtime", "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not",
        "notnull", "null", "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay",
        "placing", "position", "precision", "primary", "real", "references", "returning", "right", "row", "select",
        "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric", "table", "tablesample", "then",
        "time", "timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique", "user", "using", "values",
        "varchar", "variadic", "verbose", "when", "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement",
        "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable",
    };

    private static void RegisterFormatting(RegistryBuilder r)
    {
        r.Op(654, "||", Text, Text, Text, (a, _) => string.Concat((string)a[0]!, (string)a[1]!));
        r.OpTyped(2779, "||", Text, AnyNonArray, Text, (types, _) =>
        {
            var t = types[1];
            return (a, c) => string.Concat((string)a[0]!, CastToText(t, a[1]!, c));
        });
        r.OpTyped(2780, "||", AnyNonArray, Text, Text, (types, _) =>
        {
            var t = types[0];
            return (a, c) => string.Concat(CastToText(t, a[0]!, c), (string)a[1]!);
        });
        r.FnTyped(3058, "concat", [Any], Text, (types, _) => (a, c) => Concat(types, a, 0, null, c),
            Volatility.Stable, strict: false, variadic: true);
        r.FnTyped(3059, "concat_ws", [Text, Any], Text,
            (types, _) => (a, c) => a[0] is string sep ? Concat(types, a, 1, sep, c) : null,
            Volatility.Stable, strict: false, variadic: true);
        r.FnTyped(3539, "format", [Text, Any], Text, (types, _) => (a, c) => a[0] is string f ? Format(f, types, a, c) : null,
            Volatility.Stable, strict: false, variadic: true);
        r.Fn(3540, "format", [Text], Text, (a, c) => a[0] is string f ? Format(f, [Text], a, c) : null,
            Volatility.Stable, strict: false);
        r.Fn(1282, "quote_ident", [Text], Text, (a, _) => QuoteIdent((string)a[0]!));
        r.Fn(1283, "quote_literal", [Text], Text, (a, _) => QuoteLiteral((string)a[0]!));
        r.FnTyped(1285, "quote_literal", [AnyElement], Text, (types, _) => (a, c) => QuoteLiteral(ToText(types[0], a[0]!, c)),
            Volatility.Stable);
        r.Fn(1289, "quote_nullable", [Text], Text, (a, _) => a[0] is string s ? QuoteLiteral(s) : "NULL", strict: false);
        r.FnTyped(1290, "quote_nullable", [AnyElement], Text,
            (types, _) => (a, c) => a[0] is { } v ? QuoteLiteral(ToText(types[0], v, c)) : "NULL", Volatility.Stable, strict: false);
    }

    /// <summary>A value's text output (typoutput) in the session's time zone.</summary>
    /// <summary>
    /// value::text, as text || anynonarray does (PostgreSQL's textanycat is <c>$1 || $2::text</c>): as the output
    /// function except that a boolean becomes true/false rather than t/f.
    /// </summary>
    private static string CastToText(PgType type, object value, EvalContext c)
        => value is bool b ? (b ? "true" : "false") : ToText(type, value, c);

    internal static string ToText(PgType type, object value, EvalContext c) =>
        value is string s && type.Kind is PgTypeKind.Text or PgTypeKind.Unknown ? s : ValueText.Format(type, value, c.TimeZone);

    private static string Concat(PgType[] types, ReadOnlySpan<object?> args, int first, string? separator, EvalContext c)
    {
        var sb = new StringBuilder();
        var any = false;
        for (var i = first; i < args.Length; i++)
        {
            if (args[i] is not { } v)
            {
                continue;
            }

            if (separator is not null && any)
            {
                sb.Append(separator);
            }

            sb.Append(ToText(i < types.Length ? types[i] : TypeGuess.Of(v), v, c));
            any = true;
        }

        return sb.ToString();
    }

    internal static string QuoteIdent(string s)
    {
        var safe = s.Length > 0 && (s[0] is >= 'a' and <= 'z' || s[0] == '_');
        foreach (var ch in s)
        {
            if (!(ch is >= 'a' and <= 'z' or >= '0' and <= '9' or '_'))
            {
                safe = false;
                break;
            }
        }

        if (safe && !s_reservedKeywords.Contains(s))
        {
            return s;
        }

        return "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    internal static string QuoteLiteral(string s)
    {
        var sb = new StringBuilder(s.Length + 3);
        if (s.Contains('\\', StringComparison.Ordinal))
        {
            sb.Append('E');
        }

        sb.Append('\'');
        foreach (var ch in s)
        {
            if (ch is '\'' or '\\')
            {
                sb.Append(ch);
            }

            sb.Append(ch);
        }

        return sb.Append('\'').ToString();
    }

    /// <summary>format(): %[argpos$][flags][width]type with types s, I, L and %%.</summary>
    private static string Format(string fmt, PgType[] types, ReadOnlySpan<object?> args, EvalContext c)
    {
        var sb = new StringBuilder(fmt.Length + 16);
        var nextArg = 1;
        var i = 0;
        while (i < fmt.Length)
        {
            var ch = fmt[i++];
            if (ch != '%')
            {
                sb.Append(ch);
                continue;
            }

            if (i >= fmt.Length)
            {
                return FunctionErrors.InvalidParameter<string>("unterminated format() type specifier");
            }

            if (fmt[i] == '%')
            {
                sb.Append('%');
                i++;
                continue;
            }

            // Optional argument position n$.
            var argIndex = -1;
            var save = i;
            var n = ParseNumber(fmt, ref i);
            if (n >= 0 && i < fmt.Length && fmt[i] == '$')
            {
                if (n == 0)
                {
                    return FunctionErrors.InvalidParameter<string>("format specifies argument 0, but arguments are numbered from 1");
                }

                argIndex = n;
                i++;
            }
            else
            {
                i = save;
            }

            var leftAlign = false;
            while (i < fmt.Length && fmt[i] == '-')
            {
                leftAlign = true;
                i++;
            }

            var width = 0;
            if (i < fmt.Length && fmt[i] == '*')
            {
                i++;
                var wpos = -1;
                var save2 = i;
                var wn = ParseNumber(fmt, ref i);
                if (wn > 0 && i < fmt.Length && fmt[i] == '$')
                {
                    wpos = wn;
                    i++;
                }
                else
                {
                    i = save2;
                }

                var wi = wpos > 0 ? wpos : nextArg++;
                if (wi >= args.Length)
                {
                    return FunctionErrors.InvalidParameter<string>("too few arguments for format()");
                }

                if (wpos > 0)
                {
                    nextArg = wpos + 1;
                }

                var wv = args[wi] is { } wval ? (int)Operators.ArithmeticOperators.ToLong(wval) : 0;
                if (wv < 0)
                {
                    leftAlign = true;
                    wv = -wv;
                }

                width = wv;
            }
            else
            {
                var wn = ParseNumber(fmt, ref i);
                if (wn > 0)
                {
                    width = wn;
                }
            }

            if (i >= fmt.Length)
            {
                return FunctionErrors.InvalidParameter<string>("unterminated format() type specifier");
            }

            var type = fmt[i++];
            if (type is not ('s' or 'I' or 'L'))
            {
                throw new PgException(SqlState.InvalidParameterValue, $"unrecognized format() type specifier \"{type}\"")
                {
                    Hint = "For a single \"%\" use \"%%\".",
                };
            }

            var index = argIndex > 0 ? argIndex : nextArg;
            nextArg = index + 1;
            if (index >= args.Length)
            {
                return FunctionErrors.InvalidParameter<string>("too few arguments for format()");
            }

            var value = args[index];
            var argType = index < types.Length ? types[index] : TypeGuess.Of(value);
            string text;
            switch (type)
            {
                case 's':
                    text = value is null ? "" : ToText(argType, value, c);
                    break;
                case 'I':
                    if (value is null)
                    {
                        return FunctionErrors.Error<string>(SqlState.NullValueNotAllowed, "null values cannot be formatted as an SQL identifier");
                    }

                    text = QuoteIdent(ToText(argType, value, c));
                    break;
                default:
                    text = value is null ? "NULL" : QuoteLiteral(ToText(argType, value, c));
                    break;
            }

            var pad = width - TextUtil.Length(text);
            if (pad > 0 && !leftAlign)
            {
                sb.Append(' ', pad);
            }

            sb.Append(text);
            if (pad > 0 && leftAlign)
            {
                sb.Append(' ', pad);
            }
        }

        return sb.ToString();
    }

    private static int ParseNumber(string s, ref int i)
    {
        if (i >= s.Length || s[i] is < '0' or > '9')
        {
            return -1;
        }

        long n = 0;
        while (i < s.Length && s[i] is >= '0' and <= '9')
        {
            n = n * 10 + (s[i] - '0');
            if (n > int.MaxValue)
            {
                return FunctionErrors.InvalidParameter<int>("number is out of range");
            }

            i++;
        }

        return (int)n;
    }

    private static string Encode(byte[] data, string format)
    {
        switch (format.ToLowerInvariant())
        {
            case "hex":
                return Convert.ToHexStringLower(data);
            case "base64":
            {
                // PostgreSQL breaks base64 output into lines of 76 characters.
                var b64 = Convert.ToBase64String(data);
                if (b64.Length <= 76)
                {
                    return b64;
                }

                var sb = new StringBuilder(b64.Length + b64.Length / 76);
                for (var i = 0; i < b64.Length; i += 76)
                {
                    if (i > 0)
                    {
                        sb.Append('\n');
                    }

                    sb.Append(b64, i, Math.Min(76, b64.Length - i));
                }

                return sb.ToString();
            }

            case "escape":
            {
                var sb = new StringBuilder(data.Length);
                foreach (var b in data)
                {
                    if (b == 0 || b >= 0x80)
                    {
                        sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                    }
                    else if (b == '\\')
                    {
                        sb.Append("\\\\");
                    }
                    else
                    {
                        sb.Append((char)b);
                    }
                }

                return sb.ToString();
            }

            default:
                return FunctionErrors.InvalidParameter<string>($"unrecognized encoding: \"{format}\"");
        }
    }

    private static byte[] Decode(string text, string format)
    {
        switch (format.ToLowerInvariant())
        {
            case "hex":
            {
                var bytes = new List<byte>(text.Length / 2);
                var i = 0;
                while (i < text.Length)
                {
                    if (text[i] is ' ' or '\n' or '\t' or '\r')
                    {
                        i++;
                        continue;
                    }

                    var hi = HexDigit(text[i], text);
                    if (i + 1 >= text.Length)
                    {
                        return FunctionErrors.InvalidParameter<byte[]>("invalid hexadecimal data: odd number of digits");
                    }

                    var lo = HexDigit(text[i + 1], text);
                    bytes.Add((byte)(hi * 16 + lo));
                    i += 2;
                }

                return [.. bytes];
            }

            case "base64":
            {
                var clean = new StringBuilder(text.Length);
                foreach (var ch in text)
                {
                    if (ch is not (' ' or '\n' or '\t' or '\r'))
                    {
                        clean.Append(ch);
                    }
                }

                try
                {
                    return Convert.FromBase64String(clean.ToString());
                }
                catch (FormatException)
                {
                    return FunctionErrors.InvalidParameter<byte[]>("invalid base64 end sequence");
                }
            }

            case "escape":
            {
                var bytes = new List<byte>(text.Length);
                var i = 0;
                while (i < text.Length)
                {
                    if (text[i] != '\\')
                    {
                        foreach (var b in Encoding.UTF8.GetBytes(text[i].ToString()))
                        {
                            bytes.Add(b);
                        }

                        i++;
                    }
                    else if (i + 1 < text.Length && text[i + 1] == '\\')
                    {
                        bytes.Add((byte)'\\');
                        i += 2;
                    }
                    else if (i + 3 < text.Length + 0 && IsOctal(text[i + 1]) && IsOctal(text[i + 2]) && IsOctal(text[i + 3]))
                    {
                        bytes.Add((byte)(((text[i + 1] - '0') << 6) | ((text[i + 2] - '0') << 3) | (text[i + 3] - '0')));
                        i += 4;
                    }
                    else
                    {
                        return FunctionErrors.Error<byte[]>(SqlState.InvalidTextRepresentation, "invalid input syntax for type bytea");
                    }
                }

                return [.. bytes];
            }

            default:
                return FunctionErrors.InvalidParameter<byte[]>($"unrecognized encoding: \"{format}\"");
        }
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    private static int HexDigit(char c, string text)
    {
        _ = text;
        return c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => FunctionErrors.InvalidParameter<int>($"invalid hexadecimal digit: \"{c}\""),
        };
    }
}
