using System.Text;
using OmenDb.Common;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Functions.Strings;

/// <summary>String functions (PostgreSQL docs 9.4) with C-locale character classes.</summary>
internal static partial class StringFunctions
{
    public static void Register(RegistryBuilder r)
    {
        r.Fn(1317, "length", [Text], Int4, (a, _) => TextUtil.Length((string)a[0]!));
        r.Fn(1318, "length", [Bpchar], Int4, (a, _) => TextUtil.Length(TextUtil.TrimBpchar((string)a[0]!)));
        r.Fn(2010, "length", [Bytea], Int4, (a, _) => ((byte[])a[0]!).Length);
        r.Fn(1381, "char_length", [Text], Int4, (a, _) => TextUtil.Length((string)a[0]!));
        r.Fn(1372, "char_length", [Bpchar], Int4, (a, _) => TextUtil.Length(TextUtil.TrimBpchar((string)a[0]!)));
        r.Fn(1369, "character_length", [Text], Int4, (a, _) => TextUtil.Length((string)a[0]!));
        r.Fn(1367, "character_length", [Bpchar], Int4, (a, _) => TextUtil.Length(TextUtil.TrimBpchar((string)a[0]!)));
        r.Fn(1257, "textlen", [Text], Int4, (a, _) => TextUtil.Length((string)a[0]!));
        r.Fn(1374, "octet_length", [Text], Int4, (a, _) => TextUtil.Utf8Length((string)a[0]!));
        r.Fn(1375, "octet_length", [Bpchar], Int4, (a, _) => TextUtil.Utf8Length((string)a[0]!));
        r.Fn(720, "octet_length", [Bytea], Int4, (a, _) => ((byte[])a[0]!).Length);
        r.Fn(1811, "bit_length", [Text], Int4, (a, _) => TextUtil.Utf8Length((string)a[0]!) * 8);
        r.Fn(1810, "bit_length", [Bytea], Int4, (a, _) => ((byte[])a[0]!).Length * 8);
        r.Fn(870, "lower", [Text], Text, (a, _) => TextUtil.Lower((string)a[0]!));
        r.Fn(871, "upper", [Text], Text, (a, _) => TextUtil.Upper((string)a[0]!));
        r.Fn(872, "initcap", [Text], Text, (a, _) => InitCap((string)a[0]!));

        r.Fn(877, "substr", [Text, Int4, Int4], Text, (a, _) => Substring((string)a[0]!, (int)a[1]!, (int)a[2]!));
        r.Fn(883, "substr", [Text, Int4], Text, (a, _) => Substring((string)a[0]!, (int)a[1]!, null));
        r.Fn(936, "substring", [Text, Int4, Int4], Text, (a, _) => Substring((string)a[0]!, (int)a[1]!, (int)a[2]!));
        r.Fn(937, "substring", [Text, Int4], Text, (a, _) => Substring((string)a[0]!, (int)a[1]!, null));
        r.Fn(2085, "substr", [Bytea, Int4, Int4], Bytea, (a, _) => SubBytes((byte[])a[0]!, (int)a[1]!, (int)a[2]!));
        r.Fn(2086, "substr", [Bytea, Int4], Bytea, (a, _) => SubBytes((byte[])a[0]!, (int)a[1]!, null));
        r.Fn(2012, "substring", [Bytea, Int4, Int4], Bytea, (a, _) => SubBytes((byte[])a[0]!, (int)a[1]!, (int)a[2]!));
        r.Fn(2013, "substring", [Bytea, Int4], Bytea, (a, _) => SubBytes((byte[])a[0]!, (int)a[1]!, null));
        r.Fn(1404, "overlay", [Text, Text, Int4, Int4], Text, (a, _) => Overlay((string)a[0]!, (string)a[1]!, (int)a[2]!, (int)a[3]!));
        r.Fn(1405, "overlay", [Text, Text, Int4], Text,
            (a, _) => Overlay((string)a[0]!, (string)a[1]!, (int)a[2]!, TextUtil.Length((string)a[1]!)));

        r.Fn(849, "position", [Text, Text], Int4, (a, _) => StrPos((string)a[0]!, (string)a[1]!));
        r.Fn(868, "strpos", [Text, Text], Int4, (a, _) => StrPos((string)a[0]!, (string)a[1]!));
        r.Fn(2014, "position", [Bytea, Bytea], Int4, (a, _) => BytePos((byte[])a[0]!, (byte[])a[1]!));
        r.Fn(2087, "replace", [Text, Text, Text], Text, (a, _) => Replace((string)a[0]!, (string)a[1]!, (string)a[2]!));
        r.Fn(878, "translate", [Text, Text, Text], Text, (a, _) => Translate((string)a[0]!, (string)a[1]!, (string)a[2]!));
        r.Fn(885, "btrim", [Text], Text, (a, _) => ((string)a[0]!).Trim(' '));
        r.Fn(884, "btrim", [Text, Text], Text, (a, _) => Trim((string)a[0]!, (string)a[1]!, true, true));
        r.Fn(881, "ltrim", [Text], Text, (a, _) => ((string)a[0]!).TrimStart(' '));
        r.Fn(875, "ltrim", [Text, Text], Text, (a, _) => Trim((string)a[0]!, (string)a[1]!, true, false));
        r.Fn(882, "rtrim", [Text], Text, (a, _) => ((string)a[0]!).TrimEnd(' '));
        r.Fn(876, "rtrim", [Text, Text], Text, (a, _) => Trim((string)a[0]!, (string)a[1]!, false, true));
        r.Fn(2015, "btrim", [Bytea, Bytea], Bytea, (a, _) => TrimBytes((byte[])a[0]!, (byte[])a[1]!, true, true));
        r.Fn(6195, "ltrim", [Bytea, Bytea], Bytea, (a, _) => TrimBytes((byte[])a[0]!, (byte[])a[1]!, true, false));
        r.Fn(6196, "rtrim", [Bytea, Bytea], Bytea, (a, _) => TrimBytes((byte[])a[0]!, (byte[])a[1]!, false, true));

        r.Fn(2088, "split_part", [Text, Text, Int4], Text, (a, _) => SplitPart((string)a[0]!, (string)a[1]!, (int)a[2]!));
        r.Fn(3060, "left", [Text, Int4], Text, (a, _) => Left((string)a[0]!, (int)a[1]!));
        r.Fn(3061, "right", [Text, Int4], Text, (a, _) => Right((string)a[0]!, (int)a[1]!));
        r.Fn(873, "lpad", [Text, Int4, Text], Text, (a, _) => Pad((string)a[0]!, (int)a[1]!, (string)a[2]!, true));
        r.Fn(879, "lpad", [Text, Int4], Text, (a, _) => Pad((string)a[0]!, (int)a[1]!, " ", true));
        r.Fn(874, "rpad", [Text, Int4, Text], Text, (a, _) => Pad((string)a[0]!, (int)a[1]!, (string)a[2]!, false));
        r.Fn(880, "rpad", [Text, Int4], Text, (a, _) => Pad((string)a[0]!, (int)a[1]!, " ", false));
        r.Fn(1622, "repeat", [Text, Int4], Text, (a, _) => Repeat((string)a[0]!, (int)a[1]!));
        r.Fn(3062, "reverse", [Text], Text, (a, _) => Reverse((string)a[0]!));
        r.Fn(1621, "chr", [Int4], Text, (a, _) => Chr((int)a[0]!));
        r.Fn(1620, "ascii", [Text], Int4, (a, _) => Ascii((string)a[0]!));
        r.Fn(2089, "to_hex", [Int4], Text, (a, _) => ((uint)(int)a[0]!).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        r.Fn(2090, "to_hex", [Int8], Text, (a, _) => ((ulong)(long)a[0]!).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        r.Fn(3696, "starts_with", [Text, Text], Bool, (a, _) => ((string)a[0]!).StartsWith((string)a[1]!, StringComparison.Ordinal));
        r.Op(3877, "^@", Text, Text, Bool, (a, _) => ((string)a[0]!).StartsWith((string)a[1]!, StringComparison.Ordinal));
        r.Fn(2311, "md5", [Text], Text, (a, _) => Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes((string)a[0]!))));
        r.Fn(2321, "md5", [Bytea], Text, (a, _) => Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData((byte[])a[0]!)));
        r.Fn(3419, "sha224", [Bytea], Bytea, (a, _) => Sha224((byte[])a[0]!));
        r.Fn(3420, "sha256", [Bytea], Bytea, (a, _) => System.Security.Cryptography.SHA256.HashData((byte[])a[0]!));
        r.Fn(3421, "sha384", [Bytea], Bytea, (a, _) => System.Security.Cryptography.SHA384.HashData((byte[])a[0]!));
        r.Fn(3422, "sha512", [Bytea], Bytea, (a, _) => System.Security.Cryptography.SHA512.HashData((byte[])a[0]!));
        r.Fn(1946, "encode", [Bytea, Text], Text, (a, _) => Encode((byte[])a[0]!, (string)a[1]!));
        r.Fn(1947, "decode", [Text, Text], Bytea, (a, _) => Decode((string)a[0]!, (string)a[1]!));
        r.Op(2018, "||", Bytea, Bytea, Bytea, (a, _) => (byte[])[.. (byte[])a[0]!, .. (byte[])a[1]!]);
        r.Fn(3432, "gen_random_uuid", [], Uuid, (_, _) => Guid.NewGuid(), Volatility.Volatile);
        r.Fn(2077, "current_setting", [Text], Text, (a, c) => CurrentSetting((string)a[0]!, false, c), Volatility.Stable);
        r.Fn(3294, "current_setting", [Text, Bool], Text, (a, c) => CurrentSetting((string)a[0]!, (bool)a[1]!, c), Volatility.Stable);
        r.Fn(2078, "set_config", [Text, Text, Bool], Text, (a, c) => SetConfig(a, c), Volatility.Volatile, strict: false);
        r.Fn(438, "num_nulls", [Any], Int4, (a, _) => CountNulls(a, true), strict: false, variadic: true);
        r.Fn(440, "num_nonnulls", [Any], Int4, (a, _) => CountNulls(a, false), strict: false, variadic: true);

        RegisterFormatting(r);
    }

    private static string InitCap(string s)
    {
        var chars = s.ToCharArray();
        var inWord = false;
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            chars[i] = inWord ? TextUtil.AsciiLower(c) : TextUtil.AsciiUpper(c);
            inWord = TextUtil.IsAsciiAlnum(c);
        }

        return new string(chars);
    }

    /// <summary>text_substring: 1-based start (may be ≤ 0), optional length (negative is an error).</summary>
    internal static string Substring(string s, int start, int? count)
    {
        if (count is < 0)
        {
            return FunctionErrors.Error<string>(SqlState.SubstringError, "negative substring length not allowed");
        }

        long from = Math.Max(start, 1);
        long end = count is { } n ? (long)start + n : long.MaxValue;
        if (end <= from)
        {
            return "";
        }

        return TextUtil.Slice(s, from - 1, end - from);
    }

    private static byte[] SubBytes(byte[] b, int start, int? count)
    {
        if (count is < 0)
        {
            return FunctionErrors.Error<byte[]>(SqlState.SubstringError, "negative substring length not allowed");
        }

        long from = Math.Max(start, 1);
        long end = count is { } n ? Math.Min((long)start + n, b.Length + 1L) : b.Length + 1L;
        if (end <= from || from > b.Length)
        {
            return [];
        }

        return b.AsSpan((int)(from - 1), (int)(end - from)).ToArray();
    }

    private static string Overlay(string s, string replacement, int start, int count)
    {
        if (start <= 0)
        {
            return FunctionErrors.Error<string>(SqlState.SubstringError, "negative substring length not allowed");
        }

        var head = Substring(s, 1, start - 1);
        var tail = Substring(s, start + count, null);
        return head + replacement + tail;
    }

    private static int StrPos(string s, string sub)
    {
        if (sub.Length == 0)
        {
            return 1;
        }

        var i = s.IndexOf(sub, StringComparison.Ordinal);
        if (i < 0)
        {
            return 0;
        }

        return TextUtil.Length(s[..i]) + 1;
    }

    private static int BytePos(byte[] s, byte[] sub) => sub.Length == 0 ? 1 : s.AsSpan().IndexOf(sub) + 1;

    private static string Replace(string s, string from, string to) =>
        from.Length == 0 ? s : s.Replace(from, to, StringComparison.Ordinal);

    private static string Translate(string s, string from, string to)
    {
        var fromChars = TextUtil.HasSurrogates(from) ? TextUtil.Chars(from) : null;
        var toChars = TextUtil.HasSurrogates(to) ? TextUtil.Chars(to) : null;
        var src = TextUtil.HasSurrogates(s) ? TextUtil.Chars(s) : null;
        var fromLen = fromChars?.Length ?? from.Length;
        var toLen = toChars?.Length ?? to.Length;
        var sb = new StringBuilder(s.Length);
        var n = src?.Length ?? s.Length;
        for (var i = 0; i < n; i++)
        {
            var ch = src is null ? s[i].ToString() : src[i];
            var idx = -1;
            for (var j = 0; j < fromLen; j++)
            {
                if ((fromChars is null ? from[j].ToString() : fromChars[j]) == ch)
                {
                    idx = j;
                    break;
                }
            }

            if (idx < 0)
            {
                sb.Append(ch);
            }
            else if (idx < toLen)
            {
                sb.Append(toChars is null ? to[idx].ToString() : toChars[idx]);
            }
        }

        return sb.ToString();
    }

    private static string Trim(string s, string chars, bool leading, bool trailing)
    {
        if (!TextUtil.HasSurrogates(chars) && !TextUtil.HasSurrogates(s))
        {
            var set = chars.ToCharArray();
            return leading && trailing ? s.Trim(set) : leading ? s.TrimStart(set) : s.TrimEnd(set);
        }

        var cs = new HashSet<string>(TextUtil.Chars(chars), StringComparer.Ordinal);
        var arr = TextUtil.Chars(s);
        var start = 0;
        var end = arr.Length;
        while (leading && start < end && cs.Contains(arr[start]))
        {
            start++;
        }

        while (trailing && end > start && cs.Contains(arr[end - 1]))
        {
            end--;
        }

        return string.Concat(arr.AsSpan(start, end - start));
    }

    private static byte[] TrimBytes(byte[] s, byte[] set, bool leading, bool trailing)
    {
        var start = 0;
        var end = s.Length;
        while (leading && start < end && Array.IndexOf(set, s[start]) >= 0)
        {
            start++;
        }

        while (trailing && end > start && Array.IndexOf(set, s[end - 1]) >= 0)
        {
            end--;
        }

        return s.AsSpan(start, end - start).ToArray();
    }

    private static string SplitPart(string s, string delimiter, int n)
    {
        if (n == 0)
        {
            return FunctionErrors.InvalidParameter<string>("field position must not be zero");
        }

        if (s.Length == 0)
        {
            return "";
        }

        if (delimiter.Length == 0)
        {
            return n is 1 or -1 ? s : "";
        }

        var parts = s.Split(delimiter);
        var index = n > 0 ? n - 1 : parts.Length + n;
        return index >= 0 && index < parts.Length ? parts[index] : "";
    }

    private static string Left(string s, int n)
    {
        var len = TextUtil.Length(s);
        var take = n >= 0 ? Math.Min(n, len) : Math.Max(len + n, 0);
        return TextUtil.Slice(s, 0, take);
    }

    private static string Right(string s, int n)
    {
        var len = TextUtil.Length(s);
        var take = n >= 0 ? Math.Min(n, len) : Math.Max(len + n, 0);
        return TextUtil.Slice(s, len - take, take);
    }

    private static string Pad(string s, int len, string fill, bool left)
    {
        if (len < 0)
        {
            len = 0;
        }

        var slen = TextUtil.Length(s);
        if (slen > len)
        {
            s = TextUtil.Slice(s, 0, len);
            slen = len;
        }

        var fillLen = TextUtil.Length(fill);
        if (fillLen == 0 || slen >= len)
        {
            return s;
        }

        var fillChars = TextUtil.HasSurrogates(fill) ? TextUtil.Chars(fill) : null;
        var sb = new StringBuilder(len);
        if (!left)
        {
            sb.Append(s);
        }

        for (var i = 0; i < len - slen; i++)
        {
            var k = i % fillLen;
            if (fillChars is null)
            {
                sb.Append(fill[k]);
            }
            else
            {
                sb.Append(fillChars[k]);
            }
        }

        if (left)
        {
            sb.Append(s);
        }

        return sb.ToString();
    }

    private static string Repeat(string s, int n)
    {
        if (n <= 0 || s.Length == 0)
        {
            return "";
        }

        if ((long)s.Length * n > 1_073_741_823)
        {
            return FunctionErrors.Error<string>(SqlState.ProgramLimitExceeded, "requested length too large");
        }

        return new StringBuilder(s.Length * n).Insert(0, s, n).ToString();
    }

    private static string Reverse(string s)
    {
        if (!TextUtil.HasSurrogates(s))
        {
            var arr = s.ToCharArray();
            Array.Reverse(arr);
            return new string(arr);
        }

        var chars = TextUtil.Chars(s);
        Array.Reverse(chars);
        return string.Concat(chars);
    }

    private static string Chr(int code)
    {
        if (code == 0)
        {
            return FunctionErrors.Error<string>(SqlState.ProgramLimitExceeded, "null character not permitted");
        }

        if (code < 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        {
            return FunctionErrors.Error<string>(SqlState.ProgramLimitExceeded, $"requested character too large for encoding: {code}");
        }

        return char.ConvertFromUtf32(code);
    }

    private static int Ascii(string s) => s.Length == 0 ? 0 : char.ConvertToUtf32(s, 0);

    private static byte[] Sha224(byte[] data)
    {
        // .NET has no SHA-224; the family is registered for completeness and reports the gap precisely.
        _ = data;
        return FunctionErrors.Error<byte[]>(SqlState.FeatureNotSupported, "sha224 is not supported");
    }

    private static string? CurrentSetting(string name, bool missingOk, EvalContext c)
    {
        var lower = name.ToLowerInvariant();
        var v = lower == "timezone" ? c.TimeZoneName : c.GetSetting?.Invoke(lower);
        if (v is null && !missingOk)
        {
            return FunctionErrors.Error<string>(SqlState.UndefinedObject, $"unrecognized configuration parameter \"{name}\"");
        }

        return v;
    }

    /// <summary>set_config(name, value, is_local): SET through a function; a null value resets the setting.</summary>
    private static string? SetConfig(ReadOnlySpan<object?> a, EvalContext c)
    {
        if (a[0] is not string name)
        {
            return FunctionErrors.Error<string>(SqlState.NullValueNotAllowed, "SET requires parameter name");
        }

        return c.SetConfig is { } set
            ? set(name.ToLowerInvariant(), a[1] as string, a[2] is true)
            : FunctionErrors.Error<string>(SqlState.FeatureNotSupported, "set_config is not available here");
    }

    private static int CountNulls(ReadOnlySpan<object?> args, bool nulls)
    {
        var n = 0;
        foreach (var v in args)
        {
            if ((v is null) == nulls)
            {
                n++;
            }
        }

        return n;
    }
}
