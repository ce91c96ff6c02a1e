using System.Globalization;
using OmenDb.Common;

namespace OmenDb.Engine.Types;

public static partial class ValueText
{
    /// <summary>cash_out under lc_monetary C: "$1,234.50", "-$12.00" (the value is a count of cents).</summary>
    internal static string FormatMoney(long cents)
    {
        var magnitude = cents == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(cents);
        var text = (magnitude / 100).ToString("#,0", CultureInfo.InvariantCulture) + "." + (magnitude % 100).ToString("00", CultureInfo.InvariantCulture);
        return (cents < 0 ? "-$" : "$") + text;
    }

    /// <summary>cash_in under lc_monetary C: optional sign or parentheses, optional $, digits with , separators, and up
    /// to two decimals (more are rounded).</summary>
    internal static long ParseMoney(string text)
    {
        var s = TrimSpace(text).ToString();
        var negative = false;
        if (s.StartsWith('(') && s.EndsWith(')'))
        {
            negative = true;
            s = s[1..^1].Trim();
        }

        if (s.StartsWith('-'))
        {
            negative = !negative;
            s = s[1..].Trim();
        }
        else if (s.StartsWith('+'))
        {
            s = s[1..].Trim();
        }

        if (s.StartsWith('$'))
        {
            s = s[1..].Trim();
        }

        s = s.Replace(",", "", StringComparison.Ordinal);
        if (s.Length == 0 || !s.All(c => char.IsAsciiDigit(c) || c == '.')
            || !decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            throw TypeErrors.InvalidSyntax("money", text);
        }

        var cents = decimal.Round(value * 100, 0, MidpointRounding.AwayFromZero);
        if (cents > long.MaxValue)
        {
            throw new PgException(SqlState.NumericValueOutOfRange, $"value \"{text}\" is out of range for type money");
        }

        return negative ? -(long)cents : (long)cents;
    }
}
