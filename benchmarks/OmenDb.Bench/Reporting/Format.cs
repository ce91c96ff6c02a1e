using System.Globalization;

namespace OmenDb.Bench.Reporting;

/// <summary>Number formatting shared by the console, Markdown and SVG reports: three significant digits, grouped.</summary>
internal static class Format
{
    /// <summary>E.g. 12,345 · 123 · 12.3 · 1.23 · 0.123 · 0.000304.</summary>
    public static string Number(double value) => double.IsNaN(value) || double.IsInfinity(value)
        ? "n/a"
        : Math.Abs(value) switch
        {
            >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
            >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
            >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
            >= 1 => value.ToString("0.00", CultureInfo.InvariantCulture),
            >= 0.001 => value.ToString("0.000", CultureInfo.InvariantCulture),
            // Three significant digits below a thousandth: a ratio of 0.0003 must not print as 0.000.
            _ => value.ToString("G3", CultureInfo.InvariantCulture),
        };

    /// <summary>A ratio: "0.52×", "3.1×".</summary>
    public static string Ratio(double value) => Number(value) + "×";
}
