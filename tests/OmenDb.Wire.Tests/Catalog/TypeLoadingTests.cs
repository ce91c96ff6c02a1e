using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using OmenDb.Server;

namespace OmenDb.Wire.Tests.Catalog;

/// <summary>
/// Npgsql 10 with its default settings (type loading on): opening a data source runs the 4-statement catalog batch
/// (version, pg_type ⋈ pg_proc ⋈ pg_range ⋈ pg_namespace, composite fields, enum labels) and must then know the
/// array types through array_recv, so that array parameters and results work in binary.
/// </summary>
public sealed class TypeLoadingTests
{
    private static async Task<OmenDbServer> StartAsync() => await OmenDbServer.StartAsync(new ServerOptions
    {
        Port = 0,
        InMemory = true,
        ConfigureLogging = b => b.ClearProviders(),
    });

    private static NpgsqlDataSource DataSource(OmenDbServer server)
        => NpgsqlDataSource.Create($"Host=127.0.0.1;Port={server.Port};Username=postgres;Database=postgres;Timeout=30");

    [Fact]
    public async Task Type_loading_recognises_arrays_and_round_trips_them_in_binary()
    {
        await using var server = await StartAsync();
        await using var dataSource = DataSource(server);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT $1::int4[], $2::text[], ARRAY[1.5, 2.5]::float8[]", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = new[] { 1, 2, 3 }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = new[] { "a", null, "c" } });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal([1, 2, 3], reader.GetFieldValue<int[]>(0));
        Assert.Equal(new[] { "a", null, "c" }, reader.GetFieldValue<string?[]>(1));
        Assert.Equal([1.5, 2.5], reader.GetFieldValue<double[]>(2));
        Assert.Equal("integer[]", reader.GetDataTypeName(0));
    }

    [Fact]
    public async Task RowDescription_carries_table_oid_and_column_number()
    {
        await using var server = await StartAsync();
        await using var dataSource = DataSource(server);
        await using var setup = dataSource.CreateCommand("CREATE TABLE tl_t (a int, b text)");
        await setup.ExecuteNonQueryAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var oidCommand = new NpgsqlCommand("SELECT 'tl_t'::regclass::oid", connection);
        var tableOid = (uint)(await oidCommand.ExecuteScalarAsync())!;
        Assert.True(tableOid >= 16384);
        await using var command = new NpgsqlCommand("SELECT b, a FROM tl_t", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var columns = (await reader.GetColumnSchemaAsync()).Cast<Npgsql.Schema.NpgsqlDbColumn>().ToList();
        Assert.Equal(tableOid, columns[0].TableOID);
        Assert.Equal((short)2, columns[0].ColumnAttributeNumber);
        Assert.Equal((short)1, columns[1].ColumnAttributeNumber);
    }

    [Fact]
    public async Task Reload_types_sees_nothing_missing_and_catalog_errors_are_precise()
    {
        await using var server = await StartAsync();
        await using var dataSource = DataSource(server);
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ReloadTypesAsync();
        await using var command = new NpgsqlCommand("SELECT 'no_such_table'::regclass", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());
        Assert.Equal("42P01", error.SqlState);
        await using var unknownFunction = new NpgsqlCommand("SELECT pg_get_indexdef('x', 'y')", connection);
        var fnError = await Assert.ThrowsAsync<PostgresException>(() => unknownFunction.ExecuteScalarAsync());
        Assert.Equal("42883", fnError.SqlState);
    }

    [Fact]
    public async Task Type_loading_stays_fast_with_many_tables()
    {
        await using var server = await StartAsync();
        await using (var setup = DataSource(server))
        {
            await using var batch = setup.CreateBatch();
            for (var i = 0; i < 1000; i++)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"CREATE TABLE tl_many_{i} (id int PRIMARY KEY, v text)"));
            }

            await batch.ExecuteNonQueryAsync();
        }

        // A fresh data source loads the types again; measure the whole open (time is reported, not asserted).
        var watch = Stopwatch.StartNew();
        await using var dataSource = DataSource(server);
        await using var connection = await dataSource.OpenConnectionAsync();
        watch.Stop();
        Console.WriteLine($"Npgsql open with type loading over 1000 tables: {watch.ElapsedMilliseconds} ms");
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname LIKE 'tl\\_many\\_%'", connection);
        Assert.Equal(1000L, await command.ExecuteScalarAsync());
    }
}
