using OmenDb.Sql.Parsing;

namespace OmenDb.Sql.Tests;

/// <summary>The acid test: every statement real clients sent (docs/client_queries.sql) parses.</summary>
public sealed class ClientQueriesTests
{
    /// <summary>A copy of /work/shared/docs/client_queries.sql kept with the tests.</summary>
    private static string ClientQueriesPath => Path.Combine(AppContext.BaseDirectory, "Data", "client_queries.sql");

    [Fact]
    public void EveryClientStatementParses()
    {
        var text = File.ReadAllText(ClientQueriesPath);
        var failures = new List<string>();
        var count = 0;
        foreach (var chunk in Splitter.SplitStatements(text))
        {
            count++;
            try
            {
                var parsed = SqlParser.ParseScript(chunk);
                Assert.NotEmpty(parsed);
                foreach (var p in parsed)
                {
                    RoundTrip.Canonical(chunk.Substring(p.Start, p.Length));
                }
            }
            catch (InvalidOperationException e)
            {
                failures.Add(e.Message);
            }
            catch (OmenDb.Common.PgException e)
            {
                var at = Math.Max(0, e.Position - 1);
                failures.Add($"{e.Message} (pos {e.Position}): ...{chunk[Math.Max(0, at - 60)..Math.Min(chunk.Length, at + 40)]}...");
            }
        }

        Assert.True(count > 200, $"only {count} statements found");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }
}
