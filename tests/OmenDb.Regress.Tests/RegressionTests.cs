using System.Text;
using Xunit.Abstractions;

namespace OmenDb.Regress.Tests;

/// <summary>
/// The CI gate: every script in <c>sql/passing</c> must produce exactly <c>sql/expected/NAME.out</c> against OmenDb.
/// Actual output goes to <c>sql/results/NAME.out</c> and each difference is appended to <c>sql/regression.diffs</c>.
/// </summary>
[TestCaseOrderer(ScheduleOrderer.TypeName, ScheduleOrderer.AssemblyName)]
public sealed class RegressionTests : IClassFixture<RegressServerFixture>
{
    /// <summary>Repository-relative file collecting the diffs of this run.</summary>
    public const string DiffsFile = "sql/regression.diffs";

    /// <summary>The longest diff (in characters) put into a failure message; the whole diff is in <see cref="DiffsFile"/>.</summary>
    private const int MaxMessageDiff = 20_000;

    private static int s_diffsReset;

    private readonly RegressServerFixture _server;
    private readonly ITestOutputHelper _output;

    /// <summary>Created by xUnit for each case.</summary>
    public RegressionTests(RegressServerFixture server, ITestOutputHelper output)
    {
        _server = server;
        _output = output;
        if (Interlocked.Exchange(ref s_diffsReset, 1) == 0)
        {
            RegressionSuite.Delete(DiffsFile);
        }
    }

    /// <summary>The gated scripts, in schedule order.</summary>
    public static TheoryData<string> GatedScripts()
    {
        var data = new TheoryData<string>();
        foreach (var name in RegressionSuite.Passing)
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>Runs one gated script and compares its output with the expected file.</summary>
    [GatedRegressTheory]
    [MemberData(nameof(GatedScripts))]
    public async Task Script_matches_PostgreSQL(string name)
    {
        var host = _server.Host;
        _output.WriteLine($"server: {host.Description}");
        var outcome = await RegressionSuite.RunAsync(name, host.Host, host.Port, "sql/results", RegressionSuite.TimeoutSeconds);
        if (outcome.Status == ScriptStatus.Passed)
        {
            return;
        }

        RegressionSuite.AppendTo(DiffsFile, outcome.Detail);
        var message = new StringBuilder()
            .Append(outcome.Status == ScriptStatus.TimedOut ? "timed out: " : "output differs from ")
            .Append($"sql/expected/{name}.out (actual: sql/results/{name}.out, all diffs: {DiffsFile})\n")
            .Append(outcome.Detail.Length > MaxMessageDiff ? outcome.Detail[..MaxMessageDiff] + "\n[diff truncated]" : outcome.Detail);
        Assert.Fail(message.ToString());
    }
}
