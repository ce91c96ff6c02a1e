using System.Diagnostics;
using Npgsql;

namespace OmenDb.Compat.Dotnet;

/// <summary>
/// Measures Npgsql's type loading (the 4-statement batch run on every new data source and by ReloadTypes) in an empty
/// database and in one with <see cref="Tables"/> user tables. Prints the medians; the goal is under 50 ms. Not a
/// pass/fail check: timings on a shared machine are no test, but type loading must still succeed with many tables.
/// </summary>
internal static class TypeLoadingTiming
{
    private const int Tables = 2000;
    private const int Runs = 7;

    public static async Task RunAsync(Checks checks, Target target)
    {
        var database = "cn_many_" + target.Suffix;
        await using var admin = new NpgsqlConnection(target.ConnectionString);
        await admin.OpenAsync();
        try
        {
            await checks.RunAsync($"npgsql type loading with {Tables} tables", async () =>
            {
                var empty = await MeasureAsync(target.ConnectionString);
                await NpgsqlChecks.ExecuteAsync(admin, $"CREATE DATABASE {database}");
                var many = target.ForDatabase(database);
                await using (var connection = new NpgsqlConnection(many))
                {
                    await connection.OpenAsync();
                    for (var start = 0; start < Tables; start += 100)
                    {
                        var sql = string.Concat(Enumerable.Range(start, 100).Select(i => $"CREATE TABLE t{i} (id integer PRIMARY KEY, v text, w numeric);"));
                        await NpgsqlChecks.ExecuteAsync(connection, sql);
                    }
                }

                var full = await MeasureAsync(many);
                Checks.Info(NpgsqlChecks.Invariant($"type loading: {empty:F1} ms in an empty database, {full:F1} ms with {Tables} tables (median of {Runs}; goal < 50 ms)"));
            });
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await NpgsqlChecks.ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    /// <summary>Median milliseconds of ReloadTypes (the same batch as at the first Open of a data source).</summary>
    private static async Task<double> MeasureAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await connection.ReloadTypesAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[Runs / 2];
    }
}
