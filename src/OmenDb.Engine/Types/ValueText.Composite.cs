using System.Buffers;
using System.Globalization;
using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Functions;

namespace OmenDb.Engine.Types;

public static partial class ValueText
{
    /// <summary>Most dimensions a vector may have (pgvector's VECTOR_MAX_DIM).</summary>
    internal const int MaxVectorDimensions = 16_000;

    /// <summary>record_out: <c>(1,abc)</c>; a null field is empty; a field is quoted when empty or containing
    /// quotes, backslashes, parentheses, commas or whitespace (quotes and backslashes doubled inside).</summary>
    internal static string FormatRecord(PgRecord record, TimeZoneInfo timeZone)
    {
        var sb = new StringBuilder();
        sb.Append('(');
        for (var k = 0; k < record.Values.Length; k++)
        {
            if (k > 0)
            {
                sb.Append(',');
            }

            if (record.Values[k] is not { } v)
            {
                continue;
            }

            var text = Format(record.FieldTypes[k], v, timeZone);
            var needQuote = text.Length == 0;
            foreach (var c in text)
            {
                if (c is '"' or '\\' or '(' or ')' or ',' || IsSpace(c))
                {
                    needQuote = true;
                    break;
                }
            }

            if (!needQuote)
            {
                sb.Append(text);
                continue;
            }

            sb.Append('"');
            foreach (var c in text)
            {
                if (c is '"' or '\\')
                {
                    sb.Append(c);
                }

                sb.Append(c);
            }

            sb.Append('"');
        }

        return sb.Append(')').ToString();
    }

    /// <summary>record_in for the anonymous record type is not possible (PostgreSQL says the same).</summary>
    internal static PgRecord ParseRecord(PgType type, string text, EvalContext? context)
    {
        _ = type;
        _ = text;
        _ = context;
        throw TypeErrors.Create(SqlState.FeatureNotSupported, "input of anonymous composite types is not implemented");
    }

    /// <summary>vector_out: <c>[1,2.5,3]</c> with float4 shortest formatting.</summary>
    internal static string FormatVector(float[] vector)
    {
        var sb = new StringBuilder(vector.Length * 8 + 2);
        Span<char> buffer = stackalloc char[32];
        sb.Append('[');
        for (var k = 0; k < vector.Length; k++)
        {
            if (k > 0)
            {
                sb.Append(',');
            }

            var n = FormatFloatChars(vector[k], true, buffer);
            sb.Append(buffer[..n]);
        }

        return sb.Append(']').ToString();
    }

    /// <summary>vector_in (pgvector): <c>[1,2,3]</c> with optional whitespace; NaN and infinities rejected;
    /// typmod is the required dimension count.</summary>
    internal static float[] ParseVector(string text, int typmod)
    {
        var s = text.AsSpan();
        var i = 0;
        SkipSpaces(s, ref i);
        if (i >= s.Length || s[i] != '[')
        {
            throw VectorSyntax(text, "Vector contents must start with \"[\".");
        }

        i++;
        SkipSpaces(s, ref i);

        // At most one value per two characters ("1,"): a pooled buffer instead of a growing list (COPY parses
        // millions of these).
        var values = ArrayPool<float>.Shared.Rent(Math.Max(1, (s.Length + 1) / 2));
        try
        {
            if (VectorText.TryParsePlain(s, values, out var plain) && plain <= MaxVectorDimensions)
            {
                // The common spelling, [x,y,...]: one scan.
                var parsed = values.AsSpan(0, plain).ToArray();
                CheckVectorDimensions(parsed, typmod);
                return parsed;
            }

            var count = 0;
            if (i < s.Length && s[i] == ']')
            {
                i++;
            }
            else
            {
                while (true)
                {
                    if (FastFloat.TryParsePrefix(s[i..], out var fast, out var length) && i + length < s.Length &&
                        s[i + length] is ',' or ']' or ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
                    {
                        // The common case: a plain decimal number, scanned once.
                        values[count++] = fast;
                        i += length;
                    }
                    else
                    {
                        var start = i;
                        while (i < s.Length && s[i] != ',' && s[i] != ']' && !IsSpace(s[i]))
                        {
                            i++;
                        }

                        values[count++] = ParseVectorElement(s[start..i], text);
                    }

                    SkipSpaces(s, ref i);
                    if (i >= s.Length)
                    {
                        throw VectorSyntax(text);
                    }

                    if (s[i] == ',')
                    {
                        i++;
                        SkipSpaces(s, ref i);
                        continue;
                    }

                    if (s[i] == ']')
                    {
                        i++;
                        break;
                    }

                    throw VectorSyntax(text);
                }
            }

            SkipSpaces(s, ref i);
            if (i != s.Length)
            {
                throw VectorSyntax(text, "Junk after closing right brace.");
            }

            if (count == 0)
            {
                throw TypeErrors.Create(SqlState.DataException, "vector must have at least 1 dimension");
            }

            if (count > MaxVectorDimensions)
            {
                throw TypeErrors.Create(SqlState.ProgramLimitExceeded, $"vector cannot have more than {MaxVectorDimensions} dimensions");
            }

            var result = values.AsSpan(0, count).ToArray();
            CheckVectorDimensions(result, typmod);
            return result;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(values);
        }

        static void SkipSpaces(ReadOnlySpan<char> s, ref int i)
        {
            while (i < s.Length && IsSpace(s[i]))
            {
                i++;
            }
        }
    }

    /// <summary>One vector element in any spelling strtof accepts, with pgvector's errors (the slow path of
    /// <see cref="ParseVector"/>).</summary>
    private static float ParseVectorElement(ReadOnlySpan<char> token, string text)
    {
        if (TryParseFloat(token, out var d, out var nonZero) != FloatSyntax.Ok || token.Length == 0)
        {
            throw VectorSyntax(text);
        }

        if (double.IsNaN(d))
        {
            throw TypeErrors.Create(SqlState.DataException, "NaN not allowed in vector");
        }

        var f = double.IsInfinity(d) ? (float)d : float.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (float.IsInfinity(f))
        {
            throw IsInfinityWord(token)
                ? TypeErrors.Create(SqlState.DataException, "infinite value not allowed in vector")
                : TypeErrors.FloatOutOfRange(token.ToString(), "vector");
        }

        _ = nonZero; // underflow to zero is accepted, as pgvector does
        return f;
    }

    /// <summary>22000 <c>expected 3 dimensions, not 2</c> when <paramref name="typmod"/> (dimensions) is set and differs.</summary>
    internal static void CheckVectorDimensions(float[] vector, int typmod)
    {
        if (typmod > 0 && vector.Length != typmod)
        {
            throw TypeErrors.Create(SqlState.DataException, $"expected {typmod} dimensions, not {vector.Length}");
        }
    }

    private static PgException VectorSyntax(string text, string? detail = null) =>
        TypeErrors.Create(SqlState.InvalidTextRepresentation, $"invalid input syntax for type vector: \"{text}\"", detail);
}
