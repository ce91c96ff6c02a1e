using System.Globalization;
using Npgsql;
using OmenDb.Bench.Servers;

namespace OmenDb.Bench.Workloads;

/// <summary>
/// Reads whole answers and compares them between the servers: same rows in the same order, the same values, with
/// floating-point and numeric values equal to a relative 1e-9 (sums of doubles depend on summation order).
/// </summary>
internal static class Answers
{
    /// <summary>Runs a query with positional parameters and returns every row.</summary>
    public static async Task<List<object?[]>> ReadAsync(BenchServer server, string sql, object[] parameters,
        CancellationToken cancellationToken)
    {
        await using var command = server.DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = await reader.IsDBNullAsync(i, cancellationToken).ConfigureAwait(false) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Runs the query on both servers and throws <see cref="BenchException"/> when the answers differ.</summary>
    public static async Task AssertSameAsync(BenchServer omendb, BenchServer postgres, string sql, object[] parameters,
        CancellationToken cancellationToken)
    {
        var mine = await ReadAsync(omendb, sql, parameters, cancellationToken).ConfigureAwait(false);
        var theirs = await ReadAsync(postgres, sql, parameters, cancellationToken).ConfigureAwait(false);
        var where = $"{sql} with ({string.Join(", ", parameters)})";
        if (mine.Count != theirs.Count)
        {
            throw new BenchException($"wrong answer: {where}: OmenDb returned {mine.Count} rows, PostgreSQL {theirs.Count}");
        }

        for (var r = 0; r < mine.Count; r++)
        {
            if (mine[r].Length != theirs[r].Length)
            {
                throw new BenchException($"wrong answer: {where}: row {r} has {mine[r].Length} columns on OmenDb, {theirs[r].Length} on PostgreSQL");
            }

            for (var c = 0; c < mine[r].Length; c++)
            {
                if (!Same(mine[r][c], theirs[r][c]))
                {
                    throw new BenchException(
                        $"wrong answer: {where}: row {r} column {c}: OmenDb {Show(mine[r][c])}, PostgreSQL {Show(theirs[r][c])}");
                }
            }
        }
    }

    private static bool Same(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (IsNumber(a) && IsNumber(b))
        {
            var x = Convert.ToDouble(a, CultureInfo.InvariantCulture);
            var y = Convert.ToDouble(b, CultureInfo.InvariantCulture);
            return x == y || Math.Abs(x - y) <= 1e-9 * Math.Max(Math.Abs(x), Math.Abs(y));
        }

        return Equals(a, b) || Show(a) == Show(b);
    }

    private static bool IsNumber(object value) => value is short or int or long or float or double or decimal;

    private static string Show(object? value) => value switch
    {
        null => "NULL",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
