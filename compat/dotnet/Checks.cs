using System.Collections;
using System.Globalization;

namespace OmenDb.Compat.Dotnet;

/// <summary>Runs named checks, printing "ok   dotnet NAME" or "FAIL dotnet NAME" and the reason (compat/run.sh counts them).</summary>
internal sealed class Checks
{
    public int Failed { get; private set; }

    /// <summary>Runs one check; an exception fails it (the first line of each nested message is printed).</summary>
    public async Task RunAsync(string name, Func<Task> check)
    {
        if (Environment.GetEnvironmentVariable("COMPAT_ONLY") is { Length: > 0 } only && !name.Contains(only, StringComparison.Ordinal))
        {
            return; // a developer's filter: run only the checks whose name contains COMPAT_ONLY
        }

        try
        {
            await check();
            Console.WriteLine($"ok   dotnet {name}");
        }
        catch (Exception ex)
        {
            Failed++;
            Console.WriteLine($"FAIL dotnet {name}");
            for (var e = ex; e is not null; e = e.InnerException)
            {
                Console.WriteLine($"    {e.GetType().Name}: {e.Message}");
            }

            if (Environment.GetEnvironmentVariable("COMPAT_VERBOSE") == "1")
            {
                Console.WriteLine(ex.StackTrace);
            }
        }
    }

    /// <summary>Prints a measurement (not a check).</summary>
    public static void Info(string text) => Console.WriteLine($"info dotnet {text}");
}

/// <summary>Thrown when a value differs from the expected one.</summary>
internal sealed class MismatchException(string message) : Exception(message);

/// <summary>Assertions that compare values structurally (arrays element by element).</summary>
internal static class Expect
{
    public static void Equal(object? expected, object? actual, string what)
    {
        if (!Same(expected, actual))
        {
            throw new MismatchException($"{what}: expected {Show(expected)}, got {Show(actual)}");
        }
    }

    public static void True(bool condition, string what)
    {
        if (!condition)
        {
            throw new MismatchException(what);
        }
    }

    /// <summary>Runs <paramref name="action"/> and expects a PostgresException with <paramref name="sqlState"/>.</summary>
    public static async Task<Npgsql.PostgresException> SqlStateAsync(string sqlState, Func<Task> action, string what)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (Find<Npgsql.PostgresException>(ex) is { } pg)
        {
            Equal(sqlState, pg.SqlState, what + " (SQLSTATE; message: " + pg.MessageText + ")");
            return pg;
        }

        throw new MismatchException($"{what}: expected SQLSTATE {sqlState}, but it succeeded");
    }

    /// <summary>The first exception of type <typeparamref name="T"/> in the chain of inner exceptions.</summary>
    public static T? Find<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static bool Same(object? a, object? b)
    {
        if (a is null || a is DBNull)
        {
            return b is null || b is DBNull;
        }

        if (b is null || b is DBNull)
        {
            return false;
        }

        if (a is not string && a is IEnumerable ea && b is not string && b is IEnumerable eb)
        {
            if (a is Array aa && b is Array ab && aa.Rank != ab.Rank)
            {
                return false;
            }

            var la = ea.Cast<object?>().ToList();
            var lb = eb.Cast<object?>().ToList();
            return la.Count == lb.Count && la.Zip(lb).All(p => Same(p.First, p.Second));
        }

        return a.Equals(b);
    }

    public static string Show(object? value) => value switch
    {
        null => "null",
        DBNull => "DBNull",
        string s => "\"" + s + "\"",
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        IEnumerable e => "{" + string.Join(",", e.Cast<object?>().Select(Show)) + "}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture) + " (" + value.GetType().Name + ")",
        _ => value.ToString() + " (" + value.GetType().Name + ")",
    };
}

/// <summary>The server under test: its connection string and a unique suffix for the objects the checks create.</summary>
internal sealed class Target(string connectionString)
{
    public string ConnectionString { get; } = connectionString;

    /// <summary>Suffix for object names, so that runs against the same server do not collide.</summary>
    public string Suffix { get; } = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The connection string for another database.</summary>
    public string ForDatabase(string database)
        => new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;
}
