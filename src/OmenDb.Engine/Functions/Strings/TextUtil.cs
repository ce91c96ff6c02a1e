using System.Text;

namespace OmenDb.Engine.Functions.Strings;

/// <summary>
/// Character-level helpers with PostgreSQL's semantics on UTF-8 text: positions and lengths count code points
/// (a surrogate pair is one character), case mapping and word classes follow the C locale (ASCII only).
/// </summary>
internal static class TextUtil
{
    public static bool HasSurrogates(string s)
    {
        foreach (var ch in s)
        {
            if (char.IsSurrogate(ch))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Number of characters (code points).</summary>
    public static int Length(string s)
    {
        if (!HasSurrogates(s))
        {
            return s.Length;
        }

        var n = 0;
        foreach (var _ in s.EnumerateRunes())
        {
            n++;
        }

        return n;
    }

    /// <summary>The code points of a string, each as a string element (only used when surrogates are present).</summary>
    public static string[] Chars(string s)
    {
        var list = new List<string>(s.Length);
        foreach (var r in s.EnumerateRunes())
        {
            list.Add(r.ToString());
        }

        return [.. list];
    }

    /// <summary>Characters [start, start + count) with 0-based code point positions, clamped to the string.</summary>
    public static string Slice(string s, long start, long count)
    {
        if (count <= 0)
        {
            return "";
        }

        if (!HasSurrogates(s))
        {
            if (start >= s.Length)
            {
                return "";
            }

            var end = Math.Min(s.Length, start + count);
            return s.Substring((int)start, (int)(end - start));
        }

        var chars = Chars(s);
        if (start >= chars.Length)
        {
            return "";
        }

        var e = Math.Min(chars.Length, start + count);
        return string.Concat(chars.AsSpan((int)start, (int)(e - start)));
    }

    public static char AsciiLower(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;

    public static char AsciiUpper(char c) => c is >= 'a' and <= 'z' ? (char)(c - 32) : c;

    public static bool IsAsciiAlnum(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';

    public static string Lower(string s) => string.Create(s.Length, s, static (span, src) =>
    {
        for (var i = 0; i < src.Length; i++)
        {
            span[i] = AsciiLower(src[i]);
        }
    });

    public static string Upper(string s) => string.Create(s.Length, s, static (span, src) =>
    {
        for (var i = 0; i < src.Length; i++)
        {
            span[i] = AsciiUpper(src[i]);
        }
    });

    public static int Utf8Length(string s) => Encoding.UTF8.GetByteCount(s);

    /// <summary>bpchar semantics: the value without trailing spaces.</summary>
    public static string TrimBpchar(string s) => s.TrimEnd(' ');
}
