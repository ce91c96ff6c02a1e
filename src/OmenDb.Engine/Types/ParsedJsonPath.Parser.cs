using System.Globalization;
using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Functions.Json;

namespace OmenDb.Engine.Types;

// jsonpath_in: a lexer and a recursive-descent parser for PostgreSQL 15's jsonpath grammar. Expressions and predicates
// are parsed together and told apart by kind: && || ! need predicates, comparisons and arithmetic need expressions,
// as in PostgreSQL's grammar. Errors are 42601 with PostgreSQL's wording ("syntax error at or near "x" of jsonpath
// input", "... at end of jsonpath input").
internal sealed partial class ParsedJsonPath
{
    private enum TokenKind
    {
        End,
        Punct,
        String,
        Variable,
        Number,
        Ident,
    }

    /// <param name="Kind">What the token is.</param>
    /// <param name="Text">Punctuation, the decoded string/identifier/variable name, or the normalised number.</param>
    /// <param name="Near">What PostgreSQL's message quotes when the parser fails at this token ("" = at end).</param>
    private readonly record struct Token(TokenKind Kind, string Text, string Near)
    {
        public bool Is(string punct) => Kind == TokenKind.Punct && Text == punct;

        public bool IsKeyword(string keyword)
            => Kind == TokenKind.Ident && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses jsonpath text.</summary>
    public static ParsedJsonPath Parse(string text)
    {
        var tokens = Lex(text);
        if (tokens.Count == 1)
        {
            throw TypeErrors.Create(SqlState.InvalidTextRepresentation, $"invalid input syntax for type jsonpath: \"{text}\"");
        }

        var p = new Parser(tokens);
        var strict = false;
        if (p.Current.IsKeyword("strict") || p.Current.IsKeyword("lax"))
        {
            strict = p.Current.IsKeyword("strict");
            p.Advance();
        }

        var root = p.ParseOr();
        if (p.Current.Kind != TokenKind.End)
        {
            throw p.SyntaxError();
        }

        Check(root, 0, false);
        return new ParsedJsonPath(strict, root);
    }

    /// <summary>@ only inside a filter, last only inside an array subscript (flattenJsonPathParseItem's checks).</summary>
    private static void Check(JsonPathItem? item, int nesting, bool inSubscript)
    {
        for (; item is not null; item = item.Next)
        {
            switch (item.Kind)
            {
                case JsonPathKind.Current when nesting <= 0:
                    throw TypeErrors.Create(SqlState.SyntaxError, "@ is not allowed in root expressions");
                case JsonPathKind.Last when !inSubscript:
                    throw TypeErrors.Create(SqlState.SyntaxError, "LAST is allowed only in array subscripts");
                case JsonPathKind.Filter:
                    Check(item.Left, nesting + 1, inSubscript);
                    break;
                case JsonPathKind.IndexArray:
                    foreach (var (from, to) in item.Subscripts!)
                    {
                        Check(from, nesting + 1, true);
                        Check(to, nesting + 1, true);
                    }

                    break;
                default:
                    Check(item.Left, nesting, inSubscript);
                    Check(item.Right, nesting, inSubscript);
                    break;
            }
        }
    }

    private static PgException SyntaxError(string near)
        => TypeErrors.Create(SqlState.SyntaxError, near.Length == 0
            ? "syntax error at end of jsonpath input"
            : $"syntax error at or near \"{near}\" of jsonpath input");

    private static PgException LexError(string message, string near)
        => TypeErrors.Create(SqlState.SyntaxError, near.Length == 0
            ? $"{message} at end of jsonpath input"
            : $"{message} at or near \"{near}\" of jsonpath input");

    private static readonly System.Buffers.SearchValues<char> s_hexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static bool IsBlank(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';

    /// <summary>Characters that end an identifier (jsonpath_scan.l's special characters and blanks).</summary>
    private static bool IsSpecial(char c) => IsBlank(c) || "?%$.[]{}()|&!=<>@#,*:-+/\\\"".Contains(c, StringComparison.Ordinal);

    private static List<Token> Lex(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < s.Length)
            {
                if (IsBlank(s[i]))
                {
                    i++;
                }
                else if (s[i] == '/' && i + 1 < s.Length && s[i + 1] == '*')
                {
                    var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        throw LexError("unexpected end of comment", "");
                    }

                    i = end + 2;
                }
                else
                {
                    break;
                }
            }

            if (i >= s.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", ""));
                return tokens;
            }

            var c = s[i];
            if (c == '"')
            {
                var text = ReadQuoted(s, ref i);
                tokens.Add(new Token(TokenKind.String, text, "\""));
            }
            else if (c == '$' && i + 1 < s.Length && s[i + 1] == '"')
            {
                i++;
                var name = ReadQuoted(s, ref i);
                tokens.Add(new Token(TokenKind.Variable, name, "\""));
            }
            else if (c == '$' && i + 1 < s.Length && !IsSpecial(s[i + 1]))
            {
                var start = i;
                i++;
                var name = ReadWord(s, ref i);
                tokens.Add(new Token(TokenKind.Variable, name, s[start..i]));
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])))
            {
                tokens.Add(ReadNumber(s, ref i));
            }
            else if (!IsSpecial(c) || c == '\\')
            {
                var name = ReadWord(s, ref i);

                // PostgreSQL reports a failure at a word by what follows it: a run of blanks, else the end.
                var j = i;
                while (j < s.Length && IsBlank(s[j]))
                {
                    j++;
                }

                tokens.Add(new Token(TokenKind.Ident, name, s[i..j]));
            }
            else
            {
                var two = i + 1 < s.Length ? s.Substring(i, 2) : "";
                var punct = two is "==" or "!=" or "<>" or "<=" or ">=" or "&&" or "||" or "**" ? two : c.ToString();
                i += punct.Length;
                tokens.Add(new Token(TokenKind.Punct, punct == "<>" ? "!=" : punct, punct));
            }
        }
    }

    private static Token ReadNumber(string s, ref int i)
    {
        var start = i;
        if (s[i] == '0')
        {
            i++;
        }
        else
        {
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < s.Length && s[j] is '+' or '-')
            {
                j++;
            }

            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                while (j < s.Length && char.IsAsciiDigit(s[j]))
                {
                    j++;
                }

                i = j;
            }
            else if (j > i + 1)
            {
                throw LexError("invalid numeric literal", s[start..(j)]);
            }
        }

        if (i < s.Length && (char.IsAsciiLetter(s[i]) || s[i] == '_' || s[i] > 127))
        {
            throw LexError("trailing junk after numeric literal", s[start..(i + 1)]);
        }

        var raw = s[start..i];
        var text = JsonText.NormalizeNumber(raw);
        return new Token(TokenKind.Number, text, raw);
    }

    private static string ReadWord(string s, ref int i)
    {
        var sb = new StringBuilder();
        while (i < s.Length && (!IsSpecial(s[i]) || s[i] == '\\'))
        {
            if (s[i] == '\\')
            {
                ReadEscape(s, ref i, sb);
            }
            else
            {
                sb.Append(s[i++]);
            }
        }

        return sb.ToString();
    }

    /// <summary>A "..." string from the opening quote at <paramref name="i"/>, with JSON and jsonpath escapes decoded.</summary>
    private static string ReadQuoted(string s, ref int i)
    {
        var sb = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= s.Length)
            {
                throw LexError("unexpected end of quoted string", "");
            }

            var c = s[i];
            if (c == '"')
            {
                i++;
                return sb.ToString();
            }

            if (c == '\\')
            {
                ReadEscape(s, ref i, sb);
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }
    }

    private static void ReadEscape(string s, ref int i, StringBuilder sb)
    {
        if (i + 1 >= s.Length)
        {
            throw LexError("unexpected end after backslash", "");
        }

        var e = s[i + 1];
        i += 2;
        switch (e)
        {
            case 'b': sb.Append('\b'); break;
            case 'f': sb.Append('\f'); break;
            case 'n': sb.Append('\n'); break;
            case 'r': sb.Append('\r'); break;
            case 't': sb.Append('\t'); break;
            case 'v': sb.Append('\v'); break;
            case 'x':
                if (i + 1 < s.Length && char.IsAsciiHexDigit(s[i]) && char.IsAsciiHexDigit(s[i + 1]))
                {
                    AppendCodePoint(sb, int.Parse(s.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                }
                else
                {
                    throw LexError("invalid hexadecimal character sequence", s[(i - 2)..Math.Min(s.Length, i + 2)]);
                }

                break;
            case 'u':
                if (i < s.Length && s[i] == '{')
                {
                    var close = s.IndexOf('}', i);
                    if (close < 0 || close - i - 1 is < 1 or > 6 || s.AsSpan(i + 1, close - i - 1).ContainsAnyExcept(s_hexDigits))
                    {
                        throw LexError("invalid Unicode escape sequence", s[(i - 2)..Math.Min(s.Length, i + 1)]);
                    }

                    AppendCodePoint(sb, int.Parse(s.AsSpan(i + 1, close - i - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i = close + 1;
                }
                else if (i + 4 <= s.Length && !s.AsSpan(i, 4).ContainsAnyExcept(s_hexDigits))
                {
                    sb.Append((char)int.Parse(s.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                }
                else
                {
                    throw LexError("invalid Unicode escape sequence", s[(i - 2)..Math.Min(s.Length, i + 4)]);
                }

                break;
            default:
                sb.Append(e);
                break;
        }
    }

    private static void AppendCodePoint(StringBuilder sb, int cp)
    {
        if (cp == 0)
        {
            throw TypeErrors.Create(SqlState.UntranslatableCharacter, "unsupported Unicode escape sequence",
                "\\u0000 cannot be converted to text.");
        }

        sb.Append(char.ConvertFromUtf32(cp));
    }

    private sealed class Parser(List<Token> tokens)
    {
        private int _pos;

        public Token Current => tokens[_pos];

        public void Advance() => _pos++;

        public PgException SyntaxError() => ParsedJsonPath.SyntaxError(Current.Near);

        private void Expect(string punct)
        {
            if (!Current.Is(punct))
            {
                throw SyntaxError();
            }

            Advance();
        }

        private void ExpectKeyword(string keyword)
        {
            if (!Current.IsKeyword(keyword))
            {
                throw SyntaxError();
            }

            Advance();
        }

        private JsonPathItem Predicate(JsonPathItem item) => item.IsPredicate ? item : throw SyntaxError();

        private JsonPathItem Expression(JsonPathItem item) => item.IsPredicate ? throw SyntaxError() : item;

        private static JsonPathItem Binary(JsonPathKind kind, JsonPathItem left, JsonPathItem right)
            => new(kind) { Left = left, Right = right };

        public JsonPathItem ParseOr()
        {
            var left = ParseAnd();
            while (Current.Is("||"))
            {
                Predicate(left);
                Advance();
                left = Binary(JsonPathKind.Or, left, Predicate(ParseAnd()));
            }

            return left;
        }

        private JsonPathItem ParseAnd()
        {
            var left = ParseComparison();
            while (Current.Is("&&"))
            {
                Predicate(left);
                Advance();
                left = Binary(JsonPathKind.And, left, Predicate(ParseComparison()));
            }

            return left;
        }

        private JsonPathItem ParseComparison()
        {
            if (Current.Is("!"))
            {
                Advance();
                if (Current.IsKeyword("exists"))
                {
                    return new JsonPathItem(JsonPathKind.Not) { Left = ParseExists() };
                }

                Expect("(");
                var inner = ParseOr();
                Predicate(inner);
                Expect(")");
                return new JsonPathItem(JsonPathKind.Not) { Left = inner };
            }

            var left = ParseAdditive();
            var kind = Current.Kind == TokenKind.Punct ? Current.Text switch
            {
                "==" => JsonPathKind.Equal,
                "!=" => JsonPathKind.NotEqual,
                "<" => JsonPathKind.Less,
                ">" => JsonPathKind.Greater,
                "<=" => JsonPathKind.LessOrEqual,
                ">=" => JsonPathKind.GreaterOrEqual,
                _ => (JsonPathKind?)null,
            } : null;
            if (kind is { } k)
            {
                Expression(left);
                Advance();
                return Binary(k, left, Expression(ParseAdditive()));
            }

            if (Current.IsKeyword("starts"))
            {
                Expression(left);
                Advance();
                ExpectKeyword("with");
                JsonPathItem initial = Current.Kind switch
                {
                    TokenKind.String => new JsonPathItem(JsonPathKind.String) { Text = Current.Text },
                    TokenKind.Variable => new JsonPathItem(JsonPathKind.Variable) { Text = Current.Text },
                    _ => throw SyntaxError(),
                };
                Advance();
                return Binary(JsonPathKind.StartsWith, left, initial);
            }

            if (Current.IsKeyword("like_regex"))
            {
                Expression(left);
                Advance();
                if (Current.Kind != TokenKind.String)
                {
                    throw SyntaxError();
                }

                var item = new JsonPathItem(JsonPathKind.LikeRegex) { Left = left, Text = Current.Text };
                Advance();
                if (Current.IsKeyword("flag"))
                {
                    Advance();
                    if (Current.Kind != TokenKind.String)
                    {
                        throw SyntaxError();
                    }

                    item.Flags = RegexFlags(Current.Text);
                    Advance();
                }

                JsonPathRegex.Validate(item.Text, item.Flags ?? "");
                return item;
            }

            return left;
        }

        /// <summary>like_regex flags as PostgreSQL prints them (i, s, m, x, q in that order).</summary>
        private static string RegexFlags(string flags)
        {
            foreach (var c in flags)
            {
                if (!"ismxq".Contains(c, StringComparison.Ordinal))
                {
                    throw new PgException(SqlState.SyntaxError, "invalid input syntax for type jsonpath")
                    {
                        Detail = $"Unrecognized flag character \"{c}\" in LIKE_REGEX predicate.",
                    };
                }
            }

            return string.Concat("ismxq".Where(f => flags.Contains(f, StringComparison.Ordinal)));
        }

        private JsonPathItem ParseAdditive()
        {
            var left = ParseMultiplicative();
            while (Current.Is("+") || Current.Is("-"))
            {
                var kind = Current.Is("+") ? JsonPathKind.Add : JsonPathKind.Sub;
                Expression(left);
                Advance();
                left = Binary(kind, left, Expression(ParseMultiplicative()));
            }

            return left;
        }

        private JsonPathItem ParseMultiplicative()
        {
            var left = ParseUnary();
            while (Current.Is("*") || Current.Is("/") || Current.Is("%"))
            {
                var kind = Current.Text switch
                {
                    "*" => JsonPathKind.Mul,
                    "/" => JsonPathKind.Div,
                    _ => JsonPathKind.Mod,
                };
                Expression(left);
                Advance();
                left = Binary(kind, left, Expression(ParseUnary()));
            }

            return left;
        }

        private JsonPathItem ParseUnary()
        {
            if (!Current.Is("+") && !Current.Is("-"))
            {
                return ParseAccessorExpr();
            }

            var minus = Current.Is("-");
            Advance();
            var operand = Expression(ParseUnary());

            // A sign applied to a bare number folds into it (makeItemUnary).
            if (operand is { Kind: JsonPathKind.Numeric, Next: null })
            {
                if (minus)
                {
                    operand.Text = JsonNumbers.Negate(operand.Text!);
                }

                return operand;
            }

            return new JsonPathItem(minus ? JsonPathKind.Minus : JsonPathKind.Plus) { Left = operand };
        }

        private JsonPathItem ParseExists()
        {
            Advance();
            Expect("(");
            var inner = Expression(ParseOr());
            Expect(")");
            return new JsonPathItem(JsonPathKind.Exists) { Left = inner };
        }

        private JsonPathItem ParseAccessorExpr()
        {
            var t = Current;
            JsonPathItem primary;
            switch (t.Kind)
            {
                case TokenKind.Punct when t.Text == "(":
                    Advance();
                    primary = ParseOr();
                    Expect(")");
                    if (primary.IsPredicate && Current.IsKeyword("is"))
                    {
                        Advance();
                        ExpectKeyword("unknown");
                        primary = new JsonPathItem(JsonPathKind.IsUnknown) { Left = primary };
                    }

                    break;
                case TokenKind.Ident when t.IsKeyword("exists"):
                    return ParseExists();
                case TokenKind.Punct when t.Text == "$":
                    Advance();
                    primary = new JsonPathItem(JsonPathKind.Root);
                    break;
                case TokenKind.Punct when t.Text == "@":
                    Advance();
                    primary = new JsonPathItem(JsonPathKind.Current);
                    break;
                case TokenKind.String:
                    Advance();
                    primary = new JsonPathItem(JsonPathKind.String) { Text = t.Text };
                    break;
                case TokenKind.Number:
                    Advance();
                    primary = new JsonPathItem(JsonPathKind.Numeric) { Text = t.Text };
                    break;
                case TokenKind.Variable:
                    Advance();
                    primary = new JsonPathItem(JsonPathKind.Variable) { Text = t.Text };
                    break;
                case TokenKind.Ident when t.IsKeyword("last"):
                    Advance();
                    primary = new JsonPathItem(JsonPathKind.Last);
                    break;
                case TokenKind.Ident when t.IsKeyword("true") || t.IsKeyword("false"):
                    Advance();
                    primary = new JsonPathItem(JsonPathKind.Bool) { Bool = t.IsKeyword("true") };
                    break;
                case TokenKind.Ident when t.IsKeyword("null"):
                    Advance();
                    primary = new JsonPathItem(JsonPathKind.Null);
                    break;
                default:
                    throw SyntaxError();
            }

            var tail = primary;
            while (tail.Next is not null)
            {
                tail = tail.Next;
            }

            while (ParseAccessor() is { } accessor)
            {
                tail.Next = accessor;
                tail = accessor;
            }

            return primary;
        }

        private static readonly string[] s_methods = ["type", "size", "double", "ceiling", "floor", "abs", "keyvalue", "datetime"];

        private JsonPathItem? ParseAccessor()
        {
            if (Current.Is("."))
            {
                Advance();
                var t = Current;
                if (t.Is("*"))
                {
                    Advance();
                    return new JsonPathItem(JsonPathKind.AnyKey);
                }

                if (t.Is("**"))
                {
                    Advance();
                    return ParseAnyBounds();
                }

                if (t.Kind == TokenKind.String)
                {
                    Advance();
                    return new JsonPathItem(JsonPathKind.Key) { Text = t.Text };
                }

                if (t.Kind != TokenKind.Ident)
                {
                    throw SyntaxError();
                }

                Advance();
                var method = Array.Find(s_methods, m => t.IsKeyword(m));
                if (method is null || !Current.Is("("))
                {
                    return new JsonPathItem(JsonPathKind.Key) { Text = t.Text };
                }

                Advance();
                var item = new JsonPathItem(method switch
                {
                    "type" => JsonPathKind.Type,
                    "size" => JsonPathKind.Size,
                    "double" => JsonPathKind.Double,
                    "ceiling" => JsonPathKind.Ceiling,
                    "floor" => JsonPathKind.Floor,
                    "abs" => JsonPathKind.Abs,
                    "keyvalue" => JsonPathKind.KeyValue,
                    _ => JsonPathKind.Datetime,
                });
                if (item.Kind == JsonPathKind.Datetime && Current.Kind == TokenKind.String)
                {
                    item.Text = Current.Text;
                    Advance();
                }

                Expect(")");
                return item;
            }

            if (Current.Is("["))
            {
                Advance();
                if (Current.Is("*"))
                {
                    Advance();
                    Expect("]");
                    return new JsonPathItem(JsonPathKind.AnyArray);
                }

                var subscripts = new List<(JsonPathItem, JsonPathItem?)>();
                while (true)
                {
                    var from = Expression(ParseOr());
                    JsonPathItem? to = null;
                    if (Current.IsKeyword("to"))
                    {
                        Advance();
                        to = Expression(ParseOr());
                    }

                    subscripts.Add((from, to));
                    if (!Current.Is(","))
                    {
                        break;
                    }

                    Advance();
                }

                Expect("]");
                return new JsonPathItem(JsonPathKind.IndexArray) { Subscripts = subscripts };
            }

            if (Current.Is("?"))
            {
                Advance();
                Expect("(");
                var predicate = ParseOr();
                Predicate(predicate);
                Expect(")");
                return new JsonPathItem(JsonPathKind.Filter) { Left = predicate };
            }

            return null;
        }

        private JsonPathItem ParseAnyBounds()
        {
            var item = new JsonPathItem(JsonPathKind.Any) { First = 0, Last = JsonPathItem.LastLevel };
            if (!Current.Is("{"))
            {
                return item;
            }

            Advance();
            item.First = ParseLevel();
            item.Last = item.First;
            if (Current.IsKeyword("to"))
            {
                Advance();
                item.Last = ParseLevel();
            }

            Expect("}");
            return item;
        }

        private uint ParseLevel()
        {
            var t = Current;
            Advance();
            if (t.IsKeyword("last"))
            {
                return JsonPathItem.LastLevel;
            }

            return t.Kind == TokenKind.Number && uint.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var level)
                ? level
                : throw ParsedJsonPath.SyntaxError(t.Near);
        }
    }
}
