using System.Globalization;
using System.Numerics;

namespace OmenDb.Common;

/// <content>numeric_in and numeric_out.</content>
public readonly partial struct PgNumeric
{
    /// <summary>numeric_in's limit on the exponent (INT_MAX / 2); beyond it the value overflows (22003).</summary>
    private const int MaxInputExponent = int.MaxValue / 2;

    /// <summary>numeric_in: throws 22P02 "invalid input syntax for type numeric" on malformed text.</summary>
    public static PgNumeric Parse(string text) =>
        TryParse(text, out var value)
            ? value
            : throw new PgException(SqlState.InvalidTextRepresentation, $"invalid input syntax for type numeric: \"{text}\"");

    /// <summary>
    /// numeric_in: optional whitespace, then NaN, [+-]Infinity / [+-]inf (any case), or [+-]digits[.digits][e[+-]digits]
    /// with at least one digit and an exponent within ±1000, then optional whitespace. The display scale is the number
    /// of fraction digits minus the exponent, at least 0; −0.0 reads as 0.0. False on bad syntax; a value beyond the
    /// format's range throws 22003.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out PgNumeric value)
    {
        value = default;
        var s = text.Trim(" \t\n\r\v\f");
        if (s.IsEmpty)
        {
            return false;
        }

        if (TryParseSpecial(s, out value))
        {
            return true;
        }

        var i = 0;
        var negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            i++;
        }

        var digitsStart = i;
        var intDigits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            intDigits++;
        }

        var fracStart = -1;
        var fracDigits = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            fracStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                fracDigits++;
            }
        }

        if (intDigits + fracDigits == 0)
        {
            return false;
        }

        long exponent = 0;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            // strtol: optional whitespace, a sign, digits.
            i++;
            while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\r' or '\v' or '\f')
            {
                i++;
            }

            var expNegative = false;
            if (i < s.Length && s[i] is '+' or '-')
            {
                expNegative = s[i] == '-';
                i++;
            }

            var expDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                exponent = Math.Min((exponent * 10) + (s[i] - '0'), int.MaxValue);
                i++;
                expDigits++;
            }

            if (expDigits == 0)
            {
                return false;
            }

            if (exponent >= MaxInputExponent)
            {
                throw Overflow();
            }

            exponent = expNegative ? -exponent : exponent;
        }

        if (i != s.Length)
        {
            return false;
        }

        var coefficient = ParseDigits(s.Slice(digitsStart, intDigits), fracStart < 0 ? default : s.Slice(fracStart, fracDigits));
        var scale = fracDigits - exponent;
        if (coefficient.IsZero)
        {
            value = new PgNumeric(BigInteger.Zero, (int)Math.Clamp(scale, 0, int.MaxValue));
            return true;
        }

        if (DigitCount(coefficient) - scale > MaxIntegerDigits || scale > MaxStoredScale)
        {
            throw Overflow();
        }

        value = new PgNumeric(negative ? -coefficient : coefficient, (int)scale);
        return true;
    }

    private static BigInteger ParseDigits(ReadOnlySpan<char> integerPart, ReadOnlySpan<char> fractionPart)
    {
        var total = integerPart.Length + fractionPart.Length;
        if (total <= 18)
        {
            var n = 0L;
            foreach (var c in integerPart)
            {
                n = n * 10 + (c - '0');
            }

            foreach (var c in fractionPart)
            {
                n = n * 10 + (c - '0');
            }

            return n;
        }

        if (fractionPart.IsEmpty)
        {
            return BigInteger.Parse(integerPart, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        Span<char> digits = total <= 512 ? stackalloc char[total] : new char[total];
        integerPart.CopyTo(digits);
        fractionPart.CopyTo(digits[integerPart.Length..]);
        return BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static bool TryParseSpecial(ReadOnlySpan<char> s, out PgNumeric value)
    {
        value = default;
        if (s.Equals("NaN", StringComparison.OrdinalIgnoreCase))
        {
            value = NaN;
            return true;
        }

        var body = s[0] is '+' or '-' ? s[1..] : s;
        if (body.Equals("Infinity", StringComparison.OrdinalIgnoreCase) || body.Equals("inf", StringComparison.OrdinalIgnoreCase))
        {
            value = s[0] == '-' ? NegativeInfinity : PositiveInfinity;
            return true;
        }

        return false;
    }

    /// <summary>numeric_out: plain notation with exactly <see cref="Scale"/> digits after the point; NaN, Infinity, -Infinity.</summary>
    public override string ToString()
    {
        switch (_kind)
        {
            case NumericKind.NaN:
                return "NaN";
            case NumericKind.PositiveInfinity:
                return "Infinity";
            case NumericKind.NegativeInfinity:
                return "-Infinity";
        }

        if (_scale == 0)
        {
            return _coefficient.ToString(CultureInfo.InvariantCulture);
        }

        var digits = BigInteger.Abs(_coefficient).ToString(CultureInfo.InvariantCulture);
        var negative = _coefficient.Sign < 0;
        var intLength = Math.Max(digits.Length - _scale, 0);
        var length = (negative ? 1 : 0) + Math.Max(intLength, 1) + 1 + _scale;
        return string.Create(length, (digits, negative, _scale), static (span, state) =>
        {
            var (digits, negative, scale) = state;
            var p = 0;
            if (negative)
            {
                span[p++] = '-';
            }

            var intLength = digits.Length - scale;
            if (intLength <= 0)
            {
                span[p++] = '0';
                span[p++] = '.';
                span[p..(p - intLength)].Fill('0');
                p -= intLength;
                digits.AsSpan().CopyTo(span[p..]);
                return;
            }

            digits.AsSpan(0, intLength).CopyTo(span[p..]);
            p += intLength;
            span[p++] = '.';
            digits.AsSpan(intLength).CopyTo(span[p..]);
        });
    }

    /// <summary>
    /// The value in scientific notation as PostgreSQL's numeric_out_sci prints it for to_char's EEEE and float
    /// conversions: one digit, <paramref name="scale"/> fraction digits, then e±NN.
    /// </summary>
    public string ToScientificString(int scale)
    {
        if (!IsFinite)
        {
            return ToString();
        }

        var exponent = IsZero ? 0 : DecimalExponent;
        var mantissa = new PgNumeric(_coefficient, _scale + exponent).Round(scale);
        if (BigInteger.Abs(mantissa._coefficient) >= Pow10(scale + 1))
        {
            exponent++;
            mantissa = new PgNumeric(_coefficient, _scale + exponent).Round(scale);
        }

        var sign = exponent < 0 ? '-' : '+';
        return mantissa.ToString() + "e" + sign + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }
}
