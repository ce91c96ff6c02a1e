using Npgsql;
using NpgsqlTypes;
using OmenDb.Wire.Tests.Support;
using static OmenDb.Tests.Shared.VectorReference;

namespace OmenDb.Wire.Tests.Vectors;

/// <summary>
/// Concurrent exact searches on one table share passes over its vectors (SharedVectorPass): each must still get its
/// own k neighbours under its own WHERE and operator, rows deleted before the searches stay out, and a query of the
/// wrong dimension fails alone with pgvector's error while the others in its pass succeed.
/// </summary>
public sealed class SharedExactPassTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly string[] s_operators = ["<->", "<=>", "<#>", "<+>"];

    [Fact]
    public async Task ConcurrentSearches_EachGetTheirBruteForceNeighbours()
    {
        const int rows = 5000, dims = 37, clients = 12, queriesPerClient = 3;
        var random = new Random(7);
        var data = new float[rows][];
        for (var i = 0; i < rows; i++)
        {
            data[i] = new float[dims];
            for (var d = 0; d < dims; d++)
            {
                data[i][d] = (float)Math.Round((random.NextDouble() * 2) - 1, 3);
            }
        }

        await using var setup = await NpgsqlConnections.OpenAsync(fixture.Port);
        await NpgsqlCommands.ExecAsync(setup, $"CREATE TABLE sp_t (id int, v vector({dims}))");
        try
        {
            for (var from = 0; from < rows; from += 500)
            {
                var values = string.Join(",", Enumerable.Range(from, 500).Select(i => $"({i},'{Text(data[i])}')"));
                await NpgsqlCommands.ExecAsync(setup, $"INSERT INTO sp_t VALUES {values}");
            }

            await NpgsqlCommands.ExecAsync(setup, "DELETE FROM sp_t WHERE id % 10 = 0");
            var connections = new NpgsqlConnection[clients + 1];
            for (var c = 0; c < connections.Length; c++)
            {
                connections[c] = await NpgsqlConnections.OpenAsync(fixture.Port);
            }

            try
            {
                var searches = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
                {
                    for (var q = 0; q < queriesPerClient; q++)
                    {
                        var op = s_operators[(c + q) % s_operators.Length];
                        var (modulus, remainder, k) = (2 + (c % 3), c % 2, 5 + c);
                        var query = data[(c * 131) + q].Select(x => x + 0.01f).ToArray();
                        var reference = Enumerable.Range(0, rows).Where(i => i % 10 != 0 && i % modulus != remainder)
                            .Select(i => Reference(op, data[i], query)).Order().Take(k).ToList();
                        var got = await SearchAsync(connections[c], op, query, $"id % 10 <> 0 AND id % {modulus} <> {remainder}", k);
                        Assert.Equal(k, got.Count);
                        for (var i = 0; i < k; i++)
                        {
                            // Same distances rank by rank (ties may swap ids), each id at its true distance and kept by the WHERE.
                            Assert.Equal(reference[i], got[i].Distance, 1e-4);
                            Assert.Equal(Reference(op, data[got[i].Id], query), got[i].Distance, 1e-4);
                            Assert.True(got[i].Id % 10 != 0 && got[i].Id % modulus != remainder, $"row {got[i].Id} fails the WHERE");
                        }
                    }
                })).ToList();
                searches.Add(Task.Run(async () =>
                {
                    var error = await Assert.ThrowsAsync<PostgresException>(() => SearchAsync(connections[clients], "<->", [1, 2, 3], "true", 3));
                    Assert.Equal(("22000", "different vector dimensions 37 and 3"), (error.SqlState, error.MessageText));
                }));
                await Task.WhenAll(searches);
            }
            finally
            {
                foreach (var connection in connections)
                {
                    await connection.DisposeAsync();
                }
            }
        }
        finally
        {
            await NpgsqlCommands.ExecAsync(setup, "DROP TABLE sp_t");
        }
    }

    private static async Task<List<(int Id, double Distance)>> SearchAsync(NpgsqlConnection connection, string op, float[] query, string where, int k)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT id, v {op} $1::vector AS d FROM sp_t WHERE {where} ORDER BY v {op} $1::vector LIMIT {k}", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = Text(query), NpgsqlDbType = NpgsqlDbType.Text });
        var got = new List<(int Id, double Distance)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            got.Add((reader.GetInt32(0), reader.GetDouble(1)));
        }

        return got;
    }
}
