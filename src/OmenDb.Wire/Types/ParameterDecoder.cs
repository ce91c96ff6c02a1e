using System.Buffers;
using System.Globalization;
using OmenDb.Common;
using OmenDb.Engine.Types;

namespace OmenDb.Wire.Types;

/// <summary>
/// Turns Bind parameter bytes into CLR values as exec_bind_message does: text through the type's input function
/// (after the UTF-8 check, 22021), binary through its receive function, which must consume the value exactly
/// (22P03 "incorrect binary data format in bind parameter N").
/// </summary>
internal static class ParameterDecoder
{
    /// <summary>Binary values up to this size are decoded from a stack copy when they span buffer segments.</summary>
    private const int StackLimit = 256;

    /// <summary>Decodes parameter <paramref name="number"/> (1-based, for messages) of type <paramref name="type"/>.</summary>
    public static object Decode(PgType type, bool binary, in ReadOnlySequence<byte> data, int number)
    {
        if (!binary)
        {
            var text = Utf8Text.Decode(data, rejectNul: true);
            return IsPlainText(type) ? text : ValueText.Parse(type, text);
        }

        if (data.IsSingleSegment)
        {
            return DecodeBinary(type, data.FirstSpan, number);
        }

        var length = checked((int)data.Length);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            data.CopyTo(buffer);
            return DecodeBinary(type, buffer[..length], number);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Decodes a binary value that must be exactly <paramref name="data"/>.</summary>
    public static object DecodeBinary(PgType type, ReadOnlySpan<byte> data, int number)
    {
        var value = BinaryValueCodec.Read(type, data, out var consumed);
        if (consumed != data.Length)
        {
            ThrowHelper.Throw(SqlState.InvalidBinaryRepresentation,
                "incorrect binary data format in bind parameter " + number.ToString(CultureInfo.InvariantCulture));
        }

        return value;
    }

    /// <summary>Types whose text input is the text itself (no typmod applies to a parameter).</summary>
    private static bool IsPlainText(PgType type)
        => type.Oid == PgTypes.Text.Oid || type.Oid == PgTypes.Varchar.Oid || type.Oid == PgTypes.Unknown.Oid
            || type.Oid == PgTypes.Bpchar.Oid;
}
