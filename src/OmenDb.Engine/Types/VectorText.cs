using System.Numerics;

namespace OmenDb.Engine.Types;

/// <summary>
/// The fast path of vector input (pgvector's <c>vector_in</c>) for the spelling clients write, <c>[x,y,...]</c> with no
/// whitespace and plain decimal elements (<see cref="FastFloat"/>), from UTF-16 text or straight from COPY's UTF-8
/// field bytes into a column's float buffer. Anything else (spaces, NaN, infinity, hex, an element the fast float path
/// cannot be sure of, too many or too few elements, every malformed literal) answers false, and the caller takes
/// <see cref="ValueText.ParseVector"/>, which owns every error message; so both paths agree on every input.
/// </summary>
internal static class VectorText
{
    /// <summary>
    /// Parses <paramref name="text"/> into <paramref name="destination"/> (which it may leave partly written when it
    /// answers false); <paramref name="count"/> is the number of elements, at least 1 and at most the destination's
    /// length.
    /// </summary>
    public static bool TryParsePlain<TChar>(ReadOnlySpan<TChar> text, Span<float> destination, out int count)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        count = 0;
        var last = text.Length - 1;
        if (last < 1 || uint.CreateTruncating(text[0]) != '[' || uint.CreateTruncating(text[last]) != ']')
        {
            return false;
        }

        // Between the brackets: element (',' element)*, each element ending at a comma or at the closing bracket.
        var body = text[1..last];
        var n = 0;
        while (n < destination.Length && FastFloat.TryParsePrefix(body, out destination[n], out var length))
        {
            n++;
            if (length == body.Length)
            {
                count = n;
                return true;
            }

            if (uint.CreateTruncating(body[length]) != ',')
            {
                return false;
            }

            body = body[(length + 1)..];
        }

        return false;
    }
}
