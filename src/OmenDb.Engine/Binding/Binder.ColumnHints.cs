using OmenDb.Common;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Binding;

// PostgreSQL's errorMissingColumn: a missing column's HINT names the closest visible column (Levenshtein
// distance, at most half the name's length and at most 3, plus the distance between a given qualifier and the
// FROM item's name), both columns when two are equally close, or an exact match that this part of the query
// cannot reference.
internal sealed partial class Binder
{
    /// <summary>Largest edit distance that still counts as a suggestion (MAX_FUZZY_DISTANCE).</summary>
    private const int MaxFuzzyDistance = 3;

    private static PgException MissingColumn(Scope scope, string? qualifier, string name, SqlNode node)
    {
        var message = qualifier is null ? $"column \"{name}\" does not exist" : $"column {qualifier}.{name} does not exist";
        return Error(SqlState.UndefinedColumn, message, node, ColumnHint(scope, qualifier, name));
    }

    private static string? ColumnHint(Scope scope, string? qualifier, string name)
    {
        var best = MaxFuzzyDistance + 1;
        (string Alias, string? Column)? first = null;
        (string Alias, string Column)? second = null;
        for (var s = scope; s is not null; s = s.Parent)
        {
            foreach (var item in s.Items)
            {
                var alias = item.Alias ?? "";
                var penalty = qualifier is null ? 0 : Levenshtein(qualifier, alias);
                var exact = false;
                foreach (var col in item.Columns)
                {
                    if (col.Hidden || penalty > best)
                    {
                        continue;
                    }

                    exact |= col.Name == name;
                    var d = Levenshtein(col.Name, name);
                    if (d > name.Length / 2)
                    {
                        continue;
                    }

                    d += penalty;
                    if (d < best)
                    {
                        best = d;
                        first = (alias, col.Name);
                        second = null;
                    }
                    else if (d == best && first is not null)
                    {
                        if (second is null)
                        {
                            second = (alias, col.Name);
                        }
                        else
                        {
                            first = null;
                            second = null;
                        }
                    }
                }

                if (exact && penalty == 0)
                {
                    // Visible by name but not from here (an exact match the lookup did not accept).
                    first = (alias, null);
                    second = null;
                    s = null;
                    break;
                }
            }

            if (s is null)
            {
                break;
            }
        }

        return first switch
        {
            null => null,
            { Column: null } f => $"There is a column named \"{name}\" in table \"{f.Alias}\", but it cannot be referenced from this part of the query.",
            { } f when second is { } sec => $"Perhaps you meant to reference the column \"{f.Alias}.{f.Column}\" or the column \"{sec.Alias}.{sec.Column}\".",
            { } f => $"Perhaps you meant to reference the column \"{f.Alias}.{f.Column}\".",
        };
    }

    /// <summary>Edit distance with unit costs for insertion, deletion and substitution.</summary>
    private static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }
}
