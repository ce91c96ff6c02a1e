using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution.Copy;
using OmenDb.Engine.Types;
using OmenDb.Engine.Vectors;

namespace OmenDb.Engine.Tests.Types;

/// <summary>
/// The plain-spelling fast path of vector input (<see cref="VectorText"/>): on random vectors it must give the floats
/// a correctly rounded parse of each element gives, from UTF-16 and UTF-8 alike; on random corruptions of them it may
/// decline, but whatever it accepts must be a well-formed vector whose elements it parsed exactly; and COPY's column
/// path takes only rows of the column's dimension.
/// </summary>
public sealed partial class VectorTextTests
{
    [Fact]
    public void Random_vectors_parse_to_the_correctly_rounded_floats()
    {
        var random = new Random(5);
        int common = 0, commonAccepted = 0;
        for (var n = 0; n < 20_000; n++)
        {
            // Every other vector may hold elements of extreme magnitude, which the fast float path may decline.
            var wide = n % 2 == 0;
            common += wide ? 0 : 1;
            var elements = new string[random.Next(1, 40)];
            for (var d = 0; d < elements.Length; d++)
            {
                elements[d] = Spelling(random, wide);
            }

            var text = "[" + string.Join(",", elements) + "]";
            var expected = elements.Select(e => float.Parse(e, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            if (TryParseBoth(text, elements.Length, out var parsed))
            {
                commonAccepted += wide ? 0 : 1;
                AssertSameBits(expected, parsed, text);
            }

            // The input function answers the same whichever path it takes.
            AssertSameBits(expected, ValueText.ParseVector(text, elements.Length), text);
        }

        // What clients write must take the fast path (a rare element the fast float path cannot be sure of declines).
        Assert.True(commonAccepted > common * 0.99, $"only {commonAccepted} of {common} common vectors took the fast path");
    }

    [Fact]
    public void Corrupted_vectors_are_declined_unless_well_formed()
    {
        var random = new Random(9);
        const string noise = " ,[]-+.eE0x\tNaN";
        for (var n = 0; n < 50_000; n++)
        {
            var elements = new string[random.Next(1, 6)];
            for (var d = 0; d < elements.Length; d++)
            {
                elements[d] = Spelling(random, wide: true);
            }

            var text = new StringBuilder("[" + string.Join(",", elements) + "]");
            for (var k = random.Next(1, 3); k > 0; k--)
            {
                var at = random.Next(text.Length + 1);
                switch (random.Next(3))
                {
                    case 0 when text.Length > 0 && at < text.Length:
                        text.Remove(at, 1);
                        break;
                    case 1:
                        text.Insert(at, noise[random.Next(noise.Length)]);
                        break;
                    default:
                        text.Insert(at, noise.Substring(random.Next(noise.Length - 3), 3));
                        break;
                }
            }

            var s = text.ToString();
            if (TryParseBoth(s, 64, out var parsed))
            {
                // Accepted: exactly "[" element ("," element)* "]" with plain decimal elements, parsed exactly.
                Assert.True(s.Length >= 3 && s[0] == '[' && s[^1] == ']', s);
                var parts = s[1..^1].Split(',');
                Assert.All(parts, p => Assert.Matches(PlainDecimal(), p));
                AssertSameBits(parts.Select(p => float.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray(), parsed, s);
            }
        }
    }

    [Theory]
    [InlineData("[1,2,3]", 3)]
    [InlineData("[-1.5e-3,+2.,.25]", 3)]
    [InlineData("[0]", 1)]
    public void Plain_spellings_are_accepted(string text, int count)
    {
        Assert.True(TryParseBoth(text, 16, out var parsed));
        Assert.Equal(count, parsed.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[")]
    [InlineData("[]")]
    [InlineData("[ 1]")]
    [InlineData("[1 ]")]
    [InlineData(" [1]")]
    [InlineData("[1] ")]
    [InlineData("[1,]")]
    [InlineData("[,1]")]
    [InlineData("[1,,2]")]
    [InlineData("[1;2]")]
    [InlineData("[NaN]")]
    [InlineData("[inf]")]
    [InlineData("[1e39]")]
    [InlineData("[1e-40]")]
    [InlineData("{1,2}")]
    [InlineData("[1,2,3,4,5]")] // more elements than the destination holds
    public void Other_spellings_are_declined(string text)
    {
        Assert.False(TryParseBoth(text, 4, out _));
    }

    [Fact]
    public void Copy_takes_only_rows_of_the_columns_dimension()
    {
        var column = (FloatVectorColumn)ColumnVector.Create(PgTypes.Vector, 8);
        Assert.Equal(CopyFieldKind.Vector, CopyFieldReader.KindOf(new Catalog.ColumnInfo("e", 1, PgTypes.Vector, 3)));

        // The first row fixes the dimension through the input function (and its typmod check).
        Assert.False(CopyFieldReader.TryStore(CopyFieldKind.Vector, "[1,2,3]"u8, column, 0));
        column.SetValue(0, ValueText.ParseVector("[1,2,3]", 3));

        Assert.True(CopyFieldReader.TryStore(CopyFieldKind.Vector, "[4,5,6]"u8, column, 1));
        Assert.False(CopyFieldReader.TryStore(CopyFieldKind.Vector, "[4,5]"u8, column, 2));
        Assert.False(CopyFieldReader.TryStore(CopyFieldKind.Vector, "[4,5,6,7]"u8, column, 2));
        Assert.False(CopyFieldReader.TryStore(CopyFieldKind.Vector, "[4, 5,6]"u8, column, 2));
        column.SetNull(3);
        Assert.True(CopyFieldReader.TryStore(CopyFieldKind.Vector, "[7,8,9.5]"u8, column, 3));

        Assert.Equal([1f, 2f, 3f], column.Row(0).ToArray());
        Assert.Equal([4f, 5f, 6f], column.Row(1).ToArray());
        Assert.False(column.IsNull(3));
        Assert.Equal([7f, 8f, 9.5f], column.Row(3).ToArray());
    }

    /// <summary>The fast path on UTF-16 and on UTF-8 with room for <paramref name="room"/> elements: both must agree.</summary>
    private static bool TryParseBoth(string text, int room, out float[] parsed)
    {
        var chars = new float[room];
        var bytes = new float[room];
        var fromChars = VectorText.TryParsePlain(text.AsSpan(), chars, out var charCount);
        var fromBytes = VectorText.TryParsePlain<byte>(Encoding.UTF8.GetBytes(text), bytes, out var byteCount);
        Assert.Equal(fromChars, fromBytes);
        parsed = fromChars ? chars[..charCount] : [];
        if (fromChars)
        {
            Assert.Equal(charCount, byteCount);
            AssertSameBits(parsed, bytes[..byteCount], text);
        }

        return fromChars;
    }

    private static void AssertSameBits(float[] expected, float[] actual, string text) =>
        Assert.True(expected.Select(BitConverter.SingleToInt32Bits).SequenceEqual(actual.Select(BitConverter.SingleToInt32Bits)),
            $"{text}: expected [{string.Join(",", expected.Select(f => f.ToString("R", CultureInfo.InvariantCulture)))}], " +
            $"got [{string.Join(",", actual.Select(f => f.ToString("R", CultureInfo.InvariantCulture)))}]");

    /// <summary>Shortest round-trip floats (clients' output), 9-digit decimals, integers, zeros, and when
    /// <paramref name="wide"/> floats of magnitude 1e-20 to 1e20.</summary>
    private static string Spelling(Random random, bool wide) => random.Next(wide ? 5 : 4) switch
    {
        4 => ((float)(random.NextDouble() - 0.5) * MathF.Pow(10, random.Next(-20, 20))).ToString("R", CultureInfo.InvariantCulture),
        0 => ((float)(random.NextDouble() * 4 - 2)).ToString("R", CultureInfo.InvariantCulture),
        1 => (random.NextDouble() * 2 - 1).ToString("F9", CultureInfo.InvariantCulture),
        2 => random.Next(-100_000, 100_000).ToString(CultureInfo.InvariantCulture),
        _ => random.Next(2) == 0 ? "0" : "-0.0",
    };

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex PlainDecimal();
}
