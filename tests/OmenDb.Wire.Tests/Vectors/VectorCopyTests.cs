using System.Globalization;
using System.Text;
using Npgsql;
using OmenDb.Wire.Tests.Support;
using static OmenDb.Wire.Tests.Support.NpgsqlCommands;

namespace OmenDb.Wire.Tests.Vectors;

/// <summary>
/// COPY of vectors: the plain spelling parses straight from the COPY bytes into the column, every other spelling takes
/// the input function, and both must store exactly the float strtof gives; a bad vector anywhere (even after several
/// chunks) fails the COPY with pgvector's SQLSTATE, message and PostgreSQL's CONTEXT line, and keeps no row.
/// </summary>
public sealed class VectorCopyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Every_spelling_stores_the_float_strtof_gives()
    {
        await using var connection = await NpgsqlConnections.OpenAsync(fixture.Port);
        await ExecAsync(connection, "CREATE TABLE vcp_values (id int, e vector(4))");
        try
        {
            // 60,000 rows: several chunks, and past the size from which the commit ingests a prebuilt file.
            const int rows = 60_000;
            var random = new Random(11);
            var expected = new float[rows][];
            var text = new StringBuilder();
            for (var i = 0; i < rows; i++)
            {
                var elements = new string[4];
                for (var d = 0; d < elements.Length; d++)
                {
                    elements[d] = Spelling(random);
                }

                expected[i] = [.. elements.Select(e => float.Parse(e, NumberStyles.Float, CultureInfo.InvariantCulture))];
                var literal = (i % 7) switch
                {
                    0 => " [ " + string.Join(" , ", elements) + " ] ", // spaces: the input function
                    1 => "[" + string.Join("\\,", elements) + "]", // escaped commas, de-escaped by the COPY parser
                    2 => "\\x5b" + string.Join(",", elements) + "]", // an escaped bracket, de-escaped by the COPY parser
                    _ => "[" + string.Join(",", elements) + "]",
                };
                text.Append(i).Append('\t').Append(literal).Append('\n');
            }

            await using (var writer = await connection.BeginTextImportAsync("COPY vcp_values (id, e) FROM STDIN"))
            {
                await writer.WriteAsync(text.ToString());
            }

            await using var select = new NpgsqlCommand("SELECT id, e::real[] FROM vcp_values ORDER BY id", connection);
            await using var reader = await select.ExecuteReaderAsync();
            var n = 0;
            while (await reader.ReadAsync())
            {
                var id = reader.GetInt32(0);
                var stored = reader.GetFieldValue<float[]>(1);
                Assert.Equal(n, id);
                Assert.Equal(expected[id].Select(BitConverter.SingleToInt32Bits), stored.Select(BitConverter.SingleToInt32Bits));
                n++;
            }

            Assert.Equal(rows, n);
        }
        finally
        {
            await ExecAsync(connection, "DROP TABLE vcp_values");
        }
    }

    [Fact]
    public async Task Csv_and_a_column_without_dimension_take_any_vector()
    {
        await using var connection = await NpgsqlConnections.OpenAsync(fixture.Port);
        await ExecAsync(connection, "CREATE TABLE vcp_any (id int, e vector)");
        try
        {
            await using (var writer = await connection.BeginTextImportAsync("COPY vcp_any FROM STDIN (FORMAT csv)"))
            {
                await writer.WriteAsync("1,\"[1,2,3]\"\n2,\"[4,5]\"\n3,\"[6,7,8]\"\n4,\n5,\"[1e-46,-0,3e38]\"\n6,[9]\n");
            }

            Assert.Equal("1:[1,2,3] 2:[4,5] 3:[6,7,8] 4: 5:[0,-0,3e+38] 6:[9]",
                await ScalarTextAsync(connection, "SELECT string_agg(id || ':' || coalesce(e::text, ''), ' ' ORDER BY id) FROM vcp_any"));
        }
        finally
        {
            await ExecAsync(connection, "DROP TABLE vcp_any");
        }
    }

    /// <summary>A bad vector after 10,000 good rows (more than one chunk): pgvector's error, the COPY line, no row kept.</summary>
    [Theory]
    [InlineData("[1,2", "22P02", "invalid input syntax for type vector: \"[1,2\"")]
    [InlineData("[1,2,]", "22P02", "invalid input syntax for type vector: \"[1,2,]\"")]
    [InlineData("[1,,3]", "22P02", "invalid input syntax for type vector: \"[1,,3]\"")]
    [InlineData("[1,2,3]x", "22P02", "invalid input syntax for type vector: \"[1,2,3]x\"")]
    [InlineData("[1,2,3a]", "22P02", "invalid input syntax for type vector: \"[1,2,3a]\"")]
    [InlineData("1,2,3", "22P02", "invalid input syntax for type vector: \"1,2,3\"")]
    [InlineData("[1,2]", "22000", "expected 3 dimensions, not 2")]
    [InlineData("[1,2,3,4]", "22000", "expected 3 dimensions, not 4")]
    [InlineData("[]", "22000", "vector must have at least 1 dimension")]
    [InlineData("[NaN,1,2]", "22000", "NaN not allowed in vector")]
    [InlineData("[1,-Infinity,2]", "22000", "infinite value not allowed in vector")]
    [InlineData("[1,2,4e38]", "22003", "\"4e38\" is out of range for type vector")]
    public async Task A_bad_vector_fails_the_copy_with_pgvectors_error(string literal, string sqlState, string message)
    {
        var error = await CopyFailingAsync("vector(3)", literal);
        Assert.Equal(sqlState, error.SqlState);
        Assert.Equal(message, error.MessageText);
        Assert.Equal($"COPY vcp_bad, line 10002, column e: \"{literal}\"", error.Where);
    }

    [Fact]
    public async Task More_than_16000_dimensions_fail_the_copy()
    {
        var literal = "[" + string.Join(",", Enumerable.Repeat("1", 16_001)) + "]";
        var error = await CopyFailingAsync("vector", literal);
        Assert.Equal("54000", error.SqlState);
        Assert.Equal("vector cannot have more than 16000 dimensions", error.MessageText);
    }

    /// <summary>COPYs 10,001 good rows then <paramref name="literal"/> into a fresh table; returns the error, having
    /// checked that no row is left.</summary>
    private async Task<PostgresException> CopyFailingAsync(string type, string literal)
    {
        await using var connection = await NpgsqlConnections.OpenAsync(fixture.Port);
        await ExecAsync(connection, $"CREATE TABLE vcp_bad (id int, e {type})");
        try
        {
            var text = new StringBuilder();
            for (var i = 0; i < 10_001; i++)
            {
                text.Append(i).Append("\t[").Append(i).Append(",0.5,-2.25]\n");
            }

            text.Append("10001\t").Append(literal).Append('\n');
            var error = await Assert.ThrowsAsync<PostgresException>(async () =>
            {
                await using var writer = await connection.BeginTextImportAsync("COPY vcp_bad FROM STDIN");
                await writer.WriteAsync(text.ToString());
            });
            Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM vcp_bad"));
            return error;
        }
        finally
        {
            await ExecAsync(connection, "DROP TABLE vcp_bad");
        }
    }

    /// <summary>What clients write: shortest round-trip floats, 9-digit decimals, exponents, signs, zeros.</summary>
    private static string Spelling(Random random) => random.Next(6) switch
    {
        0 => ((float)(random.NextDouble() * 4 - 2)).ToString("R", CultureInfo.InvariantCulture),
        1 => (random.NextDouble() * 2 - 1).ToString("F9", CultureInfo.InvariantCulture),
        2 => ((float)(random.NextDouble() - 0.5) * MathF.Pow(10, random.Next(-30, 30))).ToString("R", CultureInfo.InvariantCulture),
        3 => random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
        4 => "+" + random.Next(0, 100).ToString(CultureInfo.InvariantCulture) + "." + random.Next(0, 1000).ToString("D3", CultureInfo.InvariantCulture),
        _ => random.Next(2) == 0 ? "0" : "-0.0",
    };
}
