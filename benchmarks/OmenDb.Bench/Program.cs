using System.Runtime.InteropServices;
using OmenDb.Bench;
using OmenDb.Bench.Reporting;
using OmenDb.Bench.Servers;
using OmenDb.Bench.Workloads;
using Spectre.Console;

// omendb-bench: the side-by-side harness of issue 8. Starts a throwaway PostgreSQL 15 cluster and an OmenDb server,
// runs the chosen workloads against both (A B A B), reports medians and ratios, and always stops both servers:
// on success, on failure, and on Ctrl+C / SIGTERM (both cancel the run, and the finally block stops the servers).
// Exit codes: 0 all workloads ran and agreed, 1 a workload failed, 2 bad command line, 130 cancelled.
var root = RepositoryRoot();
BenchOptions options;
try
{
    options = BenchOptions.Parse(args, root);
}
catch (FormatException ex)
{
    Console.Error.WriteLine("omendb-bench: " + ex.Message);
    Console.Error.Write(BenchOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.Out.Write(BenchOptions.Usage);
    return 0;
}

var available = WorkloadRegistry.All();
var unknown = options.Workloads.Where(name => available.All(w => w.Name != name)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"omendb-bench: unknown workload {string.Join(", ", unknown)}; known: {string.Join(' ', available.Select(w => w.Name))}");
    return 2;
}

var workloads = options.Workloads.Count == 0 ? available : available.Where(w => options.Workloads.Contains(w.Name)).ToList();
using var cancel = new CancellationTokenSource();
void Cancel(PosixSignalContext signal)
{
    signal.Cancel = true;
    AnsiConsole.MarkupLine($"[yellow]{signal.Signal}: stopping both servers[/]");
    cancel.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Cancel);

if (Console.IsOutputRedirected)
{
    // A log file, not a terminal: no wrapping at 80 columns.
    AnsiConsole.Profile.Width = 200;
}

void Log(string markup) => AnsiConsole.MarkupLine($"[grey]{DateTime.UtcNow:HH:mm:ss}[/] {markup}");
using var context = new BenchContext(options, Log);
var report = new RunReport
{
    StartedUtc = DateTime.UtcNow,
    Options = options,
    Commit = await Commit(root),
    LoadAverageStart = MachineInfo.LoadAverage(),
};
Log($"machine: {Markup.Escape(MachineInfo.Current.ToString())}; load average {report.LoadAverageStart}");
Log($"scale {options.Scale}: {options.BulkRows:N0} bulk rows; {options.Rounds} rounds of {options.RoundLength.TotalSeconds} s after a {options.WarmupLength.TotalSeconds} s warm-up");

var exitCode = 0;
PostgresCluster? postgres = null;
OmenDbProcess? omendb = null;
try
{
    postgres = await PostgresCluster.StartAsync(options.PgBin, context.EstimatedBytes(workloads), cancel.Token);
    report.PostgresDescription = postgres.Description;
    Log($"postgres: {Markup.Escape(postgres.Description)} on port {postgres.Port}");
    omendb = await OmenDbProcess.StartAsync(options.OmenDbDll!, cancel.Token);
    report.OmenDbDescription = omendb.Description;
    Log($"omendb: {Markup.Escape(omendb.Description)} on port {omendb.Port}");

    var runner = new Runner(omendb, postgres, context);
    await AnsiConsole.Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
        .StartAsync(progress => runner.RunAsync(workloads, progress, cancel.Token));
    report.Results.AddRange(runner.Results);
    report.Failures.AddRange(runner.Failures);
    report.Notes.AddRange(runner.Notes);
    report.OmenDbDurable = omendb.WritesDataDirectory;
    Log($"omendb durability: {Markup.Escape(report.OmenDbDurability)}");
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    exitCode = 130;
}
catch (Exception ex) when (ex is BenchException or Npgsql.NpgsqlException or IOException)
{
    report.Failures.Add(new Failure("setup", ex.Message));
}
finally
{
    if (omendb is not null)
    {
        await omendb.DisposeAsync();
    }

    if (postgres is not null)
    {
        await postgres.DisposeAsync();
    }

    Log("both servers stopped");
}

report.BulkFingerprint = context.BulkFingerprint;
report.LoadAverageEnd = MachineInfo.LoadAverage();
report.Print();
if (exitCode == 130)
{
    return exitCode;
}

if (options.OutDirectory is not null)
{
    report.WriteFiles(options.OutDirectory);
    Log($"wrote {Markup.Escape(Path.Combine(options.OutDirectory, "results.json"))} and ratios.svg");
}

if (options.ResultsFile is not null && report.Results.Count > 0)
{
    report.AppendMarkdown(options.ResultsFile);
    Log($"appended a section to {Markup.Escape(options.ResultsFile)}");
}

return report.Failures.Count > 0 ? 1 : 0;

// The checkout this harness belongs to: the directory holding OmenDb.Pg.sln, above the binary or the current directory.
static string RepositoryRoot()
{
    foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OmenDb.Pg.sln")))
            {
                return dir.FullName;
            }
        }
    }

    return Environment.CurrentDirectory;
}

// The commit measured, with "+dirty" when tracked files differ from it.
static async Task<string> Commit(string root)
{
    var (code, head) = await Shell.RunAsync("git", ["-C", root, "rev-parse", "--short=10", "HEAD"]);
    if (code != 0)
    {
        return "unknown";
    }

    var (_, status) = await Shell.RunAsync("git", ["-C", root, "status", "--porcelain", "--untracked-files=no"]);
    return head.Trim() + (status.Trim().Length > 0 ? "+dirty" : "");
}
