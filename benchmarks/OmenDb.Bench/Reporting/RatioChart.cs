using System.Globalization;
using System.Security;
using System.Text;

namespace OmenDb.Bench.Reporting;

/// <summary>
/// ratios.svg: one horizontal bar per figure, OmenDb / PostgreSQL on a log scale around 1; green where OmenDb leads
/// (ratio above 1 for throughput, below 1 for latency), red where it lags; figures of one server only are left out.
/// </summary>
internal static class RatioChart
{
    private const int LabelWidth = 330;
    private const int BarWidth = 500;
    private const int RowHeight = 22;

    /// <summary>The SVG document.</summary>
    public static string Render(IReadOnlyList<CaseResult> all)
    {
        // Figures only one server has are in the tables, not in a chart of ratios.
        var results = all.Where(r => r.Compared).ToList();
        // The axis spans ±max |log10 ratio|, at least one decade each way.
        var extent = Math.Max(1, Math.Ceiling(results.Select(r => Math.Abs(Math.Log10(r.Ratio))).Where(double.IsFinite).DefaultIfEmpty(1).Max()));
        var height = 40 + RowHeight * results.Count;
        var center = LabelWidth + BarWidth / 2.0;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{LabelWidth + BarWidth + 90}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"4\" y=\"16\">OmenDb / PostgreSQL (log scale, 10^±{extent}); green: OmenDb leads, red: PostgreSQL leads</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{center}\" y1=\"24\" x2=\"{center}\" y2=\"{height}\" stroke=\"#444\"/>\n");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var y = 28 + i * RowHeight;
            var log = double.IsFinite(Math.Log10(r.Ratio)) ? Math.Clamp(Math.Log10(r.Ratio), -extent, extent) : 0;
            var end = center + log / extent * (BarWidth / 2.0);
            var label = SecurityElement.Escape($"{r.Workload} {r.Case}: {r.Metric.Name}");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{y + 14}\">{label}</text>\n");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{Math.Min(center, end):0.#}\" y=\"{y + 3}\" width=\"{Math.Abs(end - center):0.#}\" height=\"{RowHeight - 6}\" fill=\"{(r.OmenDbLeads ? "#2a9d4b" : "#d1453b")}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{LabelWidth + BarWidth + 6}\" y=\"{y + 14}\">{SecurityElement.Escape(Format.Ratio(r.Ratio))}</text>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }
}
