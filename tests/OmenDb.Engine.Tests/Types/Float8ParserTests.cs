using System.Globalization;
using System.Numerics;
using System.Text;
using OmenDb.Engine.Execution.Copy;

namespace OmenDb.Engine.Tests.Types;

/// <summary>
/// Property tests of COPY's float8 parser against <see cref="double.Parse(string, IFormatProvider)"/> (correctly
/// rounded, as strtod is): every spelling it accepts gives the same bits, it declines what it cannot decide (and what
/// the input function must judge: zero and its sign, NaN and Infinity, subnormals, overflow, odd syntax), and it does
/// accept the common spellings, so the fast path is really taken.
/// </summary>
public sealed class Float8ParserTests
{
    public static TheoryData<string> Declined => new()
    {
        "0", "-0", "+0", "0.0", "-0.000", "0e10", "NaN", "nan", "Infinity", "-Infinity", "inf", "+inf", "-inf", "infinity",
        "", "-", "+", ".", "-.", "e5", "1e", "1e+", "1e-", "1.5.5", "--1", "1x", "0x10", " 1", "1 ", "1_000", "1e5x", "1e00001",
        "4.9e-324", "2.2250738585072011e-308", "1e-400", "1e400", "1.7976931348623159e308", "12345678901234567890",
        "0.12345678901234567890", "1" + new string('0', 400), "5e-324",
    };

    public static TheoryData<string, double> Accepted => new()
    {
        { "1", 1 }, { "-1", -1 }, { "+2.5", 2.5 }, { ".5", 0.5 }, { "5.", 5 }, { "1e5", 1e5 }, { "1E-5", 1e-5 },
        { "1e+22", 1e22 }, { "1e23", 1e23 }, { "9007199254740993", 9007199254740992 }, { "9007199254740995", 9007199254740996 },
        { "2.2250738585072014e-308", 2.2250738585072014e-308 }, { "1.7976931348623157e308", double.MaxValue },
        { "0.1", 0.1 }, { "0.3", 0.3 }, { "865.7422852499215", 865.7422852499215 }, { "9999999999999999999", 1e19 },
        { "0000000000000000000000001.5", 1.5 }, { "1.0000000000000002", 1.0000000000000002 },
    };

    [Theory]
    [MemberData(nameof(Declined))]
    public void Declines_what_the_input_function_must_judge(string text)
    {
        Assert.False(Float8Parser.TryParse(Encoding.ASCII.GetBytes(text), out _), text);
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepts_plain_spellings_with_the_correctly_rounded_value(string text, double expected)
    {
        Assert.True(Float8Parser.TryParse(Encoding.ASCII.GetBytes(text), out var value), text);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
    }

    [Fact]
    public void Shortest_and_long_spellings_of_random_doubles_parse_to_the_same_bits()
    {
        var random = new Random(17);
        var taken = 0;
        var tried = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var d = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsNormal(d))
            {
                continue;
            }

            foreach (var format in (ReadOnlySpan<string>)["R", "G17", "E18", "G15", "E10"])
            {
                tried++;
                taken += Compare(d.ToString(format, CultureInfo.InvariantCulture)) ? 1 : 0;
            }
        }

        // Everything with at most 19 digits in the normal range is taken, except the rare undecidable roundings.
        Assert.True(taken > tried * 0.999, $"{taken} of {tried} taken");
    }

    [Fact]
    public void Random_digit_strings_with_random_points_and_exponents_parse_to_the_same_bits()
    {
        var random = new Random(23);
        var taken = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var all = random.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture);
            var digits = all[..Math.Min(all.Length, random.Next(1, 20))];
            var point = random.Next(0, digits.Length + 1);
            var exponent = random.Next(-345, 330);
            var text = (random.Next(3) == 0 ? "-" : "") + digits[..point] + "." + digits[point..] + "e" + exponent.ToString(CultureInfo.InvariantCulture);
            taken += Compare(text) ? 1 : 0;
            taken += Compare(random.NextDouble().ToString("R", CultureInfo.InvariantCulture)) ? 1 : 0;
        }

        Assert.True(taken > 300_000, $"{taken} taken");
    }

    [Fact]
    public void Spellings_next_to_the_halfway_point_between_two_doubles_round_as_double_Parse_does()
    {
        // The exact midpoint between a double and the next one, cut to 15..19 significant digits, and one unit of
        // the last digit above and below: the inputs where a product one unit off would round the wrong way.
        var random = new Random(29);
        var taken = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var d = BitConverter.Int64BitsToDouble(random.NextInt64(0x0010_0000_0000_0000, 0x7FE0_0000_0000_0000));
            if (i % 4 == 0)
            {
                // Small magnitudes too, where 10^q has an exact 128-bit power of five.
                d = Math.ScaleB(1 + random.NextDouble(), random.Next(-70, 130));
            }

            var midpoint = ExactDecimal(d, BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(d) + 1));
            foreach (var keep in (ReadOnlySpan<int>)[15, 16, 17, 18, 19])
            {
                if (midpoint.Digits.Length <= keep)
                {
                    taken += Compare(Spell(midpoint.Digits, midpoint.Exponent)) ? 1 : 0;
                    continue;
                }

                var cut = BigInteger.Parse(midpoint.Digits.AsSpan(0, keep), CultureInfo.InvariantCulture);
                var exponent = midpoint.Exponent + (midpoint.Digits.Length - keep);
                foreach (var delta in (ReadOnlySpan<int>)[-1, 0, 1])
                {
                    taken += Compare(Spell((cut + delta).ToString(CultureInfo.InvariantCulture), exponent)) ? 1 : 0;
                }
            }
        }

        Assert.True(taken > 200_000, $"{taken} taken");
    }

    [Fact]
    public void Exact_halfway_integers_round_to_even()
    {
        for (var k = 0L; k < 2000; k++)
        {
            // 2^53 + 2k + 1 lies halfway between 2^53 + 2k and 2^53 + 2k + 2; so does 2^54 + 4k + 2.
            Assert.True(Compare(((1L << 53) + (2 * k) + 1).ToString(CultureInfo.InvariantCulture)));
            Assert.True(Compare(((1L << 54) + (4 * k) + 2).ToString(CultureInfo.InvariantCulture)));
            Compare(((1L << 53) + (2 * k) + 1).ToString(CultureInfo.InvariantCulture) + ".000");
            Compare(((1L << 54) + (4 * k) + 2).ToString(CultureInfo.InvariantCulture) + "e1");
        }
    }

    [Fact]
    public void The_edges_of_the_normal_range_parse_or_are_declined()
    {
        foreach (var d in (ReadOnlySpan<double>)[double.MaxValue, double.Epsilon, 2.2250738585072014e-308, 2.225073858507201e-308,
                     BitConverter.Int64BitsToDouble(0x0010_0000_0000_0001), BitConverter.Int64BitsToDouble(0x7FEF_FFFF_FFFF_FFFE)])
        {
            foreach (var format in (ReadOnlySpan<string>)["R", "E16", "E18", "E15"])
            {
                Compare(d.ToString(format, CultureInfo.InvariantCulture));
                Compare((-d).ToString(format, CultureInfo.InvariantCulture));
            }
        }

        Assert.True(Compare("1.7976931348623157e308"));
        // Below the midpoint between the largest double and 2^1024: the largest double, not an overflow.
        Assert.True(Compare("1.7976931348623158e308"));
    }

    /// <summary>Parses <paramref name="text"/>; when taken, the bits must equal double.Parse's. Returns whether taken.</summary>
    private static bool Compare(string text)
    {
        if (!Float8Parser.TryParse(Encoding.ASCII.GetBytes(text), out var value))
        {
            return false;
        }

        var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.True(double.IsNormal(expected), $"\"{text}\" was taken but is {expected}");
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value),
            $"\"{text}\": {value:R} instead of {expected:R}");
        return true;
    }

    private static string Spell(string digits, int exponent) => digits + "e" + exponent.ToString(CultureInfo.InvariantCulture);

    /// <summary>(a + b) / 2 exactly, as decimal digits × 10^exponent (both positive finite doubles).</summary>
    private static (string Digits, int Exponent) ExactDecimal(double a, double b)
    {
        // a = ma × 2^ea, b = mb × 2^eb with integer mantissas; the midpoint is (ma × 2^(ea−e) + mb × 2^(eb−e)) × 2^(e−1).
        var (ma, ea) = Split(a);
        var (mb, eb) = Split(b);
        var e = Math.Min(ea, eb);
        var sum = (ma << (ea - e)) + (mb << (eb - e));
        var scale = e - 1;
        BigInteger numerator;
        int exponent;
        if (scale >= 0)
        {
            numerator = sum << scale;
            exponent = 0;
        }
        else
        {
            // sum / 2^-scale = sum × 5^-scale / 10^-scale, exact.
            numerator = sum * BigInteger.Pow(5, -scale);
            exponent = scale;
        }

        var digits = numerator.ToString(CultureInfo.InvariantCulture);
        var trimmed = digits.TrimEnd('0');
        return (trimmed, exponent + (digits.Length - trimmed.Length));
    }

    private static (BigInteger Mantissa, int Exponent) Split(double d)
    {
        var bits = BitConverter.DoubleToInt64Bits(d);
        var biased = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & ((1L << 52) - 1);
        return biased == 0 ? (fraction, -1074) : (fraction | (1L << 52), biased - 1075);
    }
}
