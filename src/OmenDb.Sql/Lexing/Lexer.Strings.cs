using System.Globalization;
using System.Text;
using OmenDb.Common;
using OmenDb.Sql.Ast;

namespace OmenDb.Sql.Lexing;

/// <summary>String constants: '...', E'...', U&amp;'...', with scan.l's continuation rule.</summary>
internal sealed partial class Lexer
{
    /// <summary>
    /// After a closing quote at <paramref name="afterQuote"/>-1: if whitespace containing a newline (comments allowed)
    /// and then another quote follow, returns the index just after that quote; else -1 (scan.l's quotecontinue).
    /// </summary>
    private static int Continuation(string s, int afterQuote)
    {
        var i = afterQuote;
        var sawNewline = false;
        while (i < s.Length)
        {
            var c = s[i];
            if (c is '\n' or '\r')
            {
                sawNewline = true;
                i++;
            }
            else if (c is ' ' or '\t' or '\f' or '\v')
            {
                i++;
            }
            else if (c == '-' && i + 1 < s.Length && s[i + 1] == '-')
            {
                while (i < s.Length && s[i] != '\n' && s[i] != '\r')
                {
                    i++;
                }
            }
            else
            {
                break;
            }
        }

        return sawNewline && i < s.Length && s[i] == '\'' ? i + 1 : -1;
    }

    /// <summary>
    /// Walks a standard-conforming string whose opening quote is at <paramref name="open"/>: returns the index after the
    /// closing quote (or -1 when unterminated) and the decoded length; writes the value when <paramref name="dest"/> is non-empty.
    /// </summary>
    private static int WalkStandard(string s, int open, Span<char> dest, out int length)
    {
        var i = open + 1;
        length = 0;
        while (true)
        {
            var q = s.IndexOf('\'', i);
            if (q < 0)
            {
                return -1;
            }

            if (!dest.IsEmpty)
            {
                s.AsSpan(i, q - i).CopyTo(dest[length..]);
            }

            length += q - i;
            if (q + 1 < s.Length && s[q + 1] == '\'')
            {
                if (!dest.IsEmpty)
                {
                    dest[length] = '\'';
                }

                length++;
                i = q + 2;
                continue;
            }

            var next = Continuation(s, q + 1);
            if (next < 0)
            {
                return q + 1;
            }

            i = next;
        }
    }

    private Token LexStandardString(int start, int open)
    {
        var s = _sql;
        var end = WalkStandard(s, open, default, out var length);
        if (end < 0)
        {
            _pos = s.Length;
            SqlErrors.Syntax($"unterminated quoted string at or near \"{s[start..]}\"", start);
        }

        _pos = end;
        var text = length == 0 ? "" : string.Create(length, (s, open), static (span, st) => WalkStandard(st.s, st.open, span, out _));
        return new Token(TokenKind.String, start, end, text);
    }

    private Token LexEscapeString(int start)
    {
        var s = _sql;
        var buffer = Rent(EscapeStringExtent(s, start));
        try
        {
            var length = 0;
            var i = start + 2;
            var pendingBytes = new List<byte>();
            while (true)
            {
                if (i >= s.Length)
                {
                    _pos = s.Length;
                    SqlErrors.Syntax($"unterminated quoted string at or near \"{s[start..]}\"", start);
                }

                var c = s[i];
                if (c == '\'')
                {
                    if (i + 1 < s.Length && s[i + 1] == '\'')
                    {
                        FlushBytes(pendingBytes, buffer, ref length);
                        buffer[length++] = '\'';
                        i += 2;
                        continue;
                    }

                    var next = Continuation(s, i + 1);
                    if (next < 0)
                    {
                        FlushBytes(pendingBytes, buffer, ref length);
                        _pos = i + 1;
                        break;
                    }

                    i = next;
                    continue;
                }

                if (c != '\\' || i + 1 >= s.Length)
                {
                    FlushBytes(pendingBytes, buffer, ref length);
                    buffer[length++] = c;
                    i++;
                    continue;
                }

                var e = s[i + 1];
                if (e is >= '0' and <= '7')
                {
                    var j = i + 1;
                    var v = 0;
                    while (j < s.Length && j < i + 4 && s[j] is >= '0' and <= '7')
                    {
                        v = (v * 8) + (s[j] - '0');
                        j++;
                    }

                    pendingBytes.Add((byte)v);
                    i = j;
                    continue;
                }

                if (e == 'x' && i + 2 < s.Length && char.IsAsciiHexDigit(s[i + 2]))
                {
                    var j = i + 2;
                    var v = 0;
                    while (j < s.Length && j < i + 4 && char.IsAsciiHexDigit(s[j]))
                    {
                        v = (v * 16) + HexValue(s[j]);
                        j++;
                    }

                    pendingBytes.Add((byte)v);
                    i = j;
                    continue;
                }

                FlushBytes(pendingBytes, buffer, ref length);
                if (e is 'u' or 'U')
                {
                    var digits = e == 'u' ? 4 : 8;
                    var cp = ParseHex(s, i + 2, digits);
                    if (cp < 0)
                    {
                        InvalidUnicodeEscape(i, true);
                    }

                    i += 2 + digits;
                    if (cp is >= 0xD800 and <= 0xDBFF)
                    {
                        // A high surrogate must be followed by a low surrogate escape.
                        var low = i + 1 < s.Length && s[i] == '\\' && (s[i + 1] is 'u' or 'U')
                            ? ParseHex(s, i + 2, s[i + 1] == 'u' ? 4 : 8)
                            : -1;
                        if (low is < 0xDC00 or > 0xDFFF)
                        {
                            SqlErrors.Throw(SqlState.InvalidEscapeSequence, "invalid Unicode surrogate pair", i);
                        }

                        i += 2 + (s[i + 1] == 'u' ? 4 : 8);
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    else if (cp is >= 0xDC00 and <= 0xDFFF)
                    {
                        SqlErrors.Throw(SqlState.InvalidEscapeSequence, "invalid Unicode surrogate pair", i);
                    }

                    AppendCodePoint(buffer, ref length, cp, i);
                    continue;
                }

                buffer[length++] = e switch
                {
                    'b' => '\b',
                    'f' => '\f',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    _ => e,
                };
                i += 2;
            }

            return new Token(TokenKind.String, start, _pos, new string(buffer, 0, length)) { StringKind = StringLiteralKind.Escape };
        }
        finally
        {
            Return(buffer);
        }
    }

    /// <summary>Characters from <paramref name="start"/> to the end of an E'...' literal (or of the input): a bound on its decoded length.</summary>
    private static int EscapeStringExtent(string s, int start)
    {
        var i = start + 2;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\\')
            {
                i += 2;
            }
            else if (c == '\'')
            {
                if (i + 1 < s.Length && s[i + 1] == '\'')
                {
                    i += 2;
                    continue;
                }

                var next = Continuation(s, i + 1);
                if (next < 0)
                {
                    return i + 1 - start;
                }

                i = next;
            }
            else
            {
                i++;
            }
        }

        return s.Length - start;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>Parses exactly <paramref name="digits"/> hex digits at <paramref name="at"/>, or -1.</summary>
    private static int ParseHex(string s, int at, int digits)
    {
        if (at + digits > s.Length)
        {
            return -1;
        }

        var v = 0L;
        for (var k = 0; k < digits; k++)
        {
            if (!char.IsAsciiHexDigit(s[at + k]))
            {
                return -1;
            }

            v = (v * 16) + HexValue(s[at + k]);
        }

        return v > 0x10FFFF ? -1 : (int)v;
    }

    private static void AppendCodePoint(char[] buffer, ref int length, int cp, int offset)
    {
        if (cp == 0 || cp > 0x10FFFF)
        {
            SqlErrors.Throw(SqlState.InvalidParameterValue, "invalid Unicode escape value", offset);
        }

        if (cp >= 0x10000)
        {
            var r = new Rune(cp);
            r.EncodeToUtf16(buffer.AsSpan(length));
            length += 2;
        }
        else
        {
            buffer[length++] = (char)cp;
        }
    }

    /// <summary>Decodes bytes from \x / octal escapes as UTF-8 (the database encoding), rejecting invalid sequences.</summary>
    private static void FlushBytes(List<byte> bytes, char[] buffer, ref int length)
    {
        if (bytes.Count == 0)
        {
            return;
        }

        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        var at = 0;
        while (at < span.Length)
        {
            var status = Rune.DecodeFromUtf8(span[at..], out var rune, out var consumed);
            if (status != System.Buffers.OperationStatus.Done || rune.Value == 0)
            {
                var bad = new StringBuilder();
                for (var k = at; k < Math.Min(span.Length, at + Math.Max(consumed, 1)); k++)
                {
                    bad.Append(bad.Length == 0 ? "0x" : " 0x").Append(span[k].ToString("x2", CultureInfo.InvariantCulture));
                }

                SqlErrors.Throw(SqlState.CharacterNotInRepertoire, $"invalid byte sequence for encoding \"UTF8\": {bad}", -1);
            }

            length += rune.EncodeToUtf16(buffer.AsSpan(length));
            at += consumed;
        }

        bytes.Clear();
    }

    /// <summary>Decodes U&amp;'...' / U&amp;"..." escapes (\XXXX, \+XXXXXX, \\) with the default escape character.</summary>
    private string DecodeUnicodeEscapes(string raw, int rawOffset)
    {
        if (!raw.Contains('\\', StringComparison.Ordinal))
        {
            return raw;
        }

        var buffer = Rent(raw.Length);
        try
        {
            var length = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                if (raw[i] != '\\')
                {
                    buffer[length++] = raw[i];
                    continue;
                }

                if (i + 1 < raw.Length && raw[i + 1] == '\\')
                {
                    buffer[length++] = '\\';
                    i++;
                    continue;
                }

                var plus = i + 1 < raw.Length && raw[i + 1] == '+';
                var digits = plus ? 6 : 4;
                var cp = ParseHex(raw, i + (plus ? 2 : 1), digits);
                if (cp < 0)
                {
                    InvalidUnicodeEscape(rawOffset + i, false);
                }

                if (cp is >= 0xD800 and <= 0xDFFF)
                {
                    SqlErrors.Throw(SqlState.InvalidEscapeSequence, "invalid Unicode surrogate pair", rawOffset + i);
                }

                AppendCodePoint(buffer, ref length, cp, rawOffset + i);
                i += digits + (plus ? 1 : 0);
            }

            return new string(buffer, 0, length);
        }
        finally
        {
            Return(buffer);
        }
    }

    private Token LexUnicodeString(int start)
    {
        var inner = LexStandardString(start, start + 2);
        var value = DecodeUnicodeEscapes(inner.Text, start + 3);
        return inner with { Text = value, StringKind = StringLiteralKind.Unicode };
    }

    private Token LexUnicodeIdentifier(int start)
    {
        var inner = LexQuotedIdentifier(start, start + 3);
        return inner with { Text = TruncateIdentifier(DecodeUnicodeEscapes(inner.Text, start + 3)) };
    }
}
