using Xunit.Abstractions;

namespace OmenDb.Regress.Tests;

/// <summary>
/// The scripts of <c>sql/omendb/</c>, whose output deliberately differs from PostgreSQL's (or cannot come from it, as for
/// pgvector, which the reference server does not have): each must produce exactly its hand-checked
/// <c>sql/omendb/expected/NAME.out</c>. Actual output goes to <c>sql/results/omendb/NAME.out</c>.
/// </summary>
public sealed class OmenDbOnlyTests : IClassFixture<RegressServerFixture>
{
    private const string Suite = "sql/omendb";

    private readonly RegressServerFixture _server;
    private readonly ITestOutputHelper _output;

    /// <summary>Created by xUnit for each case.</summary>
    public OmenDbOnlyTests(RegressServerFixture server, ITestOutputHelper output)
    {
        _server = server;
        _output = output;
    }

    /// <summary>Every <c>sql/omendb/*.sql</c>, by name.</summary>
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(RegressionSuite.Root, Suite), "*.sql").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(path));
        }

        return data;
    }

    /// <summary>Runs one OmenDb-only script and compares its output with the hand-checked expected file.</summary>
    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Script_matches_its_checked_output(string name)
    {
        var host = _server.Host;
        _output.WriteLine($"server: {host.Description}");
        var outcome = await RegressionSuite.RunAsync(name, host.Host, host.Port, "sql/results/omendb", RegressionSuite.TimeoutSeconds, Suite);
        Assert.True(outcome.Status == ScriptStatus.Passed, $"{Suite}/{name}.sql: {outcome.Status}\n{outcome.Detail}");
    }
}
