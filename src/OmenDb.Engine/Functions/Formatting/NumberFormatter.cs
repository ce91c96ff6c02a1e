using System.Globalization;
using System.Text;
using OmenDb.Common;

namespace OmenDb.Engine.Functions.Formatting;

/// <summary>
/// PostgreSQL's number templates (formatting.c "NUM") for to_char and to_number in the C locale: 9 and 0 digit
/// positions, . or D, , or G, the sign forms S, MI, PL, SG and PR, V (shift), EEEE, RN, TH, FM, and literal text.
/// Without an explicit sign form a floating sign slot precedes the digits (a space or '-').
/// </summary>
internal static class NumberFormatter
{
    private enum Kind
    {
        Nine,
        Zero,
        Point,
        Group,
        S,
        MI,
        PL,
        SG,
        PR,
        Eeee,
        RN,
        V,
        Literal,
    }

    private readonly record struct Token(Kind Kind, string Text = "");

    private sealed class Template
    {
        public List<Token> Tokens { get; } = [];
        public bool FillMode { get; set; }
        public bool Ordinal { get; set; }
        public bool UpperOrdinal { get; set; }
        public int Pre { get; set; }
        public int Post { get; set; }
        public int Shift { get; set; }
        public bool HasPoint { get; set; }
        public bool Eeee { get; set; }
        public bool Roman { get; set; }
        public bool LowerRoman { get; set; }

        /// <summary>An explicit sign form (S, MI, PL excluded, SG, PR) replaces the floating sign slot.</summary>
        public bool ExplicitSign => Tokens.Exists(t => t.Kind is Kind.S or Kind.MI or Kind.SG or Kind.PR);
    }

    private static Template Parse(string format)
    {
        var t = new Template();
        var afterPoint = false;
        var afterV = false;
        var i = 0;
        while (i < format.Length)
        {
            bool At(string k) => string.CompareOrdinal(format, i, k, 0, k.Length) == 0 && i + k.Length <= format.Length;
            var c = format[i];
            if (At("FM") || At("fm"))
            {
                t.FillMode = true;
                i += 2;
            }
            else if (At("EEEE") || At("eeee"))
            {
                t.Eeee = true;
                t.Tokens.Add(new(Kind.Eeee));
                i += 4;
            }
            else if (At("RN") || At("rn"))
            {
                t.Roman = true;
                t.LowerRoman = c == 'r';
                t.Tokens.Add(new(Kind.RN));
                i += 2;
            }
            else if (At("TH") || At("th"))
            {
                t.Ordinal = true;
                t.UpperOrdinal = c == 'T';
                i += 2;
            }
            else if (At("PR") || At("pr"))
            {
                t.Tokens.Add(new(Kind.PR));
                i += 2;
            }
            else if (At("MI") || At("mi"))
            {
                t.Tokens.Add(new(Kind.MI));
                i += 2;
            }
            else if (At("PL") || At("pl"))
            {
                t.Tokens.Add(new(Kind.PL));
                i += 2;
            }
            else if (At("SG") || At("sg"))
            {
                t.Tokens.Add(new(Kind.SG));
                i += 2;
            }
            else if (c is '9' or '0')
            {
                t.Tokens.Add(new(c == '9' ? Kind.Nine : Kind.Zero));
                if (afterPoint)
                {
                    t.Post++;
                }
                else
                {
                    t.Pre++;
                    if (afterV)
                    {
                        t.Shift++;
                    }
                }

                i++;
            }
            else if (c is '.' or 'D' or 'd')
            {
                if (afterV)
                {
                    throw new PgException(SqlState.SyntaxError, "cannot use \"V\" and decimal point together");
                }

                if (t.HasPoint)
                {
                    throw new PgException(SqlState.SyntaxError, "multiple decimal points");
                }

                t.HasPoint = afterPoint = true;
                t.Tokens.Add(new(Kind.Point));
                i++;
            }
            else if (c is ',' or 'G' or 'g')
            {
                t.Tokens.Add(new(Kind.Group));
                i++;
            }
            else if (c is 'S' or 's')
            {
                t.Tokens.Add(new(Kind.S));
                i++;
            }
            else if (c is 'V' or 'v')
            {
                if (t.HasPoint)
                {
                    throw new PgException(SqlState.SyntaxError, "cannot use \"V\" and decimal point together");
                }

                afterV = true;
                t.Tokens.Add(new(Kind.V));
                i++;
            }
            else if (c is 'B' or 'b' or 'L' or 'l')
            {
                i++; // blank / currency symbol: nothing in the C locale
            }
            else if (c == '"')
            {
                var end = format.IndexOf('"', i + 1);
                end = end < 0 ? format.Length : end;
                t.Tokens.Add(new(Kind.Literal, format[(i + 1)..end]));
                i = end + 1;
            }
            else
            {
                t.Tokens.Add(new(Kind.Literal, c.ToString()));
                i++;
            }
        }

        return t;
    }

    /// <summary>to_char(integer, text).</summary>
    public static string Format(decimal value, string format) => Format((PgNumeric)value, null, format);

    /// <summary>
    /// to_char(numeric, text) at numeric's full precision. NaN prints as the digits "NaN" (no fraction), the infinities
    /// as an overflow ('#' in every digit position), as PostgreSQL's numeric_to_char does.
    /// </summary>
    public static string Format(PgNumeric value, string format) => Format(value, null, format);

    /// <summary>to_char(float, text): the value kept as a double for EEEE, rounded through decimal otherwise.</summary>
    public static string Format(double value, string format)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || Math.Abs(value) >= 7.9e28)
        {
            return Format(PgNumeric.Zero, value, format);
        }

        var rounded = decimal.Parse(value.ToString("G15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        return Format((PgNumeric)rounded, value, format);
    }

    private static string Format(PgNumeric value, double? asDouble, string format)
    {
        var t = Parse(format);
        if (t.Roman)
        {
            return FormatRoman(value, t);
        }

        var negative = asDouble is { } d0 ? d0 < 0 : value.Sign < 0;
        if (t.Eeee)
        {
            return asDouble is { } d ? FormatScientific(d, t) : FormatScientific(value, t);
        }

        if (t.Shift > 0 && value.IsFinite)
        {
            value *= new PgNumeric(PgNumeric.Pow10(t.Shift), 0);
        }

        string intDigits, fracDigits;
        var nan = value.IsNaN;
        if (value.IsFinite)
        {
            var abs = value.Round(t.Post).Abs();
            negative &= !abs.IsZero;
            var text = abs.ToString();
            var point = text.IndexOf('.', StringComparison.Ordinal);
            intDigits = point < 0 ? text : text[..point];
            fracDigits = point < 0 ? "" : text[(point + 1)..];
            if (intDigits == "0" && t.Post > 0)
            {
                intDigits = "";
            }
        }
        else
        {
            // NaN is printed as if "NaN" were its digits; an infinity overflows every position.
            intDigits = nan ? "NaN" : new string('#', t.Pre + 1);
            fracDigits = "";
        }

        var overflow = intDigits.Length > t.Pre;
        var sb = new StringBuilder();
        var signChar = negative ? '-' : '+';
        var floatingSlot = !t.ExplicitSign;
        var leading = t.Pre - intDigits.Length;
        var firstZero = t.Tokens.FindIndex(x => x.Kind == Kind.Zero);
        var digitIndex = 0;
        var fracIndex = 0;
        var printedDigit = false;
        var signWritten = false;

        void WriteFloatingSign()
        {
            if (signWritten)
            {
                return;
            }

            signWritten = true;
            if (floatingSlot)
            {
                if (negative)
                {
                    sb.Append('-');
                }
                else if (!t.FillMode)
                {
                    sb.Append(' ');
                }
            }
            else if (t.Tokens.Count > 0 && t.Tokens[0].Kind == Kind.S)
            {
                sb.Append(signChar);
            }
            else if (t.Tokens.Exists(x => x.Kind == Kind.PR))
            {
                sb.Append(negative ? '<' : t.FillMode ? "" : " ");
            }
        }

        for (var k = 0; k < t.Tokens.Count; k++)
        {
            var tok = t.Tokens[k];
            switch (tok.Kind)
            {
                case Kind.Nine or Kind.Zero:
                    if (!printedDigit && digitIndex < t.Pre)
                    {
                        var isLeading = digitIndex < leading;
                        var zeroFill = firstZero >= 0 && k >= firstZero;
                        if (isLeading && !zeroFill && !overflow)
                        {
                            if (!t.FillMode)
                            {
                                sb.Append(' ');
                            }

                            digitIndex++;
                            if (digitIndex == t.Pre)
                            {
                                WriteFloatingSign();
                            }

                            continue;
                        }

                        WriteFloatingSign();
                        printedDigit = true;
                    }

                    if (digitIndex < t.Pre)
                    {
                        var pos = digitIndex - leading;
                        sb.Append(overflow ? '#' : pos < 0 ? '0' : intDigits[pos]);
                        digitIndex++;
                    }
                    else if (nan && !overflow)
                    {
                        WriteFloatingSign();
                    }
                    else
                    {
                        WriteFloatingSign();
                        var digit = overflow ? '#' : fracDigits[fracIndex];
                        fracIndex++;
                        if (t.FillMode && tok.Kind == Kind.Nine && !overflow && fracDigits[(fracIndex - 1)..].TrimEnd('0').Length == 0
                            && AllNinesAfter(t, k))
                        {
                            continue;
                        }

                        sb.Append(digit);
                    }

                    break;
                case Kind.Point:
                    WriteFloatingSign();
                    if (!nan || overflow)
                    {
                        sb.Append('.');
                    }

                    break;
                case Kind.Group:
                    if (printedDigit)
                    {
                        sb.Append(',');
                    }
                    else if (!t.FillMode)
                    {
                        sb.Append(' ');
                    }

                    break;
                case Kind.S:
                    if (k > 0)
                    {
                        sb.Append(signChar);
                    }

                    break;
                case Kind.MI:
                    sb.Append(negative ? "-" : t.FillMode ? "" : " ");
                    break;
                case Kind.PL:
                    sb.Append(negative ? (t.FillMode ? "" : " ") : "+");
                    break;
                case Kind.SG:
                    sb.Append(signChar);
                    break;
                case Kind.PR:
                    sb.Append(negative ? ">" : t.FillMode ? "" : " ");
                    break;
                case Kind.Literal:
                    sb.Append(tok.Text);
                    break;
            }
        }

        WriteFloatingSign();
        if (t.Ordinal && !overflow && !nan)
        {
            // The suffix depends on the last two integer digits only.
            var tail = intDigits.Length > 2 ? intDigits[^2..] : intDigits;
            sb.Append(DateTimeTemplate.OrdinalSuffix(tail.Length == 0 ? 0 : long.Parse(tail, CultureInfo.InvariantCulture), t.UpperOrdinal));
        }

        return sb.ToString();
    }

    /// <summary>Whether every digit position after token <paramref name="k"/> is a 9 (FM drops trailing zeros only there).</summary>
    private static bool AllNinesAfter(Template t, int k)
    {
        for (var j = k + 1; j < t.Tokens.Count; j++)
        {
            if (t.Tokens[j].Kind == Kind.Zero)
            {
                return false;
            }
        }

        return true;
    }

    private static string FormatScientific(double value, Template t)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return " " + new string('#', t.Pre) + (t.Post > 0 ? "." + new string('#', t.Post) : "") + "####";
        }

        var s = Math.Abs(value).ToString("E" + t.Post.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = s.IndexOf('E', StringComparison.Ordinal);
        var exponent = int.Parse(s[(e + 1)..], CultureInfo.InvariantCulture);
        var mantissa = s[..e];
        var sign = value < 0 ? "-" : t.FillMode ? "" : " ";
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>EEEE of a numeric: PostgreSQL's numeric_out_sci at full precision.</summary>
    private static string FormatScientific(PgNumeric value, Template t)
    {
        if (!value.IsFinite)
        {
            return FormatScientific(double.NaN, t);
        }

        var sign = value.Sign < 0 ? "-" : t.FillMode ? "" : " ";
        return sign + value.Abs().ToScientificString(t.Post);
    }

    private static string FormatRoman(PgNumeric value, Template t)
    {
        // PostgreSQL converts to integer first, with that conversion's errors.
        var n = (int)Casts.NumericToInt(value, int.MinValue, int.MaxValue, "integer");
        string roman;
        if (n is < 1 or > 3999)
        {
            roman = new string('#', 15);
        }
        else
        {
            (int Value, string Text)[] table =
            [
                (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                (5, "V"), (4, "IV"), (1, "I"),
            ];
            var sb = new StringBuilder();
            foreach (var (v, text) in table)
            {
                while (n >= v)
                {
                    sb.Append(text);
                    n -= v;
                }
            }

            roman = sb.ToString();
        }

        roman = t.LowerRoman ? roman.ToLowerInvariant() : roman;
        return t.FillMode ? roman : roman.PadLeft(15);
    }

    /// <summary>
    /// to_number(text, template): reads the digits the template's digit positions cover, the decimal point where the
    /// template has one, and a sign written as '-', '+', or '&lt;...&gt;'; group separators and other text are skipped.
    /// </summary>
    public static PgNumeric Parse(string input, string format)
    {
        var t = Parse(format);
        var digits = new StringBuilder();
        var fraction = new StringBuilder();
        var negative = false;
        var inFraction = false;
        foreach (var c in input)
        {
            if (char.IsAsciiDigit(c))
            {
                if (inFraction)
                {
                    if (fraction.Length < t.Post)
                    {
                        fraction.Append(c);
                    }
                }
                else
                {
                    digits.Append(c);
                }
            }
            else if (c == '.' && t.HasPoint && !inFraction)
            {
                inFraction = true;
            }
            else if (c is '-' or '<')
            {
                negative = true;
            }
        }

        if (digits.Length == 0 && fraction.Length == 0)
        {
            throw new PgException(SqlState.InvalidTextRepresentation, "invalid input syntax for type numeric: \" \"");
        }

        var text = (digits.Length == 0 ? "0" : digits.ToString()) + (fraction.Length > 0 ? "." + fraction : "");
        var value = PgNumeric.Parse(text);
        if (t.Shift > 0)
        {
            // PostgreSQL multiplies by power(10, -V), whose scale the result keeps.
            value *= PgNumeric.Power(10, -t.Shift);
        }

        return negative ? -value : value;
    }
}
