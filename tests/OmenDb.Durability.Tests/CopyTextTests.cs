using System.Text;
using Npgsql;

namespace OmenDb.Durability.Tests;

/// <summary>
/// Text loaded by a large COPY is held as its UTF-8 bytes from the wire into the table, the ingest file and the
/// start-up load (Columnar/ReferenceVector.Utf8.cs). Every reader must see exactly the values a string would give:
/// DataRow in text and binary, COPY TO, comparisons and ORDER BY in the C collation, LIKE, functions, GROUP BY,
/// DISTINCT, a hash join against INSERT-loaded text, a unique index on text, UPDATE; before and after a restart.
/// </summary>
public sealed class CopyTextTests
{
    /// <summary>Above the ingestion threshold (50,000 row changes), so the rows go through the ingest pipeline.</summary>
    private const int Rows = 60_000;

    /// <summary>The words of column t: multibyte (2, 3 and 4 bytes), control characters, backslash, empty, ASCII.
    /// None lies in U+E000..U+FFFF, so .NET's ordinal order is the code point (= UTF-8 byte, C collation) order.</summary>
    private static readonly string[] s_words = ["apple", "Äpfel", "zé€😀", "tab\there", "new\nline", "back\\slash", "", "B", "日本語", "ABC"];

    [Fact]
    public async Task Text_loaded_by_a_large_copy_reads_the_same_through_every_reader_before_and_after_a_restart()
    {
        using var dir = new TempDataDirectory();
        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await conn.ExecuteAsync("""
                CREATE TABLE tx_big (id bigint PRIMARY KEY, t text NOT NULL, n varchar, u text UNIQUE);
                CREATE TABLE tx_words (t text, w int);
                """);
            await using (var writer = await conn.BeginTextImportAsync("COPY tx_big FROM STDIN"))
            {
                var line = new StringBuilder(64);
                for (var i = 1; i <= Rows; i++)
                {
                    line.Clear();
                    // "ABC" is spelled with a hex and an octal escape: the field's bytes differ from the value's.
                    var word = Word(i);
                    line.Append(i).Append('\t').Append(word == "ABC" ? "\\x41\\102C" : Escape(word)).Append('\t');
                    line.Append(N(i) is { } n ? Escape(n) : "\\N").Append('\t').Append(Escape(U(i))).Append('\n');
                    await writer.WriteAsync(line.ToString());
                }
            }

            for (var w = 0; w < s_words.Length; w += 2)
            {
                await using var insert = new NpgsqlCommand("INSERT INTO tx_words VALUES ($1, $2)", conn);
                insert.Parameters.Add(new NpgsqlParameter { Value = s_words[w] });
                insert.Parameters.Add(new NpgsqlParameter { Value = w });
                await insert.ExecuteNonQueryAsync();
            }

            await AssertReadersAsync(conn);
            var duplicate = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync($"INSERT INTO tx_big VALUES (0, 'x', NULL, '{U(7)}')"));
            Assert.Equal("23505", duplicate.SqlState);
        }

        await using (var server = await InProcessServer.StartAsync(dir.Path))
        await using (var conn = await InProcessServer.ConnectAsync(server.Port))
        {
            await AssertReadersAsync(conn);
            await conn.ExecuteAsync("UPDATE tx_big SET t = t || '!' WHERE id <= 3");
            Assert.Equal([$"1|{Word(1)}!", $"2|{Word(2)}!", $"3|{Word(3)}!", $"4|{Word(4)}"],
                await conn.RowsAsync("SELECT id::text, t FROM tx_big WHERE id <= 4 ORDER BY id"));
        }
    }

    [Fact]
    public async Task Invalid_utf8_spelled_by_an_escape_late_in_a_large_copy_fails_it_whole_with_22021()
    {
        using var dir = new TempDataDirectory();
        await using var server = await InProcessServer.StartAsync(dir.Path);
        await using var conn = await InProcessServer.ConnectAsync(server.Port);
        await conn.ExecuteAsync("CREATE TABLE tx_bad (id int PRIMARY KEY, t text)");
        var error = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var writer = await conn.BeginTextImportAsync("COPY tx_bad FROM STDIN");
            for (var i = 1; i <= Rows; i++)
            {
                await writer.WriteAsync(i == Rows - 10 ? $"{i}\tbad\\xff\n" : $"{i}\tré{i}\n");
            }
        });
        Assert.Equal("22021", error.SqlState);
        Assert.Equal("invalid byte sequence for encoding \"UTF8\": 0xff", error.MessageText);
        Assert.Contains($"line {Rows - 10}", error.Where, StringComparison.Ordinal);
        Assert.Equal(["0"], await conn.RowsAsync("SELECT count(*)::text FROM tx_bad"));
    }

    private static string Word(int i) => s_words[i % s_words.Length];

    private static string? N(int i) => i % 7 == 0 ? null : i % 7 == 1 ? "" : $"n{i}ü";

    private static string U(int i) => $"u{i}-ő";

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\t", "\\t", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static async Task AssertReadersAsync(NpgsqlConnection conn)
    {
        var ids = Enumerable.Range(1, Rows).ToList();

        // DataRow in binary and in text format, rows from several segments.
        int[] sample = [1, 2, 3, 7, 8, 2047, 2048, 2049, 30_001, Rows];
        var expected = sample.Select(i => $"{i}|{Word(i)}|{N(i) ?? "null"}|{U(i)}").ToList();
        var idList = string.Join(", ", sample);
        Assert.Equal(expected, await conn.RowsAsync($"SELECT id::text, t, n, u FROM tx_big WHERE id IN ({idList}) ORDER BY id"));
        Assert.Equal(expected, await conn.RowsAsync($"SELECT id, t, n, u FROM tx_big WHERE id IN ({idList}) ORDER BY id", textResults: true));

        // COPY TO: every row, escaped back.
        var copied = new List<string>();
        using (var reader = await conn.BeginTextExportAsync("COPY tx_big (id, t, n, u) TO STDOUT"))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                copied.Add(line);
            }
        }

        Assert.Equal(ids.Select(i => $"{i}\t{Escape(Word(i))}\t{(N(i) is { } n ? Escape(n) : "\\N")}\t{Escape(U(i))}"), copied);

        // GROUP BY and ORDER BY in the C collation, with aggregates reading the text.
        var groups = ids.GroupBy(Word).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}|{g.Count()}|{g.Key.EnumerateRunes().Count()}|{Encoding.UTF8.GetByteCount(g.Key)}|{g.Select(U).Min(StringComparer.Ordinal)}").ToList();
        Assert.Equal(groups, await conn.RowsAsync("SELECT t, count(*)::text, length(t)::text, octet_length(t)::text, min(u) FROM tx_big GROUP BY t ORDER BY t"));
        Assert.Equal(groups.Select(g => g.Split('|')[0]), await conn.RowsAsync("SELECT DISTINCT t FROM tx_big ORDER BY t"));
        Assert.Equal(ids.OrderBy(U, StringComparer.Ordinal).Take(5).Select(U), await conn.RowsAsync("SELECT u FROM tx_big ORDER BY u LIMIT 5"));

        // Comparisons, LIKE, a function of the text, NULLs.
        Assert.Equal([ids.Count(i => string.CompareOrdinal(Word(i), "apple") < 0).ToString()],
            await conn.RowsAsync("SELECT count(*)::text FROM tx_big WHERE t < 'apple'"));
        Assert.Equal([ids.Count(i => Word(i).Contains('€') || Word(i).StartsWith("new", StringComparison.Ordinal)).ToString()],
            await conn.RowsAsync("SELECT count(*)::text FROM tx_big WHERE t LIKE '%€%' OR t LIKE 'new%'"));
        Assert.Equal([$"{ids.Count(i => N(i) is null)}|{ids.Count(i => N(i) == "")}"],
            await conn.RowsAsync("SELECT sum(CASE WHEN n IS NULL THEN 1 ELSE 0 END)::text, sum(CASE WHEN n = '' THEN 1 ELSE 0 END)::text FROM tx_big"));
        Assert.Equal([ids.Sum(i => Encoding.UTF8.GetByteCount(U(i) + Word(i))).ToString()],
            await conn.RowsAsync("SELECT sum(octet_length(u || t))::text FROM tx_big"));

        // A hash join with text from INSERTs, and point lookups through the unique index on text.
        var joined = ids.Where(i => Array.IndexOf(s_words, Word(i)) % 2 == 0).GroupBy(Word)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}|{g.Count()}").ToList();
        Assert.Equal(joined, await conn.RowsAsync("SELECT b.t, count(*)::text FROM tx_big b JOIN tx_words w ON b.t = w.t GROUP BY b.t ORDER BY b.t"));
        Assert.Equal(["12345"], await conn.RowsAsync($"SELECT id::text FROM tx_big WHERE u = '{U(12345)}'"));
    }
}
