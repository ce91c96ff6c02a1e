using System.Text;
using System.Text.RegularExpressions;
using OmenDb.Common;
using OmenDb.Engine.Types;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Functions.Strings;

/// <summary>Pattern matching (PostgreSQL docs 9.7): LIKE/ILIKE, SIMILAR TO support, POSIX regex operators and
/// regexp_* functions.</summary>
internal static class PatternFunctions
{
    public static void Register(RegistryBuilder r)
    {
        // LIKE family: text, name and bpchar on the left (bpchar keeps its padding, as bpcharlike does).
        foreach (var (left, like, nlike, ilike, nilike) in (ReadOnlySpan<(PgType, uint, uint, uint, uint)>)
                 [(Text, 1209, 1210, 1627, 1628), (Name, 1207, 1208, 1625, 1626), (Bpchar, 1211, 1212, 1629, 1630)])
        {
            r.Op(like, "~~", left, Text, Bool, (a, _) => Like((string)a[0]!, (string)a[1]!, false));
            r.Op(nlike, "!~~", left, Text, Bool, (a, _) => !Like((string)a[0]!, (string)a[1]!, false));
            r.Op(ilike, "~~*", left, Text, Bool, (a, _) => Like((string)a[0]!, (string)a[1]!, true));
            r.Op(nilike, "!~~*", left, Text, Bool, (a, _) => !Like((string)a[0]!, (string)a[1]!, true));
        }

        r.Op(2016, "~~", Bytea, Bytea, Bool, (a, _) => Like(Latin1((byte[])a[0]!), Latin1((byte[])a[1]!), false));
        r.Op(2017, "!~~", Bytea, Bytea, Bool, (a, _) => !Like(Latin1((byte[])a[0]!), Latin1((byte[])a[1]!), false));
        r.Fn(1569, "like", [Text, Text], Bool, (a, _) => Like((string)a[0]!, (string)a[1]!, false));
        r.Fn(1571, "like", [Name, Text], Bool, (a, _) => Like((string)a[0]!, (string)a[1]!, false));
        r.Fn(1570, "notlike", [Text, Text], Bool, (a, _) => !Like((string)a[0]!, (string)a[1]!, false));
        r.Fn(1572, "notlike", [Name, Text], Bool, (a, _) => !Like((string)a[0]!, (string)a[1]!, false));
        r.Fn(1637, "like_escape", [Text, Text], Text, (a, _) => LikeEscape((string)a[0]!, (string)a[1]!));
        r.Fn(1987, "similar_to_escape", [Text], Text, (a, _) => SimilarEscape((string)a[0]!, "\\"));
        r.Fn(1986, "similar_to_escape", [Text, Text], Text, (a, _) => SimilarEscape((string)a[0]!, (string)a[1]!));

        foreach (var (left, eq, ne, ieq, ine) in (ReadOnlySpan<(PgType, uint, uint, uint, uint)>)
                 [(Text, 641, 642, 1228, 1229), (Name, 639, 640, 1226, 1227), (Bpchar, 1055, 1056, 1234, 1235)])
        {
            var trim = left == Bpchar;
            r.Op(eq, "~", left, Text, Bool, (a, _) => IsMatch(Arg(a[0]!, trim), (string)a[1]!, false));
            r.Op(ne, "!~", left, Text, Bool, (a, _) => !IsMatch(Arg(a[0]!, trim), (string)a[1]!, false));
            r.Op(ieq, "~*", left, Text, Bool, (a, _) => IsMatch(Arg(a[0]!, trim), (string)a[1]!, true));
            r.Op(ine, "!~*", left, Text, Bool, (a, _) => !IsMatch(Arg(a[0]!, trim), (string)a[1]!, true));
        }

        r.Fn(2073, "substring", [Text, Text], Text, (a, _) => RegexSubstring((string)a[0]!, (string)a[1]!));
        r.Fn(2074, "substring", [Text, Text, Text], Text,
            (a, _) => RegexSubstring((string)a[0]!, SimilarEscape((string)a[1]!, (string)a[2]!)));
        r.Fn(2284, "regexp_replace", [Text, Text, Text], Text, (a, _) => Replace((string)a[0]!, (string)a[1]!, (string)a[2]!, null));
        r.Fn(2285, "regexp_replace", [Text, Text, Text, Text], Text,
            (a, _) => Replace((string)a[0]!, (string)a[1]!, (string)a[2]!, (string)a[3]!));
        r.Fn(6253, "regexp_replace", [Text, Text, Text, Int4], Text,
            (a, _) => ReplaceAt((string)a[0]!, (string)a[1]!, (string)a[2]!, (int)a[3]!, -1, null));
        r.Fn(6252, "regexp_replace", [Text, Text, Text, Int4, Int4], Text,
            (a, _) => ReplaceAt((string)a[0]!, (string)a[1]!, (string)a[2]!, (int)a[3]!, (int)a[4]!, null));
        r.Fn(6251, "regexp_replace", [Text, Text, Text, Int4, Int4, Text], Text,
            (a, _) => ReplaceAt((string)a[0]!, (string)a[1]!, (string)a[2]!, (int)a[3]!, (int)a[4]!, (string)a[5]!));
        r.Fn(3396, "regexp_match", [Text, Text], Text.ArrayType!, (a, _) => MatchArray((string)a[0]!, (string)a[1]!, null));
        r.Fn(3397, "regexp_match", [Text, Text, Text], Text.ArrayType!,
            (a, _) => MatchArray((string)a[0]!, (string)a[1]!, (string)a[2]!));
        r.Fn(6263, "regexp_like", [Text, Text], Bool, (a, _) => Like2((string)a[0]!, (string)a[1]!, null));
        r.Fn(6264, "regexp_like", [Text, Text, Text], Bool, (a, _) => Like2((string)a[0]!, (string)a[1]!, (string)a[2]!));
        r.Fn(6254, "regexp_count", [Text, Text], Int4, (a, _) => Count((string)a[0]!, (string)a[1]!, 1, null));
        r.Fn(6255, "regexp_count", [Text, Text, Int4], Int4, (a, _) => Count((string)a[0]!, (string)a[1]!, (int)a[2]!, null));
        r.Fn(6256, "regexp_count", [Text, Text, Int4, Text], Int4,
            (a, _) => Count((string)a[0]!, (string)a[1]!, (int)a[2]!, (string)a[3]!));
        r.Fn(6265, "regexp_substr", [Text, Text], Text, (a, _) => Substr(a, 1, 1, null, 0));
        r.Fn(6266, "regexp_substr", [Text, Text, Int4], Text, (a, _) => Substr(a, (int)a[2]!, 1, null, 0));
        r.Fn(6267, "regexp_substr", [Text, Text, Int4, Int4], Text, (a, _) => Substr(a, (int)a[2]!, (int)a[3]!, null, 0));
        r.Fn(6268, "regexp_substr", [Text, Text, Int4, Int4, Text], Text,
            (a, _) => Substr(a, (int)a[2]!, (int)a[3]!, (string)a[4]!, 0));
        r.Fn(6269, "regexp_substr", [Text, Text, Int4, Int4, Text, Int4], Text,
            (a, _) => Substr(a, (int)a[2]!, (int)a[3]!, (string)a[4]!, (int)a[5]!));
        r.Fn(2767, "regexp_split_to_array", [Text, Text], Text.ArrayType!,
            (a, _) => new PgArray(Text, [.. Split((string)a[0]!, (string)a[1]!, null)]));
        r.Fn(2768, "regexp_split_to_array", [Text, Text, Text], Text.ArrayType!,
            (a, _) => new PgArray(Text, [.. Split((string)a[0]!, (string)a[1]!, (string)a[2]!)]));

        r.Srf(2763, "regexp_matches", [Text, Text], [("regexp_matches", Text.ArrayType!)],
            (a, _) => Matches((string)a[0]!, (string)a[1]!, null));
        r.Srf(2764, "regexp_matches", [Text, Text, Text], [("regexp_matches", Text.ArrayType!)],
            (a, _) => Matches((string)a[0]!, (string)a[1]!, (string)a[2]!));
        r.Srf(2765, "regexp_split_to_table", [Text, Text], [("regexp_split_to_table", Text)],
            (a, _) => Rows(Split((string)a[0]!, (string)a[1]!, null)));
        r.Srf(2766, "regexp_split_to_table", [Text, Text, Text], [("regexp_split_to_table", Text)],
            (a, _) => Rows(Split((string)a[0]!, (string)a[1]!, (string)a[2]!)));
    }

    private static string Arg(object v, bool trimBpchar) => trimBpchar ? ((string)v).TrimEnd(' ') : (string)v;

    private static string Latin1(byte[] b) => Encoding.Latin1.GetString(b);

    private static IEnumerable<object?[]> Rows(List<object?> items)
    {
        foreach (var item in items)
        {
            yield return [item];
        }
    }

    /// <summary>LIKE with '%', '_' and backslash escapes; ILIKE folds ASCII case (C locale).</summary>
    internal static bool Like(string s, string p, bool ignoreCase)
    {
        if (ignoreCase)
        {
            s = TextUtil.Lower(s);
            p = TextUtil.Lower(p);
        }

        return LikeAt(s, 0, p, 0);
    }

    private static bool LikeAt(string s, int si, string p, int pi)
    {
        while (pi < p.Length)
        {
            var c = p[pi];
            if (c == '%')
            {
                // Collapse runs of % and _; each _ consumes one character.
                while (pi < p.Length && (p[pi] == '%' || p[pi] == '_'))
                {
                    if (p[pi] == '_')
                    {
                        if (si >= s.Length)
                        {
                            return false;
                        }

                        si += CharWidth(s, si);
                    }

                    pi++;
                }

                if (pi == p.Length)
                {
                    return true;
                }

                for (var k = si; k <= s.Length; k++)
                {
                    if (LikeAt(s, k, p, pi))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (si >= s.Length)
            {
                return false;
            }

            if (c == '_')
            {
                si += CharWidth(s, si);
                pi++;
                continue;
            }

            if (c == '\\')
            {
                pi++;
                if (pi >= p.Length)
                {
                    return FunctionErrors.Error<bool>(SqlState.InvalidEscapeSequence, "LIKE pattern must not end with escape character");
                }

                c = p[pi];
            }

            if (s[si] != c)
            {
                return false;
            }

            si++;
            pi++;
        }

        return si == s.Length;
    }

    private static int CharWidth(string s, int i) => char.IsHighSurrogate(s[i]) && i + 1 < s.Length ? 2 : 1;

    private static string LikeEscape(string pattern, string escape)
    {
        if (escape.Length == 0)
        {
            return pattern.Replace("\\", "\\\\", StringComparison.Ordinal);
        }

        if (TextUtil.Length(escape) != 1)
        {
            throw new PgException(SqlState.InvalidEscapeSequence, "invalid escape string")
            {
                Hint = "Escape string must be empty or one character.",
            };
        }

        var e = escape[0];
        if (e == '\\')
        {
            return pattern;
        }

        var sb = new StringBuilder(pattern.Length);
        var afterEscape = false;
        foreach (var c in pattern)
        {
            if (afterEscape)
            {
                if (c == '\\')
                {
                    sb.Append('\\');
                }

                sb.Append(c);
                afterEscape = false;
            }
            else if (c == e)
            {
                sb.Append('\\');
                afterEscape = true;
            }
            else if (c == '\\')
            {
                sb.Append("\\\\");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>similar_to_escape: a SIMILAR TO pattern as a POSIX regex anchored at both ends.</summary>
    internal static string SimilarEscape(string pattern, string escape)
    {
        char? e = null;
        if (escape.Length > 0)
        {
            if (TextUtil.Length(escape) != 1)
            {
                throw new PgException(SqlState.InvalidEscapeSequence, "invalid escape string")
                {
                    Hint = "Escape string must be empty or one character.",
                };
            }

            e = escape[0];
        }

        var sb = new StringBuilder("^(?:", pattern.Length + 8);
        var afterEscape = false;
        var inCharClass = false;
        var nquotes = 0;
        foreach (var c in pattern)
        {
            if (afterEscape)
            {
                if (c == '"' && !inCharClass)
                {
                    if (nquotes == 0)
                    {
                        sb.Append("){1,1}?(");
                    }
                    else if (nquotes == 1)
                    {
                        sb.Append("){1,1}(?:");
                    }
                    else
                    {
                        return FunctionErrors.Error<string>(SqlState.InvalidUseOfEscapeCharacter,
                            "SQL regular expression may not contain more than two escape-double-quote separators");
                    }

                    nquotes++;
                }
                else
                {
                    sb.Append('\\').Append(c);
                }

                afterEscape = false;
            }
            else if (e is { } esc && c == esc)
            {
                afterEscape = true;
            }
            else if (inCharClass)
            {
                if (c == '\\')
                {
                    sb.Append('\\');
                }

                sb.Append(c);
                if (c == ']')
                {
                    inCharClass = false;
                }
            }
            else
            {
                switch (c)
                {
                    case '[':
                        sb.Append('[');
                        inCharClass = true;
                        break;
                    case '%':
                        sb.Append(".*");
                        break;
                    case '_':
                        sb.Append('.');
                        break;
                    case '(':
                        sb.Append("(?:");
                        break;
                    case '\\' or '.' or '^' or '$':
                        sb.Append('\\').Append(c);
                        break;
                    default:
                        sb.Append(c);
                        break;
                }
            }
        }

        return sb.Append(")$").ToString();
    }

    private static bool IsMatch(string s, string pattern, bool ignoreCase) =>
        PgRegex.Get(pattern, new PgRegex.Flags(false, ignoreCase, false, false, false)).IsMatch(s);

    private static string? RegexSubstring(string s, string pattern)
    {
        var m = PgRegex.Get(pattern, default).Match(s);
        if (!m.Success)
        {
            return null;
        }

        if (m.Groups.Count > 1)
        {
            return m.Groups[1].Success ? m.Groups[1].Value : null;
        }

        return m.Value;
    }

    private static string Replace(string s, string pattern, string replacement, string? flagText)
    {
        var flags = PgRegex.ParseFlags(flagText, "regexp_replace");
        var re = PgRegex.Get(pattern, flags);
        return flags.Global ? re.Replace(s, m => PgRegex.Expand(m, replacement))
            : re.Replace(s, m => PgRegex.Expand(m, replacement), 1);
    }

    private static string ReplaceAt(string s, string pattern, string replacement, int start, int n, string? flagText)
    {
        if (start <= 0)
        {
            return FunctionErrors.InvalidParameter<string>($"invalid value for parameter \"start\": {start}");
        }

        if (n < -1)
        {
            return FunctionErrors.InvalidParameter<string>($"invalid value for parameter \"n\": {n}");
        }

        var flags = PgRegex.ParseFlags(flagText, "regexp_replace");
        var re = PgRegex.Get(pattern, flags);
        if (start - 1 > s.Length)
        {
            return s;
        }

        // N omitted: the first match (all with the g flag); N = 0: all matches; N > 0: only the Nth.
        var all = n == 0 || (n == -1 && flags.Global);
        var target = n > 0 ? n : 1;
        var count = 0;
        return re.Replace(s, m =>
        {
            count++;
            if (all || count == target)
            {
                return PgRegex.Expand(m, replacement);
            }

            return m.Value;
        }, -1, start - 1);
    }

    private static PgArray? MatchArray(string s, string pattern, string? flagText)
    {
        var flags = PgRegex.ParseFlags(flagText, "regexp_match", allowGlobal: false);
        var m = PgRegex.Get(pattern, flags).Match(s);
        return m.Success ? ToArray(m) : null;
    }

    private static PgArray ToArray(Match m)
    {
        if (m.Groups.Count == 1)
        {
            return new PgArray(Text, [m.Value]);
        }

        var items = new object?[m.Groups.Count - 1];
        for (var i = 1; i < m.Groups.Count; i++)
        {
            items[i - 1] = m.Groups[i].Success ? m.Groups[i].Value : null;
        }

        return new PgArray(Text, items);
    }

    private static IEnumerable<object?[]> Matches(string s, string pattern, string? flagText)
    {
        var flags = PgRegex.ParseFlags(flagText, "regexp_matches");
        var re = PgRegex.Get(pattern, flags);
        if (!flags.Global)
        {
            var m = re.Match(s);
            if (m.Success)
            {
                yield return [ToArray(m)];
            }

            yield break;
        }

        foreach (var m in NonDegenerate(re, s, false))
        {
            yield return [ToArray(m)];
        }
    }

    /// <summary>Successive matches, advancing at least one character after an empty match; with
    /// <paramref name="ignoreDegenerate"/>, empty matches at the end or right after a previous match are skipped.</summary>
    private static IEnumerable<Match> NonDegenerate(Regex re, string s, bool ignoreDegenerate)
    {
        var start = 0;
        var prevEnd = 0;
        while (start <= s.Length)
        {
            var m = re.Match(s, start);
            if (!m.Success)
            {
                yield break;
            }

            var so = m.Index;
            var eo = m.Index + m.Length;
            if (!ignoreDegenerate || (so < s.Length && eo > prevEnd))
            {
                yield return m;
                prevEnd = eo;
            }

            start = eo == so ? eo + 1 : eo;
        }
    }

    private static List<object?> Split(string s, string pattern, string? flagText)
    {
        var flags = PgRegex.ParseFlags(flagText, "regexp_split_to_table", allowGlobal: false);
        var re = PgRegex.Get(pattern, flags);
        var result = new List<object?>();
        var pos = 0;
        foreach (var m in NonDegenerate(re, s, true))
        {
            result.Add(s[pos..m.Index]);
            pos = m.Index + m.Length;
        }

        result.Add(s[pos..]);
        return result;
    }

    private static bool Like2(string s, string pattern, string? flagText)
    {
        var flags = PgRegex.ParseFlags(flagText, "regexp_like", allowGlobal: false);
        return PgRegex.Get(pattern, flags).IsMatch(s);
    }

    private static int Count(string s, string pattern, int start, string? flagText)
    {
        if (start <= 0)
        {
            return FunctionErrors.InvalidParameter<int>($"invalid value for parameter \"start\": {start}");
        }

        var flags = PgRegex.ParseFlags(flagText, "regexp_count", allowGlobal: false);
        var re = PgRegex.Get(pattern, flags);
        if (start - 1 > s.Length)
        {
            return 0;
        }

        var n = 0;
        foreach (var _ in NonDegenerate(re, s[(start - 1)..], false))
        {
            n++;
        }

        return n;
    }

    private static string? Substr(ReadOnlySpan<object?> a, int start, int n, string? flagText, int subexpr)
    {
        var s = (string)a[0]!;
        if (start <= 0)
        {
            return FunctionErrors.InvalidParameter<string>($"invalid value for parameter \"start\": {start}");
        }

        if (n <= 0)
        {
            return FunctionErrors.InvalidParameter<string>($"invalid value for parameter \"n\": {n}");
        }

        var flags = PgRegex.ParseFlags(flagText, "regexp_substr", allowGlobal: false);
        var re = PgRegex.Get((string)a[1]!, flags);
        if (start - 1 > s.Length)
        {
            return null;
        }

        var k = 0;
        foreach (var m in NonDegenerate(re, s, false))
        {
            if (m.Index < start - 1)
            {
                continue;
            }

            if (++k == n)
            {
                if (subexpr == 0)
                {
                    return m.Value;
                }

                return subexpr < m.Groups.Count && m.Groups[subexpr].Success ? m.Groups[subexpr].Value : null;
            }
        }

        return null;
    }
}
