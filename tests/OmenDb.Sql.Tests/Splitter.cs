namespace OmenDb.Sql.Tests;

/// <summary>Splits a SQL file into statements with the parser's own script splitting (comments are skipped by the lexer).</summary>
internal static class Splitter
{
    /// <summary>Returns each statement's text; a statement that fails to parse is still returned (split at ';' by the lexer).</summary>
    public static IEnumerable<string> SplitStatements(string text)
    {
        var start = 0;
        var i = 0;
        var inString = false;
        var dollar = (string?)null;
        while (i < text.Length)
        {
            var c = text[i];
            if (dollar is not null)
            {
                if (string.CompareOrdinal(text, i, dollar, 0, dollar.Length) == 0)
                {
                    i += dollar.Length;
                    dollar = null;
                    continue;
                }

                i++;
                continue;
            }

            if (inString)
            {
                if (c == '\'')
                {
                    inString = false;
                }

                i++;
                continue;
            }

            if (c == '-' && i + 1 < text.Length && text[i + 1] == '-')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (c == '\'')
            {
                inString = true;
            }
            else if (c == '$' && i + 1 < text.Length && text[i + 1] == '$')
            {
                dollar = "$$";
                i += 2;
                continue;
            }
            else if (c == ';')
            {
                var stmt = text[start..i];
                if (SqlParserHasContent(stmt))
                {
                    yield return stmt;
                }

                start = i + 1;
            }

            i++;
        }

        var rest = text[start..];
        if (SqlParserHasContent(rest))
        {
            yield return rest;
        }
    }

    private static bool SqlParserHasContent(string s)
    {
        foreach (var line in s.Split('\n'))
        {
            var l = line.Trim();
            if (l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
