using System.Data;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace OmenDb.Compat.Dotnet;

/// <summary>
/// Npgsql 10 with a default connection string: every supported type as a binary parameter and a binary result (Npgsql
/// always asks for binary results), arrays, nulls, multiple result sets, batches, transactions and savepoints,
/// cancellation, and a pooled physical connection reused after DISCARD ALL.
/// </summary>
internal static class NpgsqlChecks
{
    /// <summary>
    /// One type: its SQL name, how Npgsql sends it, a value, the server's text for it, the result's type name, and the
    /// value read back when it differs from the one sent (jsonb normalises).
    /// </summary>
    private sealed record TypeCase(string Sql, NpgsqlDbType DbType, object Value, string Text, string DataTypeName, object? Read = null)
    {
        public object Expected => Read ?? Value;
    }

    private static readonly TypeCase[] s_cases =
    [
        new("boolean", NpgsqlDbType.Boolean, true, "true", "boolean"),
        new("smallint", NpgsqlDbType.Smallint, (short)-32768, "-32768", "smallint"),
        new("integer", NpgsqlDbType.Integer, int.MaxValue, "2147483647", "integer"),
        new("bigint", NpgsqlDbType.Bigint, long.MinValue, "-9223372036854775808", "bigint"),
        new("real", NpgsqlDbType.Real, 1.5f, "1.5", "real"),
        new("double precision", NpgsqlDbType.Double, -2.25e300, "-2.25e+300", "double precision"),
        new("numeric", NpgsqlDbType.Numeric, 12345.678900m, "12345.678900", "numeric"),
        new("numeric", NpgsqlDbType.Numeric, -0.0001m, "-0.0001", "numeric"),
        new("numeric", NpgsqlDbType.Numeric, 79228162514264337593543950335m, "79228162514264337593543950335", "numeric"),
        new("text", NpgsqlDbType.Text, "héllo 'wörld' \\ \"q\"", "héllo 'wörld' \\ \"q\"", "text"),
        new("character varying", NpgsqlDbType.Varchar, "varchar", "varchar", "character varying"),
        new("character(5)", NpgsqlDbType.Char, "ab   ", "ab", "character"),
        new("name", NpgsqlDbType.Name, "a_name", "a_name", "name"),
        new("\"char\"", NpgsqlDbType.InternalChar, 'x', "x", "char"),
        new("bytea", NpgsqlDbType.Bytea, new byte[] { 0, 1, 0x7f, 0xff }, "\\x00017fff", "bytea"),
        new("date", NpgsqlDbType.Date, new DateOnly(2024, 2, 29), "2024-02-29", "date"),
        new("time without time zone", NpgsqlDbType.Time, new TimeSpan(0, 13, 45, 30, 123, 456), "13:45:30.123456", "time without time zone"),
        new("timestamp without time zone", NpgsqlDbType.Timestamp, new DateTime(2024, 1, 2, 3, 4, 5, 678, DateTimeKind.Unspecified).AddTicks(9010),
            "2024-01-02 03:04:05.678901", "timestamp without time zone"),
        new("timestamp with time zone", NpgsqlDbType.TimestampTz, new DateTime(1999, 12, 31, 23, 59, 59, 999, DateTimeKind.Utc),
            "1999-12-31 23:59:59.999+00", "timestamp with time zone"),
        new("interval", NpgsqlDbType.Interval, new NpgsqlInterval(14, 3, 4_000_500), "1 year 2 mons 3 days 00:00:04.0005", "interval"),
        new("uuid", NpgsqlDbType.Uuid, new Guid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "uuid"),
        new("json", NpgsqlDbType.Json, "{\"b\": [1, 2],  \"a\":1}", "{\"b\": [1, 2],  \"a\":1}", "json"),
        new("jsonb", NpgsqlDbType.Jsonb, "{\"b\": [1, 2],  \"a\":1}", "{\"a\": 1, \"b\": [1, 2]}", "jsonb", "{\"a\": 1, \"b\": [1, 2]}"),
        new("oid", NpgsqlDbType.Oid, 4000000000u, "4000000000", "oid"),
        new("integer[]", NpgsqlDbType.Array | NpgsqlDbType.Integer, new int?[] { 1, null, -3 }, "{1,NULL,-3}", "integer[]"),
        new("bigint[]", NpgsqlDbType.Array | NpgsqlDbType.Bigint, new long[] { 1L << 40, 0 }, "{1099511627776,0}", "bigint[]"),
        new("text[]", NpgsqlDbType.Array | NpgsqlDbType.Text, new[] { "a", "b c", "", "NULL", null }, "{a,\"b c\",\"\",\"NULL\",NULL}", "text[]"),
        new("double precision[]", NpgsqlDbType.Array | NpgsqlDbType.Double, new[] { 0.5, -1e-10 }, "{0.5,-1e-10}", "double precision[]"),
        new("numeric[]", NpgsqlDbType.Array | NpgsqlDbType.Numeric, new[] { 1.50m, -2m }, "{1.50,-2}", "numeric[]"),
        new("boolean[]", NpgsqlDbType.Array | NpgsqlDbType.Boolean, new[] { true, false }, "{t,f}", "boolean[]"),
        new("uuid[]", NpgsqlDbType.Array | NpgsqlDbType.Uuid, new[] { Guid.Empty }, "{00000000-0000-0000-0000-000000000000}", "uuid[]"),
        new("timestamp with time zone[]", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            new[] { new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc) }, "{\"2000-01-01 00:00:00+00\"}", "timestamp with time zone[]"),
        new("integer[]", NpgsqlDbType.Array | NpgsqlDbType.Integer, new[,] { { 1, 2 }, { 3, 4 } }, "{{1,2},{3,4}}", "integer[]"),
        new("bytea[]", NpgsqlDbType.Array | NpgsqlDbType.Bytea, new[] { new byte[] { 0xab } }, "{\"\\\\xab\"}", "bytea[]"),
    ];

    public static async Task RunAsync(Checks checks, Target target)
    {
        await using var dataSource = NpgsqlDataSource.Create(target.ConnectionString);
        await checks.RunAsync("npgsql open with type loading", async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            Expect.Equal(15, connection.PostgreSqlVersion.Major, "server major version");
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            Expect.Equal(1, await command.ExecuteScalarAsync(), "SELECT 1");
        });
        await checks.RunAsync("npgsql binary parameters and results", () => TypesAsync(dataSource));
        await checks.RunAsync("npgsql nulls of every type", () => NullsAsync(dataSource));
        await checks.RunAsync("npgsql table round trip", () => TableRoundTripAsync(dataSource, target.Suffix));
        await checks.RunAsync("npgsql multiple result sets", () => MultipleResultSetsAsync(dataSource));
        await checks.RunAsync("npgsql batch", () => BatchAsync(dataSource, target.Suffix));
        await checks.RunAsync("npgsql transactions and savepoints", () => TransactionsAsync(dataSource, target.Suffix));
        await checks.RunAsync("npgsql cancellation", () => CancellationAsync(dataSource));
        await checks.RunAsync("npgsql pooled connection after DISCARD ALL", () => PoolResetAsync(target));
        await checks.RunAsync("npgsql prepared statements on a pooled connection", () => PreparedResetAsync(target));
        await checks.RunAsync("npgsql errors", () => ErrorsAsync(dataSource));
    }

    private static async Task TypesAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        foreach (var c in s_cases)
        {
            await using var command = new NpgsqlCommand("SELECT $1, $1::text, $2", connection);
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = c.DbType, Value = c.Value });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = c.Sql });
            await using var reader = await command.ExecuteReaderAsync();
            Expect.True(await reader.ReadAsync(), $"{c.Sql}: a row");
            Expect.Equal(c.DataTypeName, reader.GetDataTypeName(0), $"{c.Sql}: result type");
            Expect.Equal(c.Expected, ReadAs(reader, 0, c.Value.GetType()), $"{c.Sql}: binary result");
            Expect.Equal(c.Text, reader.GetString(1), $"{c.Sql}: text of the parameter");
        }
    }

    private static async Task NullsAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT " + string.Join(", ", s_cases.Select((c, i) => $"${i + 1} IS NULL, ${i + 1}")), connection);
        foreach (var c in s_cases)
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = c.DbType, Value = DBNull.Value });
        }

        await using var reader = await command.ExecuteReaderAsync();
        Expect.True(await reader.ReadAsync(), "a row");
        for (var i = 0; i < s_cases.Length; i++)
        {
            Expect.Equal(true, reader.GetBoolean(2 * i), $"{s_cases[i].Sql}: $n IS NULL");
            Expect.True(reader.IsDBNull(2 * i + 1), $"{s_cases[i].Sql}: null result");
            Expect.Equal(s_cases[i].DataTypeName, reader.GetDataTypeName(2 * i + 1), $"{s_cases[i].Sql}: type of the null");
        }
    }

    private static async Task TableRoundTripAsync(NpgsqlDataSource dataSource, string suffix)
    {
        var table = "cn_types_" + suffix;
        var cases = s_cases.DistinctBy(c => c.Sql).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync();
        await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {table}");
        await ExecuteAsync(connection, $"CREATE TABLE {table} (id integer PRIMARY KEY, "
            + string.Join(", ", cases.Select((c, i) => $"c{i} {c.Sql}")) + ")");
        try
        {
            await using (var insert = new NpgsqlCommand($"INSERT INTO {table} VALUES ($1, "
                + string.Join(", ", cases.Select((_, i) => $"${i + 2}")) + ")", connection))
            {
                foreach (var id in new[] { 1, 2 })
                {
                    insert.Parameters.Clear();
                    insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = id });
                    foreach (var c in cases)
                    {
                        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = c.DbType, Value = id == 1 ? c.Value : DBNull.Value });
                    }

                    Expect.Equal(1, await insert.ExecuteNonQueryAsync(), "INSERT count");
                }
            }

            await using var select = new NpgsqlCommand($"SELECT * FROM {table} ORDER BY id", connection);
            await using var reader = await select.ExecuteReaderAsync();
            Expect.True(await reader.ReadAsync(), "row 1");
            for (var i = 0; i < cases.Length; i++)
            {
                Expect.Equal(cases[i].Expected, ReadAs(reader, i + 1, cases[i].Value.GetType()), $"column {cases[i].Sql}");
                Expect.Equal($"c{i}", reader.GetName(i + 1), "column name");
            }

            Expect.True(await reader.ReadAsync(), "row 2");
            for (var i = 0; i < cases.Length; i++)
            {
                Expect.True(reader.IsDBNull(i + 1), $"null in column {cases[i].Sql}");
            }

            Expect.True(!await reader.ReadAsync(), "two rows");
        }
        finally
        {
            await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {table}");
        }
    }

    /// <summary>Reads a column as the CLR type of the value sent (so that int?[] and int[,] round-trip as such).</summary>
    private static object? ReadAs(NpgsqlDataReader reader, int ordinal, Type type)
    {
        var method = typeof(NpgsqlDataReader).GetMethod(nameof(NpgsqlDataReader.GetFieldValue))!.MakeGenericMethod(type);
        return method.Invoke(reader, [ordinal]);
    }

    private static async Task MultipleResultSetsAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT 1 AS a, 'one' AS b; SELECT x FROM generate_series(1, 3) AS g(x) ORDER BY x DESC; SELECT 2.5::numeric AS c WHERE false",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        Expect.True(await reader.ReadAsync(), "first result: a row");
        Expect.Equal((1, "one"), (reader.GetInt32(0), reader.GetString(1)), "first result");
        Expect.True(!await reader.ReadAsync(), "first result: one row");
        Expect.True(await reader.NextResultAsync(), "second result");
        var values = new List<int>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetInt32(0));
        }

        Expect.Equal(new[] { 3, 2, 1 }, values, "second result");
        Expect.True(await reader.NextResultAsync(), "third result");
        Expect.Equal("c", reader.GetName(0), "third result's column");
        Expect.Equal("numeric", reader.GetDataTypeName(0), "third result's type");
        Expect.True(!await reader.ReadAsync(), "third result: no rows");
        Expect.True(!await reader.NextResultAsync(), "three results");
    }

    private static async Task BatchAsync(NpgsqlDataSource dataSource, string suffix)
    {
        var table = "cn_batch_" + suffix;
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"CREATE TABLE {table} (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text)"),
                new NpgsqlBatchCommand($"INSERT INTO {table} (v) VALUES ($1), ($2) RETURNING id")
                {
                    Parameters = { new NpgsqlParameter { Value = "x" }, new NpgsqlParameter { Value = "y" } },
                },
                new NpgsqlBatchCommand($"UPDATE {table} SET v = v || '!' WHERE id > $1") { Parameters = { new NpgsqlParameter { Value = 0 } } },
                new NpgsqlBatchCommand($"SELECT id, v FROM {table} ORDER BY id"),
                new NpgsqlBatchCommand($"DROP TABLE {table}"),
            },
        };
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            var ids = new List<int>();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetInt32(0));
            }

            Expect.Equal(new[] { 1, 2 }, ids, "RETURNING id");
            Expect.True(await reader.NextResultAsync(), "SELECT result");
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add($"{reader.GetInt32(0)}:{reader.GetString(1)}");
            }

            Expect.Equal(new[] { "1:x!", "2:y!" }, rows, "rows after UPDATE");
            Expect.True(!await reader.NextResultAsync(), "no more results");
        }

        Expect.Equal(2, batch.BatchCommands[1].RecordsAffected, "INSERT's count");
        Expect.Equal(2, batch.BatchCommands[2].RecordsAffected, "UPDATE's count");

        // A failing command skips the rest of the batch (the server discards messages until Sync).
        await using var failing = new NpgsqlBatch(connection)
        {
            BatchCommands = { new NpgsqlBatchCommand("SELECT 1"), new NpgsqlBatchCommand("SELECT 1/0"), new NpgsqlBatchCommand("SELECT 3") },
        };
        await Expect.SqlStateAsync("22012", async () =>
        {
            await using var reader = await failing.ExecuteReaderAsync();
            while (await reader.NextResultAsync())
            {
            }
        }, "division by zero in a batch");
        await using var after = new NpgsqlCommand("SELECT 42", connection);
        Expect.Equal(42, await after.ExecuteScalarAsync(), "the connection after a failed batch");
    }

    private static async Task TransactionsAsync(NpgsqlDataSource dataSource, string suffix)
    {
        var table = "cn_tx_" + suffix;
        await using var connection = await dataSource.OpenConnectionAsync();
        await ExecuteAsync(connection, $"CREATE TABLE {table} (id integer PRIMARY KEY, v text)");
        try
        {
            await using (var tx = await connection.BeginTransactionAsync())
            {
                await ExecuteAsync(connection, $"INSERT INTO {table} VALUES (1, 'rolled back')");
                await tx.RollbackAsync();
            }

            Expect.Equal(0L, await ScalarAsync(connection, $"SELECT count(*) FROM {table}"), "rows after ROLLBACK");
            await using (var tx = await connection.BeginTransactionAsync())
            {
                await ExecuteAsync(connection, $"INSERT INTO {table} VALUES (1, 'a')");
                await tx.SaveAsync("s1");
                await ExecuteAsync(connection, $"INSERT INTO {table} VALUES (2, 'b')");
                await tx.RollbackAsync("s1");
                await tx.SaveAsync("s2");
                await Expect.SqlStateAsync("23505", () => ExecuteAsync(connection, $"INSERT INTO {table} VALUES (1, 'dup')"), "duplicate key");
                await tx.RollbackAsync("s2");
                await ExecuteAsync(connection, $"INSERT INTO {table} VALUES (3, 'c')");
                await tx.ReleaseAsync("s2");
                await tx.CommitAsync();
            }

            Expect.Equal("1,3", await ScalarAsync(connection, $"SELECT string_agg(id::text, ',' ORDER BY id) FROM {table}"), "rows after COMMIT");

            // An error aborts the transaction: 25P02 until ROLLBACK.
            await using (var tx = await connection.BeginTransactionAsync())
            {
                await Expect.SqlStateAsync("22012", () => ScalarAsync(connection, "SELECT 1/0"), "error in a transaction");
                await Expect.SqlStateAsync("25P02", () => ScalarAsync(connection, "SELECT 1"), "statement in a failed transaction");
                await tx.RollbackAsync();
            }

            // REPEATABLE READ keeps its snapshot while another connection commits.
            await using (var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead))
            {
                Expect.Equal(2L, await ScalarAsync(connection, $"SELECT count(*) FROM {table}"), "first read");
                await using (var other = await dataSource.OpenConnectionAsync())
                {
                    await ExecuteAsync(other, $"INSERT INTO {table} VALUES (4, 'd')");
                }

                Expect.Equal(2L, await ScalarAsync(connection, $"SELECT count(*) FROM {table}"), "repeatable read");
                await tx.CommitAsync();
            }

            Expect.Equal(3L, await ScalarAsync(connection, $"SELECT count(*) FROM {table}"), "read after the transaction");
        }
        finally
        {
            await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {table}");
        }
    }

    private static async Task CancellationAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await using var command = new NpgsqlCommand("SELECT pg_sleep(30)", connection);
        var started = DateTime.UtcNow;
        try
        {
            await command.ExecuteNonQueryAsync(cts.Token);
            throw new MismatchException("pg_sleep(30) was not cancelled");
        }
        catch (OperationCanceledException ex)
        {
            var pg = Expect.Find<PostgresException>(ex) ?? throw new MismatchException("no PostgresException inside: " + ex);
            Expect.Equal("57014", pg.SqlState, "SQLSTATE of the cancelled statement");
            Expect.Equal("canceling statement due to user request", pg.MessageText, "message");
        }

        Expect.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "cancellation took effect");
        Expect.Equal(ConnectionState.Open, connection.State, "the connection survives the cancellation");
        Expect.Equal(7, await ScalarAsync(connection, "SELECT 7"), "a statement after the cancellation");

        // statement_timeout gives the same SQLSTATE with its own message.
        await ExecuteAsync(connection, "SET statement_timeout = 200");
        var timeout = await Expect.SqlStateAsync("57014", () => ExecuteAsync(connection, "SELECT pg_sleep(30)"), "statement_timeout");
        Expect.Equal("canceling statement due to statement timeout", timeout.MessageText, "statement_timeout message");
        await ExecuteAsync(connection, "RESET statement_timeout");
    }

    private static async Task PoolResetAsync(Target target)
    {
        // A pool of one physical connection: the second Open gets the same backend, after Npgsql's DISCARD ALL.
        var builder = new NpgsqlConnectionStringBuilder(target.ConnectionString) { MaxPoolSize = 1, ApplicationName = "cn_pool" };
        var sequence = "cn_seq_" + target.Suffix;
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        int pid;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            pid = connection.ProcessID;
            await ExecuteAsync(connection, "SET search_path = cn_nowhere, public");
            await ExecuteAsync(connection, "SET statement_timeout = '12s'");
            await ExecuteAsync(connection, "PREPARE cn_plan AS SELECT 1");
            await ExecuteAsync(connection, $"CREATE SEQUENCE {sequence}");
            Expect.Equal(1L, await ScalarAsync(connection, $"SELECT nextval('{sequence}')"), "nextval");
            Expect.Equal("12s", await ScalarAsync(connection, "SHOW statement_timeout"), "statement_timeout before the reset");
        }

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            Expect.Equal(pid, connection.ProcessID, "the same physical connection");
            Expect.Equal("\"$user\", public", await ScalarAsync(connection, "SHOW search_path"), "search_path after DISCARD ALL");
            Expect.Equal("0", await ScalarAsync(connection, "SHOW statement_timeout"), "statement_timeout after DISCARD ALL");
            Expect.Equal("cn_pool", await ScalarAsync(connection, "SHOW application_name"), "application_name (a startup parameter) is kept");
            await Expect.SqlStateAsync("26000", () => ExecuteAsync(connection, "EXECUTE cn_plan"), "PREPAREd statement after DISCARD ALL");
            await Expect.SqlStateAsync("55000", () => ScalarAsync(connection, "SELECT lastval()"), "lastval after DISCARD ALL");
            await ExecuteAsync(connection, $"DROP SEQUENCE {sequence}");
        }
    }

    private static async Task PreparedResetAsync(Target target)
    {
        // With prepared statements on the connection, Npgsql resets it without DISCARD ALL (to keep them):
        // SET SESSION AUTHORIZATION DEFAULT;RESET ALL;CLOSE ALL;UNLISTEN *;SELECT pg_advisory_unlock_all();DISCARD SEQUENCES;DISCARD TEMP
        var builder = new NpgsqlConnectionStringBuilder(target.ConnectionString) { MaxPoolSize = 1 };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        int pid;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            pid = connection.ProcessID;
            await using var command = new NpgsqlCommand("SELECT $1::integer + 1", connection) { Parameters = { new NpgsqlParameter { Value = 1 } } };
            await command.PrepareAsync();
            for (var i = 0; i < 6; i++)
            {
                command.Parameters[0].Value = i;
                Expect.Equal(i + 1, await command.ExecuteScalarAsync(), "prepared execution");
            }

            await ExecuteAsync(connection, "SET extra_float_digits = 0");
        }

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            Expect.Equal(pid, connection.ProcessID, "the same physical connection");
            Expect.Equal("1", await ScalarAsync(connection, "SHOW extra_float_digits"), "extra_float_digits after RESET ALL");
            await using var command = new NpgsqlCommand("SELECT $1::integer + 1", connection) { Parameters = { new NpgsqlParameter { Value = 41 } } };
            await command.PrepareAsync();
            Expect.True(command.IsPrepared, "the statement is prepared");
            Expect.Equal(42, await command.ExecuteScalarAsync(), "the prepared statement after the reset");
        }
    }

    private static async Task ErrorsAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var e = await Expect.SqlStateAsync("42P01", () => ScalarAsync(connection, "SELECT * FROM cn_no_such_table"), "unknown table");
        Expect.Equal("relation \"cn_no_such_table\" does not exist", e.MessageText, "message");
        Expect.Equal(15, e.Position, "position");
        await Expect.SqlStateAsync("42883", () => ScalarAsync(connection, "SELECT cn_no_such_function(1)"), "unknown function");
        await Expect.SqlStateAsync("22P02", async () =>
        {
            await using var command = new NpgsqlCommand("SELECT $1::integer", connection) { Parameters = { new NpgsqlParameter { Value = "x" } } };
            await command.ExecuteScalarAsync();
        }, "text parameter that is no integer");
        await Expect.SqlStateAsync("42601", () => ScalarAsync(connection, "SELEC 1"), "syntax error");
        Expect.Equal(1, await ScalarAsync(connection, "SELECT 1"), "the connection after errors");
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Invariant text of a value (for messages).</summary>
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
