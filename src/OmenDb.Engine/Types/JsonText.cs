using System.Globalization;
using System.Text;
using OmenDb.Common;

namespace OmenDb.Engine.Types;

/// <summary>
/// JSON text per PostgreSQL's json lexer (RFC 8259: no trailing commas, no leading zeros, control characters
/// must be escaped), a small tree model, and jsonb's canonical output: objects with keys sorted by length then
/// bytes and the last duplicate winning, <c>{"a": 1, "b": [1, 2]}</c> spacing, numbers normalised as numeric
/// prints them (<c>1e2</c> → <c>100</c>, <c>1.50</c> kept).
/// </summary>
internal static class JsonText
{
    /// <summary>A JSON number, held as its normalised numeric text.</summary>
    internal sealed record JsonNumber(string Text);

    /// <summary>The JSON null literal (distinct from a missing value).</summary>
    internal sealed class JsonNull
    {
        public static readonly JsonNull Instance = new();
    }

    /// <summary>jsonb's object keys order: shorter first, then by UTF-8 bytes (= code points for valid text).</summary>
    internal static int CompareKeys(string a, string b)
    {
        var la = Encoding.UTF8.GetByteCount(a);
        var lb = Encoding.UTF8.GetByteCount(b);
        return la != lb ? la.CompareTo(lb) : string.CompareOrdinal(a, b) switch
        {
            // UTF-16 ordinal order differs from code point order only for surrogates vs U+E000..U+FFFF.
            var c => Utf8Compare(a, b, c),
        };
    }

    private static int Utf8Compare(string a, string b, int ordinal)
    {
        if (ordinal == 0)
        {
            return 0;
        }

        var ea = a.EnumerateRunes();
        var eb = b.EnumerateRunes();
        while (true)
        {
            var ha = ea.MoveNext();
            var hb = eb.MoveNext();
            if (!ha || !hb)
            {
                return ha == hb ? 0 : (ha ? 1 : -1);
            }

            var c = ea.Current.Value.CompareTo(eb.Current.Value);
            if (c != 0)
            {
                return c;
            }
        }
    }

    /// <summary>Parses and validates; throws PostgreSQL's 22P02 errors with DETAIL and CONTEXT.</summary>
    public static object Parse(string text, bool forJsonb)
    {
        var p = new Parser(text, forJsonb);
        p.SkipSpace();
        var value = p.ParseValue();
        p.SkipSpace();
        if (!p.AtEnd)
        {
            p.ThrowTokenInvalid();
        }

        return value;
    }

    /// <summary>jsonb's canonical text of a parsed value.</summary>
    public static string ToCanonical(object value)
    {
        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object value)
    {
        switch (value)
        {
            case JsonNull:
                sb.Append("null");
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case JsonNumber n:
                sb.Append(n.Text);
                break;
            case string s:
                WriteString(sb, s);
                break;
            case List<object> list:
                sb.Append('[');
                for (var k = 0; k < list.Count; k++)
                {
                    if (k > 0)
                    {
                        sb.Append(", ");
                    }

                    Write(sb, list[k]);
                }

                sb.Append(']');
                break;
            case List<KeyValuePair<string, object>> obj:
                sb.Append('{');
                for (var k = 0; k < obj.Count; k++)
                {
                    if (k > 0)
                    {
                        sb.Append(", ");
                    }

                    WriteString(sb, obj[k].Key);
                    sb.Append(": ");
                    Write(sb, obj[k].Value);
                }

                sb.Append('}');
                break;
        }
    }

    /// <summary>escape_json: quotes, backslash, \b \f \n \r \t, other control characters as \u00XX.</summary>
    internal static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>Normalises a JSON number as numeric_in + numeric_out would: plain notation, scale = max(0, fraction digits - exponent).</summary>
    internal static string NormalizeNumber(string token)
    {
        var negative = token[0] == '-';
        var body = negative ? token[1..] : token;
        var ePos = body.IndexOfAny(['e', 'E']);
        var exponent = 0L;
        if (ePos >= 0)
        {
            exponent = long.Parse(body.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..ePos];
        }

        var dot = body.IndexOf('.');
        var intPart = dot < 0 ? body : body[..dot];
        var fracPart = dot < 0 ? "" : body[(dot + 1)..];
        var digits = (intPart + fracPart).TrimStart('0');
        var scale = Math.Max(0L, fracPart.Length - exponent);
        if (scale > 16383 || exponent > 131072)
        {
            throw TypeErrors.Create(SqlState.NumericValueOutOfRange, "value overflows numeric format");
        }

        // The value is digits × 10^(exponent - fracPart.Length); print with 'scale' decimals.
        var pointShift = exponent - fracPart.Length; // power of ten applied to the integer 'digits'
        var sb = new StringBuilder();
        if (digits.Length == 0)
        {
            sb.Append('0');
            if (scale > 0)
            {
                sb.Append('.').Append('0', (int)scale);
            }

            return sb.ToString();
        }

        if (negative)
        {
            sb.Append('-');
        }

        if (pointShift >= 0)
        {
            sb.Append(digits).Append('0', (int)pointShift);
            if (scale > 0)
            {
                sb.Append('.').Append('0', (int)scale);
            }

            return sb.ToString();
        }

        var fracDigits = (int)-pointShift; // digits after the point in 'digits'
        if (digits.Length > fracDigits)
        {
            sb.Append(digits, 0, digits.Length - fracDigits).Append('.').Append(digits, digits.Length - fracDigits, fracDigits);
        }
        else
        {
            sb.Append("0.").Append('0', fracDigits - digits.Length).Append(digits);
        }

        // Pad to the scale (fracDigits ≤ scale always holds here).
        sb.Append('0', (int)(scale - fracDigits));
        return sb.ToString();
    }

    private ref struct Parser
    {
        private readonly string _text;
        private readonly bool _forJsonb;
        private int _pos;
        private int _depth;

        public Parser(string text, bool forJsonb)
        {
            _text = text;
            _forJsonb = forJsonb;
        }

        public readonly bool AtEnd => _pos >= _text.Length;

        public void SkipSpace()
        {
            while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r')
            {
                _pos++;
            }
        }

        private readonly PgException Error(string detail, int contextEnd, string sqlState = SqlState.InvalidTextRepresentation,
            string message = "invalid input syntax for type json")
        {
            contextEnd = Math.Min(contextEnd, _text.Length);
            var lineStart = _text.LastIndexOf('\n', Math.Max(0, contextEnd - 1)) + 1;
            if (lineStart > contextEnd)
            {
                lineStart = contextEnd;
            }

            var line = 1;
            for (var k = 0; k < lineStart; k++)
            {
                if (_text[k] == '\n')
                {
                    line++;
                }
            }

            var shown = _text[lineStart..contextEnd];
            var more = contextEnd < _text.Length ? "..." : "";
            return new PgException(sqlState, message) { Detail = detail, Where = $"JSON data, line {line}: {shown}{more}" };
        }

        /// <summary>The token at the cursor: a run of letters/digits (as PostgreSQL's lexer reports it), else one character.</summary>
        private readonly (string Token, int End) TokenAt(int pos)
        {
            if (pos >= _text.Length)
            {
                return ("", pos);
            }

            var end = pos;
            while (end < _text.Length && (char.IsAsciiLetterOrDigit(_text[end]) || _text[end] is '.' or '-' or '+' or '_' || _text[end] > 0x7F))
            {
                end++;
            }

            if (end == pos)
            {
                end = pos + 1;
            }

            return (_text[pos..end], end);
        }

        public readonly void ThrowTokenInvalid()
        {
            var (token, end) = TokenAt(_pos);
            throw Error($"Token \"{token}\" is invalid.", end);
        }

        private readonly PgException EndedUnexpectedly() => Error("The input string ended unexpectedly.", _text.Length);

        private readonly PgException Expected(string what)
        {
            if (AtEnd)
            {
                return EndedUnexpectedly();
            }

            var (token, end) = TokenAt(_pos);
            if (!IsValidTokenStart(_text[_pos]))
            {
                return Error($"Token \"{token}\" is invalid.", end);
            }

            return Error($"Expected {what}, but found \"{token}\".", end);
        }

        private static bool IsValidTokenStart(char c) => c is '{' or '}' or '[' or ']' or ',' or ':' or '"' or '-' || char.IsAsciiDigit(c)
            || c is 't' or 'f' or 'n';

        public object ParseValue()
        {
            if (AtEnd)
            {
                throw EndedUnexpectedly();
            }

            var c = _text[_pos];
            switch (c)
            {
                case '{':
                    return ParseObject();
                case '[':
                    return ParseArray();
                case '"':
                    return ParseString();
                default:
                    if (c == '-' || char.IsAsciiDigit(c))
                    {
                        return ParseNumber();
                    }

                    var (token, end) = TokenAt(_pos);
                    switch (token)
                    {
                        case "true":
                            _pos = end;
                            return true;
                        case "false":
                            _pos = end;
                            return false;
                        case "null":
                            _pos = end;
                            return JsonNull.Instance;
                    }

                    if (c is '}' or ']' or ',' or ':')
                    {
                        throw Error($"Expected JSON value, but found \"{c}\".", _pos + 1);
                    }

                    throw Error($"Token \"{token}\" is invalid.", end);
            }
        }

        private object ParseObject()
        {
            if (++_depth > 6400)
            {
                throw new PgException(SqlState.ProgramLimitExceeded, "stack depth limit exceeded");
            }

            _pos++;
            var members = new List<KeyValuePair<string, object>>();
            SkipSpace();
            if (!AtEnd && _text[_pos] == '}')
            {
                _pos++;
                _depth--;
                return members;
            }

            while (true)
            {
                SkipSpace();
                if (AtEnd || _text[_pos] != '"')
                {
                    throw Expected("string");
                }

                var key = ParseString();
                SkipSpace();
                if (AtEnd || _text[_pos] != ':')
                {
                    throw Expected("\":\"");
                }

                _pos++;
                SkipSpace();
                var value = ParseValue();
                members.Add(new(key, value));
                SkipSpace();
                if (AtEnd)
                {
                    throw EndedUnexpectedly();
                }

                if (_text[_pos] == ',')
                {
                    _pos++;
                    continue;
                }

                if (_text[_pos] == '}')
                {
                    _pos++;
                    break;
                }

                throw Expected("\",\" or \"}\"");
            }

            _depth--;
            if (!_forJsonb)
            {
                return members;
            }

            // jsonb: last duplicate wins, keys sorted by (length, bytes). A stable sort keeps input order among equals.
            var sorted = new List<KeyValuePair<string, object>>(members.Count);
            for (var k = 0; k < members.Count; k++)
            {
                sorted.Add(members[k]);
            }

            var indexes = Enumerable.Range(0, sorted.Count).ToArray();
            Array.Sort(indexes, (x, y) =>
            {
                var c = CompareKeys(sorted[x].Key, sorted[y].Key);
                return c != 0 ? c : x.CompareTo(y);
            });
            var result = new List<KeyValuePair<string, object>>(sorted.Count);
            foreach (var idx in indexes)
            {
                if (result.Count > 0 && result[^1].Key == sorted[idx].Key)
                {
                    result[^1] = sorted[idx];
                }
                else
                {
                    result.Add(sorted[idx]);
                }
            }

            return result;
        }

        private object ParseArray()
        {
            if (++_depth > 6400)
            {
                throw new PgException(SqlState.ProgramLimitExceeded, "stack depth limit exceeded");
            }

            _pos++;
            var items = new List<object>();
            SkipSpace();
            if (!AtEnd && _text[_pos] == ']')
            {
                _pos++;
                _depth--;
                return items;
            }

            while (true)
            {
                SkipSpace();
                items.Add(ParseValue());
                SkipSpace();
                if (AtEnd)
                {
                    throw EndedUnexpectedly();
                }

                if (_text[_pos] == ',')
                {
                    _pos++;
                    continue;
                }

                if (_text[_pos] == ']')
                {
                    _pos++;
                    break;
                }

                throw Expected("\",\" or \"]\"");
            }

            _depth--;
            return items;
        }

        private string ParseString()
        {
            var start = _pos;
            _pos++;
            var sb = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw Error("Token \"" + _text[start..] + "\" is invalid.", _text.Length);
                }

                var c = _text[_pos];
                if (c == '"')
                {
                    _pos++;
                    return sb.ToString();
                }

                if (c < 0x20)
                {
                    throw Error($"Character with value 0x{(int)c:x2} must be escaped.", _pos);
                }

                if (c != '\\')
                {
                    sb.Append(c);
                    _pos++;
                    continue;
                }

                _pos++;
                if (AtEnd)
                {
                    throw Error("Token \"" + _text[start..] + "\" is invalid.", _text.Length);
                }

                var e = _text[_pos++];
                switch (e)
                {
                    case '"' or '\\' or '/':
                        sb.Append(e);
                        break;
                    case 'b':
                        sb.Append('\b');
                        break;
                    case 'f':
                        sb.Append('\f');
                        break;
                    case 'n':
                        sb.Append('\n');
                        break;
                    case 'r':
                        sb.Append('\r');
                        break;
                    case 't':
                        sb.Append('\t');
                        break;
                    case 'u':
                        sb.Append(ReadUnicodeEscape());
                        break;
                    default:
                        throw Error($"Escape sequence \"\\{e}\" is invalid.", _pos);
                }
            }
        }

        private char ReadUnicodeEscape()
        {
            var value = 0;
            for (var k = 0; k < 4; k++)
            {
                var h = _pos < _text.Length ? ValueText.HexValue(_text[_pos]) : -1;
                if (h < 0)
                {
                    throw Error("\"\\u\" must be followed by four hexadecimal digits.", Math.Min(_pos + 1, _text.Length));
                }

                value = value * 16 + h;
                _pos++;
            }

            if (value == 0 && _forJsonb)
            {
                throw Error("\\u0000 cannot be converted to text.", _pos, SqlState.UntranslatableCharacter, "unsupported Unicode escape sequence");
            }

            return (char)value;
        }

        private object ParseNumber()
        {
            var start = _pos;
            if (_text[_pos] == '-')
            {
                _pos++;
            }

            var intStart = _pos;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }

            var ok = _pos > intStart && !(_text[intStart] == '0' && _pos - intStart > 1);
            if (ok && _pos < _text.Length && _text[_pos] == '.')
            {
                _pos++;
                var fracStart = _pos;
                while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                {
                    _pos++;
                }

                ok = _pos > fracStart;
            }

            if (ok && _pos < _text.Length && _text[_pos] is 'e' or 'E')
            {
                _pos++;
                if (_pos < _text.Length && _text[_pos] is '+' or '-')
                {
                    _pos++;
                }

                var expStart = _pos;
                while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                {
                    _pos++;
                }

                ok = _pos > expStart;
            }

            // A number running into letters ("1x", "01") is one invalid token, as in PostgreSQL's lexer.
            if (!ok || (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '.' or '_')))
            {
                var (token, end) = TokenAt(start);
                throw Error($"Token \"{token}\" is invalid.", end);
            }

            var raw = _text[start.._pos];
            return new JsonNumber(_forJsonb ? NormalizeNumber(raw) : raw);
        }
    }
}
