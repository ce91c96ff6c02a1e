using System.Globalization;
using OmenDb.Common;

namespace OmenDb.Engine.Types;

public static partial class ValueText
{
    /// <summary>boolin: trimmed, case-insensitive, any unique prefix of true/false/yes/no, on/off (two letters at least), 1/0.</summary>
    internal static bool ParseBool(string text)
    {
        if (TryParseBool(text, out var value))
        {
            return value;
        }

        throw TypeErrors.InvalidSyntax("boolean", text);
    }

    /// <summary>parse_bool: the boolean input rules without throwing.</summary>
    internal static bool TryParseBool(ReadOnlySpan<char> text, out bool value)
    {
        var s = TrimSpace(text);
        value = false;
        if (s.Length == 0)
        {
            return false;
        }

        switch (char.ToLowerInvariant(s[0]))
        {
            case 't':
                value = true;
                return IsPrefixOf(s, "true");
            case 'f':
                return IsPrefixOf(s, "false");
            case 'y':
                value = true;
                return IsPrefixOf(s, "yes");
            case 'n':
                return IsPrefixOf(s, "no");
            case 'o':
                // "o" alone is ambiguous between on and off.
                if (s.Length >= 2 && IsPrefixOf(s, "on"))
                {
                    value = true;
                    return true;
                }

                return s.Length >= 2 && IsPrefixOf(s, "off");
            case '1':
                value = true;
                return s.Length == 1;
            case '0':
                return s.Length == 1;
            default:
                return false;
        }

        static bool IsPrefixOf(ReadOnlySpan<char> s, string word) =>
            s.Length <= word.Length && s.Equals(word.AsSpan(0, s.Length), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>int2in.</summary>
    internal static short ParseInt16(string text)
    {
        var v = ParseInteger(text, "smallint");
        return v is < short.MinValue or > short.MaxValue ? throw TypeErrors.ValueOutOfRange(text, "smallint") : (short)v;
    }

    /// <summary>int4in.</summary>
    internal static int ParseInt32(string text)
    {
        var v = ParseInteger(text, "integer");
        return v is < int.MinValue or > int.MaxValue ? throw TypeErrors.ValueOutOfRange(text, "integer") : (int)v;
    }

    /// <summary>int8in.</summary>
    internal static long ParseInt64(string text) => ParseInteger(text, "bigint");

    /// <summary>oidin: an unsigned 32-bit number; negative input wraps as PostgreSQL's strtoul does (-1 = 4294967295).</summary>
    internal static uint ParseOid(string text)
    {
        var s = TrimSpace(text);
        if (s.Length == 0)
        {
            throw TypeErrors.InvalidSyntax("oid", text);
        }

        if (!TryParseIntegerCore(text, out var v, out var overflow) || overflow)
        {
            throw overflow ? TypeErrors.ValueOutOfRange(text, "oid") : TypeErrors.InvalidSyntax("oid", text);
        }

        return v is < int.MinValue or > uint.MaxValue ? throw TypeErrors.ValueOutOfRange(text, "oid") : unchecked((uint)v);
    }

    /// <summary>pg_strtoint64: optional whitespace, sign, decimal digits, optional whitespace.</summary>
    private static long ParseInteger(string text, string typeName)
    {
        if (!TryParseIntegerCore(text, out var v, out var overflow))
        {
            throw TypeErrors.InvalidSyntax(typeName, text);
        }

        return overflow ? throw TypeErrors.ValueOutOfRange(text, typeName) : v;
    }

    private static bool TryParseIntegerCore(ReadOnlySpan<char> text, out long value, out bool overflow)
    {
        value = 0;
        overflow = false;
        var s = TrimSpace(text);
        var i = 0;
        var negative = false;
        if (i < s.Length && (s[i] == '-' || s[i] == '+'))
        {
            negative = s[i] == '-';
            i++;
        }

        if (i == s.Length)
        {
            return false;
        }

        // Accumulate negatively so long.MinValue fits.
        long acc = 0;
        for (; i < s.Length; i++)
        {
            var d = s[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            if (!overflow)
            {
                if (acc < (long.MinValue + d) / 10)
                {
                    overflow = true;
                }
                else
                {
                    acc = acc * 10 - d;
                }
            }
        }

        if (!overflow && !negative)
        {
            if (acc == long.MinValue)
            {
                overflow = true;
            }
            else
            {
                acc = -acc;
            }
        }

        value = acc;
        return true;
    }

    /// <summary>float8in: strtod syntax plus NaN/Infinity/inf spellings; 22003 when the value over- or underflows.</summary>
    internal static double ParseFloat8(string text)
    {
        return TryParseFloat(text, out var value, out var nonZeroDigits) switch
        {
            FloatSyntax.Ok when double.IsInfinity(value) && !IsInfinityWord(text) => throw TypeErrors.FloatOutOfRange(text, "double precision"),
            FloatSyntax.Ok when value == 0 && nonZeroDigits => throw TypeErrors.FloatOutOfRange(text, "double precision"),
            FloatSyntax.Ok => value,
            _ => throw TypeErrors.InvalidSyntax("double precision", text),
        };
    }

    /// <summary>float4in: as float8in, rounded once to single precision.</summary>
    internal static float ParseFloat4(string text)
    {
        var s = TrimSpace(text);
        if (TryParseFloat(text, out var d, out var nonZeroDigits) != FloatSyntax.Ok)
        {
            throw TypeErrors.InvalidSyntax("real", text);
        }

        if (double.IsNaN(d) || IsInfinityWord(text))
        {
            return (float)d;
        }

        // Parse the digits directly as float: double-then-float rounding could differ in the last bit.
        var f = float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (float.IsInfinity(f) || (f == 0 && nonZeroDigits))
        {
            throw TypeErrors.FloatOutOfRange(text, "real");
        }

        return f;
    }

    private enum FloatSyntax : byte
    {
        Ok,
        Invalid,
    }

    private static bool IsInfinityWord(ReadOnlySpan<char> text)
    {
        var s = TrimSpace(text);
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            s = s[1..];
        }

        return s.Equals("infinity", StringComparison.OrdinalIgnoreCase) || s.Equals("inf", StringComparison.OrdinalIgnoreCase);
    }

    private static FloatSyntax TryParseFloat(ReadOnlySpan<char> text, out double value, out bool nonZeroDigits)
    {
        value = 0;
        nonZeroDigits = false;
        var s = TrimSpace(text);
        if (s.Length == 0)
        {
            return FloatSyntax.Invalid;
        }

        var body = s;
        var negative = false;
        if (body[0] == '+' || body[0] == '-')
        {
            negative = body[0] == '-';
            body = body[1..];
        }

        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            // strtod accepts a signed NaN; PostgreSQL prints it as NaN either way.
            value = double.NaN;
            return FloatSyntax.Ok;
        }

        if (body.Equals("infinity", StringComparison.OrdinalIgnoreCase) || body.Equals("inf", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return FloatSyntax.Ok;
        }

        if (!IsDecimalNumberSyntax(body, out nonZeroDigits))
        {
            return FloatSyntax.Invalid;
        }

        value = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        return FloatSyntax.Ok;
    }

    /// <summary>digits [. digits] [e [sign] digits], at least one mantissa digit (".5" and "5." are fine).</summary>
    private static bool IsDecimalNumberSyntax(ReadOnlySpan<char> s, out bool nonZeroDigits)
    {
        nonZeroDigits = false;
        var i = 0;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            nonZeroDigits |= s[i] != '0';
            i++;
            digits++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                nonZeroDigits |= s[i] != '0';
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                i++;
            }

            var expDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                expDigits++;
            }

            if (expDigits == 0)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    /// <summary>numeric_in (<see cref="PgNumeric.TryParse"/>); 22P02 on malformed text.</summary>
    internal static PgNumeric ParseNumeric(string text) =>
        PgNumeric.TryParse(text, out var value) ? value : throw TypeErrors.InvalidSyntax("numeric", text);

    /// <summary>float8out with extra_float_digits 1: shortest round-trip digits, exponent form below 1e-4 or from 1e15.</summary>
    internal static string FormatFloat8(double value) => FormatFloat(value, false, 1);

    /// <summary>float4out: shortest single-precision digits, exponent form below 1e-4 or from 1e6.</summary>
    internal static string FormatFloat4(float value) => FormatFloat(value, true, 1);

    /// <summary>float4out / float8out under <paramref name="extraFloatDigits"/>.</summary>
    internal static string FormatFloat(double value, bool single, int extraFloatDigits)
    {
        Span<char> buffer = stackalloc char[32];
        var n = FormatFloatChars(value, single, buffer, extraFloatDigits);
        return new string(buffer[..n]);
    }

    /// <summary>
    /// Writes PostgreSQL's float text into <paramref name="dest"/> (32 chars always suffice). With
    /// <paramref name="extraFloatDigits"/> above 0 the digits are the shortest that read back to the same value;
    /// otherwise they are C's %.{P}g with P = 15 (6 for real) + extra_float_digits, at least 1.
    /// </summary>
    internal static int FormatFloatChars(double value, bool single, Span<char> dest, int extraFloatDigits = 1)
    {
        if (double.IsNaN(value))
        {
            "NaN".CopyTo(dest);
            return 3;
        }

        if (double.IsInfinity(value))
        {
            var word = value > 0 ? "Infinity" : "-Infinity";
            word.CopyTo(dest);
            return word.Length;
        }

        // .NET's "R" gives the shortest round-trip digits, "E{P-1}" P correctly rounded ones; only the layout
        // differs from PostgreSQL's.
        var precision = extraFloatDigits > 0 ? 0 : Math.Max(1, (single ? 6 : 15) + extraFloatDigits);
        Span<char> format = stackalloc char[3];
        var formatLength = 1;
        format[0] = 'R';
        if (precision > 0)
        {
            format[0] = 'E';
            (precision - 1).TryFormat(format[1..], out var w, default, CultureInfo.InvariantCulture);
            formatLength += w;
        }

        Span<char> raw = stackalloc char[40];
        int rawLength;
        if (single)
        {
            ((float)value).TryFormat(raw, out rawLength, format[..formatLength], CultureInfo.InvariantCulture);
        }
        else
        {
            value.TryFormat(raw, out rawLength, format[..formatLength], CultureInfo.InvariantCulture);
        }

        raw = raw[..rawLength];
        var pos = 0;
        if (raw[0] == '-')
        {
            dest[pos++] = '-';
            raw = raw[1..];
        }

        // Collect the significant digits and the decimal exponent of the first one.
        Span<char> digits = stackalloc char[24];
        var digitCount = 0;
        var pointPos = -1;
        var leadingZeros = 0;
        var exp10 = 0;
        var sawNonZero = false;
        var i = 0;
        for (; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '.')
            {
                pointPos = digitCount + leadingZeros;
                continue;
            }

            if (c is 'E' or 'e')
            {
                exp10 = int.Parse(raw[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                break;
            }

            if (!sawNonZero && c == '0')
            {
                leadingZeros++;
                continue;
            }

            sawNonZero = true;
            digits[digitCount++] = c;
        }

        if (digitCount == 0)
        {
            dest[pos++] = '0';
            return pos;
        }

        var intDigits = pointPos < 0 ? digitCount + leadingZeros : pointPos;
        var exponent = intDigits - leadingZeros - 1 + exp10;
        while (digitCount > 1 && digits[digitCount - 1] == '0')
        {
            digitCount--;
        }

        var maxFixedExponent = precision > 0 ? precision : single ? 6 : 15;
        if (exponent < -4 || exponent >= maxFixedExponent)
        {
            dest[pos++] = digits[0];
            if (digitCount > 1)
            {
                dest[pos++] = '.';
                digits[1..digitCount].CopyTo(dest[pos..]);
                pos += digitCount - 1;
            }

            dest[pos++] = 'e';
            dest[pos++] = exponent < 0 ? '-' : '+';
            var absExp = Math.Abs(exponent);
            if (absExp < 10)
            {
                dest[pos++] = '0';
            }

            absExp.TryFormat(dest[pos..], out var w, default, CultureInfo.InvariantCulture);
            return pos + w;
        }

        if (exponent < 0)
        {
            dest[pos++] = '0';
            dest[pos++] = '.';
            for (var z = -1; z > exponent; z--)
            {
                dest[pos++] = '0';
            }

            digits[..digitCount].CopyTo(dest[pos..]);
            return pos + digitCount;
        }

        for (var d = 0; d <= Math.Max(exponent, digitCount - 1); d++)
        {
            if (d == exponent + 1)
            {
                dest[pos++] = '.';
            }

            dest[pos++] = d < digitCount ? digits[d] : '0';
        }

        return pos;
    }
}
