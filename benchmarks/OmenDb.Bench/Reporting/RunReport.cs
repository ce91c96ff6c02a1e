using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace OmenDb.Bench.Reporting;

/// <summary>
/// Everything one run produced, and its three renderings: the console table, results.json + ratios.svg (--out), and
/// a dated section appended to benchmarks/RESULTS.md. Failures appear in every rendering, above the figures.
/// </summary>
internal sealed class RunReport
{
    public required DateTime StartedUtc { get; init; }
    public required BenchOptions Options { get; init; }
    public required string Commit { get; init; }
    public required string LoadAverageStart { get; init; }
    public string LoadAverageEnd { get; set; } = "";
    public string PostgresDescription { get; set; } = "not started";
    public string OmenDbDescription { get; set; } = "not started";
    public bool? OmenDbDurable { get; set; }

    /// <summary>What the run observed about OmenDb's durability, in words (durable mode was asked for).</summary>
    public string OmenDbDurability => OmenDbDurable switch
    {
        true => "durable mode: it wrote its data directory",
        false => "NOT DURABLE: started with --data, this build wrote nothing there and keeps every table in memory only, " +
                 "so its COMMIT waits for no disk while PostgreSQL fsyncs every commit; copy, insert and tpcb compare unlike guarantees",
        null => "durability unknown (the run ended early)",
    };
    public string? BulkFingerprint { get; set; }
    public List<CaseResult> Results { get; } = [];
    public List<Failure> Failures { get; } = [];
    public List<string> Notes { get; } = [];

    /// <summary>Prints the results table and the failures.</summary>
    public void Print()
    {
        var table = new Table().Title("OmenDb vs PostgreSQL 15 (medians; ratio = OmenDb / PostgreSQL)");
        foreach (var column in new[] { "workload", "case", "metric", "OmenDb", "PostgreSQL", "ratio", "round range", "leads" })
        {
            table.AddColumn(column);
        }

        foreach (var r in Results)
        {
            table.AddRow(r.Workload, r.Case, Markup.Escape($"{r.Metric.Name} ({r.Metric.Unit})"), Format.Number(r.OmenDbMedian),
                Format.Number(r.PostgresMedian), RatioText(r), RangeText(r),
                !r.Compared ? "—" : r.OmenDbLeads ? "[green]OmenDb[/]" : "[red]PostgreSQL[/]");
        }

        AnsiConsole.Write(table);
        foreach (var note in Notes)
        {
            AnsiConsole.MarkupLine($"[yellow]note[/] {Markup.Escape(note)}");
        }

        foreach (var failure in Failures)
        {
            AnsiConsole.MarkupLine($"[red bold]FAILED[/] {failure.Workload}: {Markup.Escape(failure.Message)}");
        }
    }

    /// <summary>Writes results.json and ratios.svg into <paramref name="directory"/>.</summary>
    public void WriteFiles(string directory)
    {
        Directory.CreateDirectory(directory);
        using (var stream = File.Create(Path.Combine(directory, "results.json")))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions
               {
                   Indented = true,
                   Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
               }))
        {
            json.WriteStartObject();
            json.WriteString("date", StartedUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            json.WriteString("command", Options.CommandLine);
            json.WriteString("commit", Commit);
            json.WriteStartObject("machine");
            var machine = MachineInfo.Current;
            json.WriteNumber("nproc", machine.Cores);
            json.WriteString("cpu", machine.CpuModel);
            json.WriteNumber("memory_mb", machine.MemoryMb);
            json.WriteString("os", machine.Os);
            json.WriteString("runtime", machine.Runtime);
            json.WriteString("load_average_start", LoadAverageStart);
            json.WriteString("load_average_end", LoadAverageEnd);
            json.WriteEndObject();
            json.WriteStartObject("versions");
            json.WriteString("postgres", PostgresDescription);
            json.WriteString("omendb", OmenDbDescription);
            json.WriteString("omendb_durability", OmenDbDurability);
            json.WriteEndObject();
            json.WriteStartObject("data");
            json.WriteNumber("bulk_rows", Options.BulkRows);
            json.WriteString("bulk_sha256", BulkFingerprint);
            json.WriteNumber("scale", Options.Scale);
            json.WriteNumber("rounds", Options.Rounds);
            json.WriteNumber("round_seconds", Options.RoundLength.TotalSeconds);
            json.WriteEndObject();
            json.WriteStartArray("results");
            foreach (var r in Results)
            {
                json.WriteStartObject();
                json.WriteString("workload", r.Workload);
                json.WriteString("metric", $"{r.Case}: {r.Metric.Name}");
                WriteNumber(json, "omendb", r.OmenDbMedian);
                WriteNumber(json, "postgres", r.PostgresMedian);
                WriteNumber(json, "ratio", r.Ratio);
                WriteNumber(json, "min_ratio", r.MinRatio);
                WriteNumber(json, "max_ratio", r.MaxRatio);
                json.WriteString("unit", r.Metric.Unit);
                json.WriteBoolean("higher_is_better", r.Metric.HigherIsBetter);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("failures");
            foreach (var failure in Failures)
            {
                json.WriteStartObject();
                json.WriteString("workload", failure.Workload);
                json.WriteString("error", failure.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("notes");
            foreach (var note in Notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        File.WriteAllText(Path.Combine(directory, "ratios.svg"), RatioChart.Render(Results));
    }

    /// <summary>Appends a dated section to the Markdown results file.</summary>
    public void AppendMarkdown(string file)
    {
        var machine = MachineInfo.Current;
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"\n## {StartedUtc:yyyy-MM-dd HH:mm} UTC: side-by-side run (`{Options.CommandLine}`)\n\n");
        md.Append(CultureInfo.InvariantCulture, $"- Commit `{Commit}`. Machine: {machine}. Load average (1/5/15 min) at start {LoadAverageStart}, at end {LoadAverageEnd}.\n");
        md.Append(CultureInfo.InvariantCulture, $"- PostgreSQL: {PostgresDescription}.\n");
        md.Append(CultureInfo.InvariantCulture, $"- OmenDb: {OmenDbDescription}, Release build, own process; {(OmenDbDurable == false ? $"**{OmenDbDurability}**" : OmenDbDurability)}.\n");
        md.Append(CultureInfo.InvariantCulture, $"- Data: {Options.BulkRows:N0} bulk rows (datasets.md, SHA-256 of the COPY text `{BulkFingerprint ?? "n/a"}`).\n");
        md.Append(CultureInfo.InvariantCulture,
            $"- Method: per case a warm-up round of {Options.WarmupLength.TotalSeconds:0.#} s on each server, then {Options.Rounds} rounds of {Options.RoundLength.TotalSeconds:0.#} s alternating OmenDb, PostgreSQL; medians of the rounds; ratio = OmenDb / PostgreSQL of the medians (above 1 is better for throughput, below 1 for latency); range = smallest and largest ratio of one round pair.\n\n");
        foreach (var failure in Failures)
        {
            md.Append(CultureInfo.InvariantCulture, $"**FAILED** `{failure.Workload}`: {failure.Message.ReplaceLineEndings(" ")}\n\n");
        }

        foreach (var note in Notes)
        {
            md.Append(CultureInfo.InvariantCulture, $"Note: {note}\n\n");
        }

        md.Append("| workload | case | metric | OmenDb | PostgreSQL | OmenDb/PG | round range | leads |\n");
        md.Append("|---|---|---|---:|---:|---:|---:|---|\n");
        foreach (var r in Results)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| {r.Workload} | {r.Case} | {r.Metric.Name} ({r.Metric.Unit}) | {Format.Number(r.OmenDbMedian)} | {Format.Number(r.PostgresMedian)} | {RatioText(r)} | {RangeText(r)} | {(!r.Compared ? "—" : r.OmenDbLeads ? "OmenDb" : "PostgreSQL")} |\n");
        }

        // In words: each case by its first metric, as "how many times faster" OmenDb is (below 1: slower).
        var cases = Results.Where(r => r.Compared).GroupBy(r => (r.Workload, r.Case)).Select(g => g.First())
            .Select(r => (Text: $"{r.Workload} {r.Case} ({Format.Ratio(r.Metric.HigherIsBetter ? r.Ratio : 1 / r.Ratio)} {r.Metric.Name})", r.OmenDbLeads))
            .ToList();
        md.Append(CultureInfo.InvariantCulture,
            $"\nOmenDb leads on: {Join(cases.Where(c => c.OmenDbLeads).Select(c => c.Text))}.\n");
        md.Append(CultureInfo.InvariantCulture,
            $"OmenDb lags on: {Join(cases.Where(c => !c.OmenDbLeads).Select(c => c.Text))}.\n");
        var alone = Results.Where(r => !r.Compared).Select(r => $"{r.Workload} {r.Case} ({(r.OmenDb.Length > 0 ? "OmenDb" : "PostgreSQL")} only)").Distinct().ToList();
        if (alone.Count > 0)
        {
            md.Append(CultureInfo.InvariantCulture, $"Measured on one server only: {Join(alone)}.\n");
        }

        if (Failures.Count > 0)
        {
            md.Append(CultureInfo.InvariantCulture, $"No figures for: {Join(Failures.Select(f => f.Workload))} (failed, see above).\n");
        }

        File.AppendAllText(file, md.ToString());
    }

    private static string RatioText(CaseResult r) => r.Compared ? Format.Ratio(r.Ratio) : "—";

    private static string RangeText(CaseResult r) => r.Compared ? $"{Format.Number(r.MinRatio)}–{Format.Number(r.MaxRatio)}" : "—";

    /// <summary>A number, or null when a server has no figure (JSON has no NaN).</summary>
    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "nothing" : string.Join("; ", list);
    }
}
