using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using OmenDb.Common;

namespace OmenDb.Engine.Functions.Strings;

/// <summary>
/// PostgreSQL's ARE regular expressions translated to .NET regexes (the common subset): POSIX bracket classes,
/// \m \M \y \Y word boundaries, ASCII \d \w \s (C locale), '.' matching newlines unless the n flag is given, '$' only at
/// the very end. Compiled regexes are cached in a small bounded cache.
/// </summary>
internal static class PgRegex
{
    /// <summary>Flags parsed from a flags string.</summary>
    internal readonly record struct Flags(bool Global, bool IgnoreCase, bool Newline, bool Expanded, bool Literal);

    private const int CacheLimit = 256;
    private static readonly ConcurrentDictionary<(string Pattern, Flags Flags), Regex> s_cache = new();

    public static Flags ParseFlags(string? flags, string function, bool allowGlobal = true)
    {
        var f = default(Flags);
        if (flags is null)
        {
            return f;
        }

        foreach (var ch in flags)
        {
            switch (ch)
            {
                case 'g':
                    if (!allowGlobal)
                    {
                        throw new PgException(SqlState.InvalidParameterValue, $"{function}() does not support the \"global\" option")
                        {
                            Hint = function == "regexp_match" ? "Use the regexp_matches function instead." : null,
                        };
                    }

                    f = f with { Global = true };
                    break;
                case 'i':
                    f = f with { IgnoreCase = true };
                    break;
                case 'c':
                    f = f with { IgnoreCase = false };
                    break;
                case 'n' or 'm':
                    f = f with { Newline = true };
                    break;
                case 's':
                    f = f with { Newline = false };
                    break;
                case 'x':
                    f = f with { Expanded = true };
                    break;
                case 'q':
                    f = f with { Literal = true };
                    break;
                case 'p' or 'w' or 't' or 'e' or 'b':
                    break;
                default:
                    return FunctionErrors.InvalidParameter<Flags>($"invalid regular expression option: \"{ch}\"");
            }
        }

        return f;
    }

    public static Regex Get(string pattern, Flags flags)
    {
        var key = (pattern, flags with { Global = false });
        if (s_cache.TryGetValue(key, out var re))
        {
            return re;
        }

        // Case-insensitive matching folds ASCII letters only, as PostgreSQL's regex engine does under the C collation
        // ('Ü' ~* 'ü' is false): letters are expanded into both cases instead of using RegexOptions.IgnoreCase.
        var options = RegexOptions.CultureInvariant;

        if (flags.Newline)
        {
            options |= RegexOptions.Multiline;
        }
        else
        {
            options |= RegexOptions.Singleline;
        }

        if (flags.Expanded)
        {
            options |= RegexOptions.IgnorePatternWhitespace;
        }

        var translated = flags.Literal ? Regex.Escape(pattern) : Translate(pattern, flags.Newline);
        if (flags.IgnoreCase)
        {
            translated = FoldAsciiCase(translated);
        }

        try
        {
            re = new Regex(translated, options, TimeSpan.FromSeconds(30));
        }
        catch (ArgumentException e)
        {
            return FunctionErrors.Error<Regex>(SqlState.InvalidRegularExpression, "invalid regular expression: " + Describe(e));
        }

        if (s_cache.Count >= CacheLimit)
        {
            s_cache.Clear();
        }

        s_cache[key] = re;
        return re;
    }

    /// <summary>
    /// Makes a .NET pattern match ASCII letters in either case: a literal letter x becomes [xX] (inside a class, xX;
    /// a letter range a-f also gets A-F). Escapes (\\w, \\p{..}, \\k&lt;..&gt;, \\x41) and group names are copied unchanged.
    /// </summary>
    internal static string FoldAsciiCase(string pattern)
    {
        var sb = new System.Text.StringBuilder(pattern.Length * 2);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var end = i + 2;
                var next = pattern[i + 1];
                var close = next is 'p' or 'P' ? '}' : next == 'k' ? '>' : '\0';
                if (close != '\0')
                {
                    end = Math.Max(end, pattern.IndexOf(close, i + 2) + 1);
                }
                else if (next == 'x')
                {
                    end = Math.Min(pattern.Length, i + 4);
                }
                else if (next == 'u')
                {
                    end = Math.Min(pattern.Length, i + 6);
                }

                sb.Append(pattern, i, end - i);
                i = end - 1;
                continue;
            }

            if (!inClass && c == '(' && i + 2 < pattern.Length && pattern[i + 1] == '?' && pattern[i + 2] is '<' or '\''
                && i + 3 < pattern.Length && char.IsAsciiLetter(pattern[i + 3]))
            {
                var end = pattern.IndexOf(pattern[i + 2] == '<' ? '>' : '\'', i + 3);
                end = end < 0 ? pattern.Length - 1 : end;
                sb.Append(pattern, i, end - i + 1);
                i = end;
                continue;
            }

            if (c == '[' && !inClass)
            {
                inClass = true;
                sb.Append(c);
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    sb.Append('^');
                    i++;
                }

                continue;
            }

            if (c == ']' && inClass)
            {
                inClass = false;
                sb.Append(c);
                continue;
            }

            if (!char.IsAsciiLetter(c))
            {
                sb.Append(c);
                continue;
            }

            var other = char.IsAsciiLetterLower(c) ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c);
            if (!inClass)
            {
                sb.Append('[').Append(c).Append(other).Append(']');
            }
            else if (i + 2 < pattern.Length && pattern[i + 1] == '-' && char.IsAsciiLetter(pattern[i + 2])
                && char.IsAsciiLetterLower(c) == char.IsAsciiLetterLower(pattern[i + 2]))
            {
                var hi = pattern[i + 2];
                var otherHi = char.IsAsciiLetterLower(hi) ? char.ToUpperInvariant(hi) : char.ToLowerInvariant(hi);
                sb.Append(c).Append('-').Append(hi).Append(other).Append('-').Append(otherHi);
                i += 2;
            }
            else
            {
                sb.Append(c).Append(other);
            }
        }

        return sb.ToString();
    }

    private static string Describe(ArgumentException e) => e is RegexParseException p
        ? p.Error switch
        {
            RegexParseError.InsufficientClosingParentheses or RegexParseError.InsufficientOpeningParentheses =>
                "parentheses () not balanced",
            RegexParseError.UnterminatedBracket => "brackets [] not balanced",
            RegexParseError.QuantifierAfterNothing => "quantifier operand invalid",
            RegexParseError.ReversedCharacterRange => "invalid character range",
            RegexParseError.UnescapedEndingBackslash => "invalid escape \\ sequence",
            _ => "invalid regular expression",
        }
        : "invalid regular expression";

    private static string PosixClass(string name) => name switch
    {
        "alpha" => "a-zA-Z",
        "digit" => "0-9",
        "alnum" => "a-zA-Z0-9",
        "upper" => "A-Z",
        "lower" => "a-z",
        "space" => " \\t\\n\\r\\f\\v",
        "blank" => " \\t",
        "punct" => "!-/:-@\\[-`{-~",
        "xdigit" => "0-9A-Fa-f",
        "word" => "a-zA-Z0-9_",
        "cntrl" => "\\x00-\\x1f\\x7f",
        "print" => " -~",
        "graph" => "!-~",
        _ => FunctionErrors.Error<string>(SqlState.InvalidRegularExpression, "invalid regular expression: invalid character class"),
    };

    /// <summary>Rewrites ARE syntax that .NET reads differently.</summary>
    private static string Translate(string p, bool newline)
    {
        var sb = new StringBuilder(p.Length + 8);
        var i = 0;
        while (i < p.Length)
        {
            var c = p[i];
            if (c == '\\' && i + 1 < p.Length)
            {
                var n = p[i + 1];
                i += 2;
                switch (n)
                {
                    case 'm':
                        sb.Append(@"\b(?=\w)");
                        break;
                    case 'M':
                        sb.Append(@"\b(?<=\w)");
                        break;
                    case 'y':
                        sb.Append(@"\b");
                        break;
                    case 'Y':
                        sb.Append(@"\B");
                        break;
                    case 'd':
                        sb.Append("[0-9]");
                        break;
                    case 'D':
                        sb.Append("[^0-9]");
                        break;
                    case 'w':
                        sb.Append("[a-zA-Z0-9_]");
                        break;
                    case 'W':
                        sb.Append("[^a-zA-Z0-9_]");
                        break;
                    case 's':
                        sb.Append(@"[ \t\n\r\f\v]");
                        break;
                    case 'S':
                        sb.Append(@"[^ \t\n\r\f\v]");
                        break;
                    case 'Z':
                        sb.Append(@"\z");
                        break;
                    default:
                        sb.Append('\\').Append(n);
                        break;
                }

                continue;
            }

            if (c == '[')
            {
                i = TranslateBracket(p, i, sb, newline);
                continue;
            }

            if (c == '$' && !newline)
            {
                sb.Append(@"\z");
                i++;
                continue;
            }

            if (c == '.' && newline)
            {
                sb.Append(@"[^\n]");
                i++;
                continue;
            }

            sb.Append(c);
            i++;
        }

        return sb.ToString();
    }

    private static int TranslateBracket(string p, int i, StringBuilder sb, bool newline)
    {
        sb.Append('[');
        i++;
        var negated = false;
        if (i < p.Length && p[i] == '^')
        {
            sb.Append('^');
            negated = true;
            i++;
        }

        if (negated && newline)
        {
            sb.Append(@"\n");
        }

        // A leading ']' is a literal.
        if (i < p.Length && p[i] == ']')
        {
            sb.Append(@"\]");
            i++;
        }

        while (i < p.Length && p[i] != ']')
        {
            if (p[i] == '[' && i + 1 < p.Length && p[i + 1] == ':')
            {
                var end = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (end > 0)
                {
                    sb.Append(PosixClass(p[(i + 2)..end]));
                    i = end + 2;
                    continue;
                }
            }

            if (p[i] == '\\' && i + 1 < p.Length)
            {
                var n = p[i + 1];
                sb.Append(n switch
                {
                    'd' => "0-9",
                    'w' => "a-zA-Z0-9_",
                    's' => @" \t\n\r\f\v",
                    _ => "\\" + n,
                });
                i += 2;
                continue;
            }

            if (p[i] == '[')
            {
                sb.Append(@"\[");
                i++;
                continue;
            }

            sb.Append(p[i]);
            i++;
        }

        sb.Append(']');
        return Math.Min(i + 1, p.Length + 1);
    }

    /// <summary>Applies a PostgreSQL replacement string (\1-\9, \&amp;, \\) to a match.</summary>
    public static string Expand(Match m, string replacement)
    {
        if (!replacement.Contains('\\', StringComparison.Ordinal))
        {
            return replacement;
        }

        var sb = new StringBuilder(replacement.Length + 16);
        for (var i = 0; i < replacement.Length; i++)
        {
            var c = replacement[i];
            if (c == '\\' && i + 1 < replacement.Length)
            {
                var n = replacement[i + 1];
                if (n is >= '1' and <= '9')
                {
                    var g = m.Groups[n - '0'];
                    if (n - '0' < m.Groups.Count && g.Success)
                    {
                        sb.Append(g.Value);
                    }

                    i++;
                    continue;
                }

                if (n == '&')
                {
                    sb.Append(m.Value);
                    i++;
                    continue;
                }

                if (n == '\\')
                {
                    sb.Append('\\');
                    i++;
                    continue;
                }
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
