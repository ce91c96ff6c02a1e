using System.Buffers.Binary;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using OmenDb.Wire.Tests.Support;
using static OmenDb.Tests.Shared.VectorReference;

namespace OmenDb.Wire.Tests.Vectors;

/// <summary>
/// pgvector's <c>vector</c> through real clients: Npgsql 10 without the Pgvector plugin (values as text), pgvector's
/// binary format byte for byte on the raw protocol, pgvector's errors, and exact top-k search against a brute-force
/// reference for every distance operator.
/// </summary>
public sealed class VectorClientTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const int VectorOid = 16385;

    private static readonly short[] s_binary = [1];

    [Fact]
    public async Task TextForm_RoundTripsThroughNpgsql()
    {
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, "CREATE TABLE vc_text (id int, v vector(3))");
        try
        {
            await using (var insert = new NpgsqlCommand("INSERT INTO vc_text VALUES (1, $1), (2, $2)", connection))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = "[1,2.5,-3]", NpgsqlDbType = NpgsqlDbType.Unknown });
                insert.Parameters.Add(new NpgsqlParameter { Value = " [ 0.1, 1e-3 ,3e38 ] ", NpgsqlDbType = NpgsqlDbType.Unknown });
                Assert.Equal(2, await insert.ExecuteNonQueryAsync());
            }

            await using var select = new NpgsqlCommand("SELECT v FROM vc_text ORDER BY id", connection) { AllResultTypesAreUnknown = true };
            await using var reader = await select.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal("[1,2.5,-3]", reader.GetString(0));
            Assert.True(await reader.ReadAsync());
            Assert.Equal("[0.1,0.001,3e+38]", reader.GetString(0));
        }
        finally
        {
            await ExecuteAsync(connection, "DROP TABLE vc_text");
        }
    }

    [Fact]
    public async Task BinaryForm_IsPgvectorsBothWays()
    {
        // int16 dimensions, int16 unused (0), then big-endian float4s.
        var value = Encoding(1f, -2.5f, 3e38f);
        await using var client = await RawClient.ConnectReadyAsync(fixture.Port);
        await client.SendAsync(Msg.Parse("", "SELECT $1::vector(3), $1::vector::text", VectorOid), Msg.Bind("", "", s_binary, [value], 1, 0),
            Msg.Execute(""), Msg.Sync);
        var reply = await client.ReadUntilReadyAsync();
        var row = Assert.Single(reply, m => m.Code == 'D');
        var fields = DataRowFields(row.Payload);
        Assert.Equal(value, fields[0]);
        Assert.Equal("[1,-2.5,3e+38]", System.Text.Encoding.UTF8.GetString(fields[1]!));
    }

    public static TheoryData<string, byte[], string, string> BadBinaryValues => new()
    {
        { "zero dimensions", Msg.Concat(Msg.Int16(0), Msg.Int16(0)), "22000", "vector must have at least 1 dimension" },
        { "too many dimensions", Msg.Concat(Msg.Int16(16001), Msg.Int16(0)), "54000", "vector cannot have more than 16000 dimensions" },
        { "unused not 0", Msg.Concat(Msg.Int16(1), Msg.Int16(7), Encoding(1f)[4..]), "22000", "expected unused to be 0, not 7" },
        { "NaN", Msg.Concat(Msg.Int16(1), Msg.Int16(0), Msg.Int32(BitConverter.SingleToInt32Bits(float.NaN))), "22000", "NaN not allowed in vector" },
        { "too short", Msg.Concat(Msg.Int16(2), Msg.Int16(0), Encoding(1f)[4..]), "08P01", "insufficient data left in message" },
        { "too long", [.. Encoding(1f), 0, 0, 0, 0], "22P03", "incorrect binary data format in bind parameter 1" },
    };

    [Theory]
    [MemberData(nameof(BadBinaryValues))]
    public async Task BadBinaryValue_IsRejected(string what, byte[] value, string sqlState, string message)
    {
        _ = what;
        await using var client = await RawClient.ConnectReadyAsync(fixture.Port);
        await client.SendAsync(Msg.Parse("", "SELECT $1::vector", VectorOid), Msg.Bind("", "", s_binary, [value], 0), Msg.Execute(""), Msg.Sync);
        var reply = await client.ReadUntilReadyAsync();
        var error = Assert.Single(reply, m => m.Code == 'E');
        Assert.Equal((sqlState, message), (error.SqlState, error.MessageText));
        await fixture.AssertObserverAliveAsync();
    }

    [Theory]
    [InlineData("SELECT '[1,2'::vector", "22P02", "invalid input syntax for type vector: \"[1,2\"")]
    [InlineData("SELECT '[]'::vector", "22000", "vector must have at least 1 dimension")]
    [InlineData("SELECT '[a]'::vector", "22P02", "invalid input syntax for type vector: \"[a]\"")]
    [InlineData("SELECT '[1,2]'::vector(3)", "22000", "expected 3 dimensions, not 2")]
    [InlineData("SELECT '[NaN]'::vector", "22000", "NaN not allowed in vector")]
    [InlineData("SELECT '[-Infinity]'::vector", "22000", "infinite value not allowed in vector")]
    [InlineData("SELECT '[1e39]'::vector", "22003", "\"1e39\" is out of range for type vector")]
    [InlineData("SELECT array_fill(1, ARRAY[16001])::vector", "54000", "vector cannot have more than 16000 dimensions")]
    [InlineData("SELECT '[1,2]'::vector <-> '[1,2,3]'", "22000", "different vector dimensions 2 and 3")]
    [InlineData("SELECT '[1,2]'::vector + '[1]'", "22000", "different vector dimensions 2 and 1")]
    [InlineData("SELECT ARRAY[1,NULL]::int[]::vector", "22004", "array must not contain nulls")]
    [InlineData("CREATE TABLE vc_bad (v vector(16001))", "22023", "dimensions for type vector cannot exceed 16000")]
    [InlineData("CREATE TABLE vc_bad (v vector(0))", "22023", "dimensions for type vector must be at least 1")]
    public async Task BadInput_GetsPgvectorsError(string sql, string sqlState, string message)
    {
        await using var connection = await OpenAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, sql));
        Assert.Equal((sqlState, message), (error.SqlState, error.MessageText));
    }

    [Fact]
    public async Task ColumnDimensionMismatch_LeavesTheTableUnchanged()
    {
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, "CREATE TABLE vc_dims (v vector(2))");
        try
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, "INSERT INTO vc_dims VALUES ('[1,2]'), ('[1,2,3]')"));
            Assert.Equal(("22000", "expected 2 dimensions, not 3"), (error.SqlState, error.MessageText));
            await using var count = new NpgsqlCommand("SELECT count(*) FROM vc_dims", connection);
            Assert.Equal(0L, await count.ExecuteScalarAsync());
        }
        finally
        {
            await ExecuteAsync(connection, "DROP TABLE vc_dims");
        }
    }

    [Theory]
    [InlineData("<->")]
    [InlineData("<=>")]
    [InlineData("<#>")]
    [InlineData("<+>")]
    public async Task ExactTopK_ReturnsTheBruteForceNeighbours(string op)
    {
        const int rows = 3000, dims = 16, k = 10;
        var random = new Random(42);
        var data = new float[rows][];
        for (var i = 0; i < rows; i++)
        {
            data[i] = new float[dims];
            for (var d = 0; d < dims; d++)
            {
                data[i][d] = (float)Math.Round((random.NextDouble() * 2) - 1, 3);
            }
        }

        var table = "vc_knn_" + op switch { "<->" => "l2", "<=>" => "cos", "<#>" => "ip", _ => "l1" };
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, $"CREATE TABLE {table} (id int, v vector({dims}))");
        try
        {
            var insert = new StringBuilder($"INSERT INTO {table} VALUES ");
            for (var i = 0; i < rows; i++)
            {
                insert.Append(i == 0 ? "" : ",").Append($"({i},'{Text(data[i])}')");
            }

            await ExecuteAsync(connection, insert.ToString());
            for (var q = 0; q < 5; q++)
            {
                var query = data[random.Next(rows)].Select(x => x + 0.01f).ToArray();
                var reference = Enumerable.Range(0, rows).Where(i => i % 3 != 0)
                    .Select(i => (Id: i, Distance: Reference(op, data[i], query))).OrderBy(x => x.Distance).ToList();
                await using var command = new NpgsqlCommand(
                    $"SELECT id, v {op} $1::vector AS d FROM {table} WHERE id % 3 <> 0 ORDER BY v {op} $1::vector LIMIT {k}", connection);
                command.Parameters.Add(new NpgsqlParameter { Value = Text(query), NpgsqlDbType = NpgsqlDbType.Text });
                var got = new List<(int Id, double Distance)>();
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        got.Add((reader.GetInt32(0), reader.GetDouble(1)));
                    }
                }

                Assert.Equal(k, got.Count);
                for (var i = 0; i < k; i++)
                {
                    // Same distances rank by rank (ties may swap ids), each id at its true distance, in ascending order.
                    Assert.Equal(reference[i].Distance, got[i].Distance, 4);
                    Assert.Equal(Reference(op, data[got[i].Id], query), got[i].Distance, 4);
                    Assert.NotEqual(0, got[i].Id % 3);
                    Assert.True(i == 0 || got[i - 1].Distance <= got[i].Distance);
                }
            }
        }
        finally
        {
            await ExecuteAsync(connection, $"DROP TABLE {table}");
        }
    }

    private static byte[] Encoding(params float[] values)
    {
        var bytes = new byte[4 + (4 * values.Length)];
        BinaryPrimitives.WriteInt16BigEndian(bytes, (short)values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(4 + (4 * i)), values[i]);
        }

        return bytes;
    }

    /// <summary>The values of a DataRow payload (null for SQL NULL).</summary>
    private static byte[]?[] DataRowFields(byte[] payload)
    {
        var count = BinaryPrimitives.ReadInt16BigEndian(payload);
        var fields = new byte[]?[count];
        var offset = 2;
        for (var i = 0; i < count; i++)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(offset));
            offset += 4;
            if (length >= 0)
            {
                fields[i] = payload.AsSpan(offset, length).ToArray();
                offset += length;
            }
        }

        return fields;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = fixture.Port,
            Username = "postgres",
            Database = "postgres",
            Pooling = false,
        }.ConnectionString);
        builder.ConfigureTypeLoading(t => t.EnableTypeLoading(false));
        var dataSource = builder.Build();
        return await dataSource.OpenConnectionAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
