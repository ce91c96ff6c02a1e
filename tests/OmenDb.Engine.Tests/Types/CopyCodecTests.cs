using System.Buffers;
using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Execution.Copy;
using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Tests.Types;

/// <summary>
/// COPY text/CSV codec against PostgreSQL 15 (expected rows and bytes taken from COPY on a reference server).
/// The parser is fed every split point of each input, and byte by byte.
/// </summary>
public sealed class CopyCodecTests
{
    private static readonly string[] s_columns = ["a", "b", "c"];

    private static CopyOptions Csv => new() { Format = CopyFormat.Csv };

    /// <summary>Rows as "a|b|c" with NULL shown as ∅.</summary>
    private static List<string> ReadAll(byte[] input, CopyOptions options, params int[] splits)
    {
        var parser = new CopyTextParser(options, s_columns);
        var rows = new List<string>();
        var previous = 0;
        foreach (var split in splits.Append(input.Length))
        {
            parser.Write(input.AsSpan(previous, split - previous));
            previous = split;
            Drain(parser, rows);
        }

        parser.Complete();
        Drain(parser, rows);
        return rows;
    }

    private static void Drain(CopyTextParser parser, List<string> rows)
    {
        while (parser.TryReadRow(out var fields))
        {
            rows.Add(string.Join("|", fields.Select(f => f ?? "∅")));
        }
    }

    public static TheoryData<string, bool, string[]> ParseCases() => new()
    {
        { "1\tx\ty\n2\t\\N\tz\n", false, ["1|x|y", "2|∅|z"] },
        { "1\ta\\tb\\x41\\101\\q\\\\\tc\n\\.\n", false, ["1|a\tbAAq\\|c"] },
        { "1\tx\ty", false, ["1|x|y"] },
        { "1\tx\ty\r\n2\ta\tb\r\n", false, ["1|x|y", "2|a|b"] },
        { "1\t\\N\t\\\\N\n", false, ["1|∅|\\N"] },
        { "1\ta\\\tb\tc\n", false, ["1|a\tb|c"] },
        { "1\tx\ty\n\\.\nignored\tafter\tend\n", false, ["1|x|y"] },
        { "1\t\u00e9\u20ac\t\\xc3\\xa9\n", false, ["1|é€|é"] },
        { "1,\"a,b\",\n2,\"\",x\n", true, ["1|a,b|∅", "2||x"] },
        { "1,\"a\nb\",c\n", true, ["1|a\nb|c"] },
        { "1,\"x\"\"y\",\\.\n", true, ["1|x\"y|\\."] },
        { "1,x,y\n\\.\n", true, ["1|x|y"] },
        { "1,x,y\r\n2,\"p\r\nq\",z\r\n", true, ["1|x|y", "2|p\r\nq|z"] },
        { "1,\"\"\"\",\"a\"b\n", true, ["1|\"|ab"] },
        { "1, x ,\n", true, ["1| x |∅"] },
    };

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void ParsesAtEverySplitPoint(string input, bool csv, string[] expected)
    {
        var bytes = Encoding.UTF8.GetBytes(input);
        var options = csv ? Csv : new CopyOptions();
        Assert.Equal(expected, ReadAll(bytes, options));
        for (var split = 0; split <= bytes.Length; split++)
        {
            Assert.Equal(expected, ReadAll(bytes, options, split));
        }

        Assert.Equal(expected, ReadAll(bytes, options, Enumerable.Range(1, Math.Max(0, bytes.Length - 1)).ToArray()));
    }

    [Fact]
    public void CsvHeaderIsSkippedAndMatched()
    {
        var data = Encoding.UTF8.GetBytes("a,b,c\n1,x,y\n");
        Assert.Equal(["1|x|y"], ReadAll(data, Csv with { Header = CopyHeader.Present }));
        Assert.Equal(["1|x|y"], ReadAll(data, Csv with { Header = CopyHeader.Match }));
    }

    [Fact]
    public void ForceNotNullReadsEmptyString()
    {
        var rows = ReadAll(Encoding.UTF8.GetBytes("1,,\n"), Csv with { ForceNotNull = [false, true, false] });
        Assert.Equal(["1||∅"], rows);
    }

    [Fact]
    public void CustomDelimiterQuoteEscapeAndNull()
    {
        var options = new CopyOptions { Format = CopyFormat.Csv, Delimiter = ';', Escape = '\\', Null = "NULL" };
        var rows = ReadAll(Encoding.UTF8.GetBytes("1;\"a\\\"b\\\\\";NULL\n2;\"NULL\";\n"), options);
        Assert.Equal(["1|a\"b\\|∅", "2|NULL|"], rows);
    }

    /// <summary>(input, csv, options note, SQLSTATE, message, line, line text or null) from PostgreSQL's COPY ct FROM STDIN.</summary>
    public static TheoryData<string, bool, string, string, long, string?> ErrorCases() => new()
    {
        { "1\tx\n", false, "22P04", "missing data for column \"c\"", 1, "1\tx" },
        { "1\tx\ty\tz\n", false, "22P04", "extra data after last expected column", 1, "1\tx\ty\tz" },
        { "1\tx\ty\r\n2\ta\tb\n", false, "22P04", "literal newline found in data", 2, null },
        { "1\tx\ty\n2\ta\rb\tc\n", false, "22P04", "literal carriage return found in data", 2, null },
        { "1\tx\ty\n\\.x\n", false, "22P04", "end-of-copy marker corrupt", 2, null },
        { "1,\"abc\n", true, "22P04", "unterminated CSV quoted field", 1, "1,\"abc\n" },
        { "1,x\n", true, "22P04", "missing data for column \"c\"", 1, "1,x" },
        { "1,x,y,z\n", true, "22P04", "extra data after last expected column", 1, "1,x,y,z" },
        { "1,x,y\n2,\"multi\nline\",z,extra\n", true, "22P04", "extra data after last expected column", 3, "2,\"multi\nline\",z,extra" },
        { "1\t\\xff\tc\n", false, "22021", "invalid byte sequence for encoding \"UTF8\": 0xff", 1, "1\t\\xff\tc" },
        { "1\ta\\000b\tc\n", false, "22021", "invalid byte sequence for encoding \"UTF8\": 0x00", 1, "1\ta\\000b\tc" },
        { "1\ta\tb\\x00\n", false, "22021", "invalid byte sequence for encoding \"UTF8\": 0x00", 1, "1\ta\tb\\x00" },
        { "1\t\\xff\\000\tc\n", false, "22021", "invalid byte sequence for encoding \"UTF8\": 0xff", 1, "1\t\\xff\\000\tc" },
    };

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void ErrorsMatchPostgres(string input, bool csv, string sqlState, string message, long line, string? lineText)
    {
        var bytes = Encoding.UTF8.GetBytes(input);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var parser = new CopyTextParser(csv ? Csv : new CopyOptions(), s_columns);
            var ex = Assert.Throws<PgException>(() =>
            {
                parser.Write(bytes.AsSpan(0, split));
                while (parser.TryReadRow(out _))
                {
                }

                parser.Write(bytes.AsSpan(split));
                parser.Complete();
                while (parser.TryReadRow(out _))
                {
                }
            });
            Assert.Equal(sqlState, ex.SqlState);
            Assert.Equal(message, ex.Message);
            Assert.Equal(line, parser.LineNumber);
            Assert.Equal(lineText, parser.LineText);
        }
    }

    [Fact]
    public void ContextLinesAsPostgresPrintsThem()
    {
        var parser = new CopyTextParser(new CopyOptions(), s_columns);
        parser.Write("1\tx\n"u8);
        parser.Complete();
        Assert.Throws<PgException>(() => parser.TryReadRow(out _));
        Assert.Equal("COPY ct, line 1: \"1\tx\"", parser.FormatContext("ct"));
        Assert.Equal("COPY ct, line 1, column a: \"x\"", parser.FormatContext("ct", "a", "x"));
    }

    [Theory]
    [InlineData("a,b,c\n1,x,y\n", "column name mismatch in header line field 2: got \"x\", expected \"b\"", "a,x,c\n1,x,y\n")]
    [InlineData("", "wrong number of fields in header line: got 2, expected 3", "a,b\n1,x,y\n")]
    public void HeaderMatchErrors(string unused, string message, string input)
    {
        _ = unused;
        var parser = new CopyTextParser(Csv with { Header = CopyHeader.Match }, s_columns);
        parser.Write(Encoding.UTF8.GetBytes(input));
        var ex = Assert.Throws<PgException>(() => parser.TryReadRow(out _));
        Assert.Equal("22P04", ex.SqlState);
        Assert.Equal(message, ex.Message);
        Assert.Equal(1, parser.LineNumber);
    }

    /// <summary>The fields of <c>SELECT 1, E'a\tb\\c\nd\re\bf\x01', NULL, '', 'x,y"z', '\.', 'NULL', 'p|q', ' s '</c>.</summary>
    private static readonly string?[] s_row = ["1", "a\tb\\c\nd\re\bf\u0001", null, "", "x,y\"z", "\\.", "NULL", "p|q", " s "];

    [Theory]
    [InlineData("text", "1\ta\\tb\\\\c\\nd\\re\\bf\u0001\t\\N\t\tx,y\"z\t\\\\.\tNULL\tp|q\t s \n")]
    [InlineData("csv", "1,\"a\tb\\c\nd\re\bf\u0001\",,\"\",\"x,y\"\"z\",\\.,NULL,p|q, s \n")]
    [InlineData("csv-force-quote", "\"1\",\"a\tb\\c\nd\re\bf\u0001\",,\"\",\"x,y\"\"z\",\"\\.\",\"NULL\",\"p|q\",\" s \"\n")]
    [InlineData("csv-null-NULL", "1,\"a\tb\\c\nd\re\bf\u0001\",NULL,,\"x,y\"\"z\",\\.,\"NULL\",p|q, s \n")]
    [InlineData("text-pipe", "1|a\\tb\\\\c\\nd\\re\\bf\u0001|\\N||x,y\"z|\\\\.|NULL|p\\|q| s \n")]
    public void FormatterMatchesPostgresCopyTo(string mode, string expected)
    {
        var options = mode switch
        {
            "text" => new CopyOptions(),
            "csv" => Csv,
            "csv-force-quote" => Csv with { ForceQuote = Enumerable.Repeat(true, s_row.Length).ToArray() },
            "csv-null-NULL" => Csv with { Null = "NULL" },
            _ => new CopyOptions { Delimiter = '|' },
        };
        var writer = new ArrayBufferWriter<byte>();
        CopyTextFormatter.WriteRow(writer, s_row, options);
        Assert.Equal(expected, Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void FormatterQuotesLoneEndMarkerInOneColumnCsv()
    {
        var writer = new ArrayBufferWriter<byte>();
        CopyTextFormatter.WriteRow(writer, ["\\."], Csv);
        Assert.Equal("\"\\.\"\n", Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void HeaderLine()
    {
        var writer = new ArrayBufferWriter<byte>();
        CopyTextFormatter.WriteHeader(writer, ["a", "b c", "d,e"], Csv);
        Assert.Equal("a,b c,\"d,e\"\n", Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FormatterOutputParsesBack(bool csv)
    {
        var options = csv ? Csv : new CopyOptions();
        var random = new Random(42);
        var alphabet = "ab,\"\\\t\n\r|N. é€";
        for (var round = 0; round < 300; round++)
        {
            var row = new string?[3];
            for (var k = 0; k < 3; k++)
            {
                row[k] = random.Next(6) == 0 ? null : new string(Enumerable.Range(0, random.Next(6)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            }

            var writer = new ArrayBufferWriter<byte>();
            CopyTextFormatter.WriteRow(writer, row, options);
            var parser = new CopyTextParser(options, s_columns);
            parser.Write(writer.WrittenSpan);
            parser.Complete();
            Assert.True(parser.TryReadRow(out var back));
            Assert.Equal(row, back);
        }
    }
}
