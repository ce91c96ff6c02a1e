using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using OmenDb.Common;

namespace OmenDb.Wire.Types;

/// <summary>
/// UTF-8 checks and decoding for client text. The server encoding is UTF8 and so is the only client encoding, so
/// every string from the client is verified as pg_verify_mbstr does and rejected with 22021 naming the offending
/// bytes exactly as PostgreSQL's report_invalid_encoding prints them.
/// </summary>
internal static class Utf8Text
{
    /// <summary>Above this many bytes a multi-segment string is decoded through a pooled array instead of the stack.</summary>
    private const int StackLimit = 512;

    /// <summary>Throws 22021 unless <paramref name="bytes"/> is valid UTF-8; NUL bytes are invalid when <paramref name="rejectNul"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Validate(ReadOnlySpan<byte> bytes, bool rejectNul)
    {
        if (!Utf8.IsValid(bytes) || (rejectNul && bytes.Contains((byte)0)))
        {
            ThrowInvalid(bytes, rejectNul);
        }
    }

    /// <summary>Decodes verified UTF-8; the empty string is not allocated.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, bool rejectNul)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        Validate(bytes, rejectNul);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Decodes a possibly multi-segment UTF-8 sequence.</summary>
    public static string Decode(in ReadOnlySequence<byte> bytes, bool rejectNul)
    {
        if (bytes.IsSingleSegment)
        {
            return Decode(bytes.FirstSpan, rejectNul);
        }

        var length = checked((int)bytes.Length);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            bytes.CopyTo(buffer);
            return Decode(buffer[..length], rejectNul);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The 22021 message for invalid input: PostgreSQL prints the bytes of the first invalid character, as many as its
    /// lead byte announces (pg_utf_mblen) and no more than remain.
    /// </summary>
    public static string InvalidMessage(ReadOnlySpan<byte> bytes, bool rejectNul)
    {
        var index = 0;
        while (index < bytes.Length)
        {
            if (bytes[index] == 0 && rejectNul)
            {
                break;
            }

            if (Rune.DecodeFromUtf8(bytes[index..], out _, out var consumed) != OperationStatus.Done)
            {
                break;
            }

            index += consumed;
        }

        if (index >= bytes.Length)
        {
            index = 0;
        }

        var lead = bytes[index];
        var charLength = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 1;
        var sb = new StringBuilder("invalid byte sequence for encoding \"UTF8\": ");
        for (var j = 0; j < charLength && index + j < bytes.Length; j++)
        {
            if (j > 0)
            {
                sb.Append(' ');
            }

            sb.Append("0x").Append(bytes[index + j].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    [DoesNotReturn, StackTraceHidden, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInvalid(ReadOnlySpan<byte> bytes, bool rejectNul)
        => throw new PgException(SqlState.CharacterNotInRepertoire, InvalidMessage(bytes, rejectNul));
}
