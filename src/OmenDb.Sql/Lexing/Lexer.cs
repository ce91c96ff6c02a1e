using System.Buffers;
using System.Text;
using OmenDb.Common;
using OmenDb.Sql.Ast;

namespace OmenDb.Sql.Lexing;

/// <summary>
/// PostgreSQL 15's lexical rules (scan.l), producing one token per <see cref="Next"/> call so that an earlier syntax
/// error is reported before a later lexical one, as PostgreSQL does. Positions are character offsets.
/// </summary>
internal sealed partial class Lexer
{
    /// <summary>NAMEDATALEN - 1: identifiers are truncated to this many UTF-8 bytes.</summary>
    private const int MaxIdentifierBytes = 63;

    private readonly string _sql;
    private int _pos;

    /// <summary>Creates a lexer over the whole query string.</summary>
    public Lexer(string sql)
    {
        _sql = sql;
    }

    /// <summary>The source text.</summary>
    public string Source => _sql;

    /// <summary>Tokenises a whole string (tests and tools).</summary>
    public static List<Token> Tokenize(string sql)
    {
        var lexer = new Lexer(sql);
        var list = new List<Token>();
        while (true)
        {
            var t = lexer.Next();
            if (t.Kind == TokenKind.End)
            {
                return list;
            }

            list.Add(t);
        }
    }

    /// <summary>Returns the next token, or an End token at the input's end.</summary>
    public Token Next()
    {
        SkipWhitespaceAndComments();
        var s = _sql;
        var start = _pos;
        if (start >= s.Length)
        {
            return new Token(TokenKind.End, s.Length, s.Length, "");
        }

        var c = s[start];
        switch (c)
        {
            case '\'':
                return LexStandardString(start, start);
            case '"':
                return LexQuotedIdentifier(start, start + 1);
            case '$':
                return LexDollar(start);
            case '(':
                return Single(TokenKind.LParen, start);
            case ')':
                return Single(TokenKind.RParen, start);
            case '[':
                return Single(TokenKind.LBracket, start);
            case ']':
                return Single(TokenKind.RBracket, start);
            case ',':
                return Single(TokenKind.Comma, start);
            case ';':
                return Single(TokenKind.Semicolon, start);
            case ':':
                if (start + 1 < s.Length && s[start + 1] == ':')
                {
                    _pos = start + 2;
                    return new Token(TokenKind.DoubleColon, start, _pos, "::");
                }

                if (start + 1 < s.Length && s[start + 1] == '=')
                {
                    _pos = start + 2;
                    return new Token(TokenKind.ColonEquals, start, _pos, ":=");
                }

                return Single(TokenKind.Colon, start);
            case '.':
                if (start + 1 < s.Length && char.IsAsciiDigit(s[start + 1]))
                {
                    return LexNumber(start);
                }

                if (start + 1 < s.Length && s[start + 1] == '.')
                {
                    _pos = start + 2;
                    return new Token(TokenKind.DotDot, start, _pos, "..");
                }

                return Single(TokenKind.Dot, start);
        }

        if (char.IsAsciiDigit(c))
        {
            return LexNumber(start);
        }

        if (IsIdentStart(c))
        {
            if (start + 1 < s.Length && s[start + 1] == '\'')
            {
                switch (c)
                {
                    case 'e' or 'E':
                        return LexEscapeString(start);
                    case 'b' or 'B':
                        return LexBitString(start, TokenKind.BitString);
                    case 'x' or 'X':
                        return LexBitString(start, TokenKind.HexString);
                    case 'n' or 'N':
                        // National character literal: a plain string constant here.
                        return LexStandardString(start, start + 1);
                }
            }

            if ((c == 'u' || c == 'U') && start + 2 < s.Length && s[start + 1] == '&' && (s[start + 2] == '\'' || s[start + 2] == '"'))
            {
                return s[start + 2] == '\'' ? LexUnicodeString(start) : LexUnicodeIdentifier(start);
            }

            return LexIdentifier(start);
        }

        if (IsOpChar(c))
        {
            return LexOperator(start);
        }

        _pos = start + 1;
        SqlErrors.Syntax($"syntax error at or near \"{c}\"", start);
        return default;
    }

    private Token Single(TokenKind kind, int start)
    {
        _pos = start + 1;
        return new Token(kind, start, start + 1, _sql.Substring(start, 1));
    }

    /// <summary>PostgreSQL's ident_start: ASCII letters, underscore and any non-ASCII character.</summary>
    internal static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c == '_' || c >= '\u0080';

    /// <summary>PostgreSQL's ident_cont: ident_start, digits and '$'.</summary>
    internal static bool IsIdentCont(char c) => IsIdentStart(c) || char.IsAsciiDigit(c) || c == '$';

    /// <summary>op_chars of scan.l.</summary>
    internal static bool IsOpChar(char c) => c is '~' or '!' or '@' or '#' or '^' or '&' or '|' or '`' or '?' or '+' or '-' or '*'
        or '/' or '%' or '<' or '>' or '=';

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    private void SkipWhitespaceAndComments()
    {
        var s = _sql;
        var i = _pos;
        while (i < s.Length)
        {
            var c = s[i];
            if (IsWhitespace(c))
            {
                i++;
            }
            else if (c == '-' && i + 1 < s.Length && s[i + 1] == '-')
            {
                i += 2;
                while (i < s.Length && s[i] != '\n' && s[i] != '\r')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                i = SkipBlockComment(i);
            }
            else
            {
                break;
            }
        }

        _pos = i;
    }

    /// <summary>Skips a (nested) /* */ comment starting at <paramref name="start"/> and returns the index after it.</summary>
    private int SkipBlockComment(int start)
    {
        var s = _sql;
        var depth = 0;
        var i = start;
        while (i < s.Length)
        {
            if (s[i] == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (s[i] == '*' && i + 1 < s.Length && s[i + 1] == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        _pos = s.Length;
        SqlErrors.Syntax($"unterminated /* comment at or near \"{s[start..]}\"", start);
        return 0;
    }

    private Token LexIdentifier(int start)
    {
        var s = _sql;
        var i = start + 1;
        var needsFold = false;
        if (char.IsAsciiLetterUpper(s[start]))
        {
            needsFold = true;
        }

        while (i < s.Length && IsIdentCont(s[i]))
        {
            if (char.IsAsciiLetterUpper(s[i]))
            {
                needsFold = true;
            }

            i++;
        }

        _pos = i;
        string text;
        if (needsFold)
        {
            text = string.Create(i - start, (s, start), static (span, st) =>
            {
                var src = st.s.AsSpan(st.start, span.Length);
                for (var k = 0; k < span.Length; k++)
                {
                    var ch = src[k];
                    span[k] = char.IsAsciiLetterUpper(ch) ? (char)(ch | 0x20) : ch;
                }
            });
        }
        else
        {
            text = s.Substring(start, i - start);
        }

        var category = Keywords.Lookup(text);
        if (category == KeywordCategory.None)
        {
            text = TruncateIdentifier(text);
        }

        return new Token(TokenKind.Identifier, start, i, text) { Keyword = category };
    }

    /// <summary>Truncates an identifier to NAMEDATALEN-1 bytes of UTF-8 on a character boundary, as PostgreSQL does.</summary>
    internal static string TruncateIdentifier(string text)
    {
        if (text.Length <= MaxIdentifierBytes / 4 || Encoding.UTF8.GetByteCount(text) <= MaxIdentifierBytes)
        {
            return text;
        }

        var bytes = 0;
        for (var k = 0; k < text.Length; k++)
        {
            var n = char.IsHighSurrogate(text[k]) && k + 1 < text.Length ? 4 : text[k] < 0x80 ? 1 : text[k] < 0x800 ? 2 : 3;
            if (bytes + n > MaxIdentifierBytes)
            {
                return text[..k];
            }

            bytes += n;
            if (n == 4)
            {
                k++;
            }
        }

        return text;
    }

    private Token LexQuotedIdentifier(int start, int open)
    {
        var s = _sql;
        var i = open;
        var quotes = 0;
        while (true)
        {
            var close = s.IndexOf('"', i);
            if (close < 0)
            {
                _pos = s.Length;
                SqlErrors.Syntax($"unterminated quoted identifier at or near \"{s[start..]}\"", start);
            }

            if (close + 1 < s.Length && s[close + 1] == '"')
            {
                quotes++;
                i = close + 2;
                continue;
            }

            _pos = close + 1;
            if (close == open)
            {
                SqlErrors.Syntax("zero-length delimited identifier at or near \"\"\"\"", start);
            }

            var text = quotes == 0 ? s[open..close] : s[open..close].Replace("\"\"", "\"", StringComparison.Ordinal);
            return new Token(TokenKind.QuotedIdentifier, start, _pos, TruncateIdentifier(text));
        }
    }

    private Token LexNumber(int start)
    {
        var s = _sql;
        var i = start;
        var isNumeric = false;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i < s.Length && s[i] == '.' && !(i + 1 < s.Length && s[i + 1] == '.'))
        {
            isNumeric = true;
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            var j = i + 1;
            if (j < s.Length && (s[j] == '+' || s[j] == '-'))
            {
                j++;
            }

            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                isNumeric = true;
                i = j;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }
            }
            else
            {
                // realfail: "1e", "1e+" are trailing junk in PostgreSQL 15.
                _pos = j;
                while (_pos < s.Length && IsIdentCont(s[_pos]))
                {
                    _pos++;
                }

                SqlErrors.Syntax($"trailing junk after numeric literal at or near \"{s[start.._pos]}\"", start);
            }
        }

        if (i < s.Length && IsIdentStart(s[i]))
        {
            var j = i;
            while (j < s.Length && IsIdentCont(s[j]))
            {
                j++;
            }

            _pos = j;
            SqlErrors.Syntax($"trailing junk after numeric literal at or near \"{s[start..j]}\"", start);
        }

        _pos = i;
        return new Token(isNumeric ? TokenKind.Numeric : TokenKind.Integer, start, i, s[start..i]);
    }

    private Token LexDollar(int start)
    {
        var s = _sql;
        var i = start + 1;
        if (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i < s.Length && IsIdentStart(s[i]))
            {
                var j = i;
                while (j < s.Length && IsIdentCont(s[j]))
                {
                    j++;
                }

                _pos = j;
                SqlErrors.Syntax($"trailing junk after parameter at or near \"{s[start..j]}\"", start);
            }

            _pos = i;
            return new Token(TokenKind.Param, start, i, s[(start + 1)..i]);
        }

        // Dollar-quote delimiter: $tag$ where tag is [ident_start][ident_start|digit]* (no '$').
        if (i < s.Length && IsIdentStart(s[i]))
        {
            i++;
            while (i < s.Length && (IsIdentStart(s[i]) || char.IsAsciiDigit(s[i])))
            {
                i++;
            }
        }

        if (i >= s.Length || s[i] != '$')
        {
            _pos = start + 1;
            SqlErrors.Syntax("syntax error at or near \"$\"", start);
        }

        var delimiter = s.AsSpan(start, i + 1 - start);
        var bodyStart = i + 1;
        var end = s.AsSpan(bodyStart).IndexOf(delimiter, StringComparison.Ordinal);
        if (end < 0)
        {
            _pos = s.Length;
            SqlErrors.Syntax($"unterminated dollar-quoted string at or near \"{s[start..]}\"", start);
        }

        _pos = bodyStart + end + delimiter.Length;
        return new Token(TokenKind.String, start, _pos, s.Substring(bodyStart, end)) { StringKind = StringLiteralKind.Dollar };
    }

    private Token LexBitString(int start, TokenKind kind)
    {
        var s = _sql;
        var open = start + 2;
        var close = s.IndexOf('\'', open);
        if (close < 0)
        {
            _pos = s.Length;
            var what = kind == TokenKind.BitString ? "bit string literal" : "hexadecimal string literal";
            SqlErrors.Syntax($"unterminated {what} at or near \"{s[start..]}\"", start);
        }

        _pos = close + 1;
        return new Token(kind, start, _pos, s[open..close]);
    }

    private Token LexOperator(int start)
    {
        var s = _sql;
        var i = start;
        while (i < s.Length && IsOpChar(s[i]))
        {
            i++;
        }

        var n = i - start;

        // A comment start inside the run ends the operator there.
        for (var k = start + 1; k < i; k++)
        {
            if ((s[k] == '-' && k + 1 < i && s[k + 1] == '-') || (s[k] == '/' && k + 1 < i && s[k + 1] == '*'))
            {
                n = k - start;
                break;
            }
        }

        // For SQL compatibility, '+' and '-' cannot end a multi-character operator unless the operator contains a
        // character that is not in SQL operators (scan.l).
        if (n > 1 && (s[start + n - 1] == '+' || s[start + n - 1] == '-'))
        {
            var qualifies = false;
            for (var k = start + n - 2; k >= start; k--)
            {
                if (s[k] is '~' or '!' or '@' or '#' or '^' or '&' or '|' or '`' or '?' or '%')
                {
                    qualifies = true;
                    break;
                }
            }

            if (!qualifies)
            {
                do
                {
                    n--;
                }
                while (n > 1 && (s[start + n - 1] == '+' || s[start + n - 1] == '-'));
            }
        }

        _pos = start + n;
        if (n >= 64)
        {
            SqlErrors.Syntax("operator too long", start);
        }

        var text = s.Substring(start, n);
        if (text == "=>")
        {
            return new Token(TokenKind.EqualsGreater, start, _pos, text);
        }

        return new Token(TokenKind.Operator, start, _pos, text);
    }

    /// <summary>Throws 22025 for a bad \u escape, at the escape's offset.</summary>
    private static void InvalidUnicodeEscape(int offset, bool escapeString) =>
        SqlErrors.Throw(SqlState.InvalidEscapeSequence, "invalid Unicode escape", offset,
            escapeString ? "Unicode escapes must be \\uXXXX or \\UXXXXXXXX." : "Unicode escapes must be \\XXXX or \\+XXXXXX.");

    /// <summary>Rents a buffer for decoding a string literal of at most <paramref name="length"/> characters.</summary>
    private static char[] Rent(int length) => ArrayPool<char>.Shared.Rent(Math.Max(16, length));

    private static void Return(char[] buffer) => ArrayPool<char>.Shared.Return(buffer);
}
