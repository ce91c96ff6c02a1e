using Npgsql;

namespace OmenDb.Compat.Dotnet;

/// <summary>
/// <c>vector</c> through our Npgsql converter: binary parameters and results, a vector(3) column, nearest-neighbour
/// ORDER BY with a parameter, and vector[]. Skipped (with a note) when the server has no type named vector, as a
/// PostgreSQL without the pgvector extension.
/// </summary>
internal static class VectorChecks
{
    public static async Task RunAsync(Checks checks, Target target)
    {
        var builder = new NpgsqlDataSourceBuilder(target.ConnectionString);
        builder.AddTypeInfoResolverFactory(new VectorResolverFactory());
        await using var dataSource = builder.Build();
        await using (var probe = await dataSource.OpenConnectionAsync())
        {
            var available = (long)(await NpgsqlChecks.ScalarAsync(probe, "SELECT count(*) FROM pg_catalog.pg_type WHERE typname = 'vector'"))!;
            if (available == 0)
            {
                Console.WriteLine("note dotnet vector: the server has no type vector (install pgvector to compare); skipped");
                return;
            }
        }

        await checks.RunAsync("npgsql vector converter", () => VectorAsync(dataSource, target.Suffix));
    }

    private static async Task VectorAsync(NpgsqlDataSource dataSource, string suffix)
    {
        var table = "cn_items_" + suffix;
        await using var connection = await dataSource.OpenConnectionAsync();
        var v = new Vector([1f, 1.5f, -2f]);
        await using (var echo = new NpgsqlCommand("SELECT $1, $1::text, vector_dims($1)", connection) { Parameters = { new NpgsqlParameter { Value = v } } })
        await using (var reader = await echo.ExecuteReaderAsync())
        {
            Expect.True(await reader.ReadAsync(), "a row");
            Expect.True(reader.GetDataTypeName(0) is "vector" or "public.vector", "result type: " + reader.GetDataTypeName(0));
            Expect.Equal(v, reader.GetFieldValue<Vector>(0), "binary round trip");
            Expect.Equal("[1,1.5,-2]", reader.GetString(1), "text");
            Expect.Equal(3, reader.GetInt32(2), "vector_dims");
        }

        await NpgsqlChecks.ExecuteAsync(connection, $"CREATE TABLE {table} (id integer PRIMARY KEY, embedding vector(3))");
        try
        {
            await using (var insert = new NpgsqlCommand($"INSERT INTO {table} VALUES ($1, $2)", connection))
            {
                var rows = new[] { (1, new Vector([0f, 0f, 0f])), (2, new Vector([1f, 1f, 1f])), (3, new Vector([5f, 5f, 5f])) };
                foreach (var (id, vector) in rows)
                {
                    insert.Parameters.Clear();
                    insert.Parameters.Add(new NpgsqlParameter { Value = id });
                    insert.Parameters.Add(new NpgsqlParameter { Value = vector });
                    await insert.ExecuteNonQueryAsync();
                }

                insert.Parameters[0].Value = 4;
                insert.Parameters[1].Value = DBNull.Value;
                await insert.ExecuteNonQueryAsync();
            }

            await using (var nearest = new NpgsqlCommand(
                $"SELECT id, embedding, embedding <-> $1 FROM {table} WHERE embedding IS NOT NULL ORDER BY embedding <-> $1 LIMIT 2", connection))
            {
                nearest.Parameters.Add(new NpgsqlParameter { Value = new Vector([1.2f, 1f, 1f]) });
                await using var reader = await nearest.ExecuteReaderAsync();
                var ids = new List<int>();
                while (await reader.ReadAsync())
                {
                    ids.Add(reader.GetInt32(0));
                    Expect.Equal(3, reader.GetFieldValue<Vector>(1).Values.Length, "dimensions");
                }

                Expect.Equal(new[] { 2, 1 }, ids, "nearest neighbours");
            }

            await Expect.SqlStateAsync("22000", async () =>
            {
                await using var bad = new NpgsqlCommand($"INSERT INTO {table} VALUES (9, $1)", connection)
                {
                    Parameters = { new NpgsqlParameter { Value = new Vector([1f, 2f]) } },
                };
                await bad.ExecuteNonQueryAsync();
            }, "a vector of the wrong dimension");

            var all = (Vector?[])(await NpgsqlChecks.ScalarAsync(connection, $"SELECT array_agg(embedding ORDER BY id) FROM {table}"))!;
            Expect.Equal(4, all.Length, "vector[] length");
            Expect.Equal(new Vector([5f, 5f, 5f]), all[2], "vector[] element");
            Expect.True(all[3] is null, "null element of vector[]");
        }
        finally
        {
            await NpgsqlChecks.ExecuteAsync(connection, $"DROP TABLE IF EXISTS {table}");
        }
    }
}
