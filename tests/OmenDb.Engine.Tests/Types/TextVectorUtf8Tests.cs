using System.Text;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Tests.Types;

/// <summary>
/// The UTF-8 form of a text column (Columnar/ReferenceVector.Utf8.cs): every way a row is written (bytes, strings,
/// NULL, copies from either form, a reused chunk starting again at row 0, a rewrite of a row in use, growth) reads back
/// the same through each reader (GetValue, Values, the bytes, TryWriteUtf8) as the string form does.
/// </summary>
public sealed class TextVectorUtf8Tests
{
    private static readonly string?[] s_values = ["apple", "", null, "zé€😀", "tab\there", "日本語", null, "B", "new\nline", "x"];

    [Fact]
    public void Rows_written_as_bytes_strings_and_nulls_read_back_through_every_reader()
    {
        var utf8 = Text(16, utf8: true);
        var strings = Text(16, utf8: false);
        for (var r = 0; r < s_values.Length; r++)
        {
            Write(utf8, r, s_values[r], asBytes: r % 2 == 0);
            Write(strings, r, s_values[r], asBytes: false);
        }

        utf8.Count = strings.Count = s_values.Length;
        Assert.True(utf8.IsUtf8);
        Assert.False(strings.IsUtf8);
        AssertRows(s_values, utf8);
        AssertRows(s_values, strings);
    }

    [Fact]
    public void Copies_between_the_forms_keep_every_value_and_null()
    {
        var source = Fill(Text(16, utf8: true), s_values);
        var stringSource = Fill(Text(16, utf8: false), s_values);
        foreach (var from in new[] { source, stringSource })
        {
            foreach (var toUtf8 in new[] { true, false })
            {
                // A block (with NULLs: row by row), a block without NULLs (one copy of the bytes), a gather, single rows.
                var block = Text(32, toUtf8);
                block.CopyRange(from, 0, 0, s_values.Length);
                block.CopyRange(from, 3, s_values.Length, 3);
                block.Count = s_values.Length + 3;
                AssertRows([.. s_values, .. s_values[3..6]], block);

                var noNulls = Text(8, toUtf8);
                noNulls.CopyRange(from, 3, 0, 3);
                noNulls.CopyRange(from, 7, 3, 3);
                noNulls.Count = 6;
                AssertRows([.. s_values[3..6], .. s_values[7..10]], noNulls);

                var gathered = Text(8, toUtf8);
                gathered.CopyRows(from, [9, 2, 3, 0], 0);
                gathered.CopyFrom(from, 5, 4);
                gathered.Count = 5;
                AssertRows([s_values[9], s_values[2], s_values[3], s_values[0], s_values[5]], gathered);
            }
        }
    }

    [Fact]
    public void A_reused_chunk_a_rewritten_row_skipped_rows_and_growth_keep_the_other_rows()
    {
        var vector = Fill(Text(4, utf8: true), ["one", "two", "three"]);
        _ = vector.Values; // cached strings must follow the rewrites below

        // A row in use rewritten longer and shorter: the rows after it keep their values.
        vector.SetValue(1, "two, but longer");
        AssertRows(["one", "two, but longer", "three"], vector);
        vector.SetValue(0, "");
        AssertRows(["", "two, but longer", "three"], vector);

        // Rows past Count are free: the chunk starts again at row 0.
        vector.Count = 0;
        vector.SetValue(0, "again");
        vector.Count = 1;
        AssertRows(["again"], vector);

        // A row past the ones written: the skipped one is empty; made NULL once in use (a rewrite); then growth.
        vector.SetValue(2, "third");
        vector.Count = 3;
        AssertRows(["again", "", "third"], vector);
        vector.SetNull(1);
        for (var i = 0; i < 40; i++)
        {
            vector.Append($"grown {i} ü");
        }

        var expected = new List<string?> { "again", null, "third" };
        expected.AddRange(Enumerable.Range(0, 40).Select(i => $"grown {i} ü"));
        AssertRows([.. expected], vector);
    }

    private static ReferenceVector<string> Text(int capacity, bool utf8) => (ReferenceVector<string>)ColumnVector.Create(PgTypes.Text, capacity, stored: utf8);

    private static ReferenceVector<string> Fill(ReferenceVector<string> vector, string?[] values)
    {
        for (var r = 0; r < values.Length; r++)
        {
            Write(vector, r, values[r], asBytes: true);
        }

        vector.Count = values.Length;
        return vector;
    }

    private static void Write(ReferenceVector<string> vector, int row, string? value, bool asBytes)
    {
        if (value is null)
        {
            vector.SetNull(row);
        }
        else if (asBytes)
        {
            vector.SetUtf8(row, Encoding.UTF8.GetBytes(value));
        }
        else
        {
            vector.SetValue(row, value);
        }
    }

    private static void AssertRows(string?[] expected, ReferenceVector<string> vector)
    {
        Assert.Equal(expected.Length, vector.Count);
        Assert.Equal(expected, vector.Values.AsSpan(0, vector.Count).ToArray());
        var buffer = new byte[64];
        for (var r = 0; r < expected.Length; r++)
        {
            Assert.Equal(expected[r], vector.GetValue(r));
            Assert.Equal(expected[r] is null, vector.IsNull(r));
            if (expected[r] is { } value)
            {
                var bytes = Encoding.UTF8.GetBytes(value);
                Assert.True(vector.TryWriteUtf8(r, buffer, out var written));
                Assert.Equal(bytes, buffer.AsSpan(0, written).ToArray());
                Assert.True(vector.MaxUtf8Length(r) >= bytes.Length);
                if (bytes.Length > 0)
                {
                    Assert.False(vector.TryWriteUtf8(r, new byte[bytes.Length - 1], out _));
                }

                if (vector.IsUtf8)
                {
                    Assert.Equal(bytes, vector.Utf8At(r).ToArray());
                }
            }
        }
    }
}
