using System.Text;
using OmenDb.Common;

namespace OmenDb.Engine.Types;

public static partial class ValueText
{
    /// <summary>NAMEDATALEN - 1: the longest name in bytes.</summary>
    internal const int MaxNameBytes = 63;

    /// <summary>Text-like input: text, varchar and bpchar keep the input as is (length coercion is
    /// <see cref="ApplyTypmod"/>'s); name truncates to 63 bytes; "char" keeps one byte.</summary>
    internal static string ParseText(PgType type, string text)
    {
        if (ReferenceEquals(type, PgTypes.Name))
        {
            return TruncateName(text);
        }

        if (ReferenceEquals(type, PgTypes.Char))
        {
            return ParseChar(text);
        }

        if (ReferenceEquals(type, PgTypes.JsonPath))
        {
            return ParsedJsonPath.Normalize(text);
        }

        return text;
    }

    /// <summary>namein: silently truncated to 63 bytes without splitting a character.</summary>
    internal static string TruncateName(string text)
    {
        if (text.Length * 3 <= MaxNameBytes || Encoding.UTF8.GetByteCount(text) <= MaxNameBytes)
        {
            return text;
        }

        var bytes = 0;
        var i = 0;
        while (i < text.Length)
        {
            var rune = Rune.GetRuneAt(text, i);
            if (bytes + rune.Utf8SequenceLength > MaxNameBytes)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            i += rune.Utf16SequenceLength;
        }

        return text[..i];
    }

    /// <summary>charin: "" is the zero byte (held as ""), "\ooo" an octal byte, otherwise the first byte of the UTF-8 text.
    /// A byte ≥ 0x80 is held as the char with that code (U+0080..U+00FF) and printed back as \ooo.</summary>
    internal static string ParseChar(string text)
    {
        if (text.Length == 0)
        {
            return "";
        }

        if (text.Length == 4 && text[0] == '\\' && IsOctal(text[1]) && IsOctal(text[2]) && IsOctal(text[3]))
        {
            var b = ((text[1] - '0') << 6) | ((text[2] - '0') << 3) | (text[3] - '0');
            return b == 0 ? "" : ((char)(b & 0xFF)).ToString();
        }

        if (text[0] < 0x80)
        {
            return text[..1];
        }

        Span<byte> utf8 = stackalloc byte[4];
        var rune = Rune.GetRuneAt(text, 0);
        rune.EncodeToUtf8(utf8);
        return ((char)utf8[0]).ToString();
    }

    /// <summary>charout: a byte ≥ 0x80 prints as \ooo, the zero byte as nothing.</summary>
    internal static string FormatChar(string value)
    {
        if (value.Length == 0)
        {
            return "";
        }

        var c = value[0];
        if (c < 0x80)
        {
            return value.Length == 1 ? value : c.ToString();
        }

        return string.Create(4, (int)(c & 0xFF), static (span, b) =>
        {
            span[0] = '\\';
            span[1] = (char)('0' + ((b >> 6) & 7));
            span[2] = (char)('0' + ((b >> 3) & 7));
            span[3] = (char)('0' + (b & 7));
        });
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    /// <summary>byteaout with bytea_output = hex: <c>\x</c> and two lower-case hex digits per byte.</summary>
    internal static string FormatBytea(byte[] value) => string.Create(2 + value.Length * 2, value, static (span, bytes) =>
    {
        span[0] = '\\';
        span[1] = 'x';
        for (var i = 0; i < bytes.Length; i++)
        {
            span[2 + 2 * i] = HexDigit(bytes[i] >> 4);
            span[3 + 2 * i] = HexDigit(bytes[i] & 0xF);
        }
    });

    /// <summary>byteaout with bytea_output = escape: printable ASCII as is, a backslash doubled, other bytes as \ooo.</summary>
    internal static string FormatByteaEscape(byte[] value)
    {
        var sb = new System.Text.StringBuilder(value.Length);
        foreach (var b in value)
        {
            if (b == (byte)'\\')
            {
                sb.Append(@"\\");
            }
            else if (b is < 0x20 or > 0x7e)
            {
                sb.Append('\\').Append((char)('0' + (b >> 6))).Append((char)('0' + ((b >> 3) & 7))).Append((char)('0' + (b & 7)));
            }
            else
            {
                sb.Append((char)b);
            }
        }

        return sb.ToString();
    }

    private static char HexDigit(int v) => (char)(v < 10 ? '0' + v : 'a' + v - 10);

    /// <summary>byteain: <c>\x</c> hex (whitespace allowed between digit pairs) or the traditional escape format
    /// (<c>\\</c> and <c>\ooo</c>; other characters are their UTF-8 bytes).</summary>
    internal static byte[] ParseBytea(string text)
    {
        if (text.Length >= 2 && text[0] == '\\' && text[1] == 'x')
        {
            return ParseByteaHex(text);
        }

        if (text.IndexOf('\\') < 0)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        var result = new List<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '\\')
            {
                var rune = Rune.GetRuneAt(text, i);
                var n = rune.EncodeToUtf8(utf8);
                for (var k = 0; k < n; k++)
                {
                    result.Add(utf8[k]);
                }

                i += rune.Utf16SequenceLength;
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '\\')
            {
                result.Add((byte)'\\');
                i += 2;
            }
            else if (i + 3 < text.Length && text[i + 1] is >= '0' and <= '3' && IsOctal(text[i + 2]) && IsOctal(text[i + 3]))
            {
                result.Add((byte)(((text[i + 1] - '0') << 6) | ((text[i + 2] - '0') << 3) | (text[i + 3] - '0')));
                i += 4;
            }
            else
            {
                throw TypeErrors.Create(SqlState.InvalidTextRepresentation, "invalid input syntax for type bytea");
            }
        }

        return [.. result];
    }

    private static byte[] ParseByteaHex(string text)
    {
        var result = new byte[(text.Length - 2) / 2];
        var count = 0;
        var i = 2;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsSpace(c))
            {
                i++;
                continue;
            }

            var hi = HexValue(c);
            if (hi < 0)
            {
                throw InvalidHexDigit(text, i);
            }

            if (i + 1 >= text.Length)
            {
                throw TypeErrors.Create(SqlState.InvalidParameterValue, "invalid hexadecimal data: odd number of digits");
            }

            var lo = HexValue(text[i + 1]);
            if (lo < 0)
            {
                throw text[i + 1] is var d && IsSpace(d)
                    ? TypeErrors.Create(SqlState.InvalidParameterValue, "invalid hexadecimal data: odd number of digits")
                    : InvalidHexDigit(text, i + 1);
            }

            result[count++] = (byte)((hi << 4) | lo);
            i += 2;
        }

        return count == result.Length ? result : result[..count];
    }

    private static PgException InvalidHexDigit(string text, int index)
    {
        var rune = Rune.GetRuneAt(text, index);
        return TypeErrors.Create(SqlState.InvalidParameterValue, $"invalid hexadecimal digit: \"{rune}\"");
    }

    internal static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>uuid_in: 32 hex digits, optionally in braces, with an optional hyphen after any group of four digits.</summary>
    internal static Guid ParseUuid(string text)
    {
        Span<byte> bytes = stackalloc byte[16];
        var s = text.AsSpan();
        var i = 0;
        var braces = s.Length > 0 && s[0] == '{';
        if (braces)
        {
            i++;
        }

        for (var b = 0; b < 16; b++)
        {
            if (i + 1 >= s.Length || HexValue(s[i]) < 0 || HexValue(s[i + 1]) < 0)
            {
                throw TypeErrors.InvalidSyntax("uuid", text);
            }

            bytes[b] = (byte)((HexValue(s[i]) << 4) | HexValue(s[i + 1]));
            i += 2;
            if (i < s.Length && s[i] == '-' && b % 2 == 1 && b < 15)
            {
                i++;
            }
        }

        if (braces)
        {
            if (i >= s.Length || s[i] != '}')
            {
                throw TypeErrors.InvalidSyntax("uuid", text);
            }

            i++;
        }

        if (i != s.Length)
        {
            throw TypeErrors.InvalidSyntax("uuid", text);
        }

        return new Guid(bytes, bigEndian: true);
    }
}
