using System.Text;
using Npgsql;
using OmenDb.Wire.Tests.Support;
using static OmenDb.Wire.Tests.Support.NpgsqlCommands;

namespace OmenDb.Wire.Tests.Protocol;

/// <summary>
/// COPY FROM STDIN inserts its rows in chunks while the data arrives; a failure in a later chunk must still leave none
/// of the earlier chunks' rows behind (all-or-nothing), in autocommit, in a block, and under a savepoint; columns the
/// COPY lists do not evaluate their defaults (a serial column's sequence does not move).
/// </summary>
public sealed class CopyChunkTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const int Rows = 30_000;

    [Fact]
    public async Task A_duplicate_key_in_a_late_chunk_keeps_no_row()
    {
        await using var connection = await NpgsqlConnections.OpenAsync(fixture.Port);
        await ExecAsync(connection, "CREATE TABLE cc_auto (id int PRIMARY KEY, v text)");
        var error = await Assert.ThrowsAsync<PostgresException>(() => CopyAsync(connection, "cc_auto", duplicateAt: Rows - 5));
        Assert.Equal("23505", error.SqlState);
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM cc_auto"));

        await CopyAsync(connection, "cc_auto", duplicateAt: null);
        Assert.Equal((long)Rows, await ScalarAsync(connection, "SELECT count(*) FROM cc_auto"));
        await ExecAsync(connection, "DROP TABLE cc_auto");
    }

    [Fact]
    public async Task A_failed_copy_under_a_savepoint_is_undone_by_rollback_to()
    {
        await using var connection = await NpgsqlConnections.OpenAsync(fixture.Port);
        await ExecAsync(connection, "CREATE TABLE cc_block (id int PRIMARY KEY, v text)");
        await ExecAsync(connection, "BEGIN; INSERT INTO cc_block VALUES (-1, 'before'); SAVEPOINT s");
        await Assert.ThrowsAsync<PostgresException>(() => CopyAsync(connection, "cc_block", duplicateAt: Rows - 1));
        await ExecAsync(connection, "ROLLBACK TO s");
        await CopyAsync(connection, "cc_block", duplicateAt: null);
        await ExecAsync(connection, "COMMIT");
        Assert.Equal((long)Rows + 1, await ScalarAsync(connection, "SELECT count(*) FROM cc_block"));
        await ExecAsync(connection, "DROP TABLE cc_block");
    }

    [Fact]
    public async Task Listed_columns_do_not_evaluate_their_defaults()
    {
        await using var connection = await NpgsqlConnections.OpenAsync(fixture.Port);
        await ExecAsync(connection, "CREATE TABLE cc_serial (id serial PRIMARY KEY, v text)");
        await using (var writer = await connection.BeginTextImportAsync("COPY cc_serial (id, v) FROM STDIN"))
        {
            await writer.WriteAsync("100\ta\n101\tb\n");
        }

        await using (var writer = await connection.BeginTextImportAsync("COPY cc_serial (v) FROM STDIN"))
        {
            await writer.WriteAsync("c\n");
        }

        Assert.Equal("1,100,101", await ScalarAsync(connection, "SELECT string_agg(id::text, ',' ORDER BY id) FROM cc_serial"));
        await ExecAsync(connection, "DROP TABLE cc_serial");
    }

    [Fact]
    public async Task The_command_tag_counts_every_chunk()
    {
        await using var client = await RawClient.ConnectReadyAsync(fixture.Port);
        await client.SendAsync(Msg.Query("CREATE TEMP TABLE cc_tag (id int, v text); COPY cc_tag FROM STDIN"),
            Msg.CopyData(Encoding.ASCII.GetBytes(Text(duplicateAt: null))), Msg.Build('c'));
        var reply = await client.ReadUntilReadyAsync();
        Assert.Contains(reply, m => m.Code == 'C' && Encoding.ASCII.GetString(m.Payload) == $"COPY {Rows}\0");
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, int? duplicateAt)
    {
        await using var writer = await connection.BeginTextImportAsync($"COPY {table} FROM STDIN");
        await writer.WriteAsync(Text(duplicateAt));
    }

    /// <summary><see cref="Rows"/> lines "id\tv{id}" with one id replaced by 0 (a duplicate) at <paramref name="duplicateAt"/>.</summary>
    private static string Text(int? duplicateAt)
    {
        var text = new StringBuilder();
        for (var i = 0; i < Rows; i++)
        {
            text.Append(i == duplicateAt ? 0 : i).Append("\tv").Append(i).Append('\n');
        }

        return text.ToString();
    }
}
