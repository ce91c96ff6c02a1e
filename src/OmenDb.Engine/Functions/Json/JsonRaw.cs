using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions.Json;

/// <summary>
/// Navigation inside json (not jsonb) text without re-serialising: PostgreSQL's json operators return the exact
/// source text of a member or element, so values are located as spans of the validated input.
/// </summary>
internal static class JsonRaw
{
    private static int SkipSpace(string s, int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\r')
        {
            i++;
        }

        return i;
    }

    /// <summary>The end (exclusive) of the value starting at <paramref name="i"/> (input already validated).</summary>
    public static int SkipValue(string s, int i)
    {
        var c = s[i];
        if (c == '"')
        {
            i++;
            while (s[i] != '"')
            {
                i += s[i] == '\\' ? 2 : 1;
            }

            return i + 1;
        }

        if (c is '{' or '[')
        {
            var depth = 0;
            while (true)
            {
                var ch = s[i];
                if (ch == '"')
                {
                    i = SkipValue(s, i);
                    continue;
                }

                if (ch is '{' or '[')
                {
                    depth++;
                }
                else if (ch is '}' or ']')
                {
                    depth--;
                    if (depth == 0)
                    {
                        return i + 1;
                    }
                }

                i++;
            }
        }

        while (i < s.Length && s[i] is not (',' or '}' or ']' or ' ' or '\t' or '\n' or '\r'))
        {
            i++;
        }

        return i;
    }

    /// <summary>The trimmed top-level value text.</summary>
    public static string Trim(string s)
    {
        var start = SkipSpace(s, 0);
        return s[start..SkipValue(s, start)];
    }

    /// <summary>'{', '[', '"', 't', 'f', 'n' or a digit/'-': the first character of the value.</summary>
    public static char Kind(string raw) => raw[SkipSpace(raw, 0)];

    public static string TypeName(string raw) => Kind(raw) switch
    {
        '{' => "object",
        '[' => "array",
        '"' => "string",
        't' or 'f' => "boolean",
        'n' => "null",
        _ => "number",
    };

    public static List<(string Key, string Value)>? Members(string raw)
    {
        var i = SkipSpace(raw, 0);
        if (raw[i] != '{')
        {
            return null;
        }

        var result = new List<(string, string)>();
        i = SkipSpace(raw, i + 1);
        while (raw[i] != '}')
        {
            var keyEnd = SkipValue(raw, i);
            var key = (string)JsonText.Parse(raw[i..keyEnd], false);
            i = SkipSpace(raw, keyEnd) + 1;
            i = SkipSpace(raw, i);
            var end = SkipValue(raw, i);
            result.Add((key, raw[i..end]));
            i = SkipSpace(raw, end);
            if (raw[i] == ',')
            {
                i = SkipSpace(raw, i + 1);
            }
        }

        return result;
    }

    public static List<string>? Elements(string raw)
    {
        var i = SkipSpace(raw, 0);
        if (raw[i] != '[')
        {
            return null;
        }

        var result = new List<string>();
        i = SkipSpace(raw, i + 1);
        while (raw[i] != ']')
        {
            var end = SkipValue(raw, i);
            result.Add(raw[i..end]);
            i = SkipSpace(raw, end);
            if (raw[i] == ',')
            {
                i = SkipSpace(raw, i + 1);
            }
        }

        return result;
    }

    /// <summary>-&gt;&gt; on json: a string's value, null for JSON null, otherwise the text.</summary>
    public static string? AsText(string raw) => Kind(raw) switch
    {
        '"' => (string)JsonText.Parse(raw, false),
        'n' => null,
        _ => raw,
    };

    public static string? Field(string raw, string key)
    {
        var members = Members(raw);
        if (members is null)
        {
            return null;
        }

        // json keeps duplicate keys; the operators find the last one, as PostgreSQL's json parser callbacks do.
        string? found = null;
        foreach (var (k, v) in members)
        {
            if (k == key)
            {
                found = v;
            }
        }

        return found;
    }

    public static string? Element(string raw, int index)
    {
        var elements = Elements(raw);
        if (elements is null)
        {
            return null;
        }

        if (index < 0)
        {
            index += elements.Count;
        }

        return index >= 0 && index < elements.Count ? elements[index] : null;
    }

    public static string? Path(string raw, PgArray path)
    {
        var current = raw;
        foreach (var p in path.Elements)
        {
            if (p is not string step)
            {
                return null;
            }

            var kind = Kind(current);
            if (kind == '{')
            {
                current = Field(current, step);
            }
            else if (kind == '[' && int.TryParse(step, out var idx))
            {
                current = Element(current, idx);
            }
            else
            {
                return null;
            }

            if (current is null)
            {
                return null;
            }
        }

        return current;
    }
}
