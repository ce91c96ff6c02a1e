using System.Diagnostics;
using System.Text;

namespace OmenDb.Regress.Tests;

/// <summary>
/// The sql/ regression suite as files: the repository root, <c>sql/schedule</c> (every script, in run order),
/// <c>sql/passing</c> (the scripts CI enforces), and how one script is run and compared.
/// </summary>
/// <remarks>
/// A script runs exactly as <c>sql/regenerate.sh</c> runs it against PostgreSQL 15, from the repository root with the
/// relative path <c>sql/NAME.sql</c>, because psql prefixes errors with that path and line
/// (<c>psql:sql/copy.sql:12: ERROR: ...</c>). Output goes through <c>/bin/sh</c> with <c>&gt; file 2&gt;&amp;1</c> so
/// that stdout and stderr interleave exactly as they did when the expected file was written.
/// </remarks>
public static class RegressionSuite
{
    /// <summary>Solution file names that mark the repository root.</summary>
    private static readonly string[] RootMarkers = ["OmenDb.Pg.sln"];

    private static readonly Lazy<string> LazyRoot = new(FindRepositoryRoot);
    private static readonly Lazy<IReadOnlyList<string>> LazySchedule = new(() => ReadNameList("schedule"));
    private static readonly Lazy<IReadOnlyList<string>> LazyPassing = new(ReadPassing);
    private static readonly Lazy<string> LazyPsql = new(FindPsql);

    /// <summary>The repository root (the directory holding OmenDb.Pg.sln).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>Every script in <c>sql/schedule</c>, in run order.</summary>
    public static IReadOnlyList<string> Schedule => LazySchedule.Value;

    /// <summary>
    /// The scripts enforced as hard tests: <c>sql/passing</c>, in schedule order; the whole schedule when
    /// OMENDB_REGRESS_ALL=1.
    /// </summary>
    public static IReadOnlyList<string> Passing => LazyPassing.Value;

    /// <summary>The psql 15 binary used for every run.</summary>
    public static string Psql => LazyPsql.Value;

    /// <summary>Seconds one script may run before psql is killed (OMENDB_REGRESS_TIMEOUT, default 60).</summary>
    public static int TimeoutSeconds =>
        int.TryParse(Environment.GetEnvironmentVariable("OMENDB_REGRESS_TIMEOUT"), out var seconds) && seconds > 0 ? seconds : 60;

    /// <summary>Position of a script in the schedule (int.MaxValue when not scheduled).</summary>
    public static int ScheduleIndex(string name)
    {
        var schedule = Schedule;
        for (var i = 0; i < schedule.Count; i++)
        {
            if (schedule[i] == name)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    /// <summary>
    /// Runs <c>sql/NAME.sql</c> through psql against host:port, writes <paramref name="resultsDirectory"/>/NAME.out,
    /// and compares it with <c>sql/expected/NAME.out</c>.
    /// </summary>
    /// <param name="name">Script name without directory or extension.</param>
    /// <param name="host">Server host.</param>
    /// <param name="port">Server port.</param>
    /// <param name="resultsDirectory">Repository-relative directory for the actual output, e.g. <c>sql/results</c>.</param>
    /// <param name="timeoutSeconds">Kill psql after this long.</param>
    /// <param name="suite">Repository-relative directory of the script, with its expected files in <c>SUITE/expected</c>:
    /// <c>sql</c>, or <c>sql/omendb</c> for the OmenDb-only scripts.</param>
    public static async Task<ScriptOutcome> RunAsync(string name, string host, int port, string resultsDirectory, int timeoutSeconds,
        string suite = "sql")
    {
        var expectedRelative = $"{suite}/expected/{name}.out";
        var expectedPath = Path.Combine(Root, expectedRelative);
        if (!File.Exists(Path.Combine(Root, suite, name + ".sql")) || !File.Exists(expectedPath))
        {
            return new ScriptOutcome(name, ScriptStatus.Failed, $"{suite}/{name}.sql or {expectedRelative} is missing");
        }

        Directory.CreateDirectory(Path.Combine(Root, resultsDirectory));
        var resultRelative = $"{resultsDirectory}/{name}.out";

        // The same command line as sql/regenerate.sh; stdin from /dev/null so psql can never wait for input.
        var command = $"{Quote(Psql)} -X -a -q -U postgres -d postgres -h {Quote(host)} -p {port} -f {suite}/{name}.sql"
            + $" > {Quote(resultRelative)} 2>&1 < /dev/null";
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = Root,
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        SetPsqlEnvironment(start.Environment);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /bin/sh");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new ScriptOutcome(name, ScriptStatus.TimedOut,
                $"psql did not finish {suite}/{name}.sql within {timeoutSeconds} s and was killed (partial output in {resultRelative})");
        }

        var expected = await File.ReadAllBytesAsync(expectedPath);
        var actual = await File.ReadAllBytesAsync(Path.Combine(Root, resultRelative));
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return new ScriptOutcome(name, ScriptStatus.Passed, string.Empty);
        }

        var diff = await DiffAsync(expectedRelative, resultRelative);
        return new ScriptOutcome(name, ScriptStatus.Failed, diff);
    }

    /// <summary>Appends text to a repository-relative file (regression.diffs), creating it when needed.</summary>
    public static void AppendTo(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        lock (LazyRoot)
        {
            File.AppendAllText(path, text.EndsWith('\n') ? text : text + "\n");
        }
    }

    /// <summary>Deletes a repository-relative file if it exists.</summary>
    public static void Delete(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// The environment of every psql run: the caller's PG* variables are removed so that nothing (PGOPTIONS,
    /// PGCLIENTENCODING, a service file...) changes the session, then the three settings the expected files assume.
    /// </summary>
    private static void SetPsqlEnvironment(IDictionary<string, string?> environment)
    {
        foreach (var key in environment.Keys.ToList())
        {
            if (key.StartsWith("PG", StringComparison.Ordinal) || key.StartsWith("LC_", StringComparison.Ordinal) || key == "LANG"
                || key == "LANGUAGE")
            {
                environment.Remove(key);
            }
        }

        environment["PGTZ"] = "UTC";
        environment["PGDATESTYLE"] = "ISO, MDY";
        environment["LC_ALL"] = "C";
    }

    /// <summary><c>diff -u expected actual</c>, run from the root so the header shows repository paths.</summary>
    private static async Task<string> DiffAsync(string expectedRelative, string actualRelative)
    {
        var start = new ProcessStartInfo("diff")
        {
            WorkingDirectory = Root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-u");
        start.ArgumentList.Add(expectedRelative);
        start.ArgumentList.Add(actualRelative);
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start diff");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await stdout + await stderr;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var marker in RootMarkers)
            {
                if (File.Exists(Path.Combine(dir.FullName, marker)))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"no {string.Join(" or ", RootMarkers)} above {AppContext.BaseDirectory}");
    }

    /// <summary>Reads a name list: one script per line, '#' starts a comment, blank lines ignored.</summary>
    private static IReadOnlyList<string> ReadNameList(string fileName)
    {
        var path = Path.Combine(Root, "sql", fileName);
        var names = new List<string>();
        if (!File.Exists(path))
        {
            return names;
        }

        foreach (var raw in File.ReadAllLines(path))
        {
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length > 0)
            {
                names.Add(line.EndsWith(".sql", StringComparison.Ordinal) ? line[..^4] : line);
            }
        }

        return names;
    }

    private static IReadOnlyList<string> ReadPassing()
    {
        if (Environment.GetEnvironmentVariable("OMENDB_REGRESS_ALL") == "1")
        {
            return Schedule;
        }

        var passing = ReadNameList("passing");
        var unknown = passing.Where(name => ScheduleIndex(name) == int.MaxValue).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"sql/passing lists scripts missing from sql/schedule: {string.Join(", ", unknown)}");
        }

        return passing.OrderBy(ScheduleIndex).ToList();
    }

    /// <summary>psql from PATH when it is version 15, else the Debian PostgreSQL 15 location.</summary>
    private static string FindPsql()
    {
        var candidates = new List<string>();
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            candidates.Add(Path.Combine(dir, "psql"));
        }

        candidates.Add("/usr/lib/postgresql/15/bin/psql");
        var seen = new StringBuilder();
        foreach (var candidate in candidates)
        {
            if (!File.Exists(candidate))
            {
                continue;
            }

            var version = ReadVersion(candidate);
            if (version.Contains(" 15.", StringComparison.Ordinal))
            {
                return candidate;
            }

            seen.Append(candidate).Append(": ").Append(version.Trim()).Append("; ");
        }

        throw new InvalidOperationException(
            "psql 15 not found (the expected files are psql 15 output; tools/test installs postgresql-client-15). " + seen);
    }

    private static string ReadVersion(string psql)
    {
        var start = new ProcessStartInfo(psql, "--version") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start);
        if (process is null)
        {
            return string.Empty;
        }

        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}

/// <summary>How one script run ended.</summary>
public enum ScriptStatus
{
    /// <summary>Output identical to the expected file.</summary>
    Passed,

    /// <summary>Output differs (or a file is missing).</summary>
    Failed,

    /// <summary>psql was killed after the timeout.</summary>
    TimedOut,
}

/// <summary>The result of one script: status and, unless it passed, the diff or reason.</summary>
/// <param name="Name">Script name.</param>
/// <param name="Status">Outcome.</param>
/// <param name="Detail">Unified diff or failure reason; empty when passed.</param>
public sealed record ScriptOutcome(string Name, ScriptStatus Status, string Detail);
