using OmenDb.Common;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Tests.Types;

/// <summary>Random values of a type in its CLR representation, biased towards edge cases.</summary>
internal static class RandomValues
{
    public static object Create(PgType type, Random r)
    {
        switch (type.Kind)
        {
            case PgTypeKind.Int16:
                return (short)r.Next(short.MinValue, short.MaxValue + 1);
            case PgTypeKind.Int32:
                return r.Next(4) == 0 ? r.Next(-3, 3) : r.Next(int.MinValue, int.MaxValue);
            case PgTypeKind.Int64:
                return r.NextInt64(long.MinValue, long.MaxValue);
            case PgTypeKind.Float32:
                return r.Next(8) switch
                {
                    0 => float.NaN,
                    1 => float.PositiveInfinity,
                    2 => -0f,
                    3 => BitConverter.Int32BitsToSingle(r.Next()) is var f && float.IsFinite(f) ? f : 1f,
                    _ => (float)((r.NextDouble() - 0.5) * Math.Pow(10, r.Next(-10, 10))),
                };
            case PgTypeKind.Float64:
                return r.Next(8) switch
                {
                    0 => double.NaN,
                    1 => double.NegativeInfinity,
                    2 => -0d,
                    3 => BitConverter.Int64BitsToDouble(r.NextInt64()) is var d && double.IsFinite(d) ? d : 1d,
                    _ => (r.NextDouble() - 0.5) * Math.Pow(10, r.Next(-30, 30)),
                };
            case PgTypeKind.Numeric:
                return r.Next(10) switch
                {
                    0 => PgNumeric.NaN,
                    1 => PgNumeric.PositiveInfinity,
                    2 => PgNumeric.NegativeInfinity,
                    3 => new PgNumeric(System.Numerics.BigInteger.Pow(r.Next(2, 1000), r.Next(5, 40)) * (r.Next(2) == 0 ? 1 : -1), r.Next(0, 60)),
                    _ => new PgNumeric(((long)r.Next() << 10) + r.Next(1000) - (r.Next(2) == 0 ? 1L << 40 : 0), r.Next(0, 12)),
                };
            case PgTypeKind.Bool:
                return r.Next(2) == 0;
            case PgTypeKind.Text:
            {
                const string alphabet = "aAbZ _,{}\"\\()é€😀\t";
                var chars = new List<char>();
                var length = r.Next(0, 6);
                for (var k = 0; k < length; k++)
                {
                    var c = alphabet[r.Next(alphabet.Length)];
                    if (char.IsSurrogate(c))
                    {
                        chars.AddRange("😀");
                    }
                    else
                    {
                        chars.Add(c);
                    }
                }

                return new string([.. chars]);
            }

            case PgTypeKind.Bytea:
            {
                var bytes = new byte[r.Next(0, 5)];
                r.NextBytes(bytes);
                return bytes;
            }

            case PgTypeKind.Date:
                return r.Next(20) == 0 ? int.MaxValue : r.Next(-2_451_545, 3_000_000);
            case PgTypeKind.Time:
                return r.NextInt64(0, 86_400_000_000L + 1);
            case PgTypeKind.Timestamp or PgTypeKind.TimestampTz:
                return r.Next(20) == 0 ? long.MinValue : r.NextInt64(-211_813_488_000_000_000L, 9_223_371_331_200_000_000L);
            case PgTypeKind.Interval:
                return new PgInterval(r.Next(-1000, 1000), r.Next(-100, 100), r.NextInt64(-100_000_000_000L, 100_000_000_000L));
            case PgTypeKind.Uuid:
            {
                var bytes = new byte[16];
                r.NextBytes(bytes);
                return new Guid(bytes);
            }

            case PgTypeKind.Array:
            {
                var element = type.ElementType!;
                var items = new object?[r.Next(0, 4)];
                for (var k = 0; k < items.Length; k++)
                {
                    items[k] = r.Next(5) == 0 ? null : Create(element, r);
                }

                return new PgArray(element, items);
            }

            case PgTypeKind.Vector:
            {
                var v = new float[r.Next(1, 4)];
                for (var k = 0; k < v.Length; k++)
                {
                    v[k] = (float)Math.Round((r.NextDouble() - 0.5) * 10, r.Next(0, 3));
                }

                return v;
            }

            case PgTypeKind.Jsonb:
            {
                string[] samples = ["null", "true", "1.50", "\"x\"", "[1, \"a\"]", "{\"a\": 1}", "{\"b\": [], \"aa\": null}", "-3", "[]"];
                return ValueText.Parse(type, samples[r.Next(samples.Length)]);
            }

            default:
                throw new NotSupportedException(type.Name);
        }
    }
}
