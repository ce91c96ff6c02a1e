using System.Text;
using OmenDb.Common;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions.Strings;

/// <summary>Binary string functions (PostgreSQL docs 9.5): get_byte, set_byte, get_bit, set_bit, and the encoding
/// conversions convert_to / convert_from / convert for UTF8, LATIN1 and SQL_ASCII.</summary>
internal static class ByteaFunctions
{
    public static void Register(RegistryBuilder r)
    {
        PgType bytea = PgTypes.Bytea, int4 = PgTypes.Int4, int8 = PgTypes.Int8, name = PgTypes.Name, text = PgTypes.Text;
        r.Fn(721, "get_byte", [bytea, int4], int4, (a, _) => (int)((byte[])a[0]!)[Index((byte[])a[0]!, (int)a[1]!, 1)]);
        r.Fn(722, "set_byte", [bytea, int4, int4], bytea, (a, _) =>
        {
            var copy = (byte[])((byte[])a[0]!).Clone();
            copy[Index(copy, (int)a[1]!, 1)] = (byte)(int)a[2]!;
            return copy;
        });
        r.Fn(723, "get_bit", [bytea, int8], int4, (a, _) =>
        {
            var bytes = (byte[])a[0]!;
            var n = Index(bytes, (long)a[1]!, 8);
            return (bytes[n / 8] >> (n % 8)) & 1;
        });
        r.Fn(724, "set_bit", [bytea, int8, int4], bytea, (a, _) =>
        {
            var copy = (byte[])((byte[])a[0]!).Clone();
            var n = Index(copy, (long)a[1]!, 8);
            var bit = (int)a[2]!;
            if (bit is not (0 or 1))
            {
                return FunctionErrors.Error<byte[]>(SqlState.InvalidParameterValue, "new bit must be 0 or 1");
            }

            copy[n / 8] = (byte)(bit == 1 ? copy[n / 8] | (1 << (n % 8)) : copy[n / 8] & ~(1 << (n % 8)));
            return copy;
        });
        r.Fn(1717, "convert_to", [text, name], bytea, (a, _) => Encoder((string)a[1]!, "destination").GetBytes((string)a[0]!),
            Volatility.Stable);
        r.Fn(1714, "convert_from", [bytea, name], text, (a, _) => Decode((byte[])a[0]!, (string)a[1]!), Volatility.Stable);
        r.Fn(1813, "convert", [bytea, name, name], bytea,
            (a, _) => Encoder((string)a[2]!, "destination").GetBytes(Decode((byte[])a[0]!, (string)a[1]!)), Volatility.Stable);
    }

    /// <summary>A byte (<paramref name="unit"/> 1) or bit (8) index, checked as byteaGetByte/byteaGetBit do.</summary>
    private static int Index(byte[] bytes, long n, int unit)
    {
        var length = (long)bytes.Length * unit;
        return n < 0 || n >= length
            ? FunctionErrors.Error<int>(SqlState.ArraySubscriptError, $"index {n} out of valid range, 0..{length - 1}")
            : (int)n;
    }

    private static Encoding Encoder(string encoding, string role)
    {
        var key = encoding.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
        return key switch
        {
            "UTF8" or "UNICODE" => new UTF8Encoding(false, true),
            "LATIN1" or "ISO88591" => Encoding.Latin1,
            "SQLASCII" => Encoding.Latin1,
            _ => FunctionErrors.Error<Encoding>(SqlState.InvalidParameterValue, $"invalid {role} encoding name \"{encoding}\""),
        };
    }

    private static string Decode(byte[] bytes, string encoding)
    {
        var decoder = Encoder(encoding, "source");
        try
        {
            var s = decoder.GetString(bytes);
            var nul = Array.IndexOf(bytes, (byte)0);
            return nul < 0 ? s : FunctionErrors.Error<string>(SqlState.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": 0x00");
        }
        catch (DecoderFallbackException e)
        {
            var bad = e.BytesUnknown is { Length: > 0 } b ? string.Join(" ", b.Select(x => "0x" + x.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))) : "";
            return FunctionErrors.Error<string>(SqlState.CharacterNotInRepertoire, $"invalid byte sequence for encoding \"UTF8\": {bad}");
        }
    }
}
