using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Functions;

namespace OmenDb.Engine.Types;

public static partial class ValueText
{
    /// <summary>array_out: <c>{1,2,NULL}</c>, nested braces per dimension, <c>[lb:ub]=</c> prefix when a lower bound is not 1.</summary>
    internal static string FormatArray(PgArray array, TimeZoneInfo timeZone)
    {
        if (array.Dimensions.Length == 0 || array.Elements.Length == 0)
        {
            return "{}";
        }

        var sb = new StringBuilder();
        var needBounds = false;
        foreach (var lb in array.LowerBounds)
        {
            needBounds |= lb != 1;
        }

        if (needBounds)
        {
            for (var d = 0; d < array.Dimensions.Length; d++)
            {
                sb.Append('[').Append(array.LowerBounds[d]).Append(':').Append(array.LowerBounds[d] + array.Dimensions[d] - 1).Append(']');
            }

            sb.Append('=');
        }

        var index = 0;
        AppendLevel(sb, array, 0, ref index, timeZone);
        return sb.ToString();
    }

    private static void AppendLevel(StringBuilder sb, PgArray array, int dim, ref int index, TimeZoneInfo timeZone)
    {
        sb.Append('{');
        for (var k = 0; k < array.Dimensions[dim]; k++)
        {
            if (k > 0)
            {
                sb.Append(',');
            }

            if (dim + 1 < array.Dimensions.Length)
            {
                AppendLevel(sb, array, dim + 1, ref index, timeZone);
                continue;
            }

            var element = array.Elements[index++];
            if (element is null)
            {
                sb.Append("NULL");
                continue;
            }

            AppendQuotedArrayElement(sb, Format(array.ElementType, element, timeZone));
        }

        sb.Append('}');
    }

    /// <summary>Appends an element, double-quoted when it is empty, NULL, or contains braces, quotes, backslashes,
    /// the delimiter or whitespace; quotes and backslashes inside quotes are escaped with a backslash.</summary>
    internal static void AppendQuotedArrayElement(StringBuilder sb, string text)
    {
        var needQuote = text.Length == 0 || text.Equals("NULL", StringComparison.OrdinalIgnoreCase);
        foreach (var c in text)
        {
            if (c is '{' or '}' or '"' or '\\' or ',' || IsSpace(c))
            {
                needQuote = true;
                break;
            }
        }

        if (!needQuote)
        {
            sb.Append(text);
            return;
        }

        sb.Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        sb.Append('"');
    }

    /// <summary>array_in for any element type, one or more dimensions, optional <c>[lb:ub]=</c> bounds.</summary>
    internal static PgArray ParseArray(PgType arrayType, string text, EvalContext? context)
    {
        var elementType = arrayType.ElementType ?? throw TypeErrors.Create(SqlState.InternalError, $"{arrayType.Name} has no element type");
        var parser = new ArrayLiteralParser(text);
        var (items, dims, explicitLowerBounds) = parser.Parse();
        var elements = new object?[items.Count];
        for (var k = 0; k < items.Count; k++)
        {
            elements[k] = items[k] is { } s ? Parse(elementType, s, -1, context) : null;
        }

        if (elements.Length == 0)
        {
            return new PgArray(elementType, elements, [], []);
        }

        var lowerBounds = explicitLowerBounds ?? Enumerable.Repeat(1, dims.Length).ToArray();
        return new PgArray(elementType, elements, dims, lowerBounds);
    }

    /// <summary>The array literal grammar: elements as raw strings (null = unquoted NULL), dimensions, bounds.</summary>
    private ref struct ArrayLiteralParser
    {
        private readonly string _text;
        private int _pos;
        private readonly List<string?> _items = [];
        private readonly List<int> _dims = [];
        private int _leafDepth = -1;

        public ArrayLiteralParser(string text) => _text = text;

        private readonly PgException Malformed(string detail) =>
            TypeErrors.Create(SqlState.InvalidTextRepresentation, $"malformed array literal: \"{_text}\"", detail);

        private void SkipSpace()
        {
            while (_pos < _text.Length && IsSpace(_text[_pos]))
            {
                _pos++;
            }
        }

        public (List<string?> Items, int[] Dims, int[]? LowerBounds) Parse()
        {
            SkipSpace();
            List<(int Lower, int Upper)>? bounds = null;
            if (_pos < _text.Length && _text[_pos] == '[')
            {
                bounds = [];
                while (_pos < _text.Length && _text[_pos] == '[')
                {
                    _pos++;
                    var first = ReadBound();
                    int lower = 1, upper;
                    if (_pos < _text.Length && _text[_pos] == ':')
                    {
                        _pos++;
                        lower = first;
                        upper = ReadBound();
                    }
                    else
                    {
                        upper = first;
                    }

                    if (_pos >= _text.Length || _text[_pos] != ']')
                    {
                        throw Malformed("Missing \"]\" after array dimensions.");
                    }

                    _pos++;
                    if (upper < lower)
                    {
                        throw TypeErrors.Create(SqlState.ArraySubscriptError, "upper bound cannot be less than lower bound");
                    }

                    bounds.Add((lower, upper));
                    SkipSpace();
                }

                if (_pos >= _text.Length || _text[_pos] != '=')
                {
                    throw Malformed("Missing \"=\" after array dimensions.");
                }

                _pos++;
                SkipSpace();
            }

            if (_pos >= _text.Length || _text[_pos] != '{')
            {
                throw Malformed("Array value must start with \"{\" or dimension information.");
            }

            ParseLevel(0);
            SkipSpace();
            if (_pos < _text.Length)
            {
                throw Malformed("Junk after closing right brace.");
            }

            var dims = _dims.ToArray();
            if (_items.Count == 0)
            {
                dims = [];
            }

            if (bounds is null)
            {
                return (_items, dims, null);
            }

            if (bounds.Count != dims.Length)
            {
                throw Malformed("Specified array dimensions do not match array contents.");
            }

            var lowerBounds = new int[dims.Length];
            for (var d = 0; d < dims.Length; d++)
            {
                if ((long)bounds[d].Upper - bounds[d].Lower + 1 != dims[d])
                {
                    throw Malformed("Specified array dimensions do not match array contents.");
                }

                lowerBounds[d] = bounds[d].Lower;
            }

            return (_items, dims, lowerBounds);
        }

        private int ReadBound()
        {
            var start = _pos;
            if (_pos < _text.Length && _text[_pos] is '-' or '+')
            {
                _pos++;
            }

            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }

            if (!int.TryParse(_text.AsSpan(start, _pos - start), System.Globalization.NumberStyles.AllowLeadingSign,
                System.Globalization.CultureInfo.InvariantCulture, out var v))
            {
                throw Malformed("\"[\" must introduce explicitly-specified array dimensions.");
            }

            return v;
        }

        /// <summary>Parses "{...}" at depth <paramref name="depth"/> (the '{' is at the cursor).</summary>
        private void ParseLevel(int depth)
        {
            _pos++; // '{'
            var count = 0;
            var hasSubArrays = false;
            var hasElements = false;
            while (true)
            {
                SkipSpace();
                if (_pos >= _text.Length)
                {
                    throw Malformed("Unexpected end of input.");
                }

                var c = _text[_pos];
                if (c == '}')
                {
                    if (count > 0)
                    {
                        // "{a,}": a delimiter was not followed by an element.
                        throw Malformed("Unexpected \"}\" character.");
                    }

                    if (depth > 0)
                    {
                        throw Malformed("Unexpected \"}\" character.");
                    }

                    _pos++;
                    RecordDim(depth, 0);
                    return;
                }

                if (c == '{')
                {
                    if (hasElements)
                    {
                        throw Malformed("Unexpected \"{\" character.");
                    }

                    hasSubArrays = true;
                    ParseLevel(depth + 1);
                }
                else
                {
                    if (hasSubArrays)
                    {
                        throw Malformed(c == ',' ? "Unexpected \",\" character." : "Multidimensional arrays must have sub-arrays with matching dimensions.");
                    }

                    if (c == ',')
                    {
                        throw Malformed("Unexpected \",\" character.");
                    }

                    if (!hasElements)
                    {
                        RecordLeafDepth(depth);
                    }

                    hasElements = true;
                    _items.Add(ReadElement());
                }

                count++;
                SkipSpace();
                if (_pos >= _text.Length)
                {
                    throw Malformed("Unexpected end of input.");
                }

                if (_text[_pos] == ',')
                {
                    _pos++;
                    SkipSpace();
                    if (_pos < _text.Length && _text[_pos] == '}')
                    {
                        throw Malformed("Unexpected \"}\" character.");
                    }

                    continue;
                }

                if (_text[_pos] == '}')
                {
                    _pos++;
                    RecordDim(depth, count);
                    return;
                }

                throw Malformed($"Unexpected \"{_text[_pos]}\" character.");
            }
        }

        private void RecordDim(int depth, int count)
        {
            while (_dims.Count <= depth)
            {
                _dims.Add(-1);
            }

            if (_dims[depth] == -1)
            {
                _dims[depth] = count;
            }
            else if (_dims[depth] != count)
            {
                throw Malformed("Multidimensional arrays must have sub-arrays with matching dimensions.");
            }
        }

        /// <summary>Elements must all sit at the same depth (the innermost dimension).</summary>
        private void RecordLeafDepth(int depth)
        {
            if (_leafDepth == -1)
            {
                _leafDepth = depth;
            }
            else if (_leafDepth != depth)
            {
                throw Malformed("Multidimensional arrays must have sub-arrays with matching dimensions.");
            }
        }

        /// <summary>One element: quoted (backslash escapes) or unquoted (trimmed; backslash escapes; NULL is null).</summary>
        private string? ReadElement()
        {
            var sb = new StringBuilder();
            var quotedAny = false;
            var escapedAny = false;
            var lastSignificant = 0; // length of sb up to the last char that must not be trimmed
            while (_pos < _text.Length)
            {
                var c = _text[_pos];
                if (c == '"')
                {
                    quotedAny = true;
                    _pos++;
                    while (true)
                    {
                        if (_pos >= _text.Length)
                        {
                            throw Malformed("Unexpected end of input.");
                        }

                        c = _text[_pos++];
                        if (c == '"')
                        {
                            break;
                        }

                        if (c == '\\')
                        {
                            if (_pos >= _text.Length)
                            {
                                throw Malformed("Unexpected end of input.");
                            }

                            c = _text[_pos++];
                        }

                        sb.Append(c);
                    }

                    lastSignificant = sb.Length;
                    continue;
                }

                if (c == '\\')
                {
                    _pos++;
                    if (_pos >= _text.Length)
                    {
                        throw Malformed("Unexpected end of input.");
                    }

                    sb.Append(_text[_pos++]);
                    escapedAny = true;
                    lastSignificant = sb.Length;
                    continue;
                }

                if (c is ',' or '}')
                {
                    break;
                }

                if (c == '{')
                {
                    throw Malformed("Unexpected \"{\" character.");
                }

                sb.Append(c);
                _pos++;
                if (!IsSpace(c))
                {
                    lastSignificant = sb.Length;
                }
            }

            sb.Length = lastSignificant;
            var value = sb.ToString();
            if (!quotedAny && !escapedAny && value.Equals("NULL", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            return value;
        }
    }
}
