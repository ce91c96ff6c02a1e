using OmenDb.Bench.Reporting;
using Npgsql;
using OmenDb.Bench.Servers;
using OmenDb.Bench.Workloads;
using Spectre.Console;

namespace OmenDb.Bench;

/// <summary>
/// The medians of one metric of one case over the measured rounds of both servers. A server that did not run the
/// case has no values: its median is NaN and the figure is not compared.
/// </summary>
internal sealed record CaseResult(string Workload, string Case, Metric Metric, double[] OmenDb, double[] Postgres)
{
    public double OmenDbMedian => Median(OmenDb);

    public double PostgresMedian => Median(Postgres);

    /// <summary>Whether both servers have the figure.</summary>
    public bool Compared => OmenDb.Length > 0 && Postgres.Length > 0;

    /// <summary>OmenDb / PostgreSQL of the medians (for a latency, below 1 means OmenDb is faster).</summary>
    public double Ratio => OmenDbMedian / PostgresMedian;

    /// <summary>The smallest OmenDb / PostgreSQL ratio of one round pair (round i of each server; against the single
    /// value when one side has only one).</summary>
    public double MinRatio => Pairs().DefaultIfEmpty(double.NaN).Min();

    /// <summary>The largest OmenDb / PostgreSQL ratio of one round pair.</summary>
    public double MaxRatio => Pairs().DefaultIfEmpty(double.NaN).Max();

    /// <summary>Whether OmenDb's median is the better one.</summary>
    public bool OmenDbLeads => Compared && (Metric.HigherIsBetter ? Ratio > 1 : Ratio < 1);

    private IEnumerable<double> Pairs() => OmenDb.Length == Postgres.Length
        ? OmenDb.Zip(Postgres, (o, p) => o / p)
        : Postgres.Length == 1 ? OmenDb.Select(o => o / Postgres[0])
        : OmenDb.Length == 1 ? Postgres.Select(p => OmenDb[0] / p)
        : [];

    private static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>A workload that failed: its error, loud in every report.</summary>
internal sealed record Failure(string Workload, string Message);

/// <summary>
/// Runs workloads against both servers: prepare (OmenDb, then PostgreSQL), compare sample answers, then for each case
/// a warm-up round on each server followed by the measured rounds alternating A B A B (OmenDb first), so that both
/// servers see the same background load. A workload's failure is recorded and the run goes on with the next one,
/// unless a server has died.
/// </summary>
internal sealed class Runner(BenchServer omendb, BenchServer postgres, BenchContext context)
{
    /// <summary>Figures, in run order.</summary>
    public List<CaseResult> Results { get; } = [];

    /// <summary>Failures, in run order.</summary>
    public List<Failure> Failures { get; } = [];

    /// <summary>What workloads said about figures they could not produce (e.g. no pgvector), in run order.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Runs every workload, one progress bar each; cancellation (Ctrl+C) propagates.</summary>
    public async Task RunAsync(IReadOnlyList<Workload> workloads, ProgressContext progress, CancellationToken cancellationToken)
    {
        // Steps of a workload: prepare on each server, verify, then every round (warm-up included) on each server.
        var bars = workloads.Select(w => progress.AddTask(w.Name, autoStart: false,
            maxValue: 3 + w.Cases(context).Count * (context.Options.Rounds + 1) * 2)).ToList();
        for (var w = 0; w < workloads.Count; w++)
        {
            var workload = workloads[w];
            context.Log($"[bold]{workload.Name}[/]: {workload.Description}");
            bars[w].StartTask();
            try
            {
                await RunWorkloadAsync(workload, bars[w], cancellationToken).ConfigureAwait(false);
                bars[w].Value = bars[w].MaxValue;
                Notes.AddRange(workload.Notes.Select(note => $"{workload.Name}: {note}"));
            }
            catch (Exception ex) when (ex is BenchException or NpgsqlException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                Failures.Add(new Failure(workload.Name, ex.Message));
                bars[w].Description = $"[red]{workload.Name} FAILED[/]";
                bars[w].StopTask();
                context.Log($"[red]FAILED {workload.Name}: {Markup.Escape(ex.Message)}[/]");
                if (!Alive(omendb) || !Alive(postgres))
                {
                    foreach (var rest in workloads.Skip(w + 1))
                    {
                        Failures.Add(new Failure(rest.Name, "not run: a server died during an earlier workload"));
                    }

                    return;
                }
            }
        }
    }

    private static bool Alive(BenchServer server)
    {
        try
        {
            server.EnsureAlive();
            return true;
        }
        catch (BenchException)
        {
            return false;
        }
    }

    private async Task RunWorkloadAsync(Workload workload, ProgressTask bar, CancellationToken cancellationToken)
    {
        await workload.PrepareAsync(omendb, context, cancellationToken).ConfigureAwait(false);
        bar.Increment(1);
        await workload.PrepareAsync(postgres, context, cancellationToken).ConfigureAwait(false);
        bar.Increment(1);
        await workload.VerifyAsync(omendb, postgres, context, cancellationToken).ConfigureAwait(false);
        bar.Increment(1);
        var options = context.Options;
        foreach (var benchCase in workload.Cases(context))
        {
            if (options.CaseFilter is { } filter && !benchCase.Name.Contains(filter, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var label = $"{workload.Name} {benchCase.Name}";
            var rounds = new List<double[]>[] { [], [] };
            var servers = new[] { omendb, postgres };
            var once = servers.Select(s => benchCase.Once?.Invoke(s) == true).ToArray();
            for (var round = once.All(o => o) ? 1 : 0; round <= (once.All(o => o) ? 1 : options.Rounds); round++)
            {
                var warmup = round == 0;
                for (var s = 0; s < servers.Length; s++)
                {
                    if (once[s] && round != 1)
                    {
                        continue;
                    }

                    var values = await benchCase.RunRoundAsync(servers[s], warmup ? options.WarmupLength : options.RoundLength, cancellationToken)
                        .ConfigureAwait(false);
                    servers[s].EnsureAlive();
                    bar.Increment(1);
                    if (values is null)
                    {
                        if (round == 0 || once[s])
                        {
                            context.Log($"  {label}: not run on {servers[s].Name}");
                        }

                        continue;
                    }

                    if (!warmup)
                    {
                        rounds[s].Add(values);
                    }

                    var shown = string.Join(", ", benchCase.Metrics.Select((m, i) => $"{Format.Number(values[i])} {m.Unit}"));
                    context.Log($"  {label}: {(warmup ? "warm-up" : $"round {round}")} {servers[s].Name,-8} {shown}");
                }
            }

            if (rounds[0].Count == 0 && rounds[1].Count == 0)
            {
                continue;
            }

            for (var m = 0; m < benchCase.Metrics.Count; m++)
            {
                var metric = benchCase.Metrics[m];
                var mine = rounds[0].Select(r => r[m]).ToArray();
                Results.Add(new CaseResult(workload.Name, benchCase.Name, metric, mine, rounds[1].Select(r => r[m]).ToArray()));
                if (benchCase.Reference?.TryGetValue(metric.Name, out var reference) == true && mine.Length > 0)
                {
                    Results.Add(new CaseResult(workload.Name, $"{benchCase.Name} vs {benchCase.ReferenceName}", metric, mine, [reference]));
                }
            }
        }
    }
}
