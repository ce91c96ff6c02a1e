using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OmenDb.Bench.Data;

/// <summary>
/// The "bulk rows" data set of ../shared/docs/datasets.md: rows id = 1..N from one generator seeded 11,
/// <c>a = Next() mod 1,000,000</c>, <c>b = Uniform() × 1000</c>, <c>c = Next()</c> as 16 lower-case hex digits,
/// written as COPY text lines <c>id \t a \t b \t c \n</c> with b in shortest round-trip form.
/// </summary>
internal static class BulkRows
{
    /// <summary>The table every relational workload reads (created by <see cref="CreateTableSql"/>).</summary>
    public const string Table = "bench_bulk";

    /// <summary>Rows per COPY statement: bounds the memory a server holds for one COPY.</summary>
    public const int RowsPerCopy = 1_000_000;

    /// <summary>DDL of a table with the bulk layout.</summary>
    public static string CreateTableSql(string table) =>
        $"CREATE TABLE {table} (id bigint PRIMARY KEY, a integer NOT NULL, b double precision NOT NULL, c text NOT NULL)";

    /// <summary>Writes rows 1..<paramref name="count"/> as COPY text lines, in slices of <see cref="RowsPerCopy"/>.</summary>
    /// <param name="count">Number of rows.</param>
    /// <param name="beginSlice">Starts one COPY and returns its writer; disposing the writer ends it.</param>
    /// <param name="fingerprint">Receives the bytes written, for the SHA-256 fingerprint; may be null.</param>
    /// <param name="cancellationToken">Stops between slices.</param>
    public static async Task WriteAsync(long count, Func<Task<TextWriter>> beginSlice, IncrementalHash? fingerprint,
        CancellationToken cancellationToken)
    {
        var random = new SplitMix64(11);
        var line = new StringBuilder(64);
        for (var first = 1L; first <= count; first += RowsPerCopy)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var last = Math.Min(count, first + RowsPerCopy - 1);
            var writer = await beginSlice().ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                for (var id = first; id <= last; id++)
                {
                    line.Clear();
                    AppendRow(line, id, ref random);
                    var text = line.ToString();
                    fingerprint?.AppendData(Encoding.UTF8.GetBytes(text));
                    await writer.WriteAsync(text).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Appends one COPY text line (with its newline) and advances the generator by three draws.</summary>
    public static void AppendRow(StringBuilder line, long id, ref SplitMix64 random)
    {
        var a = (int)(random.Next() % 1_000_000UL);
        var b = random.Uniform() * 1000.0;
        var c = random.Next();
        line.Append(id.ToString(CultureInfo.InvariantCulture)).Append('\t')
            .Append(a.ToString(CultureInfo.InvariantCulture)).Append('\t')
            .Append(b.ToString("R", CultureInfo.InvariantCulture)).Append('\t')
            .Append(c.ToString("x16", CultureInfo.InvariantCulture)).Append('\n');
    }

    /// <summary>Point-lookup keys: generator seeded 13, <c>id = 1 + Next() mod N</c>.</summary>
    public static long[] PointKeys(long rows, int count)
    {
        var random = new SplitMix64(13);
        var keys = new long[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = 1 + (long)(random.Next() % (ulong)rows);
        }

        return keys;
    }

    /// <summary>Range-scan start keys: generator seeded 12, <c>x = 1 + Next() mod (N − 50,000)</c>.</summary>
    public static long[] RangeStarts(long rows, int count)
    {
        var random = new SplitMix64(12);
        var keys = new long[count];
        var span = (ulong)Math.Max(1, rows - 50_000);
        for (var i = 0; i < count; i++)
        {
            keys[i] = 1 + (long)(random.Next() % span);
        }

        return keys;
    }
}
