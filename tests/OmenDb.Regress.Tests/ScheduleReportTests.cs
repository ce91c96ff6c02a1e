using Xunit.Abstractions;

namespace OmenDb.Regress.Tests;

/// <summary>
/// Progress report over the whole <c>sql/schedule</c>: runs every script against a fresh server (in a child process,
/// see <see cref="IsolatedServerFixture"/>) and prints how many
/// pass, so the lead can see which scripts are ready to move into <c>sql/passing</c>. Differences are reported, not
/// failed (the gate is <see cref="RegressionTests"/>); the test fails only when the suite itself cannot run
/// (no psql 15, no server, a schedule entry without its files).
/// </summary>
public sealed class ScheduleReportTests : IClassFixture<IsolatedServerFixture>
{
    /// <summary>Repository-relative file collecting this report's diffs (git-ignored with sql/results/).</summary>
    public const string DiffsFile = "sql/results/schedule.diffs";

    /// <summary>Repository-relative file holding the one-line summary, which tools/test prints after the run.</summary>
    public const string SummaryFile = "sql/results/schedule.summary";

    /// <summary>After this many consecutive timeouts the server is taken to be stuck and the remaining scripts are skipped.</summary>
    private const int MaxConsecutiveTimeouts = 3;

    /// <summary>Per-script timeout for the report: long enough for any script here, short enough that a hung server costs minutes, not an hour.</summary>
    private const int ReportTimeoutSeconds = 60;

    private readonly IsolatedServerFixture _server;
    private readonly ITestOutputHelper _output;

    /// <summary>Created by xUnit.</summary>
    public ScheduleReportTests(IsolatedServerFixture server, ITestOutputHelper output)
    {
        _server = server;
        _output = output;
    }

    /// <summary>The first script, up to <paramref name="last"/>, whose psql output says the connection was lost.</summary>
    private static string? FirstScriptThatLostTheServer(IReadOnlyList<string> schedule, string last)
    {
        foreach (var name in schedule)
        {
            var path = Path.Combine(RegressionSuite.Root, "sql", "results", name + ".out");
            if (File.Exists(path))
            {
                var text = File.ReadAllText(path);
                if (text.Contains("server closed the connection unexpectedly", StringComparison.Ordinal)
                    || text.Contains("connection to server was lost", StringComparison.Ordinal))
                {
                    return name;
                }
            }

            if (name == last)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>Runs the whole schedule and prints a pass/fail line per script and a summary.</summary>
    [Fact]
    public async Task Schedule_progress_report()
    {
        var schedule = RegressionSuite.Schedule;
        Assert.NotEmpty(schedule);
        foreach (var name in schedule)
        {
            Assert.True(File.Exists(Path.Combine(RegressionSuite.Root, "sql", name + ".sql")), $"sql/schedule lists {name}, but sql/{name}.sql is missing");
            Assert.True(File.Exists(Path.Combine(RegressionSuite.Root, "sql", "expected", name + ".out")),
                $"sql/expected/{name}.out is missing: run sql/regenerate.sh {name}");
        }

        _ = RegressionSuite.Psql;
        var host = _server.Host;
        _output.WriteLine($"server: {host.Description}");
        RegressionSuite.Delete(DiffsFile);
        RegressionSuite.Delete(SummaryFile);

        var gated = new HashSet<string>(RegressionSuite.Passing, StringComparer.Ordinal);
        var passed = new List<string>();
        var failed = new List<string>();
        var notRun = new List<string>();
        var consecutiveTimeouts = 0;
        string? crashedDuring = null;
        foreach (var name in schedule)
        {
            if (consecutiveTimeouts >= MaxConsecutiveTimeouts || crashedDuring is not null)
            {
                notRun.Add(name);
                continue;
            }

            var outcome = await RegressionSuite.RunAsync(name, host.Host, host.Port, "sql/results", ReportTimeoutSeconds);
            consecutiveTimeouts = outcome.Status == ScriptStatus.TimedOut ? consecutiveTimeouts + 1 : 0;
            if (outcome.Status == ScriptStatus.Passed)
            {
                passed.Add(name);
            }
            else
            {
                failed.Add(name);
                RegressionSuite.AppendTo(DiffsFile, outcome.Detail);
            }

            var mark = outcome.Status switch
            {
                ScriptStatus.Passed => "ok     ",
                ScriptStatus.TimedOut => "TIMEOUT",
                _ => "FAILED ",
            };
            _output.WriteLine($"{mark} {name}{(gated.Contains(name) ? "  (gated)" : string.Empty)}");
            if (host.ExitReport is not null)
            {
                // The process may take a while to die (printing a deep stack), so blame the first script that lost its
                // connection rather than the one that happened to be running when the exit was noticed.
                crashedDuring = FirstScriptThatLostTheServer(schedule, name) ?? name;
                _output.WriteLine($"the server crashed while running sql/{crashedDuring}.sql; the remaining scripts are not run");
            }
        }

        if (host.ExitReport is { } exitReport)
        {
            _output.WriteLine(exitReport);
        }

        var ready = passed.Where(name => !gated.Contains(name)).ToList();
        _output.WriteLine(string.Empty);
        _output.WriteLine($"regression schedule: {passed.Count} of {schedule.Count} scripts pass against OmenDb"
            + $" ({failed.Count} fail, {notRun.Count} not run); diffs in {DiffsFile}");
        if (ready.Count > 0)
        {
            _output.WriteLine($"passing but not yet in sql/passing: {string.Join(' ', ready)}");
        }

        // dotnet test does not show test output without a verbose logger: tools/test prints this file instead.
        var summary = $"regression schedule: {passed.Count} of {schedule.Count} scripts pass against OmenDb ({gated.Count} gated in sql/passing)"
            + (ready.Count > 0 ? $"\nready to add to sql/passing: {string.Join(' ', ready)}" : string.Empty)
            + (crashedDuring is null ? string.Empty : $"\nthe server crashed while running sql/{crashedDuring}.sql ({notRun.Count} scripts not run)");
        RegressionSuite.Delete(SummaryFile);
        RegressionSuite.AppendTo(SummaryFile, summary);
    }
}
