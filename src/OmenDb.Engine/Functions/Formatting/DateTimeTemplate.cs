using System.Globalization;
using System.Text;
using OmenDb.Common;

namespace OmenDb.Engine.Functions.Formatting;

/// <summary>
/// PostgreSQL's date/time template patterns (formatting.c "DCH"): the keyword table shared by to_char and
/// to_date/to_timestamp, and a template split into keywords (with their FM/TH modifiers) and literal text.
/// Keywords match case-sensitively; the spelling of name keywords chooses the output case (MONTH, Month, month).
/// </summary>
internal static class DateTimeTemplate
{
    /// <summary>Keywords, longest spellings first so that "HH24" wins over "HH" and "YYYY" over "YY".</summary>
    private static readonly string[] s_keywords =
    [
        "A.D.", "A.M.", "B.C.", "P.M.", "a.d.", "a.m.", "b.c.", "p.m.",
        "Y,YYY", "y,yyy", "SSSSS", "sssss", "MONTH", "Month", "month",
        "HH24", "HH12", "hh24", "hh12", "IDDD", "iddd", "IYYY", "iyyy", "SSSS", "ssss", "YYYY", "yyyy",
        "DAY", "Day", "day", "DDD", "ddd", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "ff1", "ff2", "ff3", "ff4", "ff5", "ff6",
        "IYY", "iyy", "MON", "Mon", "mon", "TZH", "TZM", "tzh", "tzm", "YYY", "yyy",
        "AD", "AM", "BC", "CC", "DD", "DY", "Dy", "HH", "ID", "IW", "IY", "MI", "MM", "MS", "OF", "PM", "Q", "RM", "SS", "TZ", "US",
        "WW", "YY", "ad", "am", "bc", "cc", "dd", "dy", "hh", "id", "iw", "iy", "mi", "mm", "ms", "of", "pm", "rm", "ss", "tz", "us",
        "ww", "yy", "D", "I", "J", "W", "Y", "d", "i", "j", "q", "w", "y",
    ];

    /// <summary>One template element: a keyword (upper-cased in <see cref="Key"/>, as written in <see cref="Spelling"/>)
    /// or literal text.</summary>
    internal readonly record struct Node(string? Key, string Spelling, bool FillMode, bool Ordinal, bool UpperOrdinal, string Literal)
    {
        public bool IsKeyword => Key is not null;
    }

    /// <summary>Splits a template: FM/FX/TM prefixes, keywords with TH/th suffixes, "quoted text", \ escapes, other characters.</summary>
    public static List<Node> Parse(string template)
    {
        var nodes = new List<Node>();
        var literal = new StringBuilder();
        var fillMode = false;
        var i = 0;
        while (i < template.Length)
        {
            if (Starts(template, i, "FM") || Starts(template, i, "fm"))
            {
                fillMode = true;
                i += 2;
                continue;
            }

            if (Starts(template, i, "FX") || Starts(template, i, "fx") || Starts(template, i, "TM") || Starts(template, i, "tm"))
            {
                i += 2;
                continue;
            }

            var keyword = MatchKeyword(template, i);
            if (keyword is not null)
            {
                Flush(nodes, literal);
                i += keyword.Length;
                var ordinal = false;
                var upper = false;
                if (Starts(template, i, "TH") || Starts(template, i, "th"))
                {
                    ordinal = true;
                    upper = template[i] == 'T';
                    i += 2;
                }

                nodes.Add(new Node(keyword.ToUpperInvariant(), keyword, fillMode, ordinal, upper, ""));
                fillMode = false;
                continue;
            }

            var c = template[i];
            if (c == '"')
            {
                i++;
                while (i < template.Length && template[i] != '"')
                {
                    if (template[i] == '\\' && i + 1 < template.Length)
                    {
                        i++;
                    }

                    literal.Append(template[i++]);
                }

                i++;
                continue;
            }

            if (c == '\\' && i + 1 < template.Length && template[i + 1] == '"')
            {
                literal.Append('"');
                i += 2;
                continue;
            }

            literal.Append(c);
            i++;
        }

        Flush(nodes, literal);
        return nodes;
    }

    private static void Flush(List<Node> nodes, StringBuilder literal)
    {
        if (literal.Length > 0)
        {
            nodes.Add(new Node(null, "", false, false, false, literal.ToString()));
            literal.Clear();
        }
    }

    private static string? MatchKeyword(string template, int i)
    {
        foreach (var k in s_keywords)
        {
            if (Starts(template, i, k))
            {
                return k;
            }
        }

        return null;
    }

    private static bool Starts(string s, int i, string prefix) => string.CompareOrdinal(s, i, prefix, 0, prefix.Length) == 0 && i + prefix.Length <= s.Length;

    internal static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    internal static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    internal static readonly string[] RomanMonths = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];

    /// <summary>The ordinal suffix of a number: st, nd, rd, th (11th-13th).</summary>
    internal static string OrdinalSuffix(long n, bool upper)
    {
        n = Math.Abs(n);
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return upper ? suffix.ToUpperInvariant() : suffix;
    }

    /// <summary>A name in the case the keyword was spelled in: MONTH → MARCH, Month → March, month → march.</summary>
    internal static string Cased(string name, string spelling) =>
        char.IsLower(spelling[0]) ? name.ToLowerInvariant()
        : spelling.Length > 1 && char.IsUpper(spelling[1]) ? name.ToUpperInvariant()
        : name;

    internal static string Number(long value, int width, bool fillMode)
        => fillMode || width <= 1 ? value.ToString(CultureInfo.InvariantCulture)
            : value < 0 ? "-" + (-value).ToString(CultureInfo.InvariantCulture).PadLeft(width - 1, '0')
            : value.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');

    internal static PgException Invalid(string message, string? detail = null)
        => new(SqlState.InvalidDatetimeFormat, message) { Detail = detail };
}
