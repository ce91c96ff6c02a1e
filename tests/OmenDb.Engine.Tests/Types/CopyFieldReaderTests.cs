using System.Globalization;
using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Execution.Copy;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Tests.Types;

/// <summary>
/// COPY's fast field conversion agrees with the types' input functions: whatever spelling it accepts gives the
/// input function's value, and everything else (odd spellings, out of range, errors) is left to the input function.
/// </summary>
public sealed class CopyFieldReaderTests
{
    public static TheoryData<string> Spellings => new()
    {
        "0", "-0", "+7", "42", "-42", "9", "32767", "-32768", "32768", "-32769", "2147483647", "-2147483648", "2147483648",
        "-2147483649", "999999999999999999", "-999999999999999999", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", " 5", "5 ", "", "-", "+", "1x", "0x10", "1_000", "١", "1.5", "-0.25", ".5", "5.", "1e5",
        "1E-5", "1e300", "1e400", "1e-400", "4.9e-324", "NaN", "Infinity", "-inf", "1.5.5", "--1", "1e", "e5", "0.0", "1e+2",
        ".", "-.", "-.5", "-5.", "0.1", "0.3", "9007199254740992", "9007199254740993", "900719925474099.3", "0.0000000000000000000001",
        "0.00000000000000000000001", "262.3651517737182", "165.19255062031968", "-1.0000000000000002", "00000000000000001.5",
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Every_accepted_spelling_has_the_input_functions_value(string text)
    {
        Check(PgTypes.Int2, text, v => ((PrimitiveVector<short>)v).Values[0]);
        Check(PgTypes.Int4, text, v => ((PrimitiveVector<int>)v).Values[0]);
        Check(PgTypes.Int8, text, v => ((PrimitiveVector<long>)v).Values[0]);
        Check(PgTypes.Float8, text, v => ((PrimitiveVector<double>)v).Values[0]);
    }

    [Fact]
    public void Random_integers_and_doubles_take_the_fast_path_with_the_same_value()
    {
        var random = new Random(5);
        for (var i = 0; i < 20_000; i++)
        {
            var l = random.NextInt64(long.MinValue / 1000, long.MaxValue / 1000);
            var d = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(d) || d == 0)
            {
                continue;
            }

            Assert.True(Check(PgTypes.Int8, l.ToString(CultureInfo.InvariantCulture), v => ((PrimitiveVector<long>)v).Values[0]));
            Assert.True(Check(PgTypes.Int4, ((int)l).ToString(CultureInfo.InvariantCulture), v => ((PrimitiveVector<int>)v).Values[0]));
            Assert.True(Check(PgTypes.Float8, d.ToString("R", CultureInfo.InvariantCulture), v => ((PrimitiveVector<double>)v).Values[0]));
        }
    }

    [Fact]
    public void Random_short_decimal_spellings_parse_to_the_input_functions_value()
    {
        // [-]digits.digits with up to 16 digits: the spellings the division fast path takes, with every split point.
        var random = new Random(7);
        for (var i = 0; i < 50_000; i++)
        {
            var digits = random.NextInt64(1, 10_000_000_000_000_000).ToString(CultureInfo.InvariantCulture);
            var point = random.Next(0, digits.Length + 1);
            var text = (random.Next(2) == 0 ? "-" : "") + digits[..point] + "." + digits[point..];
            Assert.True(Check(PgTypes.Float8, text, v => ((PrimitiveVector<double>)v).Values[0]), text);
            Assert.True(Check(PgTypes.Float8, (random.NextDouble() * 1000).ToString("R", CultureInfo.InvariantCulture),
                v => ((PrimitiveVector<double>)v).Values[0]));
        }
    }

    /// <summary>Stores <paramref name="text"/> through the fast path; when it takes it, the value must equal the input function's.</summary>
    private static bool Check<T>(PgType type, string text, Func<ColumnVector, T> read)
    {
        var vector = ColumnVector.Create(type, 1);
        if (!CopyFieldReader.TryStore(KindOf(type), Encoding.UTF8.GetBytes(text), vector, 0))
        {
            return false;
        }

        object expected;
        try
        {
            expected = ValueText.Parse(type, text);
        }
        catch (PgException ex)
        {
            Assert.Fail($"the fast path took {type.Name} \"{text}\", which the input function rejects: {ex.Message}");
            throw;
        }

        Assert.Equal(expected, read(vector));
        return true;
    }

    private static CopyFieldKind KindOf(PgType type) => CopyFieldReader.KindOf(type, -1);
}
