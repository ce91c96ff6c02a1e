using System.Globalization;
using OmenDb.Common;
using OmenDb.Engine.Functions;

namespace OmenDb.Engine.Types;

/// <summary>
/// Every computation on a JSON number (jsonb equality, ordering and hashing, jsonpath arithmetic, comparisons and
/// item methods) in one place. A JSON number is held as its numeric text (<see cref="JsonText.JsonNumber"/>); it is
/// computed on as a value of the SQL numeric type through numeric's own input and output functions and its
/// registered operators and functions, so the numeric representation can change without touching JSON code.
/// </summary>
internal static class JsonNumbers
{
    private static readonly EvalContext s_context = new();

    /// <summary>The numeric value of a JSON number's text (numeric_in).</summary>
    public static object ToNumeric(string text) => ValueText.Parse(PgTypes.Numeric, text);

    /// <summary>A numeric value's text as a JSON number (numeric_out).</summary>
    public static string FromNumeric(object numeric) => ValueText.Format(PgTypes.Numeric, numeric);

    /// <summary>Numeric order of two JSON numbers (1.0 = 1).</summary>
    public static int Compare(string a, string b)
    {
        if (a == b)
        {
            return 0;
        }

        if (TryToNumeric(a, out var x) && TryToNumeric(b, out var y))
        {
            return ValueComparer.Compare(PgTypes.Numeric, x, y);
        }

        // Beyond the numeric representation's range: order by the nearest doubles.
        return double.Parse(a, CultureInfo.InvariantCulture).CompareTo(double.Parse(b, CultureInfo.InvariantCulture));
    }

    /// <summary>A hash that agrees with <see cref="Compare"/>: trailing fractional zeros and the sign of zero do not count.</summary>
    public static int Hash(string text)
    {
        if (text.Contains('.'))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        return string.GetHashCode(text == "-0" ? "0" : text, StringComparison.Ordinal);
    }

    /// <summary>a op b for op one of + - * / % with numeric's semantics (scale, 22012 division by zero, 22003 overflow).</summary>
    public static string Binary(string op, string a, string b)
    {
        var overload = BuiltinFunctions.LookupOperator(op).First(o => o.Left == PgTypes.Numeric && o.Right == PgTypes.Numeric);
        return FromNumeric(overload.Invoke([ToNumeric(a), ToNumeric(b)], s_context)!);
    }

    /// <summary>-a.</summary>
    public static string Negate(string a) => a.StartsWith('-') ? a[1..] : a.All(c => c is '0' or '.') ? a : "-" + a;

    /// <summary>A one-argument numeric function: abs, floor, ceil, trunc.</summary>
    public static string Function(string name, string a)
    {
        var overload = BuiltinFunctions.Lookup(name).First(f => f.ArgTypes is [var t] && t == PgTypes.Numeric);
        return FromNumeric(overload.Invoke([ToNumeric(a)], s_context)!);
    }

    /// <summary>The number truncated to an int, or null when it does not fit.</summary>
    public static int? ToInt32(string text)
        => int.TryParse(Function("trunc", text), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : null;

    /// <summary>The number as a double (numeric_float8: through its text).</summary>
    public static double ToDouble(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A finite double as a JSON number (float8_numeric: 15 significant digits).</summary>
    public static string FromDouble(double d)
        => JsonText.NormalizeNumber(d.ToString("G15", CultureInfo.InvariantCulture)
            .Replace("E+", "e", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal));

    /// <summary>An integer as a JSON number.</summary>
    public static string FromInt64(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool TryToNumeric(string text, out object value)
    {
        try
        {
            value = ToNumeric(text);
            return true;
        }
        catch (PgException)
        {
            value = null!;
            return false;
        }
    }
}
