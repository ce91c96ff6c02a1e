using System.Globalization;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Tests.Types;

/// <summary>
/// The decimal float fast path of vector input must give exactly the float the general parser (correctly rounded,
/// like strtof) gives, or decline: checked on fixed edge cases and on many random spellings, from UTF-16 text and from
/// UTF-8 bytes (COPY's fields), which must agree.
/// </summary>
public sealed class FastFloatTests
{
    [Theory]
    [InlineData("0", 0f)]
    [InlineData("-0", -0f)]
    [InlineData("1", 1f)]
    [InlineData("+2.5", 2.5f)]
    [InlineData("-1.2345678", -1.2345678f)]
    [InlineData(".5", 0.5f)]
    [InlineData("5.", 5f)]
    [InlineData("3e-05", 3e-05f)]
    [InlineData("1E3", 1000f)]
    [InlineData("00012.50", 12.5f)]
    [InlineData("0.1", 0.1f)]
    [InlineData("-0.000012345678", -1.2345678e-5f)]
    [InlineData("123456789012345", 123456789012345f)]
    [InlineData("0.0000123456789012", 1.23456789012e-5f)]
    [InlineData("-0.00000000000000000", -0f)]
    [InlineData("12345678.9", 12345678.9f)] // the 8-digit word then one more digit
    [InlineData("-1.23456789", -1.23456789f)]
    [InlineData("9.999999e-10", 9.999999e-10f)]
    [InlineData("1e+22", 1e22f)]
    [InlineData("1e-22", 1e-22f)]
    public void ParsesPlainDecimals(string text, float expected)
    {
        Assert.True(TryParse(text, out var value));
        Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(value));
    }

    /// <summary>Spellings and values the fast path leaves to the general parser (which owns their errors).</summary>
    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("nan")]
    [InlineData("Infinity")]
    [InlineData("0x10")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1.2.3")]
    [InlineData("1e39")]
    [InlineData("1e-39")]
    [InlineData("12345678901234567890")]
    [InlineData("1234567890.1234567890")]
    [InlineData("0.000000000000000000000000000000000000000")] // more than 19 digits, even zeros
    [InlineData("1e23")]
    [InlineData("--1")]
    [InlineData("+-1")]
    [InlineData("e5")]
    [InlineData(".e5")]
    [InlineData("1,5")]
    [InlineData("１")] // a fullwidth digit
    [InlineData("1e00001")]
    [InlineData("16777217")] // exactly the float midpoint between 2^24 and 2^24 + 2
    [InlineData("0.5000000298023223876953125")] // exactly the midpoint between 0.5 and the next float
    public void DeclinesWhatItCannotBeSureOf(string text)
    {
        Assert.False(TryParse(text, out _));
    }

    [Fact]
    public void AgreesWithTheGeneralParserOnRandomSpellings()
    {
        var random = new Random(7);
        int common = 0, commonAccepted = 0;
        for (var n = 0; n < 200_000; n++)
        {
            var kind = random.Next(4);
            var text = RandomSpelling(random, kind);
            common += kind <= 1 ? 1 : 0;
            var expected = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (TryParse(text, out var value))
            {
                commonAccepted += kind <= 1 ? 1 : 0;
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(value),
                    $"{text}: fast {value:R}, general {expected:R}");
            }
        }

        // The common spellings (what clients write) must actually take the fast path.
        Assert.True(commonAccepted > common * 0.99, $"only {commonAccepted} of {common} common spellings took the fast path");
    }

    private static string RandomSpelling(Random random, int kind)
    {
        switch (kind)
        {
            case 0:
                // Shortest round-trip of a random float: what Npgsql, Python and pgvector's output write.
                return ((float)(random.NextDouble() * 20 - 10) * MathF.Pow(10, random.Next(-8, 9))).ToString("R", CultureInfo.InvariantCulture);
            case 1:
                // 9 significant digits, beyond float precision: rounding decides.
                return (random.NextDouble() * 2 - 1).ToString("F9", CultureInfo.InvariantCulture);
            case 2:
            {
                // Exact float midpoints and their neighbours, written out in full decimal.
                var bits = random.Next(0x00800000, 0x7F000000);
                var mid = ((double)BitConverter.Int32BitsToSingle(bits) + BitConverter.Int32BitsToSingle(bits + 1)) / 2;
                var offset = random.Next(3) - 1;
                var text = (BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(mid) + offset)).ToString("E16", CultureInfo.InvariantCulture);
                return text;
            }

            default:
                // Short mantissas with explicit exponents.
                return random.Next(1, 100000).ToString(CultureInfo.InvariantCulture) + "e" + random.Next(-25, 25).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The fast path on the UTF-16 text and on its UTF-8 bytes, alone and followed by more of a vector (so
    /// the bytes are read 8 at a time up to the end of the number): all must answer the same.</summary>
    private static bool TryParse(string text, out float value)
    {
        var fromChars = FastFloat.TryParseSingle(text.AsSpan(), out value);
        var fromBytes = FastFloat.TryParseSingle<byte>(System.Text.Encoding.UTF8.GetBytes(text), out var byteValue);
        Assert.Equal(fromChars, fromBytes);
        Assert.Equal(BitConverter.SingleToInt32Bits(value), BitConverter.SingleToInt32Bits(byteValue));
        if (text.Length > 0 && text[^1] is not ('e' or 'E' or '+' or '-') && !text.Contains(' ', StringComparison.Ordinal))
        {
            var followed = FastFloat.TryParsePrefix<byte>(System.Text.Encoding.UTF8.GetBytes(text + ",9876543210]"), out var prefixValue, out var length);
            Assert.Equal(fromChars, followed && length == text.Length);
            if (fromChars)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(value), BitConverter.SingleToInt32Bits(prefixValue));
            }
        }

        return fromChars;
    }
}
