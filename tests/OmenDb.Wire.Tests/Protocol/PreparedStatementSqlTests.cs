using Npgsql;
using OmenDb.Server;

namespace OmenDb.Wire.Tests.Protocol;

/// <summary>
/// SQL-level PREPARE / EXECUTE / DEALLOCATE through Npgsql against an in-process server: typed and inferred
/// parameters, DML, the command tags, and PostgreSQL's errors (expectations from PostgreSQL 15.20).
/// </summary>
public sealed class PreparedStatementSqlTests
{
    [Fact]
    public async Task Prepare_execute_and_deallocate_behave_like_PostgreSQL()
    {
        await using var server = await OmenDbServer.StartAsync(ServerOptions.ForTests());
        // Without type loading, Open needs no catalog query (pg_type is not there yet).
        var builder = new NpgsqlDataSourceBuilder($"Host=127.0.0.1;Port={server.Port};Username=postgres;Database=postgres;Pooling=false;Include Error Detail=true");
        builder.ConfigureTypeLoading(t => t.EnableTypeLoading(false));
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        await Exec(connection, "CREATE TABLE ps_t (id integer, name text)");
        await Exec(connection, "INSERT INTO ps_t VALUES (1, 'a'), (2, 'b'), (3, 'c')");

        await Exec(connection, "PREPARE ps_by_id (integer) AS SELECT name FROM ps_t WHERE id = $1");
        Assert.Equal("b", await Scalar(connection, "EXECUTE ps_by_id(2)"));
        Assert.Equal("c", await Scalar(connection, "EXECUTE ps_by_id('3')"));
        Assert.Null(await Scalar(connection, "EXECUTE ps_by_id(99)"));

        // Inferred parameter types and DML with the command's own tag.
        await Exec(connection, "PREPARE ps_ins AS INSERT INTO ps_t VALUES ($1, $2)");
        await using (var insert = new NpgsqlCommand("EXECUTE ps_ins(4, 'd')", connection))
        {
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }

        Assert.Equal(4L, await Scalar(connection, "SELECT count(*) FROM ps_t"));

        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => Exec(connection, "PREPARE ps_by_id AS SELECT 1"));
        Assert.Equal(("42P05", "prepared statement \"ps_by_id\" already exists"), (duplicate.SqlState, duplicate.MessageText));

        var count = await Assert.ThrowsAsync<PostgresException>(() => Exec(connection, "EXECUTE ps_by_id(1, 2)"));
        Assert.Equal(("42601", "wrong number of parameters for prepared statement \"ps_by_id\"", "Expected 1 parameters but got 2."),
            (count.SqlState, count.MessageText, count.Detail));

        var input = await Assert.ThrowsAsync<PostgresException>(() => Exec(connection, "EXECUTE ps_by_id('abc')"));
        Assert.Equal(("22P02", "invalid input syntax for type integer: \"abc\""), (input.SqlState, input.MessageText));

        await Exec(connection, "DEALLOCATE ps_by_id");
        var missing = await Assert.ThrowsAsync<PostgresException>(() => Exec(connection, "EXECUTE ps_by_id(1)"));
        Assert.Equal(("26000", "prepared statement \"ps_by_id\" does not exist"), (missing.SqlState, missing.MessageText));
        var again = await Assert.ThrowsAsync<PostgresException>(() => Exec(connection, "DEALLOCATE ps_by_id"));
        Assert.Equal("26000", again.SqlState);

        await Exec(connection, "DEALLOCATE ALL");
        var gone = await Assert.ThrowsAsync<PostgresException>(() => Exec(connection, "EXECUTE ps_ins(5, 'e')"));
        Assert.Equal("26000", gone.SqlState);
    }

    private static async Task Exec(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }
}
